"""Dates as the text gives them: day and month, a year inferred from the article, a precision."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_import import lexicon, patterns
from corpus_import.doc import UNKNOWN_DATE, ArticleDoc, DateMention, PartialDate

_DAY_MONTH = re.compile(patterns.DAY_MONTH)
_STATED_YEAR = re.compile(patterns.STATED_YEAR)
_NOT_EVENT_YEAR_BEFORE = re.compile(patterns.NOT_EVENT_YEAR_BEFORE)
_FIGURE_AFTER_YEAR = re.compile(patterns.FIGURE_AFTER_YEAR)
_FOUNDING_BEFORE_YEAR = re.compile(patterns.FOUNDING_BEFORE_YEAR)
_RELATIVE = re.compile(patterns.RELATIVE_DAY)
# Every date expression holds a digit or "nay"/"qua": a sentence without is passed over at once.
_MAY_HOLD_DATE = re.compile(r"\d|nay|qua")
_MONTH_ONLY = re.compile(patterns.MONTH_ONLY)
_AMM = re.compile(patterns.AMM_ORDINAL)
_ASEAN_YEAR = re.compile(patterns.ASEAN_YEAR)
_MONTH_YEAR_PAREN = re.compile(patterns.MONTH_YEAR_PAREN)
_GROUPING_YEAR = re.compile(patterns.GROUPING_YEAR)
_PERIOD = re.compile(patterns.PERIOD)
_TARGET_YEAR = re.compile(patterns.TARGET_YEAR)
_ANNIVERSARY = re.compile(patterns.ANNIVERSARY)
_RELATIONS_FOUNDED = re.compile(patterns.RELATIONS_FOUNDED)
_YEAR_SPAN_AFTER = re.compile(patterns.YEAR_SPAN_AFTER)
_ANNIVERSARY_BEFORE_FOUNDING = re.compile(patterns.ANNIVERSARY_BEFORE_FOUNDING)


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions in text[start:end], in order."""
    end = len(text) if end is None else end
    if not _MAY_HOLD_DATE.search(text, start, end):
        return []
    found: list[DateMention] = []
    for match in _DAY_MONTH.finditer(text, start, end):
        day = int(match["day"] or match["dday"])
        month = int(match["month"] or match["dmonth"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            year = int(match["year"]) if match["year"] else None
            found.append(DateMention(match.start(), match.end(), day, month, year))
    for match in _RELATIVE.finditer(text, start, end):
        back = 1 if match.group().endswith("qua") else 0
        found.append(DateMention(match.start(), match.end(), None, None, None, True, back))
    for match in _MONTH_ONLY.finditer(text, start, end):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        month = int(match[1])
        year = match[2] or match[3]
        if 1 <= month <= 12:
            found.append(
                DateMention(match.start(), match.end(), None, month, int(year) if year else None)
            )
    found.sort(key=lambda m: m.start)
    # "(8/8/1967-8/8/2017)": a span of years recalled for an anniversary dates no event.
    spans = {
        id(m)
        for a, b in itertools.pairwise(found)
        if a.year and b.year and text[a.end : b.start].strip() in ("-", "–")
        for m in (a, b)
    }
    return [m for m in found if id(m) not in spans]


class SentenceDates(Sequence[list[DateMention]]):
    """Each sentence's date expressions, parsed the first time a step asks for them: most
    sentences are never asked about, and parsing all of them cost a tenth of the import."""

    def __init__(self, doc: ArticleDoc):
        self._doc = doc
        self._parsed: dict[int, list[DateMention]] = {}

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if index not in self._parsed:
            span = self._doc.sentences[index]
            self._parsed[index] = find_dates(self._doc.text, span.start, span.end)
        return self._parsed[index]

    def __len__(self) -> int:
        return len(self._doc.sentences)


def annotate(doc: ArticleDoc) -> None:
    """The one place sentences' dates are parsed; steps read them from `doc.sentence_dates`,
    and the year the article is set in from `doc.article_year`."""
    doc.sentence_dates = SentenceDates(doc)
    lead_end = doc.sentences[min(1, len(doc.sentences) - 1)].end if doc.sentences else None
    doc.article_year = article_year(doc.text, doc.dateline, lead_end)


def article_year(text: str, dateline: PartialDate, lead_end: int | None = None) -> int | None:
    """The year the reported events happened in, from the text alone.

    In order of trust: a "date YYYY-MM" line; the Nth ASEAN Foreign Ministers' Meeting
    (held in 1967 + N); "năm ASEAN 2021"; an anniversary of
    relations whose founding year the text gives; the year it states for its events
    (`stated_year`; `lead_end` is where the headline and lead end, by default their two lines).
    """
    if dateline.value is not None:
        return dateline.value.year
    match = _AMM.search(text)
    if match:
        return lexicon.AMM_BASE_YEAR + int(match[1] or match[2])
    match = _ASEAN_YEAR.search(text)
    if match:
        return int(match[1])
    anniversary, founded = _ANNIVERSARY.search(text), _RELATIONS_FOUNDED.search(text)
    if (
        anniversary
        and founded
        and not _ANNIVERSARY_BEFORE_FOUNDING.search(
            text, max(0, founded.start() - 25), founded.start()
        )
    ):
        return int(founded[1]) + int(anniversary[1])
    if lead_end is None:
        lead_end = sum(len(line) + 1 for line in text.split("\n", 2)[:2])
    return stated_year(text, lead_end)


def event_years(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """The years text[start:end] gives its own events, in full dates, as "năm 2017", as a
    "(4/2021)" month reference or as a grouping's year ("APEC 2017").

    Plans, deadlines, spans of years, the years of figures, of past days ("Hôm 14/12/2016"),
    of a relationship's founding or upgrade and of anniversaries are left out.
    """
    end = len(text) if end is None else end
    years = [
        int(match[1] or match[2])
        for match in _STATED_YEAR.finditer(text, start, end)
        if not _NOT_EVENT_YEAR_BEFORE.search(text, max(0, match.start() - 15), match.start())
        and not _FOUNDING_BEFORE_YEAR.search(text, max(0, match.start() - 60), match.start())
        and not _FIGURE_AFTER_YEAR.match(text, match.end())
        and not _YEAR_SPAN_AFTER.match(text, match.end())
    ]
    years += [int(match[2]) for match in _MONTH_YEAR_PAREN.finditer(text, start, end)]
    years += [
        int(match[2])
        for match in _GROUPING_YEAR.finditer(text, start, end)
        if not _NOT_EVENT_YEAR_BEFORE.search(text, max(0, match.start() - 15), match.start())
    ]
    return [y for y in years if 1900 < y < 2200]


def stated_year(text: str, lead_end: int) -> int | None:
    """The one year the text gives its events; when it names several, the one its headline and
    lead give, else none: an undated meeting is better than one dated by a recalled event."""
    years = set(event_years(text))
    if len(years) == 1:
        return years.pop()
    lead_years = set(event_years(text, 0, lead_end))
    return lead_years.pop() if len(lead_years) == 1 else None


def same_day_year(text: str, mention: DateMention) -> int | None:
    """The year of the same day and month written out in full elsewhere ("24/5" and "24/5/2017")."""
    if mention.year is not None or mention.day is None:
        return mention.year
    return next(
        (
            other.year
            for other in find_dates(text)
            if other.year is not None and (other.day, other.month) == (mention.day, mention.month)
        ),
        None,
    )


def resolve(mention: DateMention | None, year: int | None, dateline: PartialDate) -> PartialDate:
    """A partial date for `mention`, with `year` filling in what the expression leaves out.

    "chiều nay" is the article's own day when it is known (a publication date or a "date"
    line); it, and any date without a year the text supports, stay unknown otherwise.
    """
    if mention is not None and mention.relative:
        if dateline.value is None or dateline.precision != "day":
            return UNKNOWN_DATE
        return PartialDate(dateline.value - datetime.timedelta(days=mention.days_back), "day")
    if mention is None or mention.month is None:
        return UNKNOWN_DATE
    resolved_year = mention.year or year
    if resolved_year is None:
        return UNKNOWN_DATE
    if (
        mention.year is None
        and dateline.value is not None
        and dateline.value.year == resolved_year
        and mention.month > dateline.value.month
    ):
        # A report cannot precede the meeting: a later month belongs to the previous year.
        resolved_year -= 1
    try:
        if mention.day is not None:
            return PartialDate(datetime.date(resolved_year, mention.month, mention.day), "day")
        return PartialDate(datetime.date(resolved_year, mention.month, 1), "month")
    except ValueError:
        return UNKNOWN_DATE


@dataclass(frozen=True)
class TargetDate:
    date: PartialDate
    period_start: datetime.date | None
    text: str


def find_target(sentence: str, after: int = 0) -> TargetDate | None:
    """A deadline or period stated in a commitment: "giai đoạn 2021-2025", "đến năm 2030"."""
    match = _PERIOD.search(sentence, after)
    if match:
        first, last = int(match[1]), int(match[2])
        if 1900 < first <= last < 2200:
            return TargetDate(
                PartialDate(datetime.date(last, 1, 1), "year"),
                datetime.date(first, 1, 1),
                match[0],
            )
    match = _TARGET_YEAR.search(sentence, after)
    if match:
        year = int(match[1] or match[2])
        if 1900 < year < 2200:
            return TargetDate(PartialDate(datetime.date(year, 1, 1), "year"), None, match[0])
    return None
