import datetime

import pytest

from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tracker.models import (
    Commitment,
    DatePrecision,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    ReviewState,
    Status,
)
from tracker.services import (
    MeetingEditError,
    items_set_review_state,
    meeting_merge,
    meeting_split,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reports():
    """The same ASEAN–Japan meeting as two articles reported it."""
    first = MeetingFactory(date=datetime.date(2021, 1, 1), date_precision=DatePrecision.YEAR)
    second = MeetingFactory(location="Hà Nội", format=Meeting.Format.UNKNOWN)
    for meeting in (first, second):
        MeetingSourceFactory(meeting=meeting)
        CommitmentFactory.create_batch(2, meeting=meeting)
    ParticipantFactory(meeting=first, party=party("VN"), person_name="Bùi Thanh Sơn")
    ParticipantFactory(
        meeting=second,
        party=party("VN"),
        person_name="Bùi Thanh Sơn",
        title="Bộ trưởng Ngoại giao",
        role=Participant.Role.CO_CHAIR,
    )
    ParticipantFactory(meeting=second, party=party("JP"), person_name="Motegi Toshimitsu")
    FollowUpFactory(commitment=second.commitments.first())
    return first, second


def test_merging_moves_commitments_participants_and_sources(two_reports):
    target, source = two_reports
    commitments = set(Commitment.objects.values_list("pk", flat=True))
    articles = set(MeetingSource.objects.values_list("article_id", flat=True))
    merged = meeting_merge(target=target, source=source)
    assert not Meeting.objects.filter(pk=source.pk).exists()
    assert set(merged.commitments.values_list("pk", flat=True)) == commitments
    assert set(merged.sources.values_list("article_id", flat=True)) == articles
    assert FollowUp.objects.get().commitment.meeting == merged
    people = {(p.party.code, p.person_name) for p in merged.participants.all()}
    assert people == {("VN", "Bùi Thanh Sơn"), ("JP", "Motegi Toshimitsu")}


def test_merging_keeps_the_details_either_meeting_had(two_reports):
    target, source = two_reports
    merged = meeting_merge(target=target, source=source)
    assert (merged.date, merged.date_precision) == (datetime.date(2021, 8, 3), DatePrecision.DAY)
    assert merged.location == "Hà Nội"
    assert merged.format == Meeting.Format.ONLINE
    minister = merged.participants.get(party__code="VN")
    assert (minister.title, minister.role) == ("Bộ trưởng Ngoại giao", Participant.Role.CO_CHAIR)
    assert merged.is_curated


def test_merged_items_are_curated_so_a_reimport_leaves_them_alone(two_reports):
    target, source = two_reports
    moved = list(source.commitments.all())
    meeting_merge(target=target, source=source)
    assert all(Commitment.objects.get(pk=c.pk).is_curated for c in moved)
    assert not Participant.objects.filter(curated_at=None).exists()


def test_merging_two_meetings_of_one_article_keeps_one_source(two_reports):
    target, source = two_reports
    shared = target.sources.get().article
    MeetingSource.objects.filter(meeting=source).update(article=shared, key="other-key")
    meeting_merge(target=target, source=source)
    assert list(target.sources.values_list("article_id", flat=True)) == [shared.pk]


def test_a_meeting_cannot_be_merged_into_itself(two_reports):
    with pytest.raises(MeetingEditError):
        meeting_merge(target=two_reports[0], source=two_reports[0])


def test_merge_history_records_the_moves(two_reports):
    target, source = two_reports
    moved, source_pk = source.commitments.first(), source.pk
    meeting_merge(target=target, source=source)
    assert moved.history.latest().meeting_id == target.pk
    assert Meeting.history.filter(id=source_pk, history_type="-").exists()


def test_splitting_moves_the_chosen_items_to_a_new_meeting(two_reports):
    target, source = two_reports
    meeting = meeting_merge(target=target, source=source)
    moving = list(meeting.commitments.order_by("pk")[:2])
    japan = meeting.participants.get(party__code="JP")
    vietnam = meeting.participants.get(party__code="VN")
    second_source = meeting.sources.order_by("pk").last()
    new = meeting_split(
        meeting=meeting,
        title="Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản lần thứ 54",
        commitments=moving,
        move_participants=[japan],
        copy_participants=[vietnam],
        sources=[second_source],
    )
    assert new.pk != meeting.pk
    assert new.title.endswith("lần thứ 54")
    assert (new.kind, new.date, new.format) == (meeting.kind, meeting.date, meeting.format)
    assert set(new.commitments.all()) == set(moving)
    assert meeting.commitments.count() == 2
    assert {p.party.code for p in new.participants.all()} == {"JP", "VN"}
    assert {p.party.code for p in meeting.participants.all()} == {"VN"}
    assert list(new.sources.all()) == [second_source]
    assert Commitment.objects.count() == 4


def test_splitting_refuses_another_meetings_items(two_reports):
    first, second = two_reports
    with pytest.raises(MeetingEditError):
        meeting_split(meeting=first, commitments=list(second.commitments.all()))
    with pytest.raises(MeetingEditError):
        meeting_split(meeting=first)
    assert Meeting.objects.count() == 2


def test_review_state_changes_count_only_rows_that_changed():
    first, _ = CommitmentFactory.create_batch(2)
    items_set_review_state(items=[first], state=ReviewState.CONFIRMED)
    changed = items_set_review_state(items=Commitment.objects.all(), state=ReviewState.CONFIRMED)
    assert changed == 1
    with pytest.raises(ValueError):
        items_set_review_state(items=[first], state="maybe")


# Status derivation: a commitment's status follows its latest follow-up.


def test_status_follows_the_latest_dated_follow_up():
    commitment = CommitmentFactory()
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2023, 1, 1),
        status=Status.FULFILLED,
    )
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2022, 1, 1),
        status=Status.STALLED,
    )
    commitment.refresh_status()
    commitment.refresh_from_db()
    assert commitment.status == Status.FULFILLED


def test_status_can_be_replayed_as_of_a_past_date():
    commitment = CommitmentFactory()
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2022, 1, 1),
        status=Status.STALLED,
    )
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2023, 1, 1),
        status=Status.FULFILLED,
    )
    assert commitment.status_as_of(datetime.date(2021, 6, 1)) == Status.NOT_ASSESSED
    assert commitment.status_as_of(datetime.date(2022, 6, 1)) == Status.STALLED
    assert commitment.status_as_of(datetime.date(2024, 1, 1)) == Status.FULFILLED


def test_a_rejected_follow_up_does_not_set_the_status():
    commitment = CommitmentFactory()
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2022, 1, 1),
        status=Status.STALLED,
    )
    wrong = FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2023, 1, 1),
        status=Status.FULFILLED,
    )
    items_set_review_state(items=[wrong], state=ReviewState.REJECTED)
    commitment.refresh_from_db()
    assert commitment.status == Status.STALLED


def test_without_follow_ups_the_curated_status_stays():
    commitment = CommitmentFactory(status=Status.BROKEN)
    commitment.refresh_status()
    assert commitment.status == Status.BROKEN


def test_compliance_averages_each_partys_latest_score():
    commitment = CommitmentFactory(actors=["JP", "KR"])
    for date, code, score in [
        (datetime.date(2022, 1, 1), "JP", -1),
        (datetime.date(2023, 1, 1), "JP", 1),
        (datetime.date(2023, 1, 1), "KR", 0),
    ]:
        FollowUpFactory(
            review_state="confirmed",
            commitment=commitment,
            date=date,
            party=party(code),
            score=score,
        )
    FollowUpFactory(review_state="confirmed", commitment=commitment, party=party("KR"), score=None)
    average, by_party = commitment.compliance()
    assert by_party == {"JP": 1, "KR": 0}
    assert average == 0.5


def test_compliance_is_unknown_without_scored_follow_ups():
    assert CommitmentFactory().compliance() == (None, {})


def test_merge_keeps_article_offsets_intact(two_reports):
    meeting_merge(target=two_reports[0], source=two_reports[1])
    for commitment in Commitment.objects.select_related("article"):
        assert commitment.article.text[commitment.start : commitment.end] == commitment.sentence


def test_splitting_off_commitments_alone_leaves_the_sources():
    article = ArticleFactory()
    meeting = MeetingFactory()
    MeetingSourceFactory(meeting=meeting, article=article)
    commitment = CommitmentFactory(meeting=meeting, article=article)
    new = meeting_split(meeting=meeting, commitments=[commitment], title="Khác")
    assert new.title == "Khác"
    assert meeting.sources.get().article == article


def test_a_split_meeting_keeps_its_article_as_a_source_of_both_halves():
    article = ArticleFactory()
    meeting = MeetingFactory()
    MeetingSourceFactory(meeting=meeting, article=article, key="m1")
    CommitmentFactory(meeting=meeting, article=article, sentence="Chiều 3/8, hội nghị diễn ra.")
    moving = CommitmentFactory(meeting=meeting, article=article)
    new = meeting_split(meeting=meeting, commitments=[moving], title="Khác")
    assert [s.article for s in new.sources.all()] == [article]
    assert [s.article for s in meeting.sources.all()] == [article]
    assert set(article.meetings.all()) == {meeting, new}
