"""Worker processes that both extract and store their articles: their set-up and write turns.

With one writer, storing (about as costly as the language processing on a typical feed)
bounds a parallel import; letting each worker write its own articles spreads both over the
cores. Safe because each article is one transaction and the loader retries a busy database.
This module imports no Django models: a spawned worker must configure Django (with the
parent's database) before the models can load. The task the workers run (the loader's
`extract_and_store`) is passed in, so the loader uses this module and never the reverse.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, TypeVar

import django
from django.conf import settings

from corpus_import import nlp
from corpus_import.pipeline import exit_with_parent
from corpus_import.reading import RawArticle

# Articles per task. A worker that has extracted its whole task waits for its turn to write,
# so longer tasks wait less often (8 halved those waits against 4 on SQLite); the last task
# of a run is this long, and a worker holds at most this many extracted articles.
BATCH = 8

_write_turn: IO | None = None

Outcome = TypeVar("Outcome")


def worker_init(database: dict, turn_path: str | None = None) -> None:
    exit_with_parent()
    # The parent's actual database (a benchmark's scratch file, pytest's test database), which
    # may differ from what the settings name, engine included: set before any connection
    # exists, since a connection's backend class is fixed when it is created.
    settings.DATABASES["default"] = database
    django.setup()

    global _write_turn
    if turn_path is not None:
        _write_turn = open(turn_path, "rb")  # noqa: SIM115 (held for the worker's life)

    nlp.warm_up()


def take_turn(*, wait: bool) -> bool:
    """Hold the write turn (SQLite's one write lock), waiting for it or not; True if held."""
    if _write_turn is None:
        return True
    try:
        fcntl.flock(_write_turn, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def end_turn() -> None:
    if _write_turn is not None:
        fcntl.flock(_write_turn, fcntl.LOCK_UN)


def iter_stored(
    articles: list[RawArticle],
    workers: int,
    database: dict,
    task: Callable[[list[RawArticle]], list[Outcome]],
) -> Iterator[Outcome]:
    """Run `task` over batches of the articles in `workers` spawned processes; its outcomes in
    order. `task` must be a module-level function (it is sent to the workers by name)."""
    batches = [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]
    context = multiprocessing.get_context("spawn")
    with tempfile.NamedTemporaryFile(prefix="import-write-turn-") as turn:
        # Only SQLite has one write lock for the whole database; the workers take turns at it.
        turn_path = turn.name if database["ENGINE"].endswith("sqlite3") else None
        with context.Pool(workers, initializer=worker_init, initargs=(database, turn_path)) as pool:
            for outcomes in pool.imap(task, batches):
                yield from outcomes
