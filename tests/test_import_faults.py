"""Faults during an import: a crash after N articles, a SIGKILLed `import_articles` process and
two imports at once. Each leaves whole articles only, and a re-run completes without duplicates.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection

from corpus_import import loader, pipeline
from corpus_import.management.commands.bench_import import build_corpus
from tests.conftest import ARTICLES_DIR
from tracker.models import Article, sentence_key

MANAGE = Path(settings.BASE_DIR) / "manage.py"

# One row per article with what it owns (a statement is its own commitment or a source of one
# another article reported first), and every way a row could be doubled.
ARTICLE_STATE_SQL = """
SELECT a.name,
  (SELECT COUNT(*) FROM tracker_commitment c WHERE c.article_id = a.id)
  + (SELECT COUNT(*) FROM tracker_commitmentsource cs WHERE cs.article_id = a.id),
  (SELECT COUNT(*) FROM tracker_followup f WHERE f.article_id = a.id),
  (SELECT COUNT(*) FROM tracker_meetingsource s WHERE s.article_id = a.id)
FROM tracker_article a ORDER BY a.name
"""
DUPLICATES_SQL = """
SELECT
  (SELECT COUNT(*) FROM (SELECT name FROM tracker_article GROUP BY name
     HAVING COUNT(*) > 1) d1)
  + (SELECT COUNT(*) FROM (SELECT content_hash FROM tracker_article GROUP BY content_hash
     HAVING COUNT(*) > 1) d2)
  + (SELECT COUNT(*) FROM (SELECT article_id, sentence_key FROM tracker_commitment
     GROUP BY article_id, sentence_key HAVING COUNT(*) > 1) d3)
  + (SELECT COUNT(*) FROM (SELECT article_id, sentence_key FROM tracker_followup
     GROUP BY article_id, sentence_key HAVING COUNT(*) > 1) d4)
  + (SELECT COUNT(*) FROM (SELECT article_id, key FROM tracker_meetingsource
     GROUP BY article_id, key HAVING COUNT(*) > 1) d5)
  + (SELECT COUNT(*) FROM tracker_meeting m WHERE NOT EXISTS
     (SELECT 1 FROM tracker_meetingsource s WHERE s.meeting_id = m.id))
  + (SELECT COUNT(*) FROM (SELECT meeting_id, party_id, person_name FROM tracker_participant
     GROUP BY meeting_id, party_id, person_name HAVING COUNT(*) > 1) d6)
"""


def expected_state(folder: Path) -> list[tuple[str, int, int, int]]:
    """What a complete import stores per article, from the extraction alone."""
    rows = []
    for path in pipeline.iter_article_paths([folder]):
        doc = pipeline.process_file(path)
        if doc.reports_meeting:
            rows.append(
                (
                    doc.name,
                    len({sentence_key(c.sentence) for c in doc.commitments}),
                    len({sentence_key(f.quote) for f in doc.follow_ups}),
                    len(doc.meetings),
                )
            )
    return sorted(rows)


def report(fault: str, expected: list[tuple], before_rerun: list[tuple]) -> None:
    """Figures for the closing note (shown with `pytest -s`)."""
    commitments = sum(row[1] for row in before_rerun)
    print(
        f"\n{fault}: {len(expected)} articles; before the re-run {len(before_rerun)} articles, "
        f"{commitments} commitments; complete {sum(row[1] for row in expected)} commitments"
    )


def run_sql(cursor, sql: str) -> list[tuple]:
    cursor.execute(sql)
    return [tuple(row) for row in cursor.fetchall()]


# --- a crash inside the process, simulated -------------------------------------------------


class Crash(BaseException):
    """Not an Exception: the per-article error handling must not swallow it, like a kill."""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    build_corpus(folder, 8, sorted(ARTICLES_DIR.glob("*.txt")))
    return folder


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("where", ["extraction", "database write"])
def test_a_crash_after_n_articles_keeps_whole_articles_and_a_rerun_completes(
    articles, monkeypatch, where
):
    expected = expected_state(articles)
    assert len(expected) == 8
    calls = {"n": 0}

    def crash_on_fourth(original):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 4:
                raise Crash("power cut")
            return original(*args, **kwargs)

        return wrapper

    if where == "extraction":
        monkeypatch.setattr(pipeline, "process_article", crash_on_fourth(pipeline.process_article))
    else:
        # After the fourth article's meetings and commitments are written, before its
        # follow-ups: the worst moment for a partial article.
        monkeypatch.setattr(loader, "_sync_follow_ups", crash_on_fourth(loader._sync_follow_ups))
    with pytest.raises(Crash):
        loader.import_paths([articles])
    with connection.cursor() as cursor:
        after_crash = run_sql(cursor, ARTICLE_STATE_SQL)
        assert run_sql(cursor, DUPLICATES_SQL) == [(0,)]
    assert after_crash == expected[:3]
    report(f"crash in {where}", expected, after_crash)

    monkeypatch.undo()
    summary = loader.import_paths([articles])
    assert (summary.new, summary.unchanged, summary.failed) == (5, 3, 0)
    with connection.cursor() as cursor:
        assert run_sql(cursor, ARTICLE_STATE_SQL) == expected
        assert run_sql(cursor, DUPLICATES_SQL) == [(0,)]


# --- real processes on a file database ------------------------------------------------------


@dataclass
class FileDatabase:
    url: str
    vendor: str
    sqlite_path: Path | None = None

    @contextlib.contextmanager
    def cursor(self) -> Iterator:
        if self.sqlite_path is not None:
            db = sqlite3.connect(self.sqlite_path, timeout=30)
            try:
                yield db.cursor()
            finally:
                db.close()
        else:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as db, db.cursor() as cursor:
                yield cursor

    def count_articles(self) -> int:
        try:
            with self.cursor() as cursor:
                return run_sql(cursor, "SELECT COUNT(*) FROM tracker_article")[0][0]
        except Exception:  # the importer holds the write lock, or the table is not there yet
            return -1


def manage(database: FileDatabase, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database.url, "DJANGO_DEBUG": "1"}
    return subprocess.Popen(
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


@contextlib.contextmanager
def postgres_database() -> Iterator[FileDatabase]:
    """A dedicated database next to the test database, dropped afterwards."""
    import psycopg

    params = settings.DATABASES["default"]
    name = f"ct_faults_{uuid.uuid4().hex[:10]}"
    server = {
        "host": params["HOST"] or "localhost",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    try:
        yield FileDatabase(f"postgres://{auth}@{server['host']}:{server['port']}/{name}", "pg")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def file_database(request, tmp_path: Path) -> Iterator[FileDatabase]:
    if request.param == "postgresql":
        if connection.vendor != "postgresql":
            pytest.skip("DATABASE_URL does not point at PostgreSQL")
        with postgres_database() as database:
            yield from _migrated(database)
    else:
        path = tmp_path / "import.sqlite3"
        yield from _migrated(FileDatabase(f"sqlite:///{path}", "sqlite", path))


def _migrated(database: FileDatabase) -> Iterator[FileDatabase]:
    code, _, err = finish(manage(database, "migrate", "--noinput", "-v0"))
    assert code == 0, err
    yield database


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    build_corpus(folder, 30, sorted(ARTICLES_DIR.glob("*.txt")))
    return folder, expected_state(folder)


@pytest.mark.slow
def test_a_sigkilled_import_leaves_whole_articles_and_a_rerun_completes(file_database, corpus):
    folder, expected = corpus
    process = manage(file_database, "import_articles", str(folder))
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        stored = file_database.count_articles()
        if stored >= 3:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"

    with file_database.cursor() as cursor:
        after_kill = run_sql(cursor, ARTICLE_STATE_SQL)
        assert run_sql(cursor, DUPLICATES_SQL) == [(0,)]
    assert 3 <= len(after_kill) < len(expected)
    # Every article there is whole: what a complete import stores for it, no more, no less.
    assert set(after_kill) <= set(expected)

    report(f"SIGKILL on {file_database.vendor}", expected, after_kill)
    code, out, err = finish(manage(file_database, "import_articles", str(folder)))
    assert code == 0, err
    assert f"{len(expected) - len(after_kill)} new, {len(after_kill)} unchanged" in out
    with file_database.cursor() as cursor:
        assert run_sql(cursor, ARTICLE_STATE_SQL) == expected
        assert run_sql(cursor, DUPLICATES_SQL) == [(0,)]


@pytest.mark.slow
def test_two_imports_at_once_store_each_article_once(file_database, corpus):
    folder, expected = corpus
    first = manage(file_database, "import_articles", str(folder))
    second = manage(file_database, "import_articles", str(folder))
    results = [finish(first), finish(second)]
    for code, _, err in results:
        assert code == 0, err
        assert "locked" not in err.lower()
    new = [int(out.split("Articles: ")[1].split(" new")[0]) for _, out, _ in results]
    assert sum(new) == len(expected)
    report(f"two imports at once on {file_database.vendor} (new {new})", expected, [])
    with file_database.cursor() as cursor:
        assert run_sql(cursor, ARTICLE_STATE_SQL) == expected
        assert run_sql(cursor, DUPLICATES_SQL) == [(0,)]


@pytest.mark.slow
def test_workers_that_store_their_own_articles_store_exactly_what_one_process_would(
    file_database, corpus
):
    folder, expected = corpus

    code, out, err = finish(manage(file_database, "import_articles", str(folder), "--workers=2"))

    assert code == 0, err
    assert f"Articles: {len(expected)} new, 0 unchanged" in out
    assert "locked" not in err.lower()
    with file_database.cursor() as cursor:
        assert run_sql(cursor, ARTICLE_STATE_SQL) == expected
        assert run_sql(cursor, DUPLICATES_SQL) == [(0,)]
    code, out, err = finish(manage(file_database, "import_articles", str(folder), "--workers=2"))
    assert code == 0, err
    assert f"0 new, {len(expected)} unchanged" in out


# --- a database busy with another writer ----------------------------------------------------


def locked_for(names: set[str], times: int, original=loader.import_article):
    calls: dict[str, int] = {}

    def import_article(doc, **kwargs):
        calls[doc.name] = calls.get(doc.name, 0) + 1
        if doc.name in names and calls[doc.name] <= times:
            raise OperationalError("database is locked")
        return original(doc, **kwargs)

    return import_article


@pytest.mark.slow
@pytest.mark.django_db
def test_a_busy_database_is_waited_for_with_a_clear_message(articles, monkeypatch):
    monkeypatch.setattr(loader, "BUSY_WAIT_SECONDS", 0)
    monkeypatch.setattr(loader, "import_article", locked_for({"bench_00002.txt"}, times=2))
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(articles), stdout=out, stderr=err)
    assert "Articles: 8 new, 0 unchanged, 0 updated" in out.getvalue()
    assert err.getvalue().count("Database busy (another import or a backup is writing)") == 2
    assert "retrying bench_00002.txt in 0s (2/3)" in err.getvalue()
    assert "database is locked" not in err.getvalue() + out.getvalue()


@pytest.mark.slow
@pytest.mark.django_db
def test_a_database_busy_through_every_retry_fails_that_article_alone(articles, monkeypatch):
    monkeypatch.setattr(loader, "BUSY_WAIT_SECONDS", 0)
    monkeypatch.setattr(loader, "import_article", locked_for({"bench_00002.txt"}, times=99))
    summary = loader.import_paths([articles])
    assert (summary.new, summary.failed) == (7, 1)
    [failure] = summary.failures
    assert failure.reason == (
        "DatabaseBusy: another process held the database write lock through 4 attempts; "
        "nothing was stored for this article, re-run the import to add it"
    )
    assert not Article.objects.filter(name="bench_00002.txt").exists()


@pytest.mark.slow
def test_an_import_waits_for_a_writer_holding_the_sqlite_lock(tmp_path):
    database = FileDatabase(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", "sqlite", tmp_path / "db.sqlite3"
    )
    next(_migrated(database))
    holder = sqlite3.connect(database.sqlite_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE tracker_party SET name_en = name_en")
    process = manage(database, "import_articles", str(ARTICLES_DIR))
    # Longer than the command takes to start and reach its first write.
    time.sleep(8)
    assert process.poll() is None, "the import did not wait for the lock"
    holder.execute("COMMIT")
    holder.close()
    code, out, err = finish(process)
    assert code == 0, err
    assert "Articles: 5 new" in out and "locked" not in err.lower()
