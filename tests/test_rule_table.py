"""Every row of the rule table on its own examples: it fires on each must-match sentence and
the pipeline does what the row says; it stays silent on each must-not-match sentence."""

import pytest

from corpus_import import lexicon, patterns, rule_engine, rule_examples, rule_mutation, rule_table
from corpus_import.cleanup import normalize_unicode
from corpus_import.rule_table import ROWS

CASES = rule_examples.examples(ROWS)


@pytest.mark.parametrize(
    ("row", "example", "must_match"),
    CASES,
    ids=[f"{row.name}-{'match' if must else 'miss'}-{i}" for i, (row, _, must) in enumerate(CASES)],
)
def test_each_row_on_its_examples(row, example, must_match):
    outcome = rule_examples.run(row, example)
    assert (row.name in outcome.fired) == must_match, (outcome.fired, outcome.kinds)
    assert rule_examples.behaves(row, example, must_match, outcome), outcome


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_row_has_a_match_and_a_miss_and_a_known_check(row):
    assert row.effect in rule_table.EFFECTS and row.where in rule_table.PLACES
    assert row.matches, "every row needs a must-match example"
    assert row.misses, "every row needs a must-not-match example"
    assert not row.check or row.check in rule_engine.CHECKS


def test_row_names_are_unique():
    with pytest.raises(ValueError, match="used twice"):
        rule_engine.CompiledTable(ROWS + ROWS[:1])


def test_the_pre_check_derives_from_the_table():
    text = "Việt Nam đề xuất lập quỹ chung. Hai bên có cuộc tọa đàm."
    assert rule_engine.active().signal.search(text)
    without = tuple(row for row in ROWS if row.name != "round_table")
    with rule_engine.using(without):
        assert not rule_engine.active().signal.search(text)


@pytest.mark.parametrize("index", range(len(ROWS)), ids=[row.name for row in ROWS])
def test_deleting_the_row_makes_an_example_fail(index):
    """The mutation check (scripts/rule_mutation_check.py): every row decides something."""
    assert rule_mutation.check_row(index).caught_by is not None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


@pytest.mark.parametrize("module", [lexicon, patterns], ids=["lexicon", "patterns"])
def test_word_lists_and_patterns_are_written_as_clean_up_writes_the_text(module):
    """Clean-up puts text in NFC with tone marks placed one way ("hoà" -> "hòa"): an entry
    typed another way would never match, so none is."""
    for name in dir(module):
        if name.isupper():
            for text in _strings(getattr(module, name)):
                assert normalize_unicode(text) == text, (name, text)


def test_case_variants_are_generated():
    assert lexicon.case_variants(("Hội nghị",)) == ("Hội nghị", "hội nghị")
    assert "Quan chức Cấp cao" in lexicon.case_variants(("quan chức cấp cao",), every_word=True)
