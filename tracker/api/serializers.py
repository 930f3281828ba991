"""Serializers of the read API. Field names are a contract with reporting clients: keep them."""

from __future__ import annotations

import calendar
import copy
import datetime
from operator import attrgetter

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PrimaryKeyRelatedField

from tracker.models import (
    Article,
    Commitment,
    DatePrecision,
    FollowUp,
    Meeting,
    Participant,
    Party,
    Status,
    format_partial_date,
)


def partial_date_range(
    value: datetime.date | None, precision: str
) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a date known to `precision` may be (None when unknown).

    Clients that parse dates (pandas, generated clients) cannot read "2021" and "2021-08-03"
    as one type; these bounds are full dates whatever the precision.
    """
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value


class PartialDateField(serializers.Field):
    """A date rendered only as far as it is known: "YYYY-MM-DD", "YYYY-MM", "YYYY" or null."""

    def __init__(self, precision_field: str, **kwargs) -> None:
        self.precision_field = precision_field
        kwargs["source"] = kwargs.get("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance) -> str | None:
        return format_partial_date(
            getattr(instance, self.field_name), getattr(instance, self.precision_field)
        )


extend_schema_field({"type": "string", "nullable": True, "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})(
    PartialDateField
)


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class PartialDateBoundField(serializers.Field):
    """The first (or last) full day of a partial date's range: "YYYY-MM-DD" or null."""

    def __init__(self, date_field: str, precision_field: str, *, last: bool, **kwargs) -> None:
        self.date_field = date_field
        self.precision_field = precision_field
        self.last = last
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance) -> str | None:
        bounds = partial_date_range(
            getattr(instance, self.date_field), getattr(instance, self.precision_field)
        )
        return None if bounds is None else bounds[self.last].isoformat()


def partial_date_bounds(date_field: str, precision_field: str) -> tuple[Field, Field]:
    start = PartialDateBoundField(
        date_field,
        precision_field,
        last=False,
        help_text=f"First day `{date_field}` may be, as a full date (null when unknown).",
    )
    end = PartialDateBoundField(
        date_field,
        precision_field,
        last=True,
        help_text=f"Last day `{date_field}` may be, as a full date (null when unknown).",
    )
    return start, end


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class NullableURLField(serializers.CharField):
    """A URL, or null where none is stored (the model keeps an empty string).

    An empty string is both "no URL" and not a URI, which strict validators refused.
    """

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodeListField(serializers.Field):
    """A sorted list of codes (or slugs) that the queryset attached (`CommitmentCodesIterable`)."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, codes: list[str]) -> list[str]:
        return codes


# Fields whose representation of a model attribute is the attribute itself.
PLAIN_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.FloatField,
    serializers.IntegerField,
)


class FastRowsMixin:
    """Represents rows with a plan made once per serializer, not per row and field.

    DRF walks every field's source path and converter for each row, which made serializing a
    page cost more than querying it. Plain attributes of the types in PLAIN_FIELDS (and
    foreign keys as ids) are read directly; every other field goes through DRF as usual, so
    the output is the same.
    """

    def get_fields(self) -> dict:
        """Copies of the fields built once per class: ModelSerializer maps every model field
        anew for each serializer, several milliseconds of a list request."""
        cls = type(self)
        fields = cls.__dict__.get("_built_fields")
        if fields is None:
            fields = super().get_fields()
            cls._built_fields = fields
        return copy.deepcopy(fields)

    def _row_plan(self) -> list[tuple[str, object, object]]:
        """(name, read, represent) per field: `read` takes the value from the row (None: the
        row itself, for fields of the whole row), `represent` converts a value that is not
        None (None: the value as read)."""
        plan = []
        for field in self._readable_fields:
            source = field.source_attrs
            simple = len(source) == 1 and field.source != "*"
            if field.source == "*":
                plan.append((field.field_name, None, field.to_representation))
            elif simple and (type(field) in PLAIN_FIELDS or isinstance(field, CodeListField)):
                plan.append((field.field_name, attrgetter(source[0]), None))
            elif simple and type(field) is PrimaryKeyRelatedField and field.pk_field is None:
                plan.append((field.field_name, attrgetter(f"{source[0]}_id"), None))
            elif simple:
                plan.append((field.field_name, attrgetter(source[0]), field.to_representation))
            else:
                plan.append((field.field_name, field, None))
        return plan

    def to_representation(self, instance) -> dict:
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self.__dict__["_plan"] = self._row_plan()
        row = {}
        for name, read, represent in plan:
            if read is None:
                row[name] = represent(instance)
            elif isinstance(read, Field):
                try:
                    attribute = read.get_attribute(instance)
                except SkipField:
                    continue
                row[name] = None if attribute is None else read.to_representation(attribute)
            else:
                value = read(instance)
                if callable(value):
                    # As DRF does for a source naming a method.
                    value = value()
                row[name] = value if represent is None or value is None else represent(value)
        return row


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name_en", "name_vi", "kind"]


class RecentMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    date = PartialDateField("date_precision")
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    date_start, date_end = partial_date_bounds("date", "date_precision")

    def to_representation(self, instance: dict) -> dict:
        # Rows come from `.values()`: dicts, which the date fields read as attributes.
        return super().to_representation(RowView(instance))


class RowView:
    """Attribute access to a `.values()` row."""

    def __init__(self, row: dict) -> None:
        self.__dict__.update(row)


class ComplianceRowSerializer(serializers.Serializer):
    """One party's compliance: commitments, assessed ones, average score, share fulfilled."""

    party = serializers.CharField(help_text="Party code.")
    commitments = serializers.IntegerField(help_text="Visible commitments the party made.")
    assessed = serializers.IntegerField(help_text="Of those, how many have a scored follow-up.")
    average_score = serializers.FloatField(
        allow_null=True, help_text="Mean latest follow-up score, -1..1 (null: none assessed)."
    )
    fulfilled = serializers.IntegerField(help_text="Commitments whose status is fulfilled.")
    fulfilled_share = serializers.FloatField(
        allow_null=True, help_text="fulfilled / commitments, 0..1 (null: no commitments)."
    )


class PartySummarySerializer(serializers.Serializer):
    meeting_count = serializers.IntegerField()
    recent_meetings = RecentMeetingSerializer(many=True, help_text="The latest 20 meetings.")
    commitments_as_actor = serializers.IntegerField()
    commitments_as_target = serializers.IntegerField()
    by_kind = serializers.DictField(
        child=serializers.IntegerField(), help_text="Commitments as actor, by kind."
    )
    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text="Commitments as actor, by status."
    )
    compliance = ComplianceRowSerializer(allow_null=True)


class PartyDetailSerializer(PartySerializer):
    """A party with its aliases, its latest meetings and a summary of its commitments."""

    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="text")
    summary = PartySummarySerializer(read_only=True)

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "aliases", "summary"]


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "name", "title", "publisher", "published_on", "content_hash", "imported_at"]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]


class ParticipantSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code", read_only=True)

    class Meta:
        model = Participant
        fields = ["party", "person_name", "title", "role", "is_side"]


class MeetingSourceSerializer(serializers.Serializer):
    article = serializers.CharField(source="article.name")
    title = serializers.CharField(source="article.title")
    publisher = serializers.CharField(source="article.publisher")
    # Imported articles often carry no publication date.
    published_on = serializers.DateField(source="article.published_on", allow_null=True)


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting with its participants, the articles that report it and how many of its
    commitments the client may see. `date` is as precise as the reports were."""

    date = PartialDateField("date_precision")
    date_start, date_end = partial_date_bounds("date", "date_precision")
    parties = serializers.SerializerMethodField()
    participants = ParticipantSerializer(many=True, read_only=True)
    sources = MeetingSourceSerializer(many=True, read_only=True)
    commitment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "kind",
            "date",
            "date_precision",
            "date_start",
            "date_end",
            "format",
            "location",
            "parties",
            "participants",
            "sources",
            "commitment_count",
            "review_state",
        ]

    def get_parties(self, meeting: Meeting) -> list[str]:
        """The sides that meet; `participants` lists every delegation, sides included.

        A meeting recorded before sides were marked (or by hand, with none marked) has its
        delegations as its parties, as before.
        """
        participants = meeting.participants.all()
        sides = {p.party.code for p in participants if p.is_side}
        return sorted(sides or {p.party.code for p in participants})


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class IdListField(CodeListField):
    """A sorted list of ids that the queryset attached (`restated_ids`)."""


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "article": {"type": "string"},
                "sentence": {"type": "string"},
                "start": {"type": "integer"},
                "end": {"type": "integer"},
            },
        },
    }
)
class SourcesField(serializers.Field):
    """Every article reporting the statement: the commitment's own source first."""

    def __init__(self, **kwargs) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, commitment: Commitment) -> list[dict]:
        own = {
            "article": commitment.article_name,
            "sentence": commitment.sentence,
            "start": commitment.start,
            "end": commitment.end,
        }
        return [own, *getattr(commitment, "other_sources", [])]


class CommitmentSerializer(FastRowsMixin, serializers.ModelSerializer):
    """What a party committed to at a meeting, tied to its source sentence: `article`'s text
    from `start` to `end` is `sentence`. `status` and `score` come from the latest follow-up
    (as of `as_of` when given); `target_date` is as precise as the source."""

    # Null when the meeting is not one the client may see (`CommitmentQuerySet.visible`).
    meeting = serializers.IntegerField(source="shown_meeting", read_only=True, allow_null=True)
    actors = CodeListField(source="actor_codes")
    targets = CodeListField(source="target_codes")
    topics = CodeListField(source="topic_slugs")
    sources = SourcesField()
    reaffirms = serializers.SerializerMethodField()
    reaffirms_suggestion = serializers.SerializerMethodField()
    restated_by = IdListField(source="restated_ids")
    article = serializers.CharField(source="article_name", read_only=True)
    target_date = PartialDateField("target_date_precision")
    target_date_start, target_date_end = partial_date_bounds("target_date", "target_date_precision")
    # A number in JSON as in CSV (DRF writes decimals as strings by default).
    amount = serializers.DecimalField(
        max_digits=20, decimal_places=2, coerce_to_string=False, allow_null=True, read_only=True
    )
    status = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "meeting",
            "kind",
            "actors",
            "targets",
            "text",
            "sentence",
            "article",
            "start",
            "end",
            "topics",
            "status",
            "score",
            "review_state",
            "amount",
            "currency",
            "quantity_unit",
            "target_date",
            "target_date_start",
            "target_date_end",
            "target_text",
            "is_priority",
            "reaffirms",
            "reaffirms_suggestion",
            "restated_by",
            "sources",
            "confidence",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reaffirms(self, commitment: Commitment) -> int | None:
        """The earlier commitment this one restates, once a curator confirmed the link."""
        return commitment.reaffirms_id if commitment.reaffirms_confirmed else None

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "score": {"type": "number"}},
        }
    )
    def get_reaffirms_suggestion(self, commitment: Commitment) -> dict | None:
        """A link the importer suggested and no curator has confirmed yet, with its score."""
        if commitment.reaffirms_id is None or commitment.reaffirms_confirmed:
            return None
        return {"id": commitment.reaffirms_id, "score": commitment.reaffirms_score}

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, commitment: Commitment) -> str:
        """The stored status, or the one replayed for `as_of`."""
        return getattr(commitment, "assessed_status", commitment.status)

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=-1, max_value=1))
    def get_score(self, commitment: Commitment) -> int | None:
        """The compliance score of the latest follow-up (as of `as_of` when given)."""
        return getattr(commitment, "assessed_score", None)


class FollowUpSerializer(FastRowsMixin, serializers.ModelSerializer):
    """Later evidence about a commitment: the status it reports, a compliance score (-1, 0,
    +1), and its source (an imported article with offsets, or a URL and a quote). `party` is
    the party assessed when the evidence is about one of several actors."""

    party = serializers.CharField(source="party.code", read_only=True, allow_null=True)
    article = serializers.CharField(source="article.name", read_only=True, allow_null=True)
    url = NullableURLField(help_text="Where the evidence was found, when not an article.")

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "commitment",
            "date",
            "party",
            "status",
            "score",
            "reason",
            "article",
            "url",
            "quote",
            "start",
            "end",
            "review_state",
        ]


__all__ = [
    "ArticleDetailSerializer",
    "ArticleSerializer",
    "CommitmentSerializer",
    "FollowUpSerializer",
    "MeetingSerializer",
    "PartySerializer",
]


def stats_grouping_fields() -> dict[str, Field]:
    """How each grouping of the stats endpoint is typed in a row (null: no value, such as a
    meeting without a known date under `year`)."""
    return {
        "actor": serializers.CharField(allow_null=True, required=False),
        "target": serializers.CharField(allow_null=True, required=False),
        "topic": serializers.CharField(allow_null=True, required=False),
        "kind": serializers.ChoiceField(choices=Commitment.Kind.choices, required=False),
        "status": serializers.ChoiceField(choices=Status.choices, required=False),
        "year": serializers.IntegerField(allow_null=True, required=False),
        "meeting_kind": serializers.ChoiceField(
            choices=Meeting.Kind.choices, allow_null=True, required=False
        ),
    }
