"""factory_boy factories for the domain models; parties and topics come from the migrations."""

from __future__ import annotations

import datetime

import factory

from tracker.models import (
    Article,
    Commitment,
    DatePrecision,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    Status,
    Topic,
    sentence_key,
)

SENTENCE = "Nhật Bản cam kết tiếp tục hỗ trợ ASEAN ứng phó đại dịch Covid-19."


def party(code: str) -> Party:
    return Party.objects.get(code=code)


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    name = factory.Sequence(lambda n: f"article-{n:04d}.txt")
    title = factory.Sequence(lambda n: f"Hội nghị Bộ trưởng Ngoại giao ASEAN số {n}")
    publisher = "Báo Quốc tế"
    published_on = datetime.date(2021, 8, 3)
    text = factory.Sequence(lambda n: f"Bài số {n}. Chiều 3/8, hội nghị diễn ra. {SENTENCE}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = "Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản"
    kind = Meeting.Kind.FOREIGN_MINISTERS
    date = datetime.date(2021, 8, 3)
    date_precision = DatePrecision.DAY
    format = Meeting.Format.ONLINE


class MeetingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSource

    meeting = factory.SubFactory(MeetingFactory)
    article = factory.SubFactory(ArticleFactory)
    key = factory.Sequence(lambda n: f"meeting-{n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    party = factory.LazyFunction(lambda: party("JP"))
    role = Participant.Role.ATTENDEE


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A commitment whose source is the last sentence of its article, offsets and all."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    kind = Commitment.Kind.PLEDGE
    article = factory.SubFactory(ArticleFactory)
    sentence = SENTENCE
    text = factory.LazyAttribute(lambda o: o.sentence)
    start = factory.LazyAttribute(lambda o: o.article.text.index(o.sentence))
    end = factory.LazyAttribute(lambda o: o.start + len(o.sentence))
    sentence_key = factory.LazyAttribute(lambda o: sentence_key(o.sentence))
    confidence = 0.9

    @factory.post_generation
    def actors(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create:
            self.actors.set([party(code) for code in (extracted or ["JP"])])

    @factory.post_generation
    def targets(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.targets.set([party(code) for code in extracted])

    @factory.post_generation
    def topics(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.topics.set([topic(slug) for slug in extracted])


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    commitment = factory.SubFactory(CommitmentFactory)
    date = datetime.date(2022, 1, 15)
    status = Status.IN_PROGRESS
    score = 0
    reason = "Đã bàn giao lô vaccine đầu tiên."
