"""Whole-database backups: everything curated (and the accounts and history around it) to one
gzipped XML file, and back into an empty database, row for row.

XML rather than JSON: Django's JSON encoder cuts timestamps to milliseconds, so a restored
database would not answer the API exactly as the original did.

A restore writes the backup's rows and nothing else. The history tables are restored from the
backup, so the history recorders are switched off while it runs: otherwise replacing the
reference rows and setting each commitment's actors, targets and topics recorded deletions
and changes the source never had, and the recorded link rows collided with the restored ones.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.xml_serializer import DefusedXmlException
from django.db import DatabaseError, transaction
from django.test.utils import override_settings

from tracker import summary

# Reference rows are recreated by the migrations with their own primary keys; the backup's rows
# replace them so that every foreign key in the backup keeps pointing at the right party.
REFERENCE_MODELS = ("tracker.PartyAlias", "tracker.Party", "tracker.Topic")
CONTENT_MODELS = ("tracker.Article", "tracker.Meeting", "tracker.Commitment", "tracker.FollowUp")
INCLUDED = ("tracker", "auth.group", "auth.user", "admin.logentry")
# Derived from the rest: a restore rebuilds them.
EXCLUDED = ("tracker.CommitmentCount", "tracker.StaleCommitmentCount")
FORMAT = "xml"


class BackupError(Exception):
    pass


def backup_dump() -> str:
    """Everything a backup holds, as the XML text it stores: every row of the tracker's tables
    (history and link history included), the users and groups, and the admin's log. Rows come
    in primary-key order, so two databases with the same rows give the same text."""
    buffer = io.StringIO()
    call_command(
        "dumpdata",
        *INCLUDED,
        exclude=list(EXCLUDED),
        natural_foreign=True,
        format=FORMAT,
        stdout=buffer,
        verbosity=0,
    )
    return buffer.getvalue()


def backup_export(*, path: Path) -> int:
    """Write the backup to `path`; returns the number of objects written."""
    data = backup_dump()
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(data)
    return sum(1 for _ in serializers.deserialize(FORMAT, data, ignorenonexistent=True))


def backup_restore(*, path: Path) -> int:
    """Load a backup into a database that holds no articles, meetings or commitments yet."""
    for label in CONTENT_MODELS:
        if apps.get_model(label).objects.exists():
            raise BackupError(
                f"The database already holds {label.split('.')[1]} rows: restore only into an "
                "empty, migrated database (nothing was changed)."
            )
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = handle.read()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path}: not a readable backup file ({exc}).") from exc
    try:
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            for label in REFERENCE_MODELS:
                apps.get_model(label).objects.all().delete()
            objects = list(
                serializers.deserialize(_format_of(data), data, handle_forward_references=True)
            )
            for obj in objects:
                obj.save()
            for obj in objects:
                if obj.deferred_fields:
                    obj.save_deferred_fields()
            _reset_sequences({type(obj.object) for obj in objects})
            summary.rebuild()
    except DefusedXmlException as exc:
        # Entity definitions and external references: a backup never holds them, so the
        # file was altered after export.
        raise BackupError(
            f"{path}: refused, the file holds XML entities or external references that a "
            f"backup never has ({type(exc).__name__}); nothing was restored."
        ) from exc
    except (DeserializationError, ValueError, DatabaseError) as exc:
        reason = " ".join(str(exc).split())[:300]
        raise BackupError(
            f"{path}: not a valid backup ({type(exc).__name__}: {reason}); nothing was restored."
        ) from exc
    return len(objects)


def _format_of(data: str) -> str:
    """Backups written before the switch to XML are JSON; both restore."""
    return "xml" if data.lstrip().startswith("<") else "json"


def _reset_sequences(models: set) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
