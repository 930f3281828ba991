"""Full-text search over commitments that ignores diacritics and case, on both databases.

PostgreSQL: a GIN index over `to_tsvector('simple', tracker_fold(text || ' ' || sentence))`,
where `tracker_fold` is lower(unaccent()). SQLite: an FTS5 table kept in step by triggers,
whose `unicode61 remove_diacritics 2` tokenizer strips Vietnamese tone and vowel marks; "đ",
which Unicode does not decompose, is replaced by "d" on the way in.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
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
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS commitment_search",
    "DROP FUNCTION IF EXISTS tracker_fold(text)",
]

SQLITE_BODY = "replace(replace({row}.text || ' ' || {row}.sentence, 'đ', 'd'), 'Đ', 'D')"
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE tracker_commitment_fts
    USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')
    """,
    f"""
    INSERT INTO tracker_commitment_fts (rowid, body)
    SELECT id, {SQLITE_BODY.format(row="tracker_commitment")} FROM tracker_commitment
    """,
    f"""
    CREATE TRIGGER tracker_commitment_fts_insert AFTER INSERT ON tracker_commitment BEGIN
        INSERT INTO tracker_commitment_fts (rowid, body) VALUES (new.id, {SQLITE_BODY.format(row="new")});
    END
    """,
    """
    CREATE TRIGGER tracker_commitment_fts_delete AFTER DELETE ON tracker_commitment BEGIN
        DELETE FROM tracker_commitment_fts WHERE rowid = old.id;
    END
    """,
    f"""
    CREATE TRIGGER tracker_commitment_fts_update AFTER UPDATE OF text, sentence
    ON tracker_commitment BEGIN
        DELETE FROM tracker_commitment_fts WHERE rowid = old.id;
        INSERT INTO tracker_commitment_fts (rowid, body) VALUES (new.id, {SQLITE_BODY.format(row="new")});
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tracker_commitment_fts_insert",
    "DROP TRIGGER IF EXISTS tracker_commitment_fts_delete",
    "DROP TRIGGER IF EXISTS tracker_commitment_fts_update",
    "DROP TABLE IF EXISTS tracker_commitment_fts",
]


def run(postgresql, sqlite):
    def apply(apps, schema_editor):
        statements = {"postgresql": postgresql, "sqlite": sqlite}.get(
            schema_editor.connection.vendor, []
        )
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracker", "0002_reference_data")]

    operations = [
        migrations.RunPython(
            run(POSTGRESQL_FORWARD, SQLITE_FORWARD),
            run(POSTGRESQL_BACKWARD, SQLITE_BACKWARD),
            elidable=False,
        )
    ]
