"""Every committed gold file follows ANNOTATION.md's format: its article lies beside it, each
sentence is an exact substring, and kinds, codes, meeting keys and dates are valid."""

import runpy

import pytest

from tests.conftest import GOLD_DIR

check_gold = runpy.run_path(str(GOLD_DIR / "check_gold.py"))
GOLD_FILES = sorted(check_gold["gold_files"]([str(GOLD_DIR)]))


def test_gold_samples_are_committed_and_the_spent_rounds_are_tuning_data():
    folders = {path.split("fixtures/gold/")[-1].rsplit("/", 1)[0] for path in GOLD_FILES}

    assert {
        "dev",
        "dev/frozen-round1",
        "dev/frozen-round2",
        "dev/frozen-round3",
        "dev/frozen-round4",
    } <= folders
    assert not any(folder.startswith("frozen/round") and folder[-1] in "1234" for folder in folders)
    assert {"frozen/round5", "frozen/round6", "frozen/round7"} <= folders
    assert not any("resolution" in folder for folder in folders)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda path: path.split("fixtures/gold/")[-1])
def test_gold_file_is_well_formed(path):
    assert check_gold["check_file"](path) == []
