"""The benchmark data set, and what keeps reporting queries on indexes as data grows."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.database import refresh_planner_statistics
from tracker.models import Commitment, FollowUp, Meeting, ReviewState

pytestmark = pytest.mark.django_db


def _analyzed_rows(table: str) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return int(cursor.fetchone()[0])
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL", [table])
        row = cursor.fetchone()
        if row is None:  # SQLite records the row count with each index instead
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
        return int(row[0].split()[0]) if row else -1


def test_generate_data_adds_the_requested_volume_and_informs_the_planner(client):
    call_command("generate_data", meetings=12, commitments=240, seed=7, verbosity=0)

    assert Meeting.objects.count() == 12
    assert Commitment.objects.count() == 240
    assert FollowUp.objects.exists()
    assert _analyzed_rows("tracker_commitment") == 240
    confirmed = Commitment.objects.filter(review_state=ReviewState.CONFIRMED).count()
    body = client.get("/api/stats/commitments/?group_by=kind").json()
    assert body["total"] == confirmed
    assert sum(row["count"] for row in body["results"]) == confirmed


def test_refreshing_statistics_sees_rows_added_since():
    call_command("generate_data", meetings=3, commitments=30, seed=1, verbosity=0)
    call_command("generate_data", meetings=3, commitments=45, seed=2, verbosity=0)
    refresh_planner_statistics()

    assert _analyzed_rows("tracker_commitment") == 75


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's plan; PostgreSQL's depends on size"
)
def test_counting_and_grouping_read_indexes_not_commitment_rows():
    call_command("generate_data", meetings=10, commitments=300, seed=3, verbosity=0)
    visible = Commitment.objects.filter(review_state=ReviewState.CONFIRMED)
    with CaptureQueriesContext(connection) as grouping:
        visible.with_assessment().count_by("kind", "year")
    by_actor = visible.filter(
        pk__in=Commitment.actors.through.objects.filter(party_id=1).values("commitment_id")
    )
    with CaptureQueriesContext(connection) as listing:
        list(by_actor.values("pk"))
    sqls = [grouping.captured_queries[0]["sql"], listing.captured_queries[0]["sql"]]

    with connection.cursor() as cursor:
        plans = []
        for sql in sqls:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plans.append(" | ".join(row[-1] for row in cursor.fetchall()))

    assert "COVERING INDEX commitment_report_columns" in plans[0], plans[0]
    assert "COVERING INDEX commitment_actors_by_party" in plans[1], plans[1]
