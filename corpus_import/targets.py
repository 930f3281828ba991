"""Whom a proposal or a pledge is addressed to: the parties after its cue."""

from __future__ import annotations

import re

from corpus_import import patterns
from corpus_import.doc import ArticleDoc, MeetingFinding
from corpus_import.entities import expand
from corpus_import.rule_engine import Cue
from corpus_import.subjects import entities_in, resolve

_TARGET_PREPOSITION = re.compile(patterns.TARGET_BEFORE)


def targets(
    doc: ArticleDoc,
    cue: Cue,
    end: int,
    kind: str,
    actors: list[str],
    meeting: MeetingFinding | None,
) -> list[str]:
    if kind not in ("proposal", "pledge"):
        return []
    entities = [e for e in entities_in(doc, cue.end, end)]
    for index, entity in enumerate(entities):
        if kind == "pledge" and (
            entity.refers_to
            or not _TARGET_PREPOSITION.search(
                doc.text[max(cue.end, entity.start - 30) : entity.start]
            )
        ):
            continue
        if entity.refers_to and index + 1 < len(entities):
            nxt = entities[index + 1]
            if nxt.codes and nxt.start - entity.end <= 1:
                entity = nxt
        codes = [c for c in resolve([entity], meeting, [], actors) if c not in actors]
        if codes:
            return expand(codes)
    if kind == "pledge" and meeting and set(actors) & set(meeting.parties):
        # A party's pledge at a meeting is made to its counterparts.
        return [p for p in meeting.parties if p not in actors]
    return []
