"""Follow-up evidence: a sentence that makes no item but reports an earlier one carried out."""

from __future__ import annotations

import re

from corpus_import import patterns
from corpus_import.doc import ArticleDoc, FollowUpFinding, MeetingFinding
from corpus_import.subjects import entities_in, resolve

_FOLLOW_UP = [(re.compile(p), status) for p, status in patterns.FOLLOW_UP_CUES]


_REFERENCE = re.compile(patterns.FOLLOW_UP_REFERENCE)


def find(doc: ArticleDoc) -> None:
    """Follow-ups in the sentences that made no item and were not set aside; their actors, when
    only a collective names them, are those of the item before."""
    items = {item.start: item for item in doc.commitments}
    by_key = {m.key: m for m in doc.meetings}
    previous: list[str] = []
    for index, span in enumerate(doc.sentences):
        if span.start in items:
            previous = items[span.start].actors
            continue
        if span.start in doc.set_aside:
            continue
        key = doc.sentence_meetings[index]
        meeting = by_key.get(key) if key else None
        follow_up = _follow_up(doc, span.start, span.end, meeting, previous)
        if follow_up is not None:
            doc.follow_ups.append(follow_up)


def _follow_up(
    doc: ArticleDoc,
    start: int,
    end: int,
    meeting: MeetingFinding | None,
    previous: list[str],
) -> FollowUpFinding | None:
    sentence = doc.text[start:end]
    for pattern, status in _FOLLOW_UP:
        if pattern.search(sentence):
            reference = _REFERENCE.search(sentence)
            entities = entities_in(doc, start, end)
            actors = resolve(entities[:1], meeting, previous) if entities else []
            return FollowUpFinding(
                start,
                end,
                quote=sentence,
                status=status,
                actors=actors,
                meeting_key=meeting.key if meeting else None,
                reference=reference.group() if reference else "",
            )
    return None
