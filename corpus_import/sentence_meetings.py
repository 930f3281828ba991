"""The meeting each sentence reports on: the last one named, or the chain of meetings when
the sentence speaks of them together ("Phát biểu tại các hội nghị")."""

from __future__ import annotations

import re

from corpus_import import patterns
from corpus_import.doc import ArticleDoc

_CHAIN_REFERENCE = re.compile(patterns.CHAIN_REFERENCE)


def assign(doc: ArticleDoc) -> None:
    """`doc.sentence_meetings`: a meeting key per sentence; None before the first one."""
    by_sentence: dict[int, str] = {}
    for meeting in doc.meetings:
        for index in doc.meeting_sentences.get(meeting.key, []):
            by_sentence.setdefault(index, meeting.key)
    chain = next((m.key for m in doc.meetings if m.is_chain), None)
    contexts: list[str | None] = []
    current = None
    for index, sentence in enumerate(doc.sentences):
        text = doc.text[sentence.start : sentence.end]
        if chain and _CHAIN_REFERENCE.search(text):
            current = chain
        elif index in by_sentence:
            current = by_sentence[index]
        contexts.append(current)
    doc.sentence_meetings = contexts
