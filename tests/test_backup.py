import contextlib
import datetime
import gzip
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict

from tests.factories import CommitmentFactory, FollowUpFactory, ParticipantFactory, party
from tracker.models import (
    Article,
    Commitment,
    FollowUp,
    Meeting,
    Participant,
    Party,
    PartyAlias,
    Status,
    Topic,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    def rows(model):
        result = []
        for obj in model.objects.order_by("pk"):
            values = model_to_dict(obj)
            for key, value in values.items():
                if isinstance(value, list):
                    values[key] = sorted(getattr(item, "pk", item) for item in value)
            result.append(values)
        return result

    return {
        model.__name__: rows(model)
        for model in (Article, Meeting, Participant, Commitment, FollowUp, Party, PartyAlias)
    }


def make_curated_data(django_user_model) -> None:
    commitment = CommitmentFactory(actors=["JP"], targets=["ASEAN"], topics=["health"])
    commitment.review_state = "confirmed"
    commitment.mark_curated()
    commitment.save()
    ParticipantFactory(meeting=commitment.meeting, party=party("ASEAN"), role="co_chair")
    FollowUpFactory(commitment=commitment, date=datetime.date(2022, 5, 1), status=Status.FULFILLED)
    PartyAlias.objects.create(party=party("JP"), text="Đất nước Mặt trời mọc")
    django_user_model.objects.create_user("viewer", "v@example.org", "pw-abc-123")


def wipe() -> None:
    FollowUp.objects.all().delete()
    Commitment.objects.all().delete()
    Meeting.objects.all().delete()
    Article.objects.all().delete()


def test_a_backup_restores_everything_into_an_empty_database(tmp_path, django_user_model):
    make_curated_data(django_user_model)
    before = snapshot()
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))
    wipe()
    django_user_model.objects.all().delete()
    call_command("backup", "restore", str(path))
    assert snapshot() == before
    assert django_user_model.objects.filter(username="viewer").exists()
    restored = Commitment.objects.get()
    assert restored.article.text[restored.start : restored.end] == restored.sentence
    new = Party.objects.create(code="ZZTEST", name_en="x", name_vi="x", kind="state")
    assert new.pk > max(row["id"] for row in before["Party"]), "sequences were reset"


def test_restoring_into_a_database_with_content_changes_nothing(tmp_path, django_user_model):
    make_curated_data(django_user_model)
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))
    before = snapshot()
    with pytest.raises(CommandError, match="empty"):
        call_command("backup", "restore", str(path))
    assert snapshot() == before


def test_restoring_a_file_that_is_not_a_backup_fails_clearly(tmp_path):
    path = tmp_path / "not-a-backup.xml.gz"
    path.write_bytes(b"plain text")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("backup", "restore", str(path))
    assert Party.objects.filter(code="JP").exists(), "reference data untouched"


API_URLS = [
    "/api/meetings/?review_state=all",
    "/api/commitments/?review_state=all",
    "/api/commitments/?review_state=all&q=cam ket",
    "/api/follow-ups/?review_state=all",
    "/api/articles/",
    "/api/parties/JP/",
    "/api/stats/commitments/?group_by=actor,topic,status&review_state=all",
    "/api/stats/compliance/?review_state=all",
]


def test_a_restored_backup_serves_identical_api_output(tmp_path, django_user_model, client):
    make_curated_data(django_user_model)
    staff = django_user_model.objects.create_superuser("auditor", "a@example.org", "pw-xyz-789")
    client.force_login(staff)
    before = {url: client.get(url).json() for url in API_URLS}
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))
    wipe()
    django_user_model.objects.all().delete()

    call_command("backup", "restore", str(path))
    client.force_login(django_user_model.objects.get(username="auditor"))
    after = {url: client.get(url).json() for url in API_URLS}

    assert before["/api/commitments/?review_state=all&q=cam ket"]["count"] == 1
    assert after == before


# --- the curation → export → restore → compare round trip ------------------------------------


def curate_imported_fixtures(client, user) -> None:
    """What curators do after an import: review clicks, edits, a merge, follow-ups, a revert.

    Each step leaves history rows (with their user), and link history for actors and topics.
    """
    from simple_history.utils import update_change_reason

    from corpus_import import loader
    from tests.conftest import ARTICLES_DIR
    from tracker.services import items_set_review_state, meeting_merge

    loader.import_paths([ARTICLES_DIR])
    client.force_login(user)
    review = "/admin/tracker/commitment/review/"
    first, second, third = Commitment.objects.order_by("pk")[:3]
    for scope, pk, action in [
        ("commitment", first.pk, "confirm"),
        ("commitment", second.pk, "reject"),
        ("meeting", third.meeting_id, "confirm"),
    ]:
        answer = client.post(review, {"action": action, "scope": scope, "pk": pk})
        assert answer.status_code == 302
    # An edit with a link change, then a revert of the statement to its imported wording.
    first.refresh_from_db()
    imported_text = first.text
    first.text = "Nhật Bản cam kết hỗ trợ ASEAN (đã biên tập)."
    first._history_user = user
    first.mark_curated()
    first.save()
    first.actors.add(party("KR"))
    first.topics.add(Topic.objects.get(slug="health"))
    update_change_reason(first, "edited by a curator")
    reverted = first.history.filter(text=imported_text).earliest().instance
    reverted._history_user = user
    reverted.save()
    # A merge of two meetings, the later into the earlier.
    target, source = Meeting.objects.order_by("pk")[:2]
    meeting_merge(target=target, source=source)
    # Follow-ups: one entered and confirmed, one imported left unreviewed.
    follow_up = FollowUp.objects.create(
        commitment=first,
        date=datetime.date(2023, 3, 1),
        status=Status.IN_PROGRESS,
        score=0,
        reason="Giai đoạn một đã triển khai.",
    )
    items_set_review_state(items=[follow_up], state="confirmed")
    FollowUp.objects.create(commitment=first, date=datetime.date(2024, 1, 1), status=Status.BROKEN)


def dump() -> str:
    from tracker.backup import backup_dump

    return backup_dump()


ROUND_TRIP_URLS = [
    *API_URLS,
    "/api/meetings/",
    "/api/commitments/",
    "/api/commitments/?as_of=2023-06-01",
    "/api/stats/compliance/",
    "/api/parties/ASEAN/",
]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_curated_database_restores_row_for_row_history_included(tmp_path, client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-xyz-789")
    curate_imported_fixtures(client, user)
    before_rows = dump()
    before_api = {url: client.get(url).json() for url in ROUND_TRIP_URLS}
    for table in ("historicalcommitment_actors", "historicalmeeting", "historicalfollowup"):
        assert f'model="tracker.{table}"' in before_rows, f"{table} is in the comparison"
    assert Commitment.history.filter(history_user=user).exists()
    assert Commitment.actors.through.objects.exists()
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))

    call_command("flush", interactive=False, verbosity=0)
    call_command("backup", "restore", str(path))

    assert dump() == before_rows
    client.force_login(get_user_model().objects.get(username="curator"))
    assert {url: client.get(url).json() for url in ROUND_TRIP_URLS} == before_api


TAMPERED = {
    "entity expansion": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><django-objects version="1.0">'
    '<object model="tracker.topic" pk="900"><field name="slug" type="SlugField">&b;</field>'
    "</object></django-objects>",
    "external entity": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<django-objects version="1.0"><object model="tracker.topic" pk="900">'
    '<field name="slug" type="SlugField">&e;</field></object></django-objects>',
    "unknown model": '<?xml version="1.0"?><django-objects version="1.0">'
    '<object model="tracker.nosuchthing" pk="1"></object></django-objects>',
}


@pytest.mark.parametrize("content", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_backup_is_refused_in_one_line_and_changes_nothing(tmp_path, content):
    import gzip

    path = tmp_path / "tampered.xml.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(content)
    wipe()
    parties = Party.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("backup", "restore", str(path))
    assert "nothing was restored" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert Party.objects.count() == parties
    assert not Topic.objects.filter(pk=900).exists()


def test_the_backup_help_names_the_format_it_writes():
    from tracker.management.commands.backup import Command

    assert "XML" in Command.help and "JSON" not in Command.help


@contextlib.contextmanager
def fresh_postgresql(server_url: str) -> Iterator[str]:
    """A new database on the server `server_url` names, dropped afterwards."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"{parts.path.strip('/') or 'ct'}_restore_{uuid.uuid4().hex[:8]}"
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgresql_server() -> str | None:
    """The PostgreSQL server to restore into: the test database's own, or (when the suite
    runs on SQLite) the one BACKUP_RESTORE_POSTGRES_URL names, as CI sets it."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        host = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
        return f"postgres://{auth}@{host}/{params['NAME']}"
    return os.environ.get("BACKUP_RESTORE_POSTGRES_URL")


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "1",
        "DJANGO_CACHE_URL": "locmem://",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_restores_into_a_fresh_migrated_database_of_either_kind(
    kind, tmp_path, client, django_user_model
):
    """A SQLite or PostgreSQL export, restored by the command into a new database that
    `migrate` just made (with its own parties and groups), exports again to the same rows."""
    if kind == "postgresql" and postgresql_server() is None:
        pytest.skip("no PostgreSQL server: set BACKUP_RESTORE_POSTGRES_URL")
    user = django_user_model.objects.create_superuser("curator", "c@example.org", "pw-xyz-789")
    curate_imported_fixtures(client, user)
    source = tmp_path / "source.xml.gz"
    call_command("backup", "export", str(source))
    again = tmp_path / "again.xml.gz"

    with contextlib.ExitStack() as stack:
        if kind == "postgresql":
            url = stack.enter_context(fresh_postgresql(postgresql_server()))
        else:
            url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        for args in (
            ["migrate", "--noinput", "-v0"],
            ["backup", "restore", str(source)],
            ["backup", "export", str(again)],
        ):
            done = manage(url, *args)
            assert done.returncode == 0, done.stderr[-3000:]

    with gzip.open(again, "rt", encoding="utf-8") as restored:
        assert restored.read() == dump()
