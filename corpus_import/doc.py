"""The document every pipeline step reads and extends: one text, findings as spans into it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal


@dataclass
class Span:
    start: int
    end: int


@dataclass
class PartyMention(Span):
    code: str
    text: str


@dataclass
class Collective(Span):
    """A subject standing for other parties: the meeting's ("các nước") or the previous ones."""

    text: str
    refers_to: str  # "meeting", "previous" or "partners"


@dataclass
class Person(Span):
    name: str
    title: str
    party: str | None


@dataclass(frozen=True)
class Entity:
    """A party, a person or a collective: what a subject or a target is read from.

    `covered_by` holds the starts of the people whose name holds this party or collective
    ("Ngoại trưởng Nhật Bản Motegi"): within a span that holds that person, the person stands
    for it.
    """

    start: int
    end: int
    codes: tuple[str, ...]
    refers_to: str = ""  # "meeting", "previous", "partners" for collectives; "person"
    covered_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    relative: bool = False
    days_back: int = 0  # "hôm qua": the day before the article's


@dataclass(frozen=True)
class PartialDate:
    value: datetime.date | None
    precision: str  # day, month, year, unknown

    @property
    def display(self) -> str | None:
        if self.value is None or self.precision == "unknown":
            return None
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


UNKNOWN_DATE = PartialDate(None, "unknown")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str = ""
    unit: str = ""
    text: str = ""


@dataclass
class ParticipantFinding:
    party: str
    person_name: str = ""
    title: str = ""
    role: str = "attendee"
    is_side: bool = False


@dataclass
class MeetingFinding(Span):
    key: str
    title: str
    kind: str
    parties: list[str]
    date: PartialDate = UNKNOWN_DATE
    format: str | None = None
    location: str = ""
    participants: list[ParticipantFinding] = field(default_factory=list)
    is_chain: bool = False
    # The rule rows that recognized it: its mention's and the one that set its kind.
    rules: list[str] = field(default_factory=list)


@dataclass
class Mention(Span):
    """A meeting named in a sentence, recorded as held or only mentioned."""

    title: str
    parties: list[str]
    sentence: int
    recorded: bool
    is_chain: bool
    kind: str | None = None
    future: bool = False
    occasion: bool = False
    # The mention rows of the rule table that fired on it.
    rules: list[str] = field(default_factory=list)
    # Talks named by a verb: the names of the person on each side, when the text gives both
    # ("Chủ tịch nước Trần Đại Quang tiếp Thượng tướng Phạm Trường Long").
    people: tuple[str, ...] = ()


@dataclass
class CommitmentFinding(Span):
    sentence: str
    kind: str
    actors: list[str]
    targets: list[str]
    meeting_key: str | None
    topics: list[str] = field(default_factory=list)
    amount: Amount | None = None
    target_date: PartialDate = UNKNOWN_DATE
    target_period_start: datetime.date | None = None
    target_text: str = ""
    confidence: float = 0.5
    # The rule table's rows that made the item: its cue, and the row that set its kind if one did.
    rules: list[str] = field(default_factory=list)


@dataclass
class FollowUpFinding(Span):
    quote: str
    status: str
    actors: list[str]
    meeting_key: str | None
    reference: str = ""


@dataclass
class ArticleDoc:
    """An article's stored text and everything found in it, as offsets into that text."""

    name: str
    text: str
    title: str = ""
    dateline: PartialDate = UNKNOWN_DATE
    sentences: list[Span] = field(default_factory=list)
    # The date expressions of each sentence, parsed once (dates.annotate).
    sentence_dates: Sequence[list[DateMention]] = field(default_factory=list)
    # The year the report is set in, where the text or its date says (dates.article_year).
    article_year: int | None = None
    parties: list[PartyMention] = field(default_factory=list)
    collectives: list[Collective] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    # Parties, people and collectives together, by start (subjects.index).
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    meetings: list[MeetingFinding] = field(default_factory=list)
    # Per meeting key: the indexes of the sentences that name it, and its first mention.
    meeting_sentences: dict[str, list[int]] = field(default_factory=dict)
    meeting_mentions: dict[str, Mention] = field(default_factory=dict)
    commitments: list[CommitmentFinding] = field(default_factory=list)
    follow_ups: list[FollowUpFinding] = field(default_factory=list)
    # The key of the meeting each sentence reports on (None before the first one).
    sentence_meetings: list[str | None] = field(default_factory=list)
    reports_meeting: bool = False
    # Sentence start -> the filter rows that passed over its cues.
    passed_over: dict[int, list[str]] = field(default_factory=dict)
    # Sentence start -> the sentence row that set the whole sentence aside (no item, no
    # follow-up).
    set_aside: dict[int, str] = field(default_factory=dict)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def to_dict(self) -> dict:
        """JSON-ready summary, the shape `--dry-run` prints and the scorer reads."""

        def date(value: PartialDate) -> str | None:
            return value.display

        return {
            "article": self.name,
            "title": self.title,
            "reports_meeting": self.reports_meeting,
            "meetings": [
                {
                    "key": m.key,
                    "title": m.title,
                    "kind": m.kind,
                    "parties": m.parties,
                    "date": date(m.date),
                    "date_precision": m.date.precision,
                    "format": m.format,
                    "participants": [asdict(p) for p in m.participants],
                }
                for m in self.meetings
            ],
            "items": [
                {
                    "sentence": c.sentence,
                    "start": c.start,
                    "end": c.end,
                    "kind": c.kind,
                    "actors": c.actors,
                    "targets": c.targets,
                    "meeting": c.meeting_key,
                    "topics": c.topics,
                    "amount": (
                        {
                            "value": str(c.amount.value),
                            "currency": c.amount.currency,
                            "unit": c.amount.unit,
                        }
                        if c.amount
                        else None
                    ),
                    "target_date": date(c.target_date),
                    "target_text": c.target_text,
                    "confidence": c.confidence,
                    "rules": c.rules,
                }
                for c in self.commitments
            ],
            "follow_ups": [
                {
                    "quote": f.quote,
                    "start": f.start,
                    "end": f.end,
                    "status": f.status,
                    "actors": f.actors,
                    "meeting": f.meeting_key,
                    "reference": f.reference,
                }
                for f in self.follow_ups
            ],
        }
