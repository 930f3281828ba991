"""The commitment counts summary behind /api/stats/commitments/ (see `tracker.summary`).

Triggers on commitments, their actor/target/topic links and meetings mark each partition
(review state, kind, status, meeting year, meeting kind) that a write touches as stale, for
every write whatever code makes it; the app recomputes stale partitions before committing,
and the API counts raw rows while any is stale. The SQL is spelled out here, not imported,
so that this migration keeps doing what it did when the code moves on.
"""

from django.db import migrations, models

STALE = "tracker_stalecommitmentcount"
COLUMNS = "review_state, kind, status, year, meeting_kind"


def _year(vendor, column):
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(SUBSTR({column}, 1, 4) AS INTEGER)"


def _of_row(vendor, row):
    """The partition of commitment row `row` (NEW or OLD)."""
    meeting = f"FROM tracker_meeting m WHERE m.id = {row}.meeting_id"
    return (
        f"SELECT {row}.review_state, {row}.kind, {row}.status, "
        f"COALESCE((SELECT {_year(vendor, 'm.date')} {meeting}), 0), "
        f"COALESCE((SELECT m.kind {meeting}), '')"
    )


def _of_commitment(vendor, commitment_id):
    """The partition of the commitment with id `commitment_id`, read from the tables."""
    return (
        f"SELECT c.review_state, c.kind, c.status, COALESCE({_year(vendor, 'm.date')}, 0), "
        "COALESCE(m.kind, '') FROM tracker_commitment c "
        f"LEFT JOIN tracker_meeting m ON m.id = c.meeting_id WHERE c.id = {commitment_id}"
    )


def _of_meeting(vendor, row):
    """The partitions of meeting row `row`'s commitments, with that row's date and kind."""
    return (
        f"SELECT DISTINCT c.review_state, c.kind, c.status, "
        f"COALESCE({_year(vendor, row + '.date')}, 0), COALESCE({row}.kind, '') "
        f"FROM tracker_commitment c WHERE c.meeting_id = {row}.id"
    )


LINK_TABLES = [
    "tracker_commitment_actors",
    "tracker_commitment_targets",
    "tracker_commitment_topics",
]
COMMITMENT_CHANGED = (
    "OLD.review_state IS DISTINCT FROM NEW.review_state OR OLD.kind IS DISTINCT FROM NEW.kind "
    "OR OLD.status IS DISTINCT FROM NEW.status OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id"
)
MEETING_CHANGED = "OLD.date IS DISTINCT FROM NEW.date OR OLD.kind IS DISTINCT FROM NEW.kind"


def sqlite_triggers():
    mark = f"INSERT OR IGNORE INTO {STALE} ({COLUMNS}) "
    changed = lambda condition: condition.replace("IS DISTINCT FROM", "IS NOT")  # noqa: E731
    statements = [
        f"CREATE TRIGGER commitment_count_insert AFTER INSERT ON tracker_commitment "
        f"BEGIN {mark}{_of_row('sqlite', 'NEW')}; END",
        f"CREATE TRIGGER commitment_count_delete AFTER DELETE ON tracker_commitment "
        f"BEGIN {mark}{_of_row('sqlite', 'OLD')}; END",
        f"CREATE TRIGGER commitment_count_update AFTER UPDATE ON tracker_commitment "
        f"WHEN {changed(COMMITMENT_CHANGED)} "
        f"BEGIN {mark}{_of_row('sqlite', 'OLD')}; {mark}{_of_row('sqlite', 'NEW')}; END",
        f"CREATE TRIGGER commitment_count_meeting_update AFTER UPDATE ON tracker_meeting "
        f"WHEN {changed(MEETING_CHANGED)} "
        f"BEGIN {mark}{_of_meeting('sqlite', 'OLD')}; {mark}{_of_meeting('sqlite', 'NEW')}; END",
        f"CREATE TRIGGER commitment_count_meeting_delete AFTER DELETE ON tracker_meeting "
        f"BEGIN {mark}{_of_meeting('sqlite', 'OLD')}; END",
    ]
    for table in LINK_TABLES:
        statements += [
            f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} "
            f"BEGIN {mark}{_of_commitment('sqlite', 'NEW.commitment_id')}; END",
            f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} "
            f"BEGIN {mark}{_of_commitment('sqlite', 'OLD.commitment_id')}; END",
            f"CREATE TRIGGER {table}_count_update AFTER UPDATE ON {table} "
            f"BEGIN {mark}{_of_commitment('sqlite', 'OLD.commitment_id')}; "
            f"{mark}{_of_commitment('sqlite', 'NEW.commitment_id')}; END",
        ]
    return statements


def postgresql_triggers():
    mark = f"INSERT INTO {STALE} ({COLUMNS}) "
    done = " ON CONFLICT DO NOTHING;"
    function = (
        "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; "
        "IF TG_OP IN ('UPDATE', 'INSERT') THEN {new} END IF; "
        "RETURN NULL; END $$"
    )
    statements = [
        function.format(
            name="commitment_count_mark_commitment",
            old=mark + _of_row("postgresql", "OLD") + done,
            new=mark + _of_row("postgresql", "NEW") + done,
        ),
        function.format(
            name="commitment_count_mark_meeting",
            old=mark + _of_meeting("postgresql", "OLD") + done,
            new=mark + _of_meeting("postgresql", "NEW") + done,
        ),
        function.format(
            name="commitment_count_mark_link",
            old=mark + _of_commitment("postgresql", "OLD.commitment_id") + done,
            new=mark + _of_commitment("postgresql", "NEW.commitment_id") + done,
        ),
        "CREATE TRIGGER commitment_count_insert_delete AFTER INSERT OR DELETE "
        "ON tracker_commitment FOR EACH ROW EXECUTE FUNCTION commitment_count_mark_commitment()",
        "CREATE TRIGGER commitment_count_update AFTER UPDATE ON tracker_commitment FOR EACH ROW "
        f"WHEN ({COMMITMENT_CHANGED}) EXECUTE FUNCTION commitment_count_mark_commitment()",
        "CREATE TRIGGER commitment_count_meeting_update AFTER UPDATE ON tracker_meeting "
        f"FOR EACH ROW WHEN ({MEETING_CHANGED}) EXECUTE FUNCTION commitment_count_mark_meeting()",
        "CREATE TRIGGER commitment_count_meeting_delete AFTER DELETE ON tracker_meeting "
        "FOR EACH ROW EXECUTE FUNCTION commitment_count_mark_meeting()",
    ]
    for table in LINK_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_count AFTER INSERT OR DELETE OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION commitment_count_mark_link()"
        )
    return statements


def drop_statements(vendor):
    names = [
        "commitment_count_insert",
        "commitment_count_delete",
        "commitment_count_update",
        "commitment_count_insert_delete",
        "commitment_count_meeting_update",
        "commitment_count_meeting_delete",
    ]
    tables = {
        "commitment_count_meeting_update": "tracker_meeting",
        "commitment_count_meeting_delete": "tracker_meeting",
    }
    if vendor == "postgresql":
        statements = [
            f"DROP TRIGGER IF EXISTS {name} ON {tables.get(name, 'tracker_commitment')}"
            for name in names
        ]
        statements += [f"DROP TRIGGER IF EXISTS {t}_count ON {t}" for t in LINK_TABLES]
        statements += [
            f"DROP FUNCTION IF EXISTS commitment_count_mark_{what}()"
            for what in ("commitment", "meeting", "link")
        ]
        return statements
    statements = [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    for table in LINK_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_count_{op}" for op in ("insert", "delete", "update")
        ]
    return statements


def install_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = postgresql_triggers() if vendor == "postgresql" else sqlite_triggers()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def remove_triggers(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def fill_summary(apps, schema_editor):
    from tracker.summary import rebuild

    rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0011_meeting_kind_other_participant_side"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommitmentCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "grain",
                    models.PositiveSmallIntegerField(
                        help_text="Which of actor, target, topic the row is split by.",
                        verbose_name="grain",
                    ),
                ),
                ("review_state", models.CharField(max_length=16, verbose_name="review state")),
                ("kind", models.CharField(max_length=16, verbose_name="kind")),
                ("status", models.CharField(max_length=24, verbose_name="status")),
                (
                    "year",
                    models.IntegerField(
                        help_text="0: no meeting or no date.", verbose_name="meeting year"
                    ),
                ),
                (
                    "meeting_kind",
                    models.CharField(blank=True, max_length=32, verbose_name="meeting kind"),
                ),
                ("actor", models.IntegerField(default=0, verbose_name="actor party id")),
                ("target", models.IntegerField(default=0, verbose_name="target party id")),
                ("topic", models.IntegerField(default=0, verbose_name="topic id")),
                ("count", models.IntegerField(verbose_name="commitments")),
            ],
            options={
                "verbose_name": "commitment count",
                "verbose_name_plural": "commitment counts",
                "indexes": [
                    models.Index(
                        fields=[
                            "grain",
                            "review_state",
                            "year",
                            "kind",
                            "status",
                            "meeting_kind",
                            "actor",
                            "target",
                            "topic",
                            "count",
                        ],
                        name="commitment_count_report",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "review_state",
                            "kind",
                            "status",
                            "year",
                            "meeting_kind",
                            "grain",
                            "actor",
                            "target",
                            "topic",
                        ),
                        name="commitment_count_unique_cell",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("count__gt", 0)), name="commitment_count_positive"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="StaleCommitmentCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("review_state", models.CharField(max_length=16, verbose_name="review state")),
                ("kind", models.CharField(max_length=16, verbose_name="kind")),
                ("status", models.CharField(max_length=24, verbose_name="status")),
                ("year", models.IntegerField(verbose_name="meeting year")),
                (
                    "meeting_kind",
                    models.CharField(blank=True, max_length=32, verbose_name="meeting kind"),
                ),
            ],
            options={
                "verbose_name": "stale commitment count",
                "verbose_name_plural": "stale commitment counts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("review_state", "kind", "status", "year", "meeting_kind"),
                        name="stale_commitment_count_unique_partition",
                    )
                ],
            },
        ),
        migrations.RunPython(install_triggers, remove_triggers),
        migrations.RunPython(fill_summary, migrations.RunPython.noop),
    ]
