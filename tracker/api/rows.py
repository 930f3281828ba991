"""Commitment rows as the API shows them, read with `values()` and represented by one
serializer built once per process.

A list page used to build a model instance per row and copy the serializer's fields for each
request, which cost more than its SQL. Here the filtered queryset gives plain rows, one query
per batch adds the article names and code lists, and the same `CommitmentSerializer` fields
represent them, so lists, CSV and a single commitment stay one contract.
"""

from __future__ import annotations

import itertools
import zoneinfo
from collections.abc import Iterable, Iterator
from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.fields import DateTimeField

from tracker.api.serializers import CommitmentSerializer, RowView
from tracker.models import Commitment
from tracker.querysets import CODE_LISTS, _article_names_and_codes, _other_sources

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
    views = [RowView(row) for row in rows]
    _attach_codes(views, db)
    to_representation = commitment_serializer().to_representation
    return [to_representation(view) for view in views]


def represent_all(rows: Iterable[dict], db: str) -> Iterator[dict]:
    """`represent` over a stream of rows, one batch at a time."""
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH)):
        yield from represent(batch, db)


def _attach_codes(views: list[RowView], db: str) -> None:
    """Article names, sorted code lists, restatements and further sources, as
    `CommitmentCodesIterable` attaches them to model instances."""
    if not views:
        return
    for view in views:
        view.pk = view.id
    names, codes = _article_names_and_codes(Commitment, db, views)
    sources = _other_sources(Commitment, db, codes)
    for view in views:
        view.article_name = names.get(view.article_id)
        for attribute in CODE_LISTS:
            setattr(view, attribute, sorted(codes[attribute, view.id]))
        # The UNION's value column is text (codes): ids come back as strings.
        view.restated_ids = sorted(int(i) for i in codes["restated_ids", view.id])
        view.other_sources = [
            sources[i] for i in sorted(int(i) for i in codes["source_ids", view.id])
        ]
