"""Raw article in, `ArticleDoc` out: the steps in order, each a small function over the doc."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus_import import cleanup, commitments, entities, lexicon, meetings, nlp, reading
from corpus_import.doc import ArticleDoc
from corpus_import.reading import UnreadableArticle

_MEETING_SIGNAL = re.compile(lexicon.MEETING_SIGNAL)
_COMMITMENT_SIGNAL = re.compile(lexicon.COMMITMENT_SIGNAL, re.IGNORECASE)
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_LETTER = re.compile(r"[^\W\d_]")
MAX_REASON_CHARS = 300


def process_text(name: str, raw: str, *, is_html: bool = False) -> ArticleDoc:
    """Clean the text, then find meetings, participants, commitments and follow-ups."""
    if is_html:
        raw = cleanup.html_to_text(raw)
    text, dateline = cleanup.clean_text(raw)
    if not _LETTER.search(text):
        raise UnreadableArticle("no sentence to import: no words left after clean-up")
    doc = ArticleDoc(name=name, text=text, title=cleanup.split_title(text), dateline=dateline)
    # A news feed is mostly articles that report no meeting: two regex scans pass them over
    # before any model runs.
    if not _MEETING_SIGNAL.search(text) or not _COMMITMENT_SIGNAL.search(text):
        return doc
    doc.sentences = nlp.sentences(text)
    entities.annotate(doc)
    contexts = meetings.annotate(doc)
    if doc.reports_meeting:
        commitments.extract(doc, contexts)
    return doc


def process_file(path: str | Path) -> ArticleDoc:
    path = Path(path)
    raw = reading.read_article(path)
    is_html = path.suffix.lower() in (".html", ".htm") or reading.looks_like_html(raw)
    return process_text(path.name, raw, is_html=is_html)


def iter_article_paths(paths: list[str | Path]) -> list[Path]:
    """Article files under the given files and folders, sorted, so runs are repeatable."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in ARTICLE_SUFFIXES and not p.is_dir()
                )
            )
        else:
            found.append(path)
    return found


@dataclass
class Failure:
    path: str
    reason: str


def failure_reason(error: Exception) -> str:
    """One line for the summary: the refusal itself, or the error's type and first words."""
    reason = (
        str(error) if isinstance(error, UnreadableArticle) else f"{type(error).__name__}: {error}"
    )
    reason = " ".join(reason.split())
    return reason if len(reason) <= MAX_REASON_CHARS else reason[: MAX_REASON_CHARS - 1] + "…"


def _process_safely(path: Path) -> ArticleDoc | Failure:
    try:
        return process_file(path)
    except Exception as error:  # one bad article must not stop the run
        return Failure(str(path), failure_reason(error))


def exit_with_parent() -> None:
    """End this worker process as soon as the process that started it is gone.

    A pool's workers wait for work from their parent; killed (SIGTERM, SIGKILL, a crash), the
    parent never tells them to stop, and they ran on, one holding the article it was storing.
    Exiting drops the worker's database connection, so its open transaction rolls back.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _worker_init() -> None:
    exit_with_parent()
    nlp.warm_up()


def iter_documents(
    paths: list[Path], workers: int = 1, *, isolated: bool = False
) -> Iterator[ArticleDoc | Failure]:
    """Process articles in order, in `workers` processes, yielding as results arrive.

    Results stream through a bounded `imap`, so memory stays flat however many files there are.
    `isolated` runs even one worker in a child process (see `_iter_in_child`).
    """
    if workers <= 1 and isolated and "fork" in multiprocessing.get_all_start_methods():
        yield from _iter_in_child(paths)
        return
    if workers <= 1:
        for path in paths:
            yield _process_safely(path)
        return
    # spawn, not fork: workers start clean (no inherited database connection or model state)
    # and scale better with the CRF models here than forked copies of a warmed-up parent.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_init) as pool:
        yield from pool.imap(_process_safely, paths, chunksize=4)


def _iter_in_child(paths: list[Path]) -> Iterator[ArticleDoc | Failure]:
    """Process the articles in one forked child, for a long-lived process (a web worker).

    Parsing a large page grows the heap, and Python returns little of it to the system: the
    web worker that handled an upload stayed that much larger for good. A child's memory goes
    when it exits. Forked, not spawned: it shares the models this process loaded, so an upload
    does not wait for them to load again.
    """
    nlp.warm_up()
    context = multiprocessing.get_context("fork")
    with context.Pool(1, initializer=exit_with_parent) as pool:
        yield from pool.imap(_process_safely, paths)
