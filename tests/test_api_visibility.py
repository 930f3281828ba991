"""What the public may read: confirmed items only, and nothing that an unreviewed item decides
(a follow-up's verdict, a meeting's id, kind and date, an article's text)."""

import datetime

import pytest

from tests.factories import CommitmentFactory, FollowUpFactory
from tracker.models import ReviewState, Status

pytestmark = pytest.mark.django_db

CONFIRMED = ReviewState.CONFIRMED


@pytest.fixture
def assessed():
    """A confirmed commitment with a confirmed follow-up (in progress, 0) and a later imported
    one nobody reviewed yet (fulfilled, +1)."""
    commitment = CommitmentFactory(review_state=CONFIRMED, meeting__review_state=CONFIRMED)
    FollowUpFactory(
        commitment=commitment,
        date=datetime.date(2022, 1, 15),
        status=Status.IN_PROGRESS,
        score=0,
        review_state=CONFIRMED,
    )
    commitment.refresh_status()
    FollowUpFactory(
        commitment=commitment, date=datetime.date(2023, 1, 15), status=Status.FULFILLED, score=1
    )
    return commitment


def test_unreviewed_follow_ups_change_no_public_status_score_or_compliance(client, assessed):
    listed = client.get("/api/commitments/").json()["results"][0]
    replayed = client.get("/api/commitments/?as_of=2024-01-01").json()["results"][0]
    detail = client.get(f"/api/commitments/{assessed.pk}/").json()
    compliance = client.get("/api/stats/compliance/").json()["results"]
    by_status = client.get("/api/stats/commitments/?group_by=status").json()["results"]
    japan = client.get("/api/parties/JP/").json()["summary"]["compliance"]

    assert (listed["status"], listed["score"]) == ("in_progress", 0)
    assert (replayed["status"], replayed["score"]) == ("in_progress", 0)
    assert (detail["status"], detail["score"]) == ("in_progress", 0)
    assert compliance == [japan]
    assert (japan["average_score"], japan["fulfilled"]) == (0.0, 0)
    assert by_status == [{"status": "in_progress", "count": 1}]
    assert client.get("/api/commitments/?status=fulfilled").json()["count"] == 0


def test_staff_may_count_unreviewed_follow_ups_too(staff_client, assessed):
    everything = "review_state=all"
    listed = staff_client.get(f"/api/commitments/?{everything}").json()["results"][0]
    replayed = staff_client.get(f"/api/commitments/?{everything}&as_of=2024-01-01").json()
    compliance = staff_client.get(f"/api/stats/compliance/?{everything}").json()["results"]
    confirmed_only = staff_client.get("/api/commitments/").json()["results"][0]

    assert (listed["status"], listed["score"]) == ("fulfilled", 1)
    assert replayed["results"][0]["status"] == "fulfilled"
    assert (compliance[0]["average_score"], compliance[0]["fulfilled"]) == (1.0, 1)
    assert (confirmed_only["status"], confirmed_only["score"]) == ("in_progress", 0)


def test_linking_an_unreviewed_follow_up_leaves_the_stored_status_alone(assessed):
    later = FollowUpFactory(
        commitment=None, date=datetime.date(2024, 5, 1), status=Status.BROKEN, score=-1
    )
    later.commitment = assessed
    later.save()
    assessed.refresh_status()
    assessed.refresh_from_db()

    assert assessed.status == Status.IN_PROGRESS
    assert assessed.status_as_of(datetime.date(2025, 1, 1)) == Status.IN_PROGRESS
    assert assessed.compliance() == (0.0, {"*": 0})
