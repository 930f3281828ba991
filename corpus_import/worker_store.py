"""Worker processes that both extract and store their articles.

With one writer, storing (about as costly as the language processing on a typical feed)
bounds a parallel import; letting each worker write its own articles spreads both over the
cores. Safe because each article is one transaction and the loader retries a busy database.
This module imports no Django models at import time: a spawned worker must configure Django
(with the parent's database) before the models can load.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path

_lookups = None


def worker_init(database: dict) -> None:
    import django
    from django.conf import settings

    # The parent's actual database (a benchmark's scratch file, pytest's test database), which
    # may differ from what the settings name, engine included: set before any connection
    # exists, since a connection's backend class is fixed when it is created.
    settings.DATABASES["default"] = database
    django.setup()

    from corpus_import import nlp

    nlp.warm_up()


def extract_and_store(path: Path) -> tuple[object | None, object | None]:
    """(ImportResult, None) when stored, (None, Failure) when the article failed."""
    global _lookups
    from corpus_import.loader import Lookups, import_article_retrying
    from corpus_import.pipeline import Failure, failure_reason, process_file

    try:
        doc = process_file(path)
    except Exception as error:  # one bad article must not stop the run
        return None, Failure(str(path), failure_reason(error))
    try:
        if _lookups is None:
            _lookups = Lookups.load()
        return import_article_retrying(doc, lookups=_lookups), None
    except Exception as error:  # reported per file; the others still import
        return None, Failure(doc.name, failure_reason(error))


def iter_stored(
    paths: list[Path], workers: int, database: dict
) -> Iterator[tuple[object | None, object | None]]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=worker_init, initargs=(database,)) as pool:
        yield from pool.imap(extract_and_store, paths, chunksize=4)
