"""Raw article in, `ArticleDoc` out: the steps in order, each a small function over the doc."""

from __future__ import annotations

import datetime
import multiprocessing
import multiprocessing.connection
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from corpus_import import (
    cleanup,
    dates,
    entities,
    follow_ups,
    items,
    lead_meeting,
    meeting_dates,
    meetings,
    mentions,
    nlp,
    participants,
    rule_engine,
    sentence_meetings,
    subjects,
)
from corpus_import.doc import ArticleDoc, PartialDate
from corpus_import.reading import RawArticle, UnreadableArticle

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_LETTER = re.compile(r"[^\W\d_]")
MAX_REASON_CHARS = 300
# Which sentence scorer keeps items: the rules alone, or the rules with the learned scorer
# (see sentence_model.py). An environment variable, so spawned workers inherit the choice.
SCORERS = ("rules", "learned")
SCORER_VARIABLE = "CORPUS_IMPORT_SCORER"


def scorer() -> str:
    value = os.environ.get(SCORER_VARIABLE, "rules")
    return value if value in SCORERS else "rules"


def use_scorer(name: str) -> None:
    if name not in SCORERS:
        raise ValueError(f"unknown scorer {name!r}: one of {', '.join(SCORERS)}")
    os.environ[SCORER_VARIABLE] = name


def process_text(
    name: str,
    raw: str,
    *,
    is_html: bool = False,
    published_on: datetime.date | None = None,
) -> ArticleDoc:
    """Clean the text, then find meetings, participants, commitments and follow-ups.

    The article's own date, which dates "chiều nay" and years left out, is `published_on`,
    else what a saved page's markup says, else a leading "date YYYY-MM-DD" line.
    """
    if is_html:
        published_on = published_on or cleanup.html_published_on(raw)
        raw = cleanup.html_to_text(raw)
    text, dateline = cleanup.clean_text(raw)
    if published_on is not None:
        dateline = PartialDate(published_on, "day")
    if not _LETTER.search(text):
        raise UnreadableArticle("no sentence to import: no words left after clean-up")
    doc = ArticleDoc(name=name, text=text, title=cleanup.split_title(text), dateline=dateline)
    # A news feed is mostly articles that report no meeting: one regex scan, built from the
    # rule table's meeting heads and signals, passes them over before any model runs. There
    # is no scan for cue words: a meeting reported without any item is still one to record.
    if not rule_engine.active().signal.search(text):
        return doc
    for step in STEPS:
        step(doc)
    return doc


def learned_scorer(doc: ArticleDoc) -> None:
    """With the learned scorer chosen, it decides the items of a meeting report."""
    if doc.reports_meeting and scorer() == "learned":
        # Imported here: the rules alone never load scikit-learn.
        from corpus_import import sentence_model

        sentence_model.rescore(doc, doc.sentence_meetings)


def items_of_meetings_only(doc: ArticleDoc) -> None:
    """Commitments made outside any meeting (a press briefing, a speech) are not items."""
    doc.reports_meeting = bool(doc.meetings)
    if not doc.reports_meeting:
        doc.commitments, doc.follow_ups = [], []


# Items, follow-ups and participants: what a meeting made from the lead is read again with.
ITEM_STEPS: tuple[Callable[[ArticleDoc], None], ...] = (
    items.extract,
    follow_ups.find,
    participants.add,
)
# The steps, in order; each reads what the ones before it left on the document.
STEPS: tuple[Callable[[ArticleDoc], None], ...] = (
    nlp.split_sentences,
    entities.annotate,
    subjects.index,
    dates.annotate,
    mentions.find,
    meetings.record,
    meeting_dates.date,
    sentence_meetings.assign,
    *ITEM_STEPS,
    partial(lead_meeting.fallback, redo=ITEM_STEPS),
    learned_scorer,
    items_of_meetings_only,
)


def process_article(article: RawArticle) -> ArticleDoc:
    """Read an article (a file, or bytes or text in memory) and process it."""
    text, is_html = article.read()
    return process_text(article.name, text, is_html=is_html, published_on=article.published_on)


def process_file(path: str | Path) -> ArticleDoc:
    return process_article(RawArticle.from_path(path))


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


def _process_safely(article: RawArticle) -> ArticleDoc | Failure:
    try:
        return process_article(article)
    except Exception as error:  # one bad article must not stop the run
        return Failure(article.label, failure_reason(error))


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
    articles: list[RawArticle], workers: int = 1, *, isolated: bool = False
) -> Iterator[ArticleDoc | Failure]:
    """Process articles in order, in `workers` processes, yielding as results arrive.

    Results stream through a bounded `imap`, so memory stays flat however many files there are.
    `isolated` runs even one worker in a child process (see `_iter_in_child`).
    """
    if workers <= 1 and isolated and "fork" in multiprocessing.get_all_start_methods():
        yield from _iter_in_child(articles)
        return
    if workers <= 1:
        for article in articles:
            yield _process_safely(article)
        return
    # spawn, not fork: workers start clean (no inherited database connection or model state)
    # and scale better with the CRF models here than forked copies of a warmed-up parent.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_init) as pool:
        yield from pool.imap(_process_safely, articles, chunksize=4)


def _iter_in_child(articles: list[RawArticle]) -> Iterator[ArticleDoc | Failure]:
    """Process the articles in one forked child, for a long-lived process (a web worker).

    Parsing a large page grows the heap, and Python returns little of it to the system: the
    web worker that handled an upload stayed that much larger for good. A child's memory goes
    when it exits. Forked, not spawned: it shares the models this process loaded, so an upload
    does not wait for them to load again.
    """
    nlp.warm_up()
    context = multiprocessing.get_context("fork")
    with context.Pool(1, initializer=exit_with_parent) as pool:
        yield from pool.imap(_process_safely, articles)
