"""Keeping the database's query planner informed after bulk writes."""

from __future__ import annotations

from django.db import connections, transaction

TABLES = [
    "tracker_meeting",
    "tracker_participant",
    "tracker_commitment",
    "tracker_commitment_actors",
    "tracker_commitment_targets",
    "tracker_commitment_topics",
    "tracker_followup",
    "tracker_commitmentcount",
]


def refresh_planner_statistics(using: str = "default") -> None:
    """Analyze the tracker's tables after a bulk load.

    Without statistics both databases pick poor plans for the API's counts and groupings
    (PostgreSQL scanned the wide commitment rows instead of an index). On PostgreSQL a
    VACUUM also marks the new rows visible, which index-only scans need; it cannot run in a
    transaction, so inside one (a test) only ANALYZE runs.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = (
                "ANALYZE"
                if transaction.get_connection(using).in_atomic_block
                else ("VACUUM ANALYZE")
            )
            for table in TABLES:
                cursor.execute(f"{command} {table}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
