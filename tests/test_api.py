"""The read API contract: endpoints, field names, visibility, read-only methods, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tracker.models import DatePrecision, Participant, ReviewState

pytestmark = pytest.mark.django_db

CONFIRMED = ReviewState.CONFIRMED
ENDPOINTS = ["meetings", "commitments", "parties", "follow-ups", "articles"]


def make_meeting(**kwargs):
    meeting = MeetingFactory(review_state=CONFIRMED, **kwargs)
    ParticipantFactory(meeting=meeting, party=party("JP"), person_name="Motegi Toshimitsu")
    ParticipantFactory(
        meeting=meeting,
        party=party("VN"),
        person_name="Bùi Thanh Sơn",
        title="Bộ trưởng Ngoại giao",
        role=Participant.Role.CO_CHAIR,
    )
    MeetingSourceFactory(meeting=meeting)
    return meeting


def make_commitment(meeting=None, **kwargs):
    kwargs.setdefault("review_state", CONFIRMED)
    kwargs.setdefault("actors", ["JP"])
    kwargs.setdefault("targets", ["ASEAN"])
    kwargs.setdefault("topics", ["health", "covid-19"])
    if "sentence" in kwargs and "article" not in kwargs:
        kwargs["article"] = ArticleFactory(text=f"Mở đầu bài. {kwargs['sentence']}")
    return CommitmentFactory(meeting=meeting or make_meeting(), **kwargs)


def test_meeting_fields_follow_the_contract(client):
    meeting = make_meeting(date=datetime.date(2021, 8, 1), date_precision=DatePrecision.MONTH)
    make_commitment(meeting)
    make_commitment(meeting, sentence="Hai bên nhất trí tăng cường hợp tác.")

    body = client.get("/api/meetings/").json()

    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == meeting.pk
    assert item["title"] == meeting.title
    assert item["kind"] == "foreign_ministers"
    assert item["date"] == "2021-08"
    assert item["format"] == "online"
    assert item["location"] == ""
    assert item["parties"] == ["JP", "VN"]
    assert {
        "party": "VN",
        "person_name": "Bùi Thanh Sơn",
        "title": "Bộ trưởng Ngoại giao",
        "role": "co_chair",
        "is_side": False,
    } in item["participants"]
    assert item["sources"][0]["article"] == meeting.articles.get().name
    assert item["commitment_count"] == 2


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "2021-08-03"), ("month", "2021-08"), ("year", "2021"), ("unknown", None)],
)
def test_meeting_date_is_rendered_to_its_precision(client, precision, expected):
    date = None if precision == "unknown" else datetime.date(2021, 8, 3)
    make_meeting(date=date, date_precision=precision)

    assert client.get("/api/meetings/").json()["results"][0]["date"] == expected


def test_commitment_fields_follow_the_contract(client):
    commitment = make_commitment(targets=["ASEAN", "KR"])

    item = client.get("/api/commitments/").json()["results"][0]

    assert item["id"] == commitment.pk
    assert item["meeting"] == commitment.meeting_id
    assert item["kind"] == "pledge"
    assert item["actors"] == ["JP"]
    assert item["targets"] == ["ASEAN", "KR"]
    assert item["text"] == commitment.text
    assert item["sentence"] == commitment.sentence
    assert item["article"] == commitment.article.name
    assert item["start"] == commitment.start
    assert item["end"] == commitment.end
    article_text = commitment.article.text
    assert article_text[item["start"] : item["end"]] == item["sentence"]
    assert item["topics"] == ["covid-19", "health"]
    assert item["status"] == "not_assessed"
    assert item["review_state"] == "confirmed"


def test_party_article_and_follow_up_fields(client):
    follow_up = FollowUpFactory(
        review_state=CONFIRMED,
        commitment=make_commitment(),
        party=party("JP"),
        score=1,
        status="fulfilled",
    )

    jp = client.get("/api/parties/JP/").json()
    article = client.get(f"/api/articles/{follow_up.commitment.article_id}/").json()
    item = client.get("/api/follow-ups/").json()["results"][0]

    assert jp == {"code": "JP", "name_en": "Japan", "name_vi": "Nhật Bản", "kind": "state"} | {
        k: jp[k] for k in jp if k not in {"code", "name_en", "name_vi", "kind"}
    }
    assert article["name"] == follow_up.commitment.article.name
    assert article["text"] == follow_up.commitment.article.text
    assert item["commitment"] == follow_up.commitment_id
    assert item["party"] == "JP"
    assert item["score"] == 1
    assert item["status"] == "fulfilled"


def test_anonymous_clients_see_only_confirmed_items(client):
    confirmed = make_commitment()
    make_commitment(review_state=ReviewState.EXTRACTED, sentence="Hai bên nhất trí hợp tác.")
    make_commitment(review_state=ReviewState.REJECTED, sentence="Các nước hoan nghênh đề xuất.")
    MeetingFactory(review_state=ReviewState.REJECTED)

    ids = [c["id"] for c in client.get("/api/commitments/").json()["results"]]
    meetings = client.get("/api/meetings/").json()["results"]

    assert ids == [confirmed.pk]
    assert all(m["review_state"] == "confirmed" for m in meetings)
    assert client.get("/api/commitments/?review_state=rejected").status_code == 403
    assert client.get("/api/commitments/?review_state=extracted").status_code == 403


def test_staff_may_ask_for_unconfirmed_items(staff_client):
    make_commitment()
    extracted = make_commitment(review_state=ReviewState.EXTRACTED, sentence="Hai bên nhất trí.")

    only_extracted = staff_client.get("/api/commitments/?review_state=extracted").json()
    everything = staff_client.get("/api/commitments/?review_state=all").json()
    bad = staff_client.get("/api/commitments/?review_state=pending")

    assert [c["id"] for c in only_extracted["results"]] == [extracted.pk]
    assert everything["count"] == 2
    assert bad.status_code == 400
    assert "review_state" in bad.json()


def test_meeting_commitment_count_ignores_hidden_commitments(client):
    meeting = make_meeting()
    make_commitment(meeting)
    make_commitment(meeting, review_state=ReviewState.REJECTED, sentence="Các nước nhất trí.")

    assert client.get("/api/meetings/").json()["results"][0]["commitment_count"] == 1


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_are_refused(staff_client, endpoint, method):
    make_commitment()
    detail = {
        "meetings": "/api/meetings/{}/",
        "commitments": "/api/commitments/{}/",
        "parties": "/api/parties/JP/",
        "follow-ups": "/api/follow-ups/{}/",
        "articles": "/api/articles/{}/",
    }[endpoint].format(1)

    for url in (f"/api/{endpoint}/", detail):
        response = getattr(staff_client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405, (method, url)


def test_api_root_lists_every_endpoint(client):
    body = client.get(reverse("api-root"), HTTP_ACCEPT="application/json").json()

    assert set(ENDPOINTS) <= set(body)


def _count_queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("endpoint", "budget"),
    [("meetings", 5), ("commitments", 3), ("follow-ups", 2), ("articles", 2), ("parties", 2)],
)
def test_list_query_count_does_not_grow_with_page_size(
    client, django_assert_max_num_queries, endpoint, budget
):
    for _ in range(12):
        meeting = make_meeting()
        commitment = make_commitment(meeting, article=ArticleFactory())
        FollowUpFactory(commitment=commitment, review_state=CONFIRMED, party=party("JP"))

    small = _count_queries(
        client, django_assert_max_num_queries, f"/api/{endpoint}/?page_size=2", budget
    )
    large = _count_queries(
        client, django_assert_max_num_queries, f"/api/{endpoint}/?page_size=12", budget
    )

    assert small == large
