"""Cursor pages (`cursor=`): keyset pagination for deep pages of any list."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.utils import timezone

from tests.factories import CommitmentFactory, FollowUpFactory, MeetingFactory
from tracker.models import Commitment, DatePrecision, ReviewState

pytestmark = pytest.mark.django_db

CONFIRMED = ReviewState.CONFIRMED


@pytest.fixture
def commitments():
    """23 confirmed commitments in three groups of equal `created_at` (ties), one hidden."""
    meeting = MeetingFactory(review_state=CONFIRMED)
    made = [CommitmentFactory(meeting=meeting, review_state=CONFIRMED) for _ in range(23)]
    CommitmentFactory(meeting=meeting, review_state=ReviewState.EXTRACTED)
    moments = [timezone.make_aware(datetime.datetime(2024, 1, day)) for day in (3, 1, 2)]
    for number, commitment in enumerate(made):
        Commitment.objects.filter(pk=commitment.pk).update(created_at=moments[number % 3])
    return made


def walk(client, url: str) -> tuple[list[int], int]:
    """Every row's id, following `next` links from `url`; and the number of pages."""
    ids, pages = [], 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert body["previous"] is None
        ids += [row["id"] for row in body["results"]]
        pages += 1
        url = body["next"]
    return ids, pages


@pytest.mark.parametrize(
    ("ordering", "order"),
    [
        ("", ["id"]),
        ("&ordering=-id", ["-id"]),
        # Ties on `created_at` fall across page boundaries: broken by id, in the same direction.
        ("&ordering=created_at", ["created_at", "id"]),
        ("&ordering=-created_at", ["-created_at", "-id"]),
        ("&ordering=-created_at,id", ["-created_at", "id"]),
    ],
)
def test_walking_every_cursor_page_yields_each_row_once_in_order(
    client, commitments, ordering, order
):
    ids, pages = walk(client, f"/api/commitments/?cursor=start&page_size=5{ordering}")
    expected = list(
        Commitment.objects.filter(review_state=CONFIRMED)
        .order_by(*order)
        .values_list("id", flat=True)
    )

    assert ids == expected
    assert sorted(ids) == sorted(c.pk for c in commitments)
    assert pages == 5


def test_a_cursor_page_is_a_page_of_the_numbered_list(client, commitments):
    first = client.get("/api/commitments/?cursor=start&page_size=7").json()
    second = client.get(first["next"]).json()
    numbered = client.get("/api/commitments/?page=2&page_size=7").json()

    assert second["results"] == numbered["results"]
    assert second["count"] == numbered["count"] == 23


def test_cursor_pages_apply_the_filters(client, commitments):
    FollowUpFactory(commitment=commitments[4], review_state=CONFIRMED, status="fulfilled")
    commitments[4].refresh_status()

    ids, _ = walk(client, "/api/commitments/?cursor=start&page_size=1&status=fulfilled")

    assert ids == [commitments[4].pk]


def test_cursor_pages_of_other_lists(client, commitments):
    MeetingFactory(review_state=CONFIRMED, date=None, date_precision=DatePrecision.UNKNOWN)
    meetings, _ = walk(client, "/api/meetings/?cursor=start&page_size=1&ordering=date")
    articles, _ = walk(client, "/api/articles/?cursor=start&page_size=7&ordering=-name")

    assert sorted(meetings) == sorted(
        client.get("/api/meetings/").json()["results"][i]["id"] for i in range(2)
    )
    assert len(articles) == len(set(articles)) == client.get("/api/articles/").json()["count"]


def cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "%%%",
        cursor({"o": ["id"], "v": ["x"]}),
        cursor({"o": ["id"], "v": [1, 2]}),
        cursor({"o": ["-id"], "v": [5]}),
        cursor({"v": [5]}),
        cursor([1]),
        cursor({"o": ["created_at", "id"], "v": ["yesterday", 3]}),
    ],
)
def test_a_malformed_cursor_answers_400_saying_what_to_send(client, commitments, value):
    answer = client.get(f"/api/commitments/?cursor={value}")

    assert answer.status_code == 400
    assert "cursor=start" in answer.json()["cursor"][0]


@pytest.mark.parametrize("ordering", ["meeting__date", "-amount,id", "target_date"])
def test_orderings_by_fields_that_may_be_empty_walk_every_row_once(client, commitments, ordering):
    undated = MeetingFactory(
        review_state=CONFIRMED, date=None, date_precision=DatePrecision.UNKNOWN
    )
    for commitment in commitments[:7]:
        Commitment.objects.filter(pk=commitment.pk).update(
            meeting=undated, amount=None, target_date=None
        )

    ids, _ = walk(client, f"/api/commitments/?cursor=start&page_size=4&ordering={ordering}")

    assert sorted(ids) == sorted(c.pk for c in commitments)
    assert len(ids) == len(set(ids))


def test_a_cursor_ignores_page(client, commitments):
    with_page = client.get("/api/commitments/?cursor=start&page=3&page_size=5").json()
    without = client.get("/api/commitments/?cursor=start&page_size=5").json()

    assert with_page == without


def test_the_schema_documents_the_cursor(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/commitments/"]["get"]["parameters"]}

    assert "cursor=start" in parameters["cursor"]["description"]


@pytest.mark.parametrize("page", ["0", "3", "100000000000000000000000000000"])
def test_a_page_past_the_last_answers_404(client, commitments, page):
    assert client.get(f"/api/commitments/?page={page}&page_size=20").status_code == 404
