"""Indexes that let the API count and group many commitments from indexes alone.

The link tables of actors, targets and topics get an index led by the party or topic, so
`actor=JP` finds its commitments without reading the link rows; commitments get one index
holding every column the common filters and groupings read.
"""

from django.db import migrations, models

LINK_INDEXES = [
    ("commitment_actors_by_party", "tracker_commitment_actors", "party_id"),
    ("commitment_targets_by_party", "tracker_commitment_targets", "party_id"),
    ("commitment_topics_by_topic", "tracker_commitment_topics", "topic_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0006_commitment_state_meeting_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="commitment",
            name="commitment_state_meeting",
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["review_state", "kind", "status", "meeting", "id"],
                name="commitment_report_columns",
            ),
        ),
        *(
            migrations.RunSQL(
                f"CREATE INDEX {name} ON {table} ({column}, commitment_id)",
                reverse_sql=f"DROP INDEX {name}",
            )
            for name, table, column in LINK_INDEXES
        ),
    ]
