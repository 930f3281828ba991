"""Every committed gold file follows ANNOTATION.md's format: its article lies beside it, each
sentence is an exact substring, and kinds, codes, meeting keys and dates are valid."""

import runpy

import pytest

from tests.conftest import GOLD_DIR

check_gold = runpy.run_path(str(GOLD_DIR / "check_gold.py"))
# fixtures/gold/resolution/ holds cross-article gold of another format (events, restatements).
GOLD_FILES = sorted(
    path for path in check_gold["gold_files"]([str(GOLD_DIR)]) if "/resolution/" not in path
)


def test_gold_samples_are_committed_for_tuning_and_for_measuring():
    folders = {path.rsplit("/", 2)[-2] for path in GOLD_FILES}

    assert {"gold", "dev", "round1", "round2", "round3"} <= folders


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda path: path.split("fixtures/gold/")[-1])
def test_gold_file_is_well_formed(path):
    assert check_gold["check_file"](path) == []
