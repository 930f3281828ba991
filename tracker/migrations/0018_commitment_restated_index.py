"""An index of the commitments that restate another, for "which commitments restate these?".

The API asks it for every page (`restated_by`). Nearly every commitment restates nothing, so
the foreign key's own index holds mostly NULLs, and SQLite's statistics then made that index
look useless: it scanned the confirmed commitments instead, 64 ms a page at 100,000. An index
of the non-null values alone has true statistics (0.1 ms). Plain SQL, as the model does not
declare it (`Commitment.Meta.indexes` could, as `condition=Q(reaffirms__isnull=False)`).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0017_public_change_counter"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX commitment_restated ON tracker_commitment (reaffirms_id) "
            "WHERE reaffirms_id IS NOT NULL",
            "DROP INDEX commitment_restated",
        )
    ]
