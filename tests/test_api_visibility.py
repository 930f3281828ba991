"""What the public may read: confirmed items only, and nothing that an unreviewed item decides
(a follow-up's verdict, a meeting's id, kind and date, an article's text)."""

import csv
import datetime
import io

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


@pytest.fixture
def hidden_meeting():
    """A confirmed commitment of a meeting nobody reviewed (a leaders' summit in 2019), beside
    one of a confirmed meeting."""
    from tracker.models import Meeting

    shown = CommitmentFactory(review_state=CONFIRMED, meeting__review_state=CONFIRMED)
    hidden = CommitmentFactory(
        review_state=CONFIRMED,
        meeting__kind=Meeting.Kind.LEADERS,
        meeting__date=datetime.date(2019, 11, 4),
    )
    return shown, hidden


def test_an_unreviewed_meeting_is_not_revealed_through_a_confirmed_commitment(
    client, hidden_meeting
):
    shown, hidden = hidden_meeting
    rows = {row["id"]: row for row in client.get("/api/commitments/").json()["results"]}
    detail = client.get(f"/api/commitments/{hidden.pk}/").json()
    streamed = client.get("/api/commitments/?format=csv").streaming_content
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(streamed).decode("utf-8-sig"))))

    assert rows[shown.pk]["meeting"] == shown.meeting_id
    assert rows[hidden.pk]["meeting"] is None and detail["meeting"] is None
    assert sorted(row["meeting"] for row in csv_rows) == ["", str(shown.meeting_id)]
    for query in [
        f"meeting={hidden.meeting_id}",
        "meeting_kind=leaders",
        "year=2019",
        "date_from=2019-11-04&date_to=2019-11-04",
    ]:
        assert client.get(f"/api/commitments/?{query}").json()["count"] == 0, query
        counts = client.get(f"/api/stats/commitments/?group_by=kind&{query}").json()
        assert counts["total"] == 0, query
    # `as_of` before the hidden meeting's date keeps its commitment, as an undated one.
    assert client.get("/api/commitments/?as_of=2019-01-01").json()["count"] == 1
    grouped = client.get("/api/stats/commitments/?group_by=year,meeting_kind").json()["results"]
    assert grouped == [
        {"year": 2021, "meeting_kind": "foreign_ministers", "count": 1},
        {"year": None, "meeting_kind": None, "count": 1},
    ]


def test_staff_asking_for_every_state_see_the_unreviewed_meeting(staff_client, hidden_meeting):
    _shown, hidden = hidden_meeting
    answer = staff_client.get("/api/commitments/?review_state=all&meeting_kind=leaders").json()
    assert [row["meeting"] for row in answer["results"]] == [hidden.meeting_id]


def test_only_articles_that_source_something_confirmed_are_served(staff_client):
    from django.test import Client

    from tests.factories import ArticleFactory, MeetingSourceFactory

    client = Client()  # anonymous; `staff_client` is the logged-in `client` fixture

    raw = CommitmentFactory().article
    of_commitment = CommitmentFactory(review_state=CONFIRMED).article
    of_meeting = MeetingSourceFactory(meeting__review_state=CONFIRMED).article
    of_follow_up = FollowUpFactory(review_state=CONFIRMED, commitment=None)
    of_follow_up.article = ArticleFactory()
    of_follow_up.save()
    nothing = ArticleFactory()

    listed = {row["id"] for row in client.get("/api/articles/?page_size=50").json()["results"]}
    assert listed == {of_commitment.pk, of_meeting.pk, of_follow_up.article_id}
    assert client.get(f"/api/articles/{raw.pk}/").status_code == 404
    assert client.get(f"/api/articles/{nothing.pk}/").status_code == 404
    assert client.get(f"/api/articles/{of_commitment.pk}/").json()["text"] == of_commitment.text
    assert client.get("/api/articles/?review_state=all").status_code == 403
    everything = staff_client.get("/api/articles/?review_state=all&page_size=50").json()
    assert everything["count"] == 5
    assert staff_client.get(f"/api/articles/{raw.pk}/?review_state=extracted").status_code == 200


def test_browsable_api_pages_embedding_a_csrf_token_are_not_shared(settings):
    """Two visitors who share no token but send the same cookies (a language choice): the
    second must not be served the first one's page, token and Set-Cookie included."""
    from django.test import Client

    settings.API_CACHE_SECONDS = 60
    pages = []
    for _visitor in range(2):
        visitor = Client()
        visitor.cookies["django_language"] = "vi"
        pages.append(visitor.get("/api/parties/", HTTP_ACCEPT="text/html"))
    first, second = pages
    assert first.status_code == second.status_code == 200
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    assert second.content != first.content, "the second visitor got the first one's page"
    assert "private" in second["Cache-Control"]
    json_page = Client().get("/api/parties/")
    assert "public" in json_page["Cache-Control"]
