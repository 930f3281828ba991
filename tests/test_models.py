import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    party,
)
from tracker.models import (
    Article,
    Commitment,
    DatePrecision,
    FollowUp,
    Party,
    PartyAlias,
    Status,
    Topic,
    content_hash,
)

pytestmark = pytest.mark.django_db


def test_every_iso_state_and_the_usual_organizations_are_shipped():
    assert Party.objects.filter(kind=Party.Kind.STATE).count() == 249
    for code in ["ASEAN", "EU", "UN", "WHO", "WTO", "IMF", "WB", "OECD", "APEC", "G7", "G20"]:
        assert Party.objects.filter(code=code).exists(), code
    assert party("ARF").name_vi == "Diễn đàn Khu vực ASEAN"
    assert party("EAS").name_vi == "Hội nghị Cấp cao Đông Á"


def test_state_names_come_from_cldr_in_both_languages():
    japan = party("JP")
    assert (japan.name_en, japan.name_vi) == ("Japan", "Nhật Bản")
    assert party("VN").name_vi == "Việt Nam"


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Mỹ", "US"),
        ("Hoa Kỳ", "US"),
        ("Nhật Bản", "JP"),
        ("Anh", "GB"),
        ("Nga", "RU"),
        ("Hàn Quốc", "KR"),
        ("Trung Quốc", "CN"),
        ("Liên minh châu Âu", "EU"),
        ("Myanmar", "MM"),
    ],
)
def test_articles_names_for_parties_resolve_to_codes(alias, code):
    assert PartyAlias.objects.get(text=alias).party.code == code


def test_groupings_know_their_members():
    assert set(party("ASEAN+3").members.values_list("code", flat=True)) == {
        "ASEAN",
        "CN",
        "JP",
        "KR",
    }
    assert "VN" in set(party("ASEAN").members.values_list("code", flat=True))


def test_topics_are_seeded_with_both_names():
    health = Topic.objects.get(slug="health")
    assert (health.name_en, health.name_vi) == ("Health", "Y tế")


def test_party_codes_and_aliases_are_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(code="JP", name_en="x", name_vi="x", kind=Party.Kind.STATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyAlias.objects.create(party=party("JP"), text="Mỹ")


def test_article_hash_is_kept_in_step_with_its_text_and_is_unique():
    article = ArticleFactory(text="Một câu.")
    assert article.content_hash == content_hash("Một câu.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(name="other.txt", text="Một câu.")


def test_a_commitment_span_must_be_forward():
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(end=commitment.start)


def test_the_same_sentence_cannot_be_stored_twice_for_one_article():
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(article=commitment.article)


def test_confidence_must_lie_between_zero_and_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(confidence=1.5)


def test_meeting_date_and_precision_agree():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(date=None, date_precision=DatePrecision.DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(date=datetime.date(2021, 1, 1), date_precision=DatePrecision.UNKNOWN)


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("day", "2021-08-03"), ("month", "2021-08"), ("year", "2021"), ("unknown", None)],
)
def test_meeting_date_is_shown_only_as_far_as_it_is_known(precision, shown):
    date = None if precision == "unknown" else datetime.date(2021, 8, 3)
    assert MeetingFactory(date=date, date_precision=precision).date_display == shown


def test_follow_up_score_lies_between_minus_one_and_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(score=2)


def test_a_follow_up_quote_span_needs_an_article():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(start=0, end=5, article=None)


def test_status_follows_the_latest_follow_up():
    commitment = CommitmentFactory()
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2022, 1, 1),
        status=Status.IN_PROGRESS,
    )
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2023, 1, 1),
        status=Status.FULFILLED,
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
        status=Status.IN_PROGRESS,
    )
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date=datetime.date(2023, 1, 1),
        status=Status.FULFILLED,
    )
    assert commitment.status_as_of(datetime.date(2021, 6, 1)) == Status.NOT_ASSESSED
    assert commitment.status_as_of(datetime.date(2022, 6, 1)) == Status.IN_PROGRESS
    assert commitment.status_as_of(datetime.date(2023, 1, 1)) == Status.FULFILLED


def test_rejected_follow_ups_do_not_set_the_status():
    commitment = CommitmentFactory()
    FollowUpFactory(commitment=commitment, status=Status.BROKEN, review_state="rejected")
    commitment.refresh_status()
    assert commitment.status == Status.NOT_ASSESSED


def test_overdue_means_past_target_and_not_fulfilled():
    past = CommitmentFactory(target_date=datetime.date(2020, 1, 1), target_date_precision="year")
    assert past.is_overdue
    past.status = Status.FULFILLED
    past.save()
    assert not past.is_overdue
    assert not CommitmentFactory(article=ArticleFactory()).is_overdue


def test_every_stored_source_sentence_is_its_article_text_between_offsets():
    CommitmentFactory.create_batch(3)
    for commitment in Commitment.objects.select_related("article"):
        assert commitment.article.text[commitment.start : commitment.end] == commitment.sentence
    for follow_up in FollowUp.objects.exclude(article=None).select_related("article"):
        assert follow_up.article.text[follow_up.start : follow_up.end] == follow_up.quote
