"""What a new user meets first: the front page, the API root, error lines, command summaries."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_front_page_leads_to_the_api(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/api/"


def test_an_unknown_address_is_a_plain_404_that_shows_no_url_patterns(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "admin/" not in response.content.decode()
