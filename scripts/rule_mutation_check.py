"""Delete each rule table row in turn and check that at least one row example then fails.

    .venv/bin/python scripts/rule_mutation_check.py

Prints every row with the example that caught its removal, then how many rows are covered;
exits 1 if any row's removal goes unnoticed. tests/test_rule_table.py runs the same check.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from corpus_import.rule_mutation import check_all  # noqa: E402


def main() -> int:
    began = time.perf_counter()
    mutants = check_all()
    for mutant in mutants:
        print(f"{mutant.row:28} {mutant.caught_by or 'NOT CAUGHT'}")
    caught = sum(1 for m in mutants if m.caught_by)
    print(f"{caught}/{len(mutants)} rows covered in {time.perf_counter() - began:.1f}s")
    return 0 if caught == len(mutants) else 1


if __name__ == "__main__":
    sys.exit(main())
