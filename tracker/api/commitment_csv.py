"""Commitment exports written from a per-column plan over `values()` rows.

Representing each row through the serializer's fields, flattening it and then converting
every cell cost about 60 µs a row, three times what SQLite spends reading it. Here each
column of the export is one getter, chosen once per export, that reads its cell straight from
the row (with the code lists attached by `attach_codes`) in the form `csv_export.cell` gives
it; `csv.writer` gets the rows as tuples. The bytes are the serializer path's: a test compares
the two over every column, and a serializer field without a getter here fails the export.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from operator import itemgetter

from tracker.api.csv_export import BOM, FORMULA_STARTS, LIST_SEPARATOR, serializer_columns
from tracker.api.rows import BATCH, attach_row_codes, commitment_serializer
from tracker.api.serializers import partial_date_range
from tracker.models import format_partial_date

Getter = Callable[[dict], object]


def escaped(text: str) -> str:
    """Text a spreadsheet would take for a formula, prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def text(key: str) -> Getter:
    def get(row: dict) -> str:
        value = row[key]
        if value is None:
            return ""
        return "'" + value if value.startswith(FORMULA_STARTS) else value

    return get


def joined(key: str) -> Getter:
    """A list of codes or ids as one cell, items joined (a semicolon in one becomes a comma)."""

    def get(row: dict) -> str:
        return escaped(LIST_SEPARATOR.join([str(item).replace(";", ",") for item in row[key]]))

    return get


def flag(key: str) -> Getter:
    return lambda row: "" if (value := row[key]) is None else ("true" if value else "false")


def constant(value: str) -> Getter:
    return lambda row: value


def partial_date(row: dict) -> str:
    value = format_partial_date(row["target_date"], row["target_date_precision"])
    return "" if value is None else escaped(value)


def date_bound(last: bool) -> Getter:
    def get(row: dict) -> str:
        bounds = partial_date_range(row["target_date"], row["target_date_precision"])
        return "" if bounds is None else bounds[last].isoformat()

    return get


def reaffirms(row: dict) -> int | None:
    return row["reaffirms_id"] if row["reaffirms_confirmed"] else None


def suggestion(key: str) -> Getter:
    """A column of the link the importer suggested and no curator has confirmed yet."""

    def get(row: dict) -> object:
        if row["reaffirms_id"] is None or row["reaffirms_confirmed"]:
            return ""
        return row[key]

    return get


def source_items(field: str, own: str) -> Getter:
    """One field of every source as a list cell: the commitment's own (its `own` column)
    first, then the further sources."""

    def get(row: dict) -> str:
        others = row["other_sources"]
        if not others:
            # Most statements have one source: its item is the cell.
            value = row[own]
            return "" if value is None else escaped(str(value).replace(";", ","))
        items = [row[own], *(source[field] for source in others)]
        return escaped(
            LIST_SEPARATOR.join(
                ["" if item is None else str(item).replace(";", ",") for item in items]
            )
        )

    return get


def represented(key: str, name: str) -> Getter:
    """The serializer field `name`'s representation of `key` (decimals, date-times)."""
    to_representation = commitment_serializer().fields[name].to_representation

    def get(row: dict) -> str:
        value = row[key]
        return "" if value is None else str(to_representation(value))

    return get


def getters(assessed: bool) -> dict[str, Getter]:
    """Each column's getter; `assessed`: the rows carry `assessed_status` and `assessed_score`
    (the serializer reads the stored status and no score otherwise)."""
    own = itemgetter
    return {
        "id": own("id"),
        "meeting": own("shown_meeting"),
        "kind": text("kind"),
        "actors": joined("actor_codes"),
        "targets": joined("target_codes"),
        "text": text("text"),
        "sentence": text("sentence"),
        "article": text("article_name"),
        "start": own("start"),
        "end": own("end"),
        "topics": joined("topic_slugs"),
        "status": text("assessed_status" if assessed else "status"),
        "score": own("assessed_score") if assessed else constant(""),
        "review_state": text("review_state"),
        "amount": represented("amount", "amount"),
        "currency": text("currency"),
        "quantity_unit": text("quantity_unit"),
        "target_date": partial_date,
        "target_date_start": date_bound(last=False),
        "target_date_end": date_bound(last=True),
        "target_text": text("target_text"),
        "is_priority": flag("is_priority"),
        "reaffirms": reaffirms,
        "reaffirms_suggestion.id": suggestion("reaffirms_id"),
        "reaffirms_suggestion.score": suggestion("reaffirms_score"),
        "restated_by": joined("restated_ids"),
        "sources.article": source_items("article", own="article_name"),
        "sources.sentence": source_items("sentence", own="sentence"),
        "sources.start": source_items("start", own="start"),
        "sources.end": source_items("end", own="end"),
        "confidence": own("confidence"),
        "created_at": represented("created_at", "created_at"),
        "updated_at": represented("updated_at", "updated_at"),
    }


@cache
def columns() -> list[str]:
    return serializer_columns(commitment_serializer())


@cache
def plan(assessed: bool) -> tuple[Getter, ...]:
    """The getters in the serializer's column order; a column without one is an error here,
    not a silently empty cell."""
    by_column = getters(assessed)
    missing = [column for column in columns() if column not in by_column]
    if missing:
        raise LookupError(f"No CSV getter for the commitment columns {missing}.")
    return tuple(by_column[column] for column in columns())


def commitment_csv_lines(rows: Iterable[dict], db: str) -> Iterator[str]:
    """The export of `commitment_values` rows: the header line (with a BOM), then a batch of
    lines at a time, as `csv_export.csv_lines` writes the serializer's rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns())
    yield BOM + _drain(buffer)
    rows = iter(rows)
    steps: tuple[Getter, ...] | None = None
    while batch := list(itertools.islice(rows, BATCH)):
        attach_row_codes(batch, db)
        if steps is None:
            steps = plan("assessed_status" in batch[0])
        writer.writerows([tuple([get(row) for get in steps]) for row in batch])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
