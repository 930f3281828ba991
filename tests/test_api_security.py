"""The API is read-only on every path, and items under review never reach anonymous users."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from tests.factories import (
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    ParticipantFactory,
    party,
)
from tracker.models import ReviewState

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]
HIDDEN_WORD = "bímật"


def api_paths(client) -> list[str]:
    """Every path the OpenAPI schema lists, with {placeholders} filled by an existing row."""
    schema = client.get("/api/schema/?format=json").json()
    return [re.sub(r"\{[^}]+\}", "1", path) for path in schema["paths"]]


@pytest.fixture
def rows():
    meeting = MeetingFactory(review_state=ReviewState.CONFIRMED)
    ParticipantFactory(meeting=meeting, party=party("JP"))
    confirmed = CommitmentFactory(meeting=meeting, review_state=ReviewState.CONFIRMED)
    return meeting, confirmed


@pytest.mark.parametrize("method", UNSAFE)
def test_every_api_path_refuses_writes_from_anyone(staff_client, rows, method):
    anonymous = Client()
    paths = [*api_paths(anonymous), "/api/parties/JP/", "/api/schema/", "/api/docs/", "/healthz"]

    for path in paths:
        for client in (anonymous, staff_client):
            response = getattr(client, method)(path, {}, content_type="application/json")
            assert response.status_code in (403, 405), (method, path, response.status_code)


def hidden_data(meeting):
    """An extracted and a rejected commitment, each carrying a word found nowhere else."""
    extracted = CommitmentFactory(
        meeting=meeting,
        review_state=ReviewState.EXTRACTED,
        actors=["KR"],
        topics=["climate"],
        text=f"Chưa duyệt {HIDDEN_WORD}.",
    )
    rejected = CommitmentFactory(
        meeting=MeetingFactory(review_state=ReviewState.REJECTED, title=f"Họp {HIDDEN_WORD}"),
        review_state=ReviewState.REJECTED,
        actors=["CN"],
        text=f"Bị loại {HIDDEN_WORD}.",
    )
    FollowUpFactory(commitment=extracted, review_state=ReviewState.CONFIRMED, reason=HIDDEN_WORD)
    FollowUpFactory(commitment=rejected, review_state=ReviewState.REJECTED, reason=HIDDEN_WORD)
    return extracted, rejected


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments/",
        "/api/commitments/?format=csv",
        "/api/commitments/?q=" + HIDDEN_WORD,
        "/api/meetings/",
        "/api/meetings/?format=csv",
        "/api/follow-ups/",
        "/api/stats/commitments/?group_by=actor,topic,kind",
        "/api/stats/compliance/",
        "/api/parties/KR/",
        "/api/parties/CN/",
    ],
)
def test_anonymous_users_never_see_unconfirmed_or_rejected_items(rows, url):
    meeting, _ = rows
    hidden_data(meeting)

    response = Client().get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 200
    assert HIDDEN_WORD.encode() not in body
    if "/parties/" not in url:
        assert b'"KR"' not in body and b'"CN"' not in body
    if "stats/commitments" in url:
        assert response.json()["total"] == 1
    if "format=csv" in url and "commitments" in url:
        assert len(list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))) == 1


def test_hidden_items_cannot_be_fetched_by_id_or_review_state(rows):
    meeting, _ = rows
    extracted, rejected = hidden_data(meeting)
    anonymous = Client()

    assert anonymous.get(f"/api/commitments/{extracted.pk}/").status_code == 404
    assert anonymous.get(f"/api/commitments/{rejected.pk}/").status_code == 404
    assert anonymous.get(f"/api/meetings/{rejected.meeting_id}/").status_code == 404
    for state in ("extracted", "rejected", "all", "confirmed,rejected"):
        assert anonymous.get(f"/api/commitments/?review_state={state}").status_code == 403


def test_party_summary_counts_only_confirmed_commitments(rows):
    meeting, _ = rows
    hidden_data(meeting)

    summary = Client().get("/api/parties/KR/").json()["summary"]

    assert summary["commitments_as_actor"] == 0
    assert summary["by_kind"] == {}
