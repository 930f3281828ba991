"""Applies the rule table (`rule_table.ROWS`) and says which rows fired.

The table is compiled once; `using(rows)` swaps in another table for a while (the mutation
check runs the examples with one row left out). Checks that need more than a pattern (a
subject before the cue, underthesea's words) are functions registered by the step modules
under the name a row gives in `check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from corpus_import.doc import ArticleDoc
from corpus_import.rule_table import (
    DROP,
    HEAD,
    KEEP,
    KIND,
    MEETING_KIND,
    MENTION,
    ROWS,
    SIGNAL,
    Rule,
)

_NEVER = r"(?!)"


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    kind: str
    strength: int
    rule: str = ""


@dataclass
class SentenceContext:
    """One sentence while its cues are looked at; what several rows need is computed once."""

    doc: ArticleDoc
    start: int
    end: int
    cache: dict = field(default_factory=dict)
    index: int = -1  # the sentence's index in doc.sentences, where the caller knows it

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    def once(self, key: str, compute: Callable[[], object]) -> object:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


@dataclass
class CueContext:
    sentence: SentenceContext
    cue: Cue

    @property
    def doc(self) -> ArticleDoc:
        return self.sentence.doc

    @cached_property
    def word(self) -> str:
        return self.doc.text[self.cue.start : self.cue.end].lower()

    @cached_property
    def before(self) -> str:
        return self.doc.text[self.sentence.start : self.cue.start]

    @cached_property
    def after(self) -> str:
        return self.doc.text[self.cue.end : self.sentence.end]


@dataclass
class KindContext:
    """A kept cue with the actors found for it: what the kind rows decide on."""

    doc: ArticleDoc
    cue: Cue
    sentence_end: int
    actors: list[str]
    collective: bool


@dataclass
class MentionContext:
    """A meeting name in its sentence: the text before it and after it."""

    before: str
    after: str


CHECKS: dict[str, Callable] = {}


def check(name: str) -> Callable[[Callable], Callable]:
    """Register a test a row can name in `check`."""

    def register(function: Callable) -> Callable:
        CHECKS[name] = function
        return function

    return register


def _alternatives(patterns: list[str]) -> str:
    return "|".join(patterns) if patterns else _NEVER


def _quick_check(pattern: str) -> re.Pattern | None:
    """The cue pattern without its word boundaries, to run on the lower-cased sentence first.

    The boundary lookbehind keeps the regex engine from searching for the pattern's literal
    start; without it the search is several times faster, and a sentence where it finds nothing
    cannot hold the cue. Patterns with an upper-case letter cannot be checked on lower-cased
    text and get none.
    """
    literal = re.sub(r"\\.", "", pattern)
    if literal != literal.lower():
        return None
    return re.compile(pattern)


class CompiledTable:
    def __init__(self, rows: tuple[Rule, ...]):
        names = [row.name for row in rows]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"rule names used twice: {', '.join(duplicates)}")
        self.rows = rows
        self.cues = [
            (row, re.compile(r"(?<!\w)" + row.pattern + r"(?!\w)", re.IGNORECASE))
            for row in rows
            if row.effect == KEEP
        ]
        self.cue_quick_checks = [_quick_check(row.pattern) for row, _ in self.cues]
        drops = [row for row in rows if row.effect == DROP]
        self.sentence_drops = [
            (row, self._compile(row)) for row in drops if row.where in ("opening", "sentence")
        ]
        self.cue_drops = [
            (row, self._compile(row), self._compile(row, row.unless))
            for row in drops
            if row.where not in ("opening", "sentence")
        ]
        self.kinds = [row for row in rows if row.effect == KIND]
        self.mentions = [
            (row, self._compile(row), self._compile(row, row.unless))
            for row in rows
            if row.effect == MENTION
        ]
        self.meeting_kinds = [
            (row, self._compile(row)) for row in rows if row.effect == MEETING_KIND
        ]
        heads = [row.pattern for row in rows if row.effect == HEAD]
        signals = [row.pattern for row in rows if row.effect == SIGNAL]
        self.head = re.compile(r"(?<!\w)(?:" + _alternatives(heads) + r")(?!\w)")
        self.signal = re.compile(_alternatives(heads + signals))

    @staticmethod
    def _compile(row: Rule, pattern: str | None = None) -> re.Pattern | None:
        pattern = row.pattern if pattern is None else pattern
        if not pattern:
            return None
        return re.compile(pattern, re.IGNORECASE if row.ignore_case else 0)


_active = CompiledTable(ROWS)


def active() -> CompiledTable:
    return _active


@contextmanager
def using(rows: tuple[Rule, ...]) -> Iterator[CompiledTable]:
    """Apply another table inside the block (tests and the mutation check)."""
    global _active
    previous = _active
    _active = CompiledTable(rows)
    try:
        yield _active
    finally:
        _active = previous


def raw_cues(doc: ArticleDoc, start: int, end: int) -> list[Cue]:
    """Every cue row's match in the sentence, in order, before any filter; a row never takes
    a span an earlier row matched."""
    found: list[Cue] = []
    sentence = doc.text[start:end]
    lowered = sentence.lower()
    for (row, pattern), quick in zip(_active.cues, _active.cue_quick_checks, strict=True):
        if quick is not None and quick.search(lowered) is None:
            continue
        for match in pattern.finditer(sentence):
            cue = Cue(start + match.start(), start + match.end(), row.kind, row.strength, row.name)
            if not any(
                c.start <= cue.start < c.end or cue.start <= c.start < cue.end for c in found
            ):
                found.append(cue)
    return sorted(found, key=lambda c: c.start)


def sentence_dropped_by(context: SentenceContext) -> str | None:
    """The first sentence row that passes the whole sentence over, if any."""
    for row, pattern in _active.sentence_drops:
        if pattern is not None and not pattern.match(context.doc.text, context.start, context.end):
            continue
        if row.check and not CHECKS[row.check](context):
            continue
        return row.name
    return None


def cue_dropped_by(context: CueContext) -> str | None:
    """The first filter row that fires on this cue, if any (rows in table order)."""
    cue = context.cue
    for row, pattern, unless in _active.cue_drops:
        if row.strength and cue.strength != row.strength:
            continue
        if row.kind and cue.kind != row.kind:
            continue
        if row.cues and context.word not in row.cues:
            continue
        if pattern is not None and not _found(row, pattern, context):
            continue
        if unless is not None and _found(row, unless, context):
            continue
        if row.check and not CHECKS[row.check](context):
            continue
        return row.name
    return None


def _found(row: Rule, pattern: re.Pattern, context: CueContext) -> bool:
    if row.where == "before":
        before = context.before[-row.reach :] if row.reach else context.before
        return pattern.search(before) is not None
    if row.where == "after":
        after = context.after[: row.reach] if row.reach else context.after
        return pattern.match(after) is not None
    if row.where == "at":
        return pattern.match(context.doc.text, context.cue.start) is not None
    return True


def item_kind(context: KindContext) -> tuple[str, list[str]]:
    """The item's kind from its cue's, and the kind row that changed it, if one did."""
    for row in _active.kinds:
        if CHECKS[row.check](context):
            return row.kind, [row.name]
    return context.cue.kind, []


def mention_flags(context: MentionContext) -> tuple[set[str], list[str]]:
    """What the mention rows say of a meeting name (`held`, `umbrella`, `future`, `occasion`),
    and the rows that said it."""
    flags: set[str] = set()
    fired: list[str] = []
    for row, pattern, unless in _active.mentions:
        place = _place(row, context)
        if pattern is not None and not _look(row, pattern, place):
            continue
        if unless is not None and _look(row, unless, place):
            continue
        if row.check and not CHECKS[row.check](context):
            continue
        flags.add(row.kind)
        fired.append(row.name)
    return flags, fired


def _place(row: Rule, context: MentionContext) -> str:
    if row.where == "before":
        return context.before[-row.reach :] if row.reach else context.before
    return context.after[: row.reach] if row.reach else context.after


def _look(row: Rule, pattern: re.Pattern, place: str) -> bool:
    found = pattern.search(place) if row.where == "before" else pattern.match(place)
    return found is not None


def meeting_kind(title: str) -> tuple[str, str] | None:
    """The first meeting kind row whose pattern is in the title: (kind, row name)."""
    for row, pattern in _active.meeting_kinds:
        if pattern.search(title):
            return row.kind, row.name
    return None
