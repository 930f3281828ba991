"""Import workers that store their own articles write to the database the import runs on (a
benchmark's scratch file, a test database), even when the settings name another one."""

import fcntl
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from corpus_import import loader
from corpus_import.management.commands.bench_import import build_corpus
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

    def process_file(path):
        events.append(f"extract {path}")
        if path == "c":  # the other worker ends its turn while this one extracts "c"
            fcntl.flock(other_worker, fcntl.LOCK_UN)
        return SimpleNamespace(name=path)

    def import_article_retrying(doc, *, lookups):
        events.append(f"store {doc.name}")
        return doc.name

    monkeypatch.setattr(pipeline, "process_file", process_file)
    monkeypatch.setattr(loader, "import_article_retrying", import_article_retrying)
    monkeypatch.setattr(worker_store, "_lookups", object())
    with open(turn, "rb") as own:
        monkeypatch.setattr(worker_store, "_write_turn", own)
        outcomes = worker_store.extract_and_store(["a", "b", "c", "d"])
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
