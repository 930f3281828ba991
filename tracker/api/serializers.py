"""Serializers of the read API. Field names are a contract with reporting clients: keep them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker.models import (
    Article,
    Commitment,
    FollowUp,
    Meeting,
    Participant,
    Party,
    Status,
    format_partial_date,
)


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


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodeListField(serializers.Field):
    """Codes (or slugs) of a prefetched list of related rows, in a stable order."""

    def __init__(self, attr: str, key: str = "code", **kwargs) -> None:
        self.attr = attr
        self.key = key
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance) -> list[str]:
        return sorted(getattr(row, self.key) for row in getattr(instance, self.attr))


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name_en", "name_vi", "kind"]


class PartyDetailSerializer(PartySerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="text")
    summary = serializers.DictField(read_only=True)

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
        fields = ["party", "person_name", "title", "role"]


class MeetingSourceSerializer(serializers.Serializer):
    article = serializers.CharField(source="article.name")
    title = serializers.CharField(source="article.title")
    publisher = serializers.CharField(source="article.publisher")
    published_on = serializers.DateField(source="article.published_on")


class MeetingSerializer(serializers.ModelSerializer):
    date = PartialDateField("date_precision")
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
            "format",
            "location",
            "parties",
            "participants",
            "sources",
            "commitment_count",
            "review_state",
        ]

    def get_parties(self, meeting: Meeting) -> list[str]:
        return sorted({p.party.code for p in meeting.participants.all()})


class CommitmentSerializer(serializers.ModelSerializer):
    actors = CodeListField("actor_list")
    targets = CodeListField("target_list")
    topics = CodeListField("topic_list", key="slug")
    article = serializers.CharField(source="article.name", read_only=True)
    target_date = PartialDateField("target_date_precision")
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
            "target_text",
            "is_priority",
            "reaffirms",
            "confidence",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, commitment: Commitment) -> str:
        """The stored status, or the one replayed for `as_of`."""
        return getattr(commitment, "assessed_status", commitment.status)

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=-1, max_value=1))
    def get_score(self, commitment: Commitment) -> int | None:
        """The compliance score of the latest follow-up (as of `as_of` when given)."""
        return getattr(commitment, "assessed_score", None)


class FollowUpSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code", read_only=True, allow_null=True)
    article = serializers.CharField(source="article.name", read_only=True, allow_null=True)

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
