"""Import workers that store their own articles write to the database the import runs on (a
benchmark's scratch file, a test database), even when the settings name another one."""

import fcntl
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from corpus_import import loader
from corpus_import.management.commands.bench_import import build_corpus
from corpus_import.reading import RawArticle
from tests.conftest import ARTICLES_DIR
from tracker.models import Article

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def run_manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def settings_default(tmp_path: Path) -> Path:
    """A real, migrated database for the settings to name: a worker that ignored the parent's
    database would store there silently instead of failing."""
    path = tmp_path / "settings-default.sqlite3"
    done = run_manage(f"sqlite:///{path}", "migrate", "--noinput", "-v0")
    assert done.returncode == 0, done.stderr
    return path


def count_articles(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT COUNT(*) FROM tracker_article").fetchone()[0]
    finally:
        db.close()


@pytest.mark.slow
def test_benchmark_workers_store_into_its_scratch_database_not_the_settings_default(
    settings_default,
):
    done = run_manage(
        f"sqlite:///{settings_default}", "bench_import", "--articles=6", "--workers", "2"
    )

    assert done.returncode == 0, done.stderr
    assert "2 worker(s): 6 articles" in done.stdout
    assert "new 6, failed 0" in done.stdout
    assert count_articles(settings_default) == 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_workers_store_into_the_test_database_not_the_settings_default(
    tmp_path, monkeypatch, settings_default
):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite test databases live in memory, which workers cannot share")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    build_corpus(corpus, 6, sorted(ARTICLES_DIR.glob("*.txt")))
    # Spawned workers read the settings afresh from the environment.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{settings_default}")
    assert loader._database_can_be_shared()

    summary = loader.import_paths([corpus], workers=2)

    assert (summary.new, summary.failed) == (6, 0), summary.failures
    assert Article.objects.count() == 6
    assert count_articles(settings_default) == 0


def test_a_worker_extracts_its_next_articles_while_another_holds_the_write_turn(
    tmp_path, monkeypatch
):
    from corpus_import import pipeline, worker_store

    turn = tmp_path / "turn"
    turn.touch()
    other_worker = open(turn, "rb")  # noqa: SIM115
    fcntl.flock(other_worker, fcntl.LOCK_EX)
    events = []

    def process_article(article):
        events.append(f"extract {article.name}")
        if article.name == "c":  # the other worker ends its turn while this one extracts "c"
            fcntl.flock(other_worker, fcntl.LOCK_UN)
        return SimpleNamespace(name=article.name)

    def import_article_retrying(doc, *, lookups):
        events.append(f"store {doc.name}")
        return doc.name

    monkeypatch.setattr(pipeline, "process_article", process_article)
    monkeypatch.setattr(loader, "import_article_retrying", import_article_retrying)
    monkeypatch.setattr(loader, "_worker_lookups", object())
    with open(turn, "rb") as own:
        monkeypatch.setattr(worker_store, "_write_turn", own)
        outcomes = loader.extract_and_store([RawArticle(name, name) for name in "abcd"])
    other_worker.close()

    assert events == [
        "extract a",
        "extract b",
        "extract c",
        "store a",
        "store b",
        "store c",
        "extract d",
        "store d",
    ]
    assert outcomes == [("a", None), ("b", None), ("c", None), ("d", None)]


def child_processes(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stored_articles(database: Path) -> int:
    """Articles stored so far, read beside the writing workers (0 while the table is locked)."""
    try:
        with sqlite3.connect(database, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM tracker_article").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
@pytest.mark.parametrize("dry_run", [False, True], ids=["storing workers", "extracting workers"])
def test_killing_a_parallel_import_stops_its_workers_and_keeps_the_data_consistent(
    settings_default, tmp_path, dry_run
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Far more than two workers store in the seconds before the kill, even on a fast machine:
    # with 60, an idle machine had stored them all, and the kill then proved nothing.
    count = 600
    build_corpus(corpus, count, sorted(ARTICLES_DIR.glob("*.txt")))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{settings_default}", "DJANGO_DEBUG": "1"}
    command = [sys.executable, str(MANAGE), "import_articles", str(corpus), "--workers", "2"]
    parent = subprocess.Popen(
        [*command, *(["--dry-run"] if dry_run else [])],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while len(workers := child_processes(parent.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)  # two workers and multiprocessing's resource tracker
        assert len(workers) >= 3, "the workers never started"
        # Kill while they are busy: once the first article is stored, or after a few
        # seconds for a dry run, which stores nothing.
        busy = time.monotonic() + (3 if dry_run else 60)
        while time.monotonic() < busy and (dry_run or not stored_articles(settings_default)):
            time.sleep(0.2)
        parent.kill()
        parent.wait()
        # Within a moment, not after finishing the batch of articles each one holds.
        deadline = time.monotonic() + 2
        while any(map(is_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(is_running, workers)), "workers outlived their parent"
    finally:
        for pid in child_processes(parent.pid) if parent.poll() is None else []:
            os.kill(pid, signal.SIGKILL)

    with sqlite3.connect(settings_default) as db:
        # Django's SQLite backend defines REGEXP for the check constraints; do the same.
        db.create_function("REGEXP", 2, lambda pattern, text: bool(re.search(pattern, text)))
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Every stored article was stored whole: none lacks the meetings it reports.
        assert db.execute(
            "SELECT COUNT(*) FROM tracker_article a WHERE NOT EXISTS "
            "(SELECT 1 FROM tracker_meetingsource s WHERE s.article_id = a.id)"
        ).fetchone() == (0,)
        stored = db.execute("SELECT COUNT(*) FROM tracker_article").fetchone()[0]
    assert stored == 0 if dry_run else 0 < stored < count
