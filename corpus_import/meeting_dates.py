"""Meeting dates: the day a meeting's own sentence gives, else a later sentence naming it
again, else the dated lead that repeats the headline's verb; years left out come from the
article (dates.py), else from the one year the sentence of the day states."""

from __future__ import annotations

import re
from dataclasses import replace

from corpus_import import dates, patterns, rule_engine
from corpus_import.doc import UNKNOWN_DATE, ArticleDoc, DateMention, Mention
from corpus_import.meetings import ORDINAL

_DATED_LEAD = re.compile(patterns.DATED_OPENING)


def date(doc: ArticleDoc) -> None:
    """Date each meeting. One with no date of its own whose sides are among the first
    meeting's (or a chain's) takes that one's date: "Hội nghị ASEAN - Nhật Bản" inside the
    ministers' week."""
    year = doc.article_year
    lead_date = UNKNOWN_DATE
    lead_parties: set[str] = set()
    for position, meeting in enumerate(doc.meetings):
        mention = doc.meeting_mentions[meeting.key]
        found = doc.sentence_dates[mention.sentence]
        own = found[0] if found else None
        if own is None or own.relative:
            # A headline or "... từ hôm nay": a later sentence naming the meeting may date it.
            own = _date_elsewhere(doc, mention) or own
        if own is not None and own.year is None:
            own = replace(own, year=dates.same_day_year(doc.text, own))
        meeting.date = dates.resolve(own, year or _year_of_sentence(doc, own), doc.dateline)
        if own is None and set(mention.parties) <= lead_parties:
            meeting.date = lead_date
        if position == 0 or meeting.is_chain:
            lead_date, lead_parties = meeting.date, set(mention.parties)


def _year_of_sentence(doc: ArticleDoc, mention: DateMention | None) -> int | None:
    """When the article names several years and its lead none, the one year the sentence giving
    the meeting's day states for an event ("... ngày 7/2, ... trong năm 2017")."""
    if mention is None or mention.relative:
        return None
    span = next((s for s in doc.sentences if s.start <= mention.start < s.end), None)
    if span is None:
        return None
    years = set(dates.event_years(doc.text, span.start, span.end))
    return years.pop() if len(years) == 1 else None


def _date_elsewhere(doc: ArticleDoc, mention: Mention) -> DateMention | None:
    """The first day in a later sentence that names the meeting again.

    A headline names talks without a date that the lead gives; "Kỳ họp lần thứ 39 của Ủy ban
    ..." names no parties, but its head and ordinal are those of the meeting already found.
    """
    head = rule_engine.active().head.match(mention.title)
    ordinal = ORDINAL.search(mention.title)
    for other in doc.mentions:
        if other.sentence <= mention.sentence:
            continue
        same_parties = other.recorded and set(other.parties) == set(mention.parties)
        same_name = bool(head) and other.title.lower().startswith(head.group().lower())
        if not same_parties and not (same_name and (not ordinal or ordinal.group() in other.title)):
            continue
        found = [
            d for d in doc.sentence_dates[other.sentence] if not d.relative and d.day is not None
        ]
        if found:
            return found[0]
    return _lead_date(doc, mention)


def _lead_date(doc: ArticleDoc, mention: Mention) -> DateMention | None:
    """ "Thủ tướng tiếp Đặc phái viên ..." / "Chiều 27/6, ..., Thủ tướng tiếp bà ...": a dated
    lead that repeats the headline's verb dates the meeting the headline names."""
    if mention.sentence != 0 or len(doc.sentences) < 2:
        return None
    lead = doc.sentences[1]
    verb = mention.title.split()[0]
    if not _DATED_LEAD.match(doc.text, lead.start, lead.end) or not re.search(
        rf"(?<!\w){re.escape(verb)}(?!\w)", doc.text[lead.start : lead.end]
    ):
        return None
    found = doc.sentence_dates[1]
    return found[0] if found and found[0].day is not None else None
