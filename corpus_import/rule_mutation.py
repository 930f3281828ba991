"""The mutation check of the rule table: leave out one row at a time and see an example fail.

A row whose removal no example notices is untested, or does nothing the other rows do not:
either way it needs an example that only it decides. Only behaviour counts here (items made,
their kinds, the pre-check), not whether the row's name was recorded, which its removal would
change trivially.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_import import rule_engine, rule_examples
from corpus_import.rule_table import ROWS, Rule


@dataclass
class Mutant:
    row: str
    caught_by: str | None  # "row:match|miss:index" of the first example that failed


def check_row(index: int, rows: tuple[Rule, ...] = ROWS) -> Mutant:
    """Run the examples with `rows[index]` left out: the row's own first, then the others."""
    removed = rows[index]
    cases = rule_examples.examples(rows)
    own = [c for c in cases if c[0] is removed]
    others = [c for c in cases if c[0] is not removed]
    with rule_engine.using(rows[:index] + rows[index + 1 :]):
        for position, (row, example, must_match) in enumerate(own + others):
            outcome = rule_examples.run(row, example)
            if not rule_examples.behaves(row, example, must_match, outcome):
                label = "match" if must_match else "miss"
                return Mutant(removed.name, f"{row.name}:{label}:{position}")
    return Mutant(removed.name, None)


def check_all(rows: tuple[Rule, ...] = ROWS) -> list[Mutant]:
    return [check_row(index, rows) for index in range(len(rows))]
