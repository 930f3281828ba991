"""Runs a rule row's examples: the test of every row (tests/test_rule_table.py) and the
mutation check (scripts/rule_mutation_check.py) both go through here.

Item rows (cues, filters, kinds) run each example as a sentence after `MEETING_LEAD`, the
report of a recognized ASEAN–Japan meeting (a row whose `example_at` is "headline" puts it
before the lead, as the article's first line); meeting head and signal rows run it alone. An
outcome says which rows fired on the example and whether the pipeline behaved as the row says
it should: a meeting row's example gives the meetings it names, a cue's makes an item (of the
row's kind, or the one the example names), a filter's makes none while its counter-examples
make one, a kind row's sets the kind, and a meeting signal's lets the article past the
pre-check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_import import rule_engine
from corpus_import.pipeline import process_text
from corpus_import.rule_table import (
    DROP,
    HEAD,
    KEEP,
    KIND,
    MEETING_KIND,
    MENTION,
    SIGNAL,
    Example,
    Rule,
)

MEETING_LEAD = (
    "Chiều 3/8, Bộ trưởng Ngoại giao Bùi Thanh Sơn đã cùng Ngoại trưởng Nhật Bản Motegi "
    "Toshimitsu đồng chủ trì Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản theo hình thức "
    "trực tuyến. Đây là hoạt động trong khuôn khổ Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 54 "
    "và các hội nghị liên quan.\n\n"
)


@dataclass
class Outcome:
    fired: set[str]
    kinds: list[str]  # the kinds of the items made from the example
    passed_precheck: bool
    meeting_kinds: list[str] = field(default_factory=list)


def sentence_of(example: Example) -> str:
    return example if isinstance(example, str) else example[0]


def run(row: Rule, example: Example) -> Outcome:
    sentence = sentence_of(example)
    if row.effect in (HEAD, SIGNAL):
        doc = process_text("rule.txt", sentence)
        fired = {row.name} if _pattern_fires(row, sentence) else set()
        return Outcome(fired, [c.kind for c in doc.commitments], bool(doc.sentences))
    if row.effect in (MENTION, MEETING_KIND):
        doc = process_text("rule.txt", sentence)
        fired = {name for m in doc.mentions for name in m.rules}
        fired.update(name for m in doc.meetings for name in m.rules)
        return Outcome(
            fired, [c.kind for c in doc.commitments], True, [m.kind for m in doc.meetings]
        )
    if row.example_at == "headline":
        doc = process_text("rule.txt", sentence + "\n\n" + MEETING_LEAD)
        first, last = 0, len(sentence)
    else:
        doc = process_text("rule.txt", MEETING_LEAD + sentence)
        first, last = len(MEETING_LEAD), len(doc.text)
    items = [c for c in doc.commitments if first <= c.start < last]
    fired = {name for item in items for name in item.rules}
    fired.update(
        name for start, names in doc.passed_over.items() if first <= start < last for name in names
    )
    fired.update(name for start, name in doc.set_aside.items() if first <= start < last)
    return Outcome(fired, [c.kind for c in items], bool(doc.sentences))


def _pattern_fires(row: Rule, text: str) -> bool:
    return rule_engine.CompiledTable((row,)).signal.search(text) is not None


def behaves(row: Rule, example: Example, must_match: bool, outcome: Outcome) -> bool:
    """Whether the pipeline did what the row promises for this example, whichever rows fired."""
    if row.effect in (HEAD, SIGNAL):
        return outcome.passed_precheck if must_match else True
    if row.effect in (MENTION, MEETING_KIND):
        if isinstance(example, str):
            return True
        return ",".join(outcome.meeting_kinds) == example[1]
    if row.effect == KEEP:
        if not must_match:
            return True
        wanted = example[1] if isinstance(example, tuple) else row.kind
        return outcome.kinds == [wanted]
    if row.effect == DROP:
        if not must_match:
            return len(outcome.kinds) == 1
        if isinstance(example, tuple):
            return outcome.kinds == [example[1]]
        return outcome.kinds == []
    if row.effect == KIND:
        return (outcome.kinds == [row.kind]) if must_match else (outcome.kinds[:1] != [row.kind])
    raise ValueError(f"{row.name}: unknown effect {row.effect!r}")


def examples(rows: tuple[Rule, ...]) -> list[tuple[Rule, Example, bool]]:
    """Every (row, example, must match) of the table, matches first."""
    found: list[tuple[Rule, Example, bool]] = []
    for row in rows:
        found += [(row, example, True) for example in row.matches]
        found += [(row, example, False) for example in row.misses]
    return found
