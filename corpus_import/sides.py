"""The two sides of talks named by a verb: the states of the people and parties around it."""

from __future__ import annotations

import re

from corpus_import import lexicon, patterns
from corpus_import.doc import ArticleDoc
from corpus_import.entities import is_state

_SIDE_JOINER = re.compile(patterns.SIDE_JOINER)


_BETWEEN_LATER = re.compile(patterns.BETWEEN_LATER)


_SIDES_END = re.compile(patterns.SIDES_END)


def side_codes(doc: ArticleDoc, start: int, end: int) -> list[str]:
    """States named by the people and party mentions between `start` and `end`."""
    # A person whose titles began before `start` ("Phủ Chủ tịch, Chủ tịch nước X" read as one
    # person with two titles) still stands there.
    people = [p for p in doc.people if p.start < end and p.end > start and p.party]
    found = [(p.start, p.party) for p in people]
    found += [
        (p.start, p.code)
        for p in doc.parties
        if start <= p.start < end and not any(q.start <= p.start < q.end for q in people)
    ]
    codes: list[str] = []
    for _, code in sorted(found):
        if code and is_state(code) and code not in codes:
            codes.append(code)
    return codes


def most_mentioned_state(doc: ArticleDoc, besides: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for party in doc.parties:
        if is_state(party.code) and party.code not in besides:
            counts[party.code] = counts.get(party.code, 0) + 1
    best = max(counts.items(), key=lambda item: item[1], default=None)
    return best[0] if best and best[1] >= 2 else None


def listed_sides(
    doc: ArticleDoc, spans: list[tuple[int, int]], after: int, limit: int
) -> list[str]:
    """States of the first person or party after `after` and of those listed with it."""
    group: list[tuple[int, int]] = []
    for span in spans:
        if span[0] <= after or span[0] >= limit:
            continue
        if group and span[0] < group[-1][1]:
            continue
        if group and not _SIDE_JOINER.fullmatch(doc.text, group[-1][1], span[0]):
            break
        if not group and doc.text[after + 1 : span[0]].strip(" ,") not in ("", *lexicon.BOTH):
            break
        group.append(span)
    codes: list[str] = []
    for start, end in group:
        codes += [c for c in side_codes(doc, start, end) if c not in codes]
    return codes


def between_later(doc: ArticleDoc, start: int, limit: int) -> tuple[int, list[str]] | None:
    """ "cuộc hội đàm xây dựng Bản ghi nhớ giữa A và B": the two states named after "giữa"."""
    between = _BETWEEN_LATER.match(doc.text, start, limit)
    if not between:
        return None
    stop = _SIDES_END.search(doc.text, between.end(), limit)
    end = stop.start() if stop else limit
    if f" {lexicon.AND} " not in doc.text[between.end() : end]:
        return None
    codes = side_codes(doc, between.end(), end)
    return (end, codes) if len(codes) == 2 else None
