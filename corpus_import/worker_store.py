"""Worker processes that both extract and store their articles.

With one writer, storing (about as costly as the language processing on a typical feed)
bounds a parallel import; letting each worker write its own articles spreads both over the
cores. Safe because each article is one transaction and the loader retries a busy database.
This module imports no Django models at import time: a spawned worker must configure Django
(with the parent's database) before the models can load.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# Articles per task. A worker that has extracted its whole task waits for its turn to write,
# so longer tasks wait less often (8 halved those waits against 4 on SQLite); the last task
# of a run is this long, and a worker holds at most this many extracted articles.
BATCH = 8

_lookups = None
_write_turn: IO | None = None


def worker_init(database: dict, turn_path: str | None = None) -> None:
    from corpus_import.pipeline import exit_with_parent

    exit_with_parent()
    import django
    from django.conf import settings

    # The parent's actual database (a benchmark's scratch file, pytest's test database), which
    # may differ from what the settings name, engine included: set before any connection
    # exists, since a connection's backend class is fixed when it is created.
    settings.DATABASES["default"] = database
    django.setup()

    global _write_turn
    if turn_path is not None:
        _write_turn = open(turn_path, "rb")  # noqa: SIM115 (held for the worker's life)

    from corpus_import import nlp

    nlp.warm_up()


def _take_turn(*, wait: bool) -> bool:
    if _write_turn is None:
        return True
    try:
        fcntl.flock(_write_turn, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _end_turn() -> None:
    if _write_turn is not None:
        fcntl.flock(_write_turn, fcntl.LOCK_UN)


def extract_and_store(paths: list[Path]) -> list[tuple[object | None, object | None]]:
    """(ImportResult, None) per stored article, (None, Failure) per failed one, in order.

    SQLite lets one process write at a time, and its busy handler sleeps in growing steps, so
    a worker that simply waited would idle past the moment the lock frees. Instead, while the
    other worker is writing, this one extracts its next article; it waits only when it has
    nothing left to extract. Each article is still its own transaction.
    """
    from corpus_import.pipeline import Failure, failure_reason, process_file

    outcomes: list[tuple[object | None, object | None]] = [(None, None)] * len(paths)
    extracted: list[tuple[int, object]] = []
    for index, path in enumerate(paths):
        try:
            extracted.append((index, process_file(path)))
        except Exception as error:  # one bad article must not stop the run
            outcomes[index] = (None, Failure(str(path), failure_reason(error)))
        if extracted and _take_turn(wait=False):
            _store(extracted, outcomes)
    if extracted:
        _take_turn(wait=True)
        _store(extracted, outcomes)
    return outcomes


def _store(extracted: list, outcomes: list) -> None:
    """Store the extracted articles, each in its own transaction, and end this turn."""
    global _lookups
    from corpus_import.loader import Lookups, import_article_retrying
    from corpus_import.pipeline import Failure, failure_reason

    try:
        for index, doc in extracted:
            try:
                if _lookups is None:
                    _lookups = Lookups.load()
                outcomes[index] = (import_article_retrying(doc, lookups=_lookups), None)
            except Exception as error:  # reported per file; the others still import
                outcomes[index] = (None, Failure(doc.name, failure_reason(error)))
    finally:
        _end_turn()
    extracted.clear()


def iter_stored(
    paths: list[Path], workers: int, database: dict
) -> Iterator[tuple[object | None, object | None]]:
    batches = [paths[i : i + BATCH] for i in range(0, len(paths), BATCH)]
    context = multiprocessing.get_context("spawn")
    with tempfile.NamedTemporaryFile(prefix="import-write-turn-") as turn:
        # Only SQLite has one write lock for the whole database; the workers take turns at it.
        turn_path = turn.name if database["ENGINE"].endswith("sqlite3") else None
        with context.Pool(workers, initializer=worker_init, initargs=(database, turn_path)) as pool:
            for outcomes in pool.imap(extract_and_store, batches):
                yield from outcomes
