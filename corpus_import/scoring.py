"""Score extracted articles against gold files, with the matching rules of ANNOTATION.md.

Items match when their sentences (NFC, tone marks normalized, whitespace collapsed, case
folded) overlap by at least 80% of the shorter one and the shorter is at least half the longer;
each gold item matches at most one extracted item. Meetings match on title or party set.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

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
    errors: list[str] = field(default_factory=list)

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
    """Add one article's comparison to `score`."""
    name = gold["article"]
    score.gold_items += len(gold["items"])
    score.extracted_items += len(extracted["items"])
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
            score.errors.append(f"{name}: missed {item['kind']}: {item['sentence'][:90]}")
            continue
        free.remove(hit)
        found = extracted["items"][hit]
        score.matched_items += 1
        if found["kind"] == item["kind"]:
            score.kind_correct += 1
        else:
            score.errors.append(
                f"{name}: kind {found['kind']} != {item['kind']}: {item['sentence'][:70]}"
            )
        if set(found["actors"]) == set(item["actors"]):
            score.actors_correct += 1
        else:
            score.errors.append(
                f"{name}: actors {found['actors']} != {item['actors']}: {item['sentence'][:70]}"
            )
        if set(found.get("targets") or []) == set(item.get("targets") or []):
            score.targets_correct += 1
    for i in free:
        score.errors.append(f"{name}: spurious: {extracted['items'][i]['sentence'][:90]}")
    score.gold_meetings += len(gold["meetings"])
    score.extracted_meetings += len(extracted["meetings"])
    matched = _match_meetings(gold["meetings"], extracted["meetings"])
    for meeting in gold["meetings"]:
        found = matched.get(meeting["key"])
        if found is None:
            score.errors.append(f"{name}: meeting not found: {meeting['title']}")
            continue
        score.meetings_found += 1
        if set(found["parties"]) == set(meeting["parties"]):
            score.meeting_parties_correct += 1
        else:
            score.errors.append(
                f"{name}: meeting parties {found['parties']} != {meeting['parties']}"
            )
        if found["date"] == meeting["date"]:
            score.meeting_dates_correct += 1
        else:
            score.errors.append(f"{name}: meeting date {found['date']} != {meeting['date']}")
        if found["format"] == meeting["format"]:
            score.meeting_formats_correct += 1


def score_all(pairs: list[tuple[dict, dict]]) -> Score:
    score = Score()
    for gold, extracted in pairs:
        score_article(gold, extracted, score)
    return score
