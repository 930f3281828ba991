"""Dump what `process_text` extracts from every gold article, to diff a refactor against.

    .venv/bin/python scripts/dump_extraction.py > /tmp/before.json
    ... change the pipeline ...
    .venv/bin/python scripts/dump_extraction.py > /tmp/after.json
    diff /tmp/before.json /tmp/after.json

Covers the seed gold, dev/ with its subfolders and every frozen round. Each article gives its
meetings (kind, sides, date, format) and items (kind, actors, targets, sentence span, meeting,
confidence) and follow-ups; sorted keys and one article per block so a diff names the article.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from corpus_import.pipeline import process_file  # noqa: E402
from corpus_import.scoring import gold_files, is_recursive, samples  # noqa: E402


def dump(path: Path) -> dict:
    doc = process_file(path).to_dict()
    return {
        "meetings": [
            {
                "kind": m["kind"],
                "sides": m["parties"],
                "date": m["date"],
                "format": m["format"],
                "title": m["title"],
            }
            for m in doc["meetings"]
        ],
        "items": [
            {
                "kind": i["kind"],
                "actors": i["actors"],
                "targets": i["targets"],
                "span": [i["start"], i["end"]],
                "meeting": i["meeting"],
                "confidence": i["confidence"],
            }
            for i in doc["items"]
        ],
        "follow_ups": [
            {"status": f["status"], "actors": f["actors"], "span": [f["start"], f["end"]]}
            for f in doc["follow_ups"]
        ],
    }


def main() -> None:
    gold_root = ROOT / "fixtures" / "gold"
    out: dict[str, dict] = {}
    for name, folder in samples(gold_root, ["seed", "dev", "frozen"]):
        articles = ROOT / "fixtures" / "articles"
        for entry in gold_files(folder, articles, recursive=is_recursive(name)):
            out[f"{name}:{entry.path.relative_to(gold_root)}"] = dump(entry.article)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
