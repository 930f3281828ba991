"""The server cache forgets public answers when public data changes, and only then.

Imports keep writing unreviewed rows; replacing the data version on each of those writes
left little cached while they ran. A write that changes nothing an anonymous client sees
keeps the cache; every write that does (however it is made: a save, a bulk insert, a link
change, a delete) shows on the next request.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction

import tracker.cache
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
    topic,
)
from tracker.models import Commitment, CommitmentSource, Participant, ReviewState

# Commit hooks run as in production: after each transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

CONFIRMED = ReviewState.CONFIRMED
EXTRACTED = ReviewState.EXTRACTED
LIST = "/api/commitments/?ordering=id"


@pytest.fixture
def bumps(settings, monkeypatch) -> list[int]:
    """Cached public answers on; each replacement of the data version is recorded."""
    settings.API_CACHE_SECONDS = 30
    recorded: list[int] = []
    bump = tracker.cache.data_changed
    monkeypatch.setattr(tracker.cache, "data_changed", lambda: (recorded.append(1), bump()))
    return recorded


@pytest.fixture
def public(client, bumps):
    """A confirmed commitment of a confirmed meeting, the list cached with it."""
    meeting = MeetingFactory(review_state=CONFIRMED)
    shown = CommitmentFactory(meeting=meeting, review_state=CONFIRMED)
    client.get(LIST)
    bumps.clear()
    return shown


def ids(client) -> list[int]:
    return [row["id"] for row in client.get(LIST).json()["results"]]


def test_writes_that_the_public_cannot_see_keep_the_cache(client, public, bumps):
    with transaction.atomic():
        meeting = MeetingFactory(review_state=EXTRACTED)
        hidden = CommitmentFactory(meeting=meeting, review_state=EXTRACTED, targets=["KR"])
        FollowUpFactory(commitment=hidden, review_state=EXTRACTED)
        ParticipantFactory(meeting=meeting, party=party("KR"))
        MeetingSourceFactory(meeting=meeting)
        ArticleFactory()
    # A write behind the ORM's back: only the cache can still answer with the old text.
    Commitment.objects.filter(pk=public.pk).update(text="Văn bản khác.")

    answer = client.get(LIST).json()["results"]

    assert bumps == []
    assert [row["text"] for row in answer] == [public.text]


def test_importing_unreviewed_articles_keeps_the_cache(client, public, bumps, tmp_path):
    articles = Path(django_settings.BASE_DIR) / "fixtures" / "articles"
    call_command("import_articles", str(articles), stdout=StringIO(), stderr=StringIO())

    assert Commitment.objects.filter(review_state=EXTRACTED).exists()
    assert bumps == []


def confirm_commitment(public, hidden):
    hidden.review_state = CONFIRMED
    hidden.save()


def reject_commitment(public, hidden):
    public.review_state = ReviewState.REJECTED
    public.save()


def delete_commitment(public, hidden):
    public.delete()


def edit_commitment(public, hidden):
    public.text = "Nhật Bản cam kết thêm."
    public.save()


def link_topic(public, hidden):
    public.topics.add(topic("health"))


def add_source_in_bulk(public, hidden):
    article = ArticleFactory(text=f"Bài khác. {public.sentence}")
    start = article.text.index(public.sentence)
    CommitmentSource.objects.bulk_create(
        [
            CommitmentSource(
                commitment=public,
                article=article,
                sentence=public.sentence,
                start=start,
                end=start + len(public.sentence),
                similarity=0.97,
            )
        ]
    )


def confirm_follow_up(public, hidden):
    FollowUpFactory(commitment=public, review_state=CONFIRMED, score=1)


def add_participant_in_bulk(public, hidden):
    # As an import does: the article saved, the participants of a matched meeting in bulk.
    ArticleFactory()
    Participant.objects.bulk_create(
        [Participant(meeting=public.meeting, party=party("KR"), role=Participant.Role.ATTENDEE)]
    )


def edit_meeting(public, hidden):
    public.meeting.title = "Hội nghị khác"
    public.meeting.save()


def edit_article(public, hidden):
    public.article.title = "Tiêu đề mới"
    public.article.save()


def rename_party(public, hidden):
    jp = party("JP")
    jp.name_en = "Nippon"
    jp.save()


@pytest.mark.parametrize(
    ("change", "url"),
    [
        (confirm_commitment, LIST),
        (reject_commitment, LIST),
        (delete_commitment, LIST),
        (edit_commitment, LIST),
        (link_topic, LIST),
        (add_source_in_bulk, LIST),
        (confirm_follow_up, LIST),
        (add_participant_in_bulk, "/api/meetings/"),
        (edit_meeting, "/api/meetings/"),
        (edit_article, "/api/articles/"),
        (rename_party, "/api/parties/JP/"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_write_the_public_can_see_shows_on_the_next_request(
    client, public, bumps, change, url
):
    hidden = CommitmentFactory(meeting=public.meeting, review_state=EXTRACTED)
    before = client.get(url).content
    assert client.get(url).content == before
    bumps.clear()

    with transaction.atomic():
        change(public, hidden)

    assert bumps == [1]
    assert client.get(url).content != before
