"""Odd input answers 400 or 404 with a reason, never 500, and stores nothing."""

import pytest
from django.urls import reverse

from tests.factories import CommitmentFactory
from tracker.models import Article

pytestmark = pytest.mark.django_db

LONG_NAME = "Hội nghị Bộ trưởng Ngoại giao ASEAN " * 7  # 252 letters, 330 bytes in UTF-8


def test_a_nul_in_an_api_path_is_a_404(client):
    response = client.get("/api/parties/JP%00/")
    assert response.status_code == 404
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tracker/article/abc/sentences/",
        "/admin/tracker/meeting/abc/split/",
        "/admin/tracker/article/99999999999999999999999/sentences/",
    ],
)
def test_an_admin_page_for_an_id_that_is_not_a_number_is_a_404(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 404
    assert "has the id" in response.content.decode()


def test_a_review_click_for_an_id_that_is_not_a_number_is_a_400(staff_client):
    commitment = CommitmentFactory()
    response = staff_client.post(
        reverse("admin:tracker_commitment_review"),
        {"action": "confirm", "scope": "commitment", "pk": "abc"},
    )
    assert response.status_code == 400
    assert "is not an id" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.review_state == "extracted"


def test_a_year_no_date_can_have_is_a_400_in_the_admin_list(staff_client):
    CommitmentFactory()
    response = staff_client.get("/admin/tracker/commitment/?year=99999999999")
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_a_pasted_article_with_a_name_too_long_is_refused_with_a_reason(staff_client):
    response = staff_client.post(
        reverse("admin:tracker_article_import"),
        {"text": "Hà Nội, ngày 3/8.", "name": LONG_NAME.strip()},
    )
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not Article.objects.exists()
