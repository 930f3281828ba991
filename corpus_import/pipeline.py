"""Raw article in, `ArticleDoc` out: the steps in order, each a small function over the doc."""

from __future__ import annotations

import re
from pathlib import Path

from corpus_import import cleanup, commitments, entities, lexicon, meetings, nlp
from corpus_import.doc import ArticleDoc

_MEETING_SIGNAL = re.compile(lexicon.MEETING_SIGNAL)
_COMMITMENT_SIGNAL = re.compile(lexicon.COMMITMENT_SIGNAL, re.IGNORECASE)
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def process_text(name: str, raw: str, *, is_html: bool = False) -> ArticleDoc:
    """Clean the text, then find meetings, participants, commitments and follow-ups."""
    if is_html:
        raw = cleanup.html_to_text(raw)
    text, dateline = cleanup.clean_text(raw)
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
    raw = path.read_text(encoding="utf-8", errors="replace")
    return process_text(path.name, raw, is_html=path.suffix.lower() in (".html", ".htm"))


def iter_article_paths(paths: list[str | Path]) -> list[Path]:
    """Article files under the given files and folders, sorted, so runs are repeatable."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES))
        else:
            found.append(path)
    return found
