"""Commitment items (pledge, agreement, support, proposal), one per sentence at most.

The first cue of a sentence that no filter row drops and whose subject names an actor makes
its item (see ../shared/ANNOTATION.md); "các nước", "hai bên" and the like stand for the
parties of the meeting the sentence reports. Sentence rows of the rule table set whole
sentences aside first.
"""

from __future__ import annotations

import re

from corpus_import import amounts, dates, kinds, lexicon, patterns, rule_engine
from corpus_import.cues import find_cues
from corpus_import.doc import ArticleDoc, CommitmentFinding, MeetingFinding, Span
from corpus_import.rule_engine import Cue, SentenceContext, check
from corpus_import.subjects import actors, anchor
from corpus_import.targets import targets

_DATED_OPENING = re.compile(patterns.DATED_OPENING)


_PAST_IN_DATED = re.compile(patterns.PAST_IN_DATED)


_PAST_OPENING = re.compile(patterns.PAST_OPENING)


_YEAR_OPENING = re.compile(patterns.YEAR_OPENING)


# Each topic's keywords with word boundaries, and without them: the bare alternation is searched
# first, several times faster, and only a sentence holding one of its words is looked at again.
_TOPICS = {
    slug: (
        re.compile("|".join(re.escape(k) for k in words)),
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in words) + r")(?!\w)"),
    )
    for slug, words in lexicon.TOPIC_KEYWORDS.items()
}


# Items kept only under a meeting made from the article's lead: a curator should check them.
LEAD_MEETING_CONFIDENCE = 0.4


def extract(doc: ArticleDoc) -> None:
    """Items of the sentences, each under the meeting its sentence reports."""
    by_key = {m.key: m for m in doc.meetings}
    previous: list[str] = []
    meeting_days = _meeting_days(doc)
    for index, span in enumerate(doc.sentences):
        start, end = span.start, span.end
        context = SentenceContext(doc, start, end, {"meeting_days": meeting_days}, index)
        set_aside_by = rule_engine.sentence_dropped_by(context)
        if set_aside_by is not None:
            doc.set_aside[start] = set_aside_by
            continue
        key = doc.sentence_meetings[index]
        meeting = by_key.get(key) if key else None
        # Before any meeting is named, "các nước" means the article's first meeting.
        resolving = meeting or (doc.meetings[0] if doc.meetings else None)
        for cue in find_cues(doc, start, end):
            item = item_for_cue(doc, span, cue, meeting, resolving, previous)
            if item is not None:
                doc.commitments.append(item)
                previous = item.actors
                break
    place_unattached(doc)


def item_for_cue(
    doc: ArticleDoc,
    span: Span,
    cue: Cue,
    meeting: MeetingFinding | None,
    resolving: MeetingFinding | None,
    previous: list[str],
) -> CommitmentFinding | None:
    """The item a cue makes of its sentence, or None when it names no actor."""
    start, end = span.start, span.end
    found, collective = actors(doc, start, end, anchor(doc, start, cue), resolving, previous)
    if not found:
        return None
    kind, changed_by = kinds.item_kind(doc, cue, end, found, collective)
    sentence = doc.text[start:end]
    item = CommitmentFinding(
        start,
        end,
        sentence=sentence,
        kind=kind,
        actors=found,
        targets=targets(doc, cue, end, kind, found, resolving),
        meeting_key=meeting.key if meeting else None,
        topics=_topics(sentence),
        confidence=_confidence(cue, collective, meeting),
        rules=[cue.rule, *changed_by],
    )
    _add_amount_and_target(item, cue.end - start)
    return item


@check("too_short")
def _too_short(context: SentenceContext) -> bool:
    return len(context.text.split()) < 5


@check("label_headline")
def _label_headline(context: SentenceContext) -> bool:
    return _is_label_headline(context.doc, context.start, context.end)


@check("dated_background")
def _dated_background(context: SentenceContext) -> bool:
    return _is_dated_background(context.doc, context.index, context.cache["meeting_days"])


def _is_label_headline(doc: ArticleDoc, start: int, end: int) -> bool:
    sentence = doc.text[start:end]
    return start == 0 and doc.title == sentence and ":" in sentence[:60]


def _topics(sentence: str) -> list[str]:
    lowered = sentence.lower()
    return [
        slug
        for slug, (quick, pattern) in _TOPICS.items()
        if quick.search(lowered) and pattern.search(lowered)
    ]


def _meeting_days(doc: ArticleDoc) -> set[tuple[int | None, int | None]]:
    """Day and month of the dates in the sentences that name a reported meeting."""
    days: set[tuple[int | None, int | None]] = set()
    for meeting in doc.meetings:
        for index, sentence in enumerate(doc.sentences):
            if sentence.start <= meeting.start < sentence.end:
                found = doc.sentence_dates[index]
                days.update((d.day, d.month) for d in found if d.day is not None)
        if meeting.date.value is not None and meeting.date.precision == "day":
            days.add((meeting.date.value.day, meeting.date.value.month))
    return days


def _meeting_years(doc: ArticleDoc) -> set[int]:
    return {m.date.value.year for m in doc.meetings if m.date.value is not None}


def _is_dated_background(
    doc: ArticleDoc, index: int, meeting_days: set[tuple[int | None, int | None]]
) -> bool:
    """ "Ngày 22/6, các nước ... đã ...": another day than the meeting's, told in the past; so
    is "Hồi tháng 3, ... đã ..." and "Năm 2014, ... đã ..." in another year than the meeting's."""
    start, end = doc.sentences[index].start, doc.sentences[index].end
    earlier = _PAST_OPENING.match(doc.text, start, end)
    year = _YEAR_OPENING.match(doc.text, start, end)
    if year and int(year["year"]) in _meeting_years(doc):
        year = None
    for opening in (earlier, year):
        if opening and _PAST_IN_DATED.search(doc.text, opening.end(), end):
            return True
    opening = _DATED_OPENING.match(doc.text, start, end)
    if opening is None or not _PAST_IN_DATED.search(doc.text, opening.end(), end):
        return False
    found = [d for d in doc.sentence_dates[index] if d.start < opening.end()]
    return bool(found) and (found[0].day, found[0].month) not in meeting_days


def _confidence(cue: Cue, collective: bool, meeting: MeetingFinding | None) -> float:
    score = 0.9 if cue.strength == 2 else 0.7
    if collective and meeting is None:
        score -= 0.3
    if meeting is None:
        score -= 0.1
    return round(max(0.1, min(1.0, score)), 2)


def _add_amount_and_target(item: CommitmentFinding, after: int) -> None:
    found = amounts.find_amounts(item.sentence)
    if found:
        item.amount = found[0]
    target = dates.find_target(item.sentence, after)
    if target is not None:
        item.target_date = target.date
        item.target_period_start = target.period_start
        item.target_text = target.text


def place_unattached(doc: ArticleDoc) -> None:
    """Items before the first meeting context (a headline, a lead) go to the smallest meeting
    whose parties cover their actors and targets."""
    for item in doc.commitments:
        if item.meeting_key is not None or not doc.meetings:
            continue
        wanted = set(item.actors) | set(item.targets)
        fitting = [m for m in doc.meetings if wanted <= set(m.parties)]
        chosen = min(fitting, key=lambda m: len(m.parties)) if fitting else doc.meetings[0]
        item.meeting_key = chosen.key
        if not item.actors:
            item.actors = list(chosen.parties)
