"""PostgreSQL: keep each commitment's folded search document in a stored column.

The expression index of 0003 let PostgreSQL find matches, but whenever it walked commitments
in id order to fill a page it recomputed unaccent and to_tsvector for every row it passed
(60 ms for a common word over 100,000 commitments). A generated column is computed once per
write; Django does not know the column, so nothing else changes. SQLite keeps its FTS5 table.
"""

from django.db import migrations

DOCUMENT = "to_tsvector('simple'::regconfig, tracker_fold(text || ' ' || sentence))"
FORWARD = [
    f"""
    ALTER TABLE tracker_commitment
    ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED
    """,
    "CREATE INDEX commitment_search_document ON tracker_commitment USING gin (search_document)",
    "DROP INDEX IF EXISTS commitment_search",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS commitment_search ON tracker_commitment USING gin ({DOCUMENT})",
    "DROP INDEX IF EXISTS commitment_search_document",
    "ALTER TABLE tracker_commitment DROP COLUMN IF EXISTS search_document",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0007_report_indexes")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
