"""Diacritic-insensitive full-text search on PostgreSQL; SQLite folds in Python instead."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE; an index needs an IMMUTABLE wrapper naming its dictionary.
    """
    CREATE OR REPLACE FUNCTION tracker_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
    """,
    """
    CREATE INDEX IF NOT EXISTS commitment_search ON tracker_commitment
    USING gin (to_tsvector('simple'::regconfig, tracker_fold(text || ' ' || sentence)))
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS commitment_search",
    "DROP FUNCTION IF EXISTS tracker_fold(text)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0002_reference_data")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
