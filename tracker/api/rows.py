"""Commitment rows as the API shows them, read with `values()` and represented by one
serializer built once per process.

A list page used to build a model instance per row and copy the serializer's fields for each
request, which cost more than its SQL. Here the filtered queryset gives plain rows, one query
per batch adds the article names and code lists, and the same `CommitmentSerializer` fields
represent them, so lists and a single commitment stay one contract (exports are written from
these rows by `commitment_csv`, tested against the serializer).
"""

from __future__ import annotations

import datetime
import zoneinfo
from functools import cache, lru_cache

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.fields import DateTimeField

from tracker.api.filters import assessed
from tracker.api.serializers import CommitmentSerializer, RowView
from tracker.models import Commitment
from tracker.querysets import attach_codes

# The commitment's own columns the serializer reads (foreign keys as their ids).
COLUMNS = (
    "id",
    "kind",
    "text",
    "sentence",
    "start",
    "end",
    "status",
    "review_state",
    "amount",
    "currency",
    "quantity_unit",
    "target_date",
    "target_date_precision",
    "target_text",
    "is_priority",
    "reaffirms_id",
    "reaffirms_confirmed",
    "reaffirms_score",
    "confidence",
    "created_at",
    "updated_at",
    "article_id",
)
# Annotations of `Commitment.objects.visible()` and `with_assessment()` that it reads.
ANNOTATIONS = ("shown_meeting", "assessed_status", "assessed_score")
BATCH = 2000


def commitment_values(queryset: QuerySet) -> QuerySet:
    """The filtered, ordered commitments as dicts of what the API shows of each."""
    annotations = [name for name in ANNOTATIONS if name in queryset.query.annotations]
    return queryset.values(*COLUMNS, *annotations)


@lru_cache(maxsize=32)
def visible_rows(states: tuple[str, ...], as_of: datetime.date | None) -> QuerySet:
    """Every commitment in `states` as `values()` rows with what a client allowed those states
    reads of it (its meeting, status and score as of `as_of`), unordered; filter it by id.

    Built once per process for each (states, as_of): building the annotations' expressions
    cost more than a page's query. The queryset is never evaluated itself (each `filter`
    returns a new one), so sharing it holds no rows.
    """
    visible = Commitment.objects.visible(states)
    return commitment_values(assessed(visible, as_of, states).order_by())


@cache
def commitment_serializer() -> CommitmentSerializer:
    """One instance serves every request of the process: no field of it reads the request.

    Its date-times are written in the settings' time zone, looked up once (DRF asks Django
    for the current one per value; nothing here activates another).
    """
    serializer = CommitmentSerializer()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for field in serializer.fields.values():
        if isinstance(field, DateTimeField):
            field.timezone = zone
    return serializer


def represent(rows: list[dict], db: str) -> list[dict]:
    """Rows of `commitment_values` as the API writes them."""
    views = attach_row_codes(rows, db)
    to_representation = commitment_serializer().to_representation
    return [to_representation(view) for view in views]


def attach_row_codes(rows: list[dict], db: str) -> list[RowView]:
    """Article names, code lists, restatements and further sources added to each row (as
    `CommitmentCodesIterable` attaches them to model instances); the rows as views."""
    views = [RowView(row) for row in rows]
    for view in views:
        view.pk = view.id
    attach_codes(Commitment, db, views)
    return views
