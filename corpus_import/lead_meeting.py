"""A meeting made from the article's lead, for a report whose meeting no pattern recognized
but whose items would otherwise be lost (kind `other`, for a curator to fix)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from corpus_import import dates, lexicon, patterns, rule_engine
from corpus_import.doc import ArticleDoc, MeetingFinding, Mention
from corpus_import.items import LEAD_MEETING_CONFIDENCE
from corpus_import.meetings import LEAD_MEETING_KIND, key

_LEAD_SENTENCES = 3


# How far into the article a meeting or visit must be named for a lead meeting: the opening
# paragraphs, where a report says what it reports.
_SIGNAL_SENTENCES = 6


_VISIT = re.compile(patterns.VISIT)


_NOT_A_MEETING_AT = re.compile(patterns.NOT_A_MEETING_AT)


_LEAD_TITLE_CHARS = 300


def fallback(doc: ArticleDoc, redo: tuple[Callable[[ArticleDoc], None], ...]) -> None:
    """No meeting recognized, yet the report holds items: rather than lose them, give them a
    meeting built from the lead, whose sides are the parties the items' subjects name, and
    run the `redo` steps again so that "hai bên" resolves to those sides."""
    if doc.meetings or not (doc.commitments or named_meeting(doc)):
        return
    lead = lead_meeting(doc, [c.actors for c in doc.commitments])
    if lead is None:
        return
    doc.meetings = [lead]
    doc.reports_meeting = True
    doc.commitments, doc.follow_ups = [], []
    doc.passed_over, doc.set_aside = {}, {}
    doc.sentence_meetings = [lead.key] * len(doc.sentences)
    for step in redo:
        step(doc)
    for item in doc.commitments:
        item.confidence = min(item.confidence, LEAD_MEETING_CONFIDENCE)


def named_meeting(doc: ArticleDoc) -> Mention | None:
    """A meeting the opening names as held, but with no party in its name ("Diễn đàn An ninh
    Shangri-La lần thứ 21 khai mạc", "phiên họp kín của Hội đồng Bảo an"): the report's own,
    which titles the lead meeting. A bare head ("cuộc họp", "Diễn đàn") or a description
    ("hội nghị thượng đỉnh") names nothing."""
    # A meeting named as to come anywhere in the opening is a preview's subject, not a report's.
    to_come = {_name(m.title) for m in doc.mentions if m.future}
    return next(
        (
            m
            for m in doc.mentions
            if m.recorded
            and not m.parties
            and not m.future
            and m.sentence < _SIGNAL_SENTENCES
            and len(m.title.split()) >= _NAMED_WORDS
            and _PROPER.search(m.title.split(maxsplit=2)[-1])
            and _name(m.title) not in to_come
        ),
        None,
    )


def _name(title: str) -> str:
    return " ".join(title.lower().split()[:_NAMED_WORDS])


_NAMED_WORDS = 3


# A name, not a description ("hội nghị thượng đỉnh"): a capitalised word or a number after
# the head.
_PROPER = re.compile(r"(?<!\w)[A-ZĐÂĂÊÔƠƯ0-9]")


def speaks_of_meeting(text: str, end: int) -> bool:
    """Whether `text[:end]` names a meeting or a visit. A statement made at a press conference,
    or one calling for dialogue, is not the report of a meeting: on dev, every lead meeting
    whose only signal was such a word was a statement made outside any meeting."""
    if _VISIT.search(text, 0, end):
        return True
    for match in rule_engine.active().signal.finditer(text, 0, end):
        # The signal may start inside "cuộc họp báo" ("cuộc họp") or at its "họp báo".
        head = text.rfind(" ", 0, max(match.start() - 1, 0)) + 1
        if not (
            _NOT_A_MEETING_AT.match(text, match.start()) or _NOT_A_MEETING_AT.match(text, head)
        ):
            return True
    return False


def lead_meeting(doc: ArticleDoc, actor_lists: list[list[str]]) -> MeetingFinding | None:
    """A meeting for a report whose meeting no pattern recognized, made from its lead.

    Its sides are the parties the items' subjects name, the most named first; its title is that
    of a meeting named as held but with no party in its name, else the headline (or the first
    sentence); its date and format what that meeting's or the lead sentences say. Kind
    `other` tells the curator it is a placeholder to fix, not a recognized meeting.
    """
    counts: dict[str, int] = {}
    for actors in actor_lists:
        for code in actors:
            counts[code] = counts.get(code, 0) + 1
    lead = doc.sentences[:_LEAD_SENTENCES]
    named = named_meeting(doc)
    if named is not None:
        # Its sides are those whose words the report gives: the items' actors, else the
        # people speaking in the sentence that names it ("Phát biểu tại Đối thoại Shangri-La
        # ..., ông Mattis nói").
        for person in doc.people:
            span = doc.sentences[named.sentence]
            if span.start <= person.start < span.end and person.party:
                counts.setdefault(person.party, 0)
        # A session of Vietnam's own bodies (a government meeting, a provincial council) is
        # not a diplomatic meeting: some side must be another party.
        if not set(counts) - {lexicon.HOME_PARTY}:
            return None
    else:
        # A feed's other news (a minister's domestic orders, sport) also holds cue words: only
        # an opening that speaks of a meeting or a visit, between at least two parties, makes
        # one.
        window = doc.sentences[:_SIGNAL_SENTENCES][-1].end if doc.sentences else 0
        if not counts or not speaks_of_meeting(doc.text, window):
            return None
        # One item by one party is too little to call a report of a meeting: on the dev
        # gold, such items were statements made outside any meeting.
        if len(actor_lists) < 2 and len(counts) < 2:
            return None
    sides = sorted(counts, key=lambda code: -counts[code])
    if len(sides) < 2 and named is None:
        lead_parties: dict[str, int] = {}
        for party in doc.parties:
            if party.start < lead[-1].end and party.code not in sides:
                lead_parties[party.code] = lead_parties.get(party.code, 0) + 1
        if not lead_parties:
            return None
        sides.append(max(lead_parties, key=lambda code: lead_parties[code]))
    title = named.title if named else (doc.title or doc.span_text(doc.sentences[0])).strip()
    if len(title) > _LEAD_TITLE_CHARS:
        title = title[: _LEAD_TITLE_CHARS - 1].rstrip() + "…"
    year = doc.article_year
    dated = [named.sentence] if named else range(len(lead))
    found = [d for i in dated for d in doc.sentence_dates[i]]
    own = found[0] if found else None
    if own is not None and own.year is None and not own.relative:
        own = replace(own, year=dates.same_day_year(doc.text, own))
    date = dates.resolve(own, year, doc.dateline)
    start, end = (lead[0].start, lead[0].end) if lead else (0, 0)
    meeting = MeetingFinding(
        start,
        end,
        key=key(sides[:4], LEAD_MEETING_KIND, set()),
        title=title,
        kind=LEAD_MEETING_KIND,
        parties=sides,
        date=date,
    )
    contexts = [title] + [doc.span_text(s) for s in lead]
    for pattern, value in patterns.FORMAT_CUES:
        if any(re.search(pattern, context) for context in contexts):
            meeting.format = value
            break
    return meeting
