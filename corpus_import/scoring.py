"""Score extracted articles against gold files, with the matching rules of ANNOTATION.md.

Items match when their sentences (NFC, tone marks normalized, whitespace collapsed, case
folded) overlap by at least 80% of the shorter one and the shorter is at least half the longer;
each gold item matches at most one extracted item. Meetings match on title or party set.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus_import.cleanup import normalize_unicode


def normalize(sentence: str) -> str:
    return " ".join(normalize_unicode(sentence).casefold().split())


def overlap_matches(a: str, b: str) -> bool:
    shorter, longer = sorted((normalize(a), normalize(b)), key=len)
    if not shorter or len(shorter) * 2 < len(longer):
        return False
    matcher = difflib.SequenceMatcher(None, shorter, longer, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common >= 0.8 * len(shorter)


@dataclass
class Score:
    gold_items: int = 0
    extracted_items: int = 0
    matched_items: int = 0
    kind_correct: int = 0
    actors_correct: int = 0
    targets_correct: int = 0
    gold_meetings: int = 0
    extracted_meetings: int = 0
    meetings_found: int = 0
    meeting_parties_correct: int = 0
    meeting_dates_correct: int = 0
    meeting_formats_correct: int = 0
    articles: int = 0
    # Articles whose gold holds items but whose extraction holds none: "no report left empty".
    empty_reports: int = 0
    # Articles whose gold records no meeting but whose extraction makes one.
    false_meeting_articles: int = 0
    errors: list[str] = field(default_factory=list)
    error_classes: Counter = field(default_factory=Counter)

    def error(self, error_class: str, message: str) -> None:
        self.error_classes[error_class] += 1
        self.errors.append(message)

    @property
    def precision(self) -> float:
        return self.matched_items / self.extracted_items if self.extracted_items else 0.0

    @property
    def recall(self) -> float:
        return self.matched_items / self.gold_items if self.gold_items else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def ratio(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "items_gold": self.gold_items,
            "items_extracted": self.extracted_items,
            "items_matched": self.matched_items,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "kind_accuracy": round(self.ratio(self.kind_correct, self.matched_items), 4),
            "actor_accuracy": round(self.ratio(self.actors_correct, self.matched_items), 4),
            "target_accuracy": round(self.ratio(self.targets_correct, self.matched_items), 4),
            "meetings_gold": self.gold_meetings,
            "meetings_extracted": self.extracted_meetings,
            "meetings_found": self.meetings_found,
            "meeting_party_accuracy": round(
                self.ratio(self.meeting_parties_correct, self.gold_meetings), 4
            ),
            "meeting_date_accuracy": round(
                self.ratio(self.meeting_dates_correct, self.gold_meetings), 4
            ),
            "meeting_format_accuracy": round(
                self.ratio(self.meeting_formats_correct, self.gold_meetings), 4
            ),
            "articles": self.articles,
            "empty_reports": self.empty_reports,
            "false_meeting_articles": self.false_meeting_articles,
        }


def _title_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalize(a), normalize(b)).ratio()


def _match_meetings(gold: list[dict], extracted: list[dict]) -> dict[str, dict]:
    pairs = []
    for g in gold:
        for e in extracted:
            same_parties = set(g["parties"]) == set(e["parties"])
            similarity = _title_similarity(g["title"], e["title"])
            if same_parties or similarity >= 0.6:
                pairs.append((same_parties + similarity, g["key"], e))
    matched: dict[str, dict] = {}
    used: set[int] = set()
    for _, key, e in sorted(pairs, key=lambda p: -p[0]):
        if key not in matched and id(e) not in used:
            matched[key] = e
            used.add(id(e))
    return matched


def score_article(gold: dict, extracted: dict, score: Score) -> None:
    """Add one article's comparison to `score`, each error counted under its class."""
    name = gold["article"]
    score.articles += 1
    score.gold_items += len(gold["items"])
    score.extracted_items += len(extracted["items"])
    if gold["items"] and not extracted["items"]:
        score.empty_reports += 1
    if extracted["meetings"] and not gold["meetings"]:
        score.false_meeting_articles += 1
    no_meeting = not extracted["meetings"]
    free = list(range(len(extracted["items"])))
    for item in gold["items"]:
        hit = next(
            (
                i
                for i in free
                if overlap_matches(item["sentence"], extracted["items"][i]["sentence"])
            ),
            None,
        )
        if hit is None:
            where = "no meeting" if no_meeting else "meeting found"
            score.error(
                f"missed {item['kind']} ({where})",
                f"{name}: missed {item['kind']}: {item['sentence'][:90]}",
            )
            continue
        free.remove(hit)
        found = extracted["items"][hit]
        score.matched_items += 1
        if found["kind"] == item["kind"]:
            score.kind_correct += 1
        else:
            score.error(
                f"kind {found['kind']} for {item['kind']}",
                f"{name}: kind {found['kind']} != {item['kind']}: {item['sentence'][:70]}",
            )
        if set(found["actors"]) == set(item["actors"]):
            score.actors_correct += 1
        else:
            wrong = set(found["actors"]), set(item["actors"])
            actor_class = (
                "actors: none"
                if not wrong[0]
                else "actors: too few"
                if wrong[0] < wrong[1]
                else "actors: too many"
                if wrong[0] > wrong[1]
                else "actors: other parties"
            )
            score.error(
                actor_class,
                f"{name}: actors {found['actors']} != {item['actors']}: {item['sentence'][:70]}",
            )
        if set(found.get("targets") or []) == set(item.get("targets") or []):
            score.targets_correct += 1
    for i in free:
        spurious = extracted["items"][i]
        score.error(
            f"spurious {spurious['kind']}", f"{name}: spurious: {spurious['sentence'][:90]}"
        )
    score.gold_meetings += len(gold["meetings"])
    score.extracted_meetings += len(extracted["meetings"])
    matched = _match_meetings(gold["meetings"], extracted["meetings"])
    for meeting in gold["meetings"]:
        found = matched.get(meeting["key"])
        if found is None:
            score.error(
                f"meeting not found ({meeting['kind']})",
                f"{name}: meeting not found: {meeting['title']}",
            )
            continue
        score.meetings_found += 1
        if set(found["parties"]) == set(meeting["parties"]):
            score.meeting_parties_correct += 1
        else:
            score.error(
                "meeting sides",
                f"{name}: meeting parties {found['parties']} != {meeting['parties']}",
            )
        if found["date"] == meeting["date"]:
            score.meeting_dates_correct += 1
        else:
            date_class = (
                "meeting date: none found"
                if found["date"] is None
                else "meeting date: found, none in gold"
                if meeting["date"] is None
                else "meeting date: wrong"
            )
            score.error(date_class, f"{name}: meeting date {found['date']} != {meeting['date']}")
        if found["format"] == meeting["format"]:
            score.meeting_formats_correct += 1
    matched_ids = {id(e) for e in matched.values()}
    for found in extracted["meetings"]:
        if id(found) not in matched_ids:
            score.error(
                f"extra meeting ({found['kind']})", f"{name}: extra meeting: {found['title'][:90]}"
            )


def score_all(pairs: list[tuple[dict, dict]]) -> Score:
    score = Score()
    for gold, extracted in pairs:
        score_article(gold, extracted, score)
    return score


@dataclass
class GoldFile:
    path: Path
    gold: dict
    article: Path


def gold_files(
    folder: Path, articles: Path | None = None, *, recursive: bool = False
) -> list[GoldFile]:
    """The gold files of one sample, each with its article: beside the json, else in `articles`.

    `recursive` also reads the folders below (dev/ holds spent measuring rounds in its own
    subfolders). A missing article is an error the caller reports, not a silently smaller
    sample.
    """
    found: list[GoldFile] = []
    for path in sorted(folder.rglob("*.json") if recursive else folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        beside = path.parent / gold["article"]
        source = beside if beside.exists() or articles is None else articles / gold["article"]
        found.append(GoldFile(path, gold, source))
    return found


def is_recursive(sample: str) -> bool:
    """Whether a sample's gold includes its subfolders: dev does (frozen rounds move there once
    measured); the seed's folder holds the other samples below it, so it does not."""
    return sample == "dev"


def samples(gold_root: Path, which: list[str]) -> list[tuple[str, Path]]:
    """Named samples under `gold_root`: `seed` (its own *.json), `dev` (dev/ and its
    subfolders, see `is_recursive`), and one per frozen round (frozen/<round>/, named
    `frozen/<round>`), in that order, as `which` asks.

    `which` holds `seed`, `dev`, `frozen` (every round) or `frozen/<round>`.
    """
    found: list[tuple[str, Path]] = []
    for name in which:
        if name == "seed":
            found.append(("seed", gold_root))
        elif name == "dev":
            found.append(("dev", gold_root / "dev"))
        elif name == "frozen":
            rounds = sorted(p for p in (gold_root / "frozen").glob("*") if p.is_dir())
            found += [(f"frozen/{p.name}", p) for p in rounds]
        elif name.startswith("frozen/"):
            found.append((name, gold_root / name))
        else:
            raise ValueError(f"unknown sample {name!r}: seed, dev, frozen or frozen/<round>")
    return found
