"""The commitment counts summary (`CommitmentCount`): kept, rebuilt and read.

Rows count commitments per (review state, kind, status, meeting year, meeting kind) and, in
the grains that split by one of them, per actor, target or topic. A *partition* is one
(review state, kind, status, year, meeting kind): every commitment belongs to exactly one, so
a partition's rows can be recomputed from that partition's commitments alone.

How it stays exact: triggers on the commitment, link and meeting tables (migration 0012)
record every partition a write touches in `StaleCommitmentCount`, whatever code wrote. The
write paths (import, review decisions, follow-ups, merges and splits, admin saves) call
`refresh` before their transaction commits, which recomputes those partitions. The stats API
uses the summary only while nothing is stale; otherwise, and for filters the summary cannot
answer, it counts the raw rows. A write that forgets to refresh costs speed, never accuracy.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connections, transaction
from django.db.models import Exists, OuterRef, QuerySet, Sum

from tracker.models import Commitment, CommitmentCount, Meeting, StaleCommitmentCount
from tracker.querysets import counted_states

# Grain number -> the link it splits by. Only one link per grain: a commitment has several
# topics and actors, so splitting by two multiplies rows until the summary is as large as
# the raw data (actor x topic at 100,000 commitments) and no faster to read.
GRAINS = {0: None, 1: "actor", 2: "target", 4: "topic"}
GRAIN_OF = {link: grain for grain, link in GRAINS.items() if link}
LINKS = {
    "actor": (Commitment.actors.through._meta.db_table, "party_id"),
    "target": (Commitment.targets.through._meta.db_table, "party_id"),
    "topic": (Commitment.topics.through._meta.db_table, "topic_id"),
}
PARTITION = ("review_state", "kind", "status", "year", "meeting_kind")
CELL = (*PARTITION, "grain", "actor", "target", "topic")
COMMITMENTS = Commitment._meta.db_table
MEETINGS = Meeting._meta.db_table
SUMMARY = CommitmentCount._meta.db_table
STALE = StaleCommitmentCount._meta.db_table


def year_sql(vendor: str, column: str) -> str:
    """The year of a date column, as `YearOf` computes it for the raw path."""
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(SUBSTR({column}, 1, 4) AS INTEGER)"


def _insert_sql(vendor: str, chosen: str) -> str:
    """INSERT the summary rows of the commitments that the SELECT `chosen` returns (columns
    id, review_state, kind, status, year, meeting_kind)."""
    parts = []
    for grain, link in GRAINS.items():
        joins, values = "", {"actor": "0", "target": "0", "topic": "0"}
        if link:
            table, column = LINKS[link]
            joins = f" LEFT JOIN {table} l ON l.commitment_id = c.id"
            values[link] = f"COALESCE(l.{column}, 0)"
        parts.append(
            f"SELECT c.review_state, c.kind, c.status, c.year, c.meeting_kind, {grain}, "
            f"{values['actor']}, {values['target']}, {values['topic']}, COUNT(*) "
            f"FROM chosen c{joins} "
            # Literal zeros stay out of GROUP BY, where a number names an output column.
            f"GROUP BY c.review_state, c.kind, c.status, c.year, c.meeting_kind"
            + (f", {values[link]}" if link else "")
        )
    columns = ", ".join((*CELL, "count"))
    return f"WITH chosen AS ({chosen}) INSERT INTO {SUMMARY} ({columns}) " + " UNION ALL ".join(
        parts
    )


def _chosen_sql(vendor: str, where: str = "") -> str:
    return (
        f"SELECT c.id, c.review_state, c.kind, c.status, "
        f"COALESCE({year_sql(vendor, 'm.date')}, 0) AS year, "
        f"COALESCE(m.kind, '') AS meeting_kind "
        f"FROM {COMMITMENTS} c LEFT JOIN {MEETINGS} m ON m.id = c.meeting_id {where}"
    )


def _partition_where(partition: tuple) -> tuple[str, list]:
    """The commitments of one partition, reached through their meetings' year and kind so
    that both databases walk the meeting and (meeting, review state, kind, status) indexes
    instead of every commitment of a common (review state, kind, status)."""
    review_state, kind, status, year, meeting_kind = partition
    where = "WHERE c.review_state = %s AND c.kind = %s AND c.status = %s AND "
    params: list = [review_state, kind, status]
    if not meeting_kind:
        return where + "c.meeting_id IS NULL", params
    if year:
        dated = "m2.date >= %s AND m2.date <= %s"
        params += [meeting_kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31)]
    else:
        dated = "m2.date IS NULL"
        params += [meeting_kind]
    return (
        where + f"c.meeting_id IN (SELECT m2.id FROM {MEETINGS} m2 WHERE m2.kind = %s AND {dated})",
        params,
    )


def _lock(cursor, vendor: str) -> None:
    # On PostgreSQL, writers that mark partitions wait until this transaction commits, so no
    # partition can be marked between reading the stale list and emptying it. SQLite has one
    # writer at a time already.
    if vendor == "postgresql":
        cursor.execute(f"LOCK TABLE {STALE} IN EXCLUSIVE MODE")


def refresh(using: str = "default") -> int:
    """Recompute every stale partition; returns how many. Call it inside the transaction of
    a write so the summary commits with the data (it opens one if there is none)."""
    connection = connections[using]
    vendor = connection.vendor
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {STALE} LIMIT 1")
        if cursor.fetchone() is None:
            return 0
        _lock(cursor, vendor)
        cursor.execute(f"SELECT {', '.join(PARTITION)} FROM {STALE}")
        partitions = cursor.fetchall()
        for partition in partitions:
            cursor.execute(
                f"DELETE FROM {SUMMARY} WHERE "
                + " AND ".join(f"{column} = %s" for column in PARTITION),
                list(partition),
            )
            where, params = _partition_where(partition)
            cursor.execute(_insert_sql(vendor, _chosen_sql(vendor, where)), params)
        cursor.execute(f"DELETE FROM {STALE}")
    return len(partitions)


def rebuild(using: str = "default") -> int:
    """Recompute the whole summary from the commitments; returns its number of rows."""
    connection = connections[using]
    vendor = connection.vendor
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _lock(cursor, vendor)
        cursor.execute(f"DELETE FROM {SUMMARY}")
        cursor.execute(_insert_sql(vendor, _chosen_sql(vendor)))
        cursor.execute(f"DELETE FROM {STALE}")
        cursor.execute(f"SELECT COUNT(*) FROM {SUMMARY}")
        return cursor.fetchone()[0]


def is_current(using: str = "default") -> bool:
    return not StaleCommitmentCount.objects.using(using).exists()


# --- reading ------------------------------------------------------------------------------

# Filters the summary can answer, by their name in the commitment FilterSet. Any other filter
# with a value sends the query down the raw path, including filters added later.
LINK_FILTERS = ("actor", "target", "topic")
SCALAR_FILTERS = {"kind": "kind", "status": "status", "meeting_kind": "meeting_kind"}


def _is_empty(value) -> bool:
    """An unused filter. A party or topic filter's value is a QuerySet that validating the
    codes has already read (or `none()`, which needs no query)."""
    if value is None or isinstance(value, str):
        return not value
    if isinstance(value, list | tuple | set | QuerySet):
        return not value
    return False


MEETING_DIMENSIONS = frozenset({"year", "meeting_kind"})
MEETING_FILTERS = ("year", "meeting_kind", "date_from", "date_to")


def summary_applies(states: list[str]) -> bool:
    """Whether the summary's statuses are those a client seeing `states` gets: it holds each
    commitment's stored status, which follows confirmed follow-ups only; staff who count
    unreviewed follow-ups get statuses replayed from them, down the raw path."""
    return counted_states(states) == counted_states()


def _hidden_meeting_in_use(states: list[str], using: str) -> Exists:
    """A commitment in `states` belongs to a meeting outside them. The summary holds that
    meeting's year and kind, which the raw path does not show such a client. Few meetings are
    unreviewed: the check starts from them, not from every commitment."""
    return Exists(
        Meeting.objects.using(using)
        .exclude(review_state__in=states)
        .filter(Exists(Commitment.objects.filter(meeting=OuterRef("pk"), review_state__in=states)))
    )


def summary_counts(
    dimensions: list[str], states: list[str], filters: dict, *, using: str = "default"
) -> tuple[list[tuple], int] | None:
    """Group counts from the summary: rows of (value per dimension..., count) with party and
    topic ids (None for none), and the number of distinct commitments they cover; or None
    when the filters ask for more than the summary knows, or when it is stale.

    A link filter (actor, target, topic) is answerable with one value and not grouped by:
    each commitment then appears once, in that link's grain. Dates must cover whole years.
    """
    links = [name for name in LINK_FILTERS if not _is_empty(filters.get(name))]
    grouped_links = [name for name in dimensions if name in GRAIN_OF]
    if len(links) + len(grouped_links) > 1:
        return None
    conditions: dict = {"review_state__in": states}
    for name, value in filters.items():
        if _is_empty(value):
            continue
        if name in SCALAR_FILTERS:
            conditions[f"{SCALAR_FILTERS[name]}__in"] = list(value)
        elif name == "year":
            conditions["year"] = value
        elif name == "date_from" and (value.month, value.day) == (1, 1):
            conditions["year__gte"] = max(value.year, 1)
        elif name == "date_to" and (value.month, value.day) == (12, 31):
            conditions["year__range"] = (1, value.year)
        elif name in LINK_FILTERS:
            chosen = list(value)
            if len(chosen) != 1:
                return None
            conditions[name] = chosen[0].pk
        else:
            return None
    if "year__gte" in conditions and "year__range" in conditions:
        conditions["year__range"] = (conditions.pop("year__gte"), conditions["year__range"][1])
    total_grain = GRAIN_OF[links[0]] if links else 0
    grain = GRAIN_OF[grouped_links[0]] if grouped_links else total_grain
    cells = CommitmentCount.objects.using(using).filter(**conditions)
    unusable = Exists(StaleCommitmentCount.objects.using(using).all())
    if MEETING_DIMENSIONS & set(dimensions) or any(
        not _is_empty(filters.get(name)) for name in MEETING_FILTERS
    ):
        unusable |= _hidden_meeting_in_use(states, using)
    # One query: the check rides along with the counts.
    rows = list(
        cells.filter(grain=grain)
        .values(*dimensions)
        .annotate(n=Sum("count"), unusable=unusable)
        .values_list(*dimensions, "n", "unusable")
        .order_by()
    )
    if not rows or rows[0][-1]:
        # Stale, showing a hidden meeting, or nothing matched (which a stale summary could
        # also mean): count raw rows.
        return None
    rows = [tuple(_none_for_zero(dimensions, row[:-1])) for row in rows]
    if set(dimensions) <= SINGLE_VALUED_SUMMARY:
        total = sum(row[-1] for row in rows)
    else:
        total = cells.filter(grain=total_grain).aggregate(n=Sum("count"))["n"] or 0
    return rows, total


SINGLE_VALUED_SUMMARY = frozenset({"kind", "status", "year", "meeting_kind"})
SENTINELS = {"actor": 0, "target": 0, "topic": 0, "year": 0, "meeting_kind": ""}


def _none_for_zero(dimensions: Iterable[str], row: tuple):
    for name, value in zip(dimensions, row, strict=False):
        yield None if name in SENTINELS and value == SENTINELS[name] else value
    yield row[-1]
