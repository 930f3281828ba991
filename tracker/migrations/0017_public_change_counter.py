"""A counter of writes that change what anonymous clients may see (see `tracker.cache`).

The API's server cache must forget its answers when public data changes, and only then:
bumping it on every write (imports write unreviewed rows all the time) left little cached
while imports ran. Triggers add one to `tracker_publicchange.version` in the writing
transaction whenever a row a public answer can show is inserted, updated or deleted: a
confirmed commitment, meeting or follow-up; a participant or source of a confirmed meeting;
a source or actor/target/topic link of a confirmed commitment; an article that is the source
of something confirmed (updated or deleted); any party, alias or topic. Triggers see every
write, bulk ones included, whatever code makes it. The SQL is spelled out here, not
imported, so that this migration keeps doing what it did when the code moves on.
"""

from django.db import migrations

COUNTER = "tracker_publicchange"
BUMP = f"UPDATE {COUNTER} SET version = version + 1 WHERE id = 1"
CONFIRMED = "'confirmed'"


def _confirmed_meeting(column):
    return (
        f"EXISTS (SELECT 1 FROM tracker_meeting m WHERE m.id = {column} "
        f"AND m.review_state = {CONFIRMED})"
    )


def _confirmed_commitment(column):
    return (
        f"EXISTS (SELECT 1 FROM tracker_commitment c WHERE c.id = {column} "
        f"AND c.review_state = {CONFIRMED})"
    )


def _public_article(row):
    return (
        f"(EXISTS (SELECT 1 FROM tracker_commitment c WHERE c.article_id = {row}.id "
        f"AND c.review_state = {CONFIRMED}) "
        f"OR EXISTS (SELECT 1 FROM tracker_meetingsource s JOIN tracker_meeting m "
        f"ON m.id = s.meeting_id WHERE s.article_id = {row}.id AND m.review_state = {CONFIRMED}) "
        f"OR EXISTS (SELECT 1 FROM tracker_followup f WHERE f.article_id = {row}.id "
        f"AND f.review_state = {CONFIRMED}))"
    )


# Table -> (operations watched, condition on the row R, spelled with "R." for NEW or OLD).
WATCHED = {
    "tracker_commitment": ("INSERT UPDATE DELETE", f"R.review_state = {CONFIRMED}"),
    "tracker_meeting": ("INSERT UPDATE DELETE", f"R.review_state = {CONFIRMED}"),
    "tracker_followup": ("INSERT UPDATE DELETE", f"R.review_state = {CONFIRMED}"),
    "tracker_participant": ("INSERT UPDATE DELETE", _confirmed_meeting("R.meeting_id")),
    "tracker_meetingsource": ("INSERT UPDATE DELETE", _confirmed_meeting("R.meeting_id")),
    "tracker_commitmentsource": ("INSERT UPDATE DELETE", _confirmed_commitment("R.commitment_id")),
    "tracker_commitment_actors": ("INSERT UPDATE DELETE", _confirmed_commitment("R.commitment_id")),
    "tracker_commitment_targets": (
        "INSERT UPDATE DELETE",
        _confirmed_commitment("R.commitment_id"),
    ),
    "tracker_commitment_topics": ("INSERT UPDATE DELETE", _confirmed_commitment("R.commitment_id")),
    # A new article is nobody's source yet; the rows that make it one are watched above.
    "tracker_article": ("UPDATE DELETE", _public_article("R")),
    "tracker_party": ("INSERT UPDATE DELETE", "1 = 1"),
    "tracker_partyalias": ("INSERT UPDATE DELETE", "1 = 1"),
    "tracker_topic": ("INSERT UPDATE DELETE", "1 = 1"),
}


def _on(condition, row):
    return condition.replace("R.", f"{row}.")


def _when(operation, condition):
    """The condition on the rows an operation has: NEW, OLD or both."""
    if operation == "INSERT":
        return _on(condition, "NEW")
    if operation == "DELETE":
        return _on(condition, "OLD")
    return f"({_on(condition, 'OLD')}) OR ({_on(condition, 'NEW')})"


def sqlite_triggers():
    return [
        f"CREATE TRIGGER {table}_public_{operation.lower()} AFTER {operation} ON {table} "
        f"WHEN {_when(operation, condition)} BEGIN {BUMP}; END"
        for table, (operations, condition) in WATCHED.items()
        for operation in operations.split()
    ]


def postgresql_triggers():
    statements = []
    for table, (operations, condition) in WATCHED.items():
        checks = " ".join(
            f"IF TG_OP = '{operation}' THEN IF {_when(operation, condition)} THEN {BUMP}; END IF; "
            "END IF;"
            for operation in operations.split()
        )
        statements += [
            f"CREATE FUNCTION {table}_public() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{checks} RETURN NULL; END $$",
            f"CREATE TRIGGER {table}_public AFTER {' OR '.join(operations.split())} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_public()",
        ]
    return statements


def drop_statements(vendor):
    if vendor == "postgresql":
        return [
            statement
            for table in WATCHED
            for statement in (
                f"DROP TRIGGER IF EXISTS {table}_public ON {table}",
                f"DROP FUNCTION IF EXISTS {table}_public()",
            )
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_public_{operation.lower()}"
        for table, (operations, _) in WATCHED.items()
        for operation in operations.split()
    ]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        f"CREATE TABLE {COUNTER} (id integer PRIMARY KEY, version bigint NOT NULL)", params=None
    )
    schema_editor.execute(f"INSERT INTO {COUNTER} (id, version) VALUES (1, 0)", params=None)
    statements = postgresql_triggers() if vendor == "postgresql" else sqlite_triggers()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def remove(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
    schema_editor.execute(f"DROP TABLE IF EXISTS {COUNTER}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0016_meeting_resolution_recent"),
    ]

    operations = [migrations.RunPython(install, remove)]
