"""One event, one record: how alike two meeting reports or two statements are.

Pure functions over plain values; the ORM side (finding candidates by index, writing sources
and suggestions) is `tracker.resolution`. Thresholds are constants here, each with the data
that chose it (`fixtures/gold/resolution/README.md`).
"""

from __future__ import annotations

import datetime
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from corpus_import import dates
from corpus_import.cleanup import normalize_unicode
from corpus_import.doc import PartialDate

# Statement similarity (TF-IDF cosine over segmented words) at or above which a sentence of a
# new article is the same statement as one already stored for the same meeting. Chosen on the
# tuning half of the gold (`score_resolution --split tune`).
SAME_STATEMENT = 0.4
# Probability (`reaffirmation_probability`) at or above which a commitment at a later meeting
# of the same sides, sharing an actor, is suggested as a reaffirmation of an earlier one.
# Chosen on the tuning half, end to end (`score_resolution --reaffirms T`): tune F1 is highest
# from 0.38 to 0.42 (precision 0.43, recall 0.50); 0.5: 0.54 / 0.39; 0.6: 1.0 / 0.17.
REAFFIRMS = 0.4
# Above this, a statement at an earlier meeting is not restated but copied: the same report
# of one meeting that resolution kept apart (a preview, a wrap-up), not a reaffirmation.
# Reworded restatements in the gold stay below 0.65; copies of one report sit above 0.75.
NEAR_COPY = 0.75
# Title similarity above which two reports of an undated or partly dated meeting are taken as
# the same meeting without a curator; between WEAK_TITLE and this, a suggestion.
STRONG_TITLE = 0.6
WEAK_TITLE = 0.2
# Likeness of two spellings' sounds (`same_person`) at or above which they name one person:
# "kobiakop" for both Kobyakov and Cô-bi-a-cốp, 0.94 for "Henandez" against "Hernandez", below
# 0.5 for two surnames of the gold's look-alikes.
SAME_NAME = 0.8
# How many stored meetings one finding is compared with at most: the import stays linear.
CANDIDATE_LIMIT = 20
# Best similarity between a statement of the new report and one stored for a candidate meeting
# at or above which both report the same meeting, even with no date or title to tell: two
# outlets quoting one communiqué. Chosen on the tuning events (`score_resolution --thresholds`).
SAME_MEETING_STATEMENT = 0.5
# Best statement similarity at or above which two reports are one meeting even when the
# people they name differ, and which ranks such a candidate above one of the same day only.
STRONG_STATEMENT = 0.8
# Days the reported days of two reports may differ when a shared statement makes them one
# meeting: a report's day is often that of its publication or of the visit's last day.
STATEMENT_DAYS = 3

IDF_PATH = Path(__file__).with_name("word_idf.json")
_ORDINAL = re.compile(r"lần thứ\s+(\w+)", re.IGNORECASE)
_ORDINAL_WORDS = {
    "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
_WORD = re.compile(r"\w+")
# Words every meeting title has: they say nothing about which meeting it is.
_TITLE_FILLER = frozenset(
    {"hội", "nghị", "cuộc", "gặp", "đàm", "điện", "lần", "thứ", "kỳ", "họp"}
    | {"giữa", "với", "và", "các", "của", "tại", "ở", "về"}
)


def sides_key(parties: list[str]) -> str:
    """The meeting's sides as one indexable value, whatever order the article named them."""
    return "+".join(sorted(set(parties)))


def meeting_number(title: str) -> int | None:
    """54 for "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 54" (also "lần thứ tư")."""
    match = _ORDINAL.search(title)
    if match is None:
        return None
    word = match.group(1).casefold()
    if word.isdigit():
        return int(word) if 0 < int(word) < 32768 else None
    return _ORDINAL_WORDS.get(word)


def title_words(title: str) -> set[str]:
    words = _WORD.findall(normalize_unicode(title).casefold())
    return {w for w in words if w not in _TITLE_FILLER and not w.isdigit()}


def title_similarity(a: str, b: str) -> float:
    """Jaccard of the titles' distinctive syllables (0 when either has none)."""
    left, right = title_words(a), title_words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


@dataclass(frozen=True)
class MeetingReport:
    """What resolution compares of a meeting: a finding or a stored row, alike."""

    title: str
    kind: str
    sides: str
    date: datetime.date | None
    precision: str  # day, month, year, unknown
    number: int | None
    day_month: str = ""  # "07-07", when the report names a day even without its year
    # (party, `person_key` name) for each named person of the sides: "Lukashenko" and
    # "Kobyakov" meet Việt Nam's president on one day in two meetings.
    persons: frozenset[tuple[str, str]] = frozenset()


# Words the pipeline takes for a name but that belong to a title: "Chủ tịch Thượng viện" (the
# Senate's president) is read as a person named Thượng.
_TITLE_NOT_NAME = frozenset({"thượng", "hạ", "viện"})
# How Vietnamese writes a foreign name syllable by syllable ("Cô-bi-a-cốp" for Kobyakov):
# letters folded to one sound, so that both spellings give one key.
_SOUNDS = (("ph", "f"), ("c", "k"), ("q", "k"), ("y", "i"), ("v", "p"), ("x", "s"), ("z", "d"))


def fold(text: str) -> str:
    """Lower case without diacritics ("Hernández" -> "hernandez", "Đại" -> "dai")."""
    decomposed = unicodedata.normalize("NFD", normalize_unicode(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def person_key(party: str, name: str) -> tuple[str, str] | None:
    """A person as resolution compares them: the party and the name's words, folded, a
    transliterated word's syllables joined ("Cô-bi-a-cốp" -> "cobiacop"). None for a title
    word the pipeline took for a name."""
    written = [w for w in normalize_unicode(name).casefold().split() if not w.endswith(".")]
    if written == [] or (len(written) == 1 and written[0] in _TITLE_NOT_NAME):
        return None  # no name but initials, or a title word
    words = ["".join(_WORD.findall(fold(word))) for word in written]
    return (party, " ".join(w for w in words if w)) if any(words) else None


def _sound(word: str) -> str:
    for letters, sound in _SOUNDS:
        word = word.replace(letters, sound)
    return word


def same_person(a: str, b: str) -> bool:
    """Whether two `person_key` names are one person: the same last word, a surname alone
    that the other name holds ("Moon", "Moon Jae-in"), or last words that sound alike,
    however an outlet spelled them ("Kobyakov", "Cô-bi-a-cốp"; "Henandez", "Hernandez")."""
    left, right = a.split(), b.split()
    if left[-1] == right[-1]:
        return True
    if (len(left) == 1 and left[0] in right) or (len(right) == 1 and right[0] in left):
        return True
    first, second = _sound(left[-1]), _sound(right[-1])
    if min(len(first), len(second)) < 5:
        return first == second
    return SequenceMatcher(None, first, second).ratio() >= SAME_NAME


def persons_differ(a: MeetingReport, b: MeetingReport) -> bool:
    """Both reports name people for one side and none of them is the same: two meetings."""
    for party in {p for p, _ in a.persons} & {p for p, _ in b.persons}:
        left = [n for p, n in a.persons if p == party]
        right = [n for p, n in b.persons if p == party]
        if not any(same_person(x, y) for x in left for y in right):
            return True
    return False


def _days_apart(a: str, b: str) -> int:
    """Days between two MM-DD, in a leap year and across New Year."""
    first, second = (datetime.date(2000, int(x[:2]), int(x[3:])) for x in (a, b))
    apart = abs((first - second).days)
    return min(apart, 366 - apart)


def date_relation(a: MeetingReport, b: MeetingReport) -> str:
    """ "same" (days ±1), "compatible" (same month or year as far as both are known),
    "unknown" (either has no date) or "different".

    Reports without a year often still name the day ("ngày 7/7"): two such days more than a
    day apart are two meetings, as with full dates.
    """
    if a.date is None or b.date is None or "unknown" in (a.precision, b.precision):
        if a.day_month and b.day_month:
            return "same" if _days_apart(a.day_month, b.day_month) <= 1 else "different"
        return "unknown"
    if a.precision == b.precision == "day":
        return "same" if abs((a.date - b.date).days) <= 1 else "different"
    if a.date.year != b.date.year:
        return "different"
    if "year" in (a.precision, b.precision):
        return "compatible"
    return "compatible" if a.date.month == b.date.month else "different"


def day_gap(a: MeetingReport, b: MeetingReport) -> int | None:
    """Days between the reported days of two reports (full dates, else day and month), or
    None when either names no day."""
    if a.precision == b.precision == "day" and a.date is not None and b.date is not None:
        return abs((a.date - b.date).days)
    if a.day_month and b.day_month:
        return _days_apart(a.day_month, b.day_month)
    return None


def years_differ(a: MeetingReport, b: MeetingReport) -> bool:
    return (
        a.date is not None
        and b.date is not None
        and "unknown" not in (a.precision, b.precision)
        and a.date.year != b.date.year
    )


@dataclass(frozen=True)
class MeetingMatch:
    strength: str  # strong, weak or none
    score: float
    reasons: str


NO_MATCH = MeetingMatch("none", 0.0, "")


def match_meetings(
    new: MeetingReport, stored: MeetingReport, statements: float = 0.0
) -> MeetingMatch:
    """Whether `new` reports the meeting `stored` already is.

    Kind and sides must agree. A different number rules a match out, the same number makes
    one. Different people for one side rule it out. The same date (±1 day) makes one; so does a
    statement both report (`statements`, the best similarity between their statements) when
    the dates are not known to differ by more than `STATEMENT_DAYS`. Otherwise a different
    date rules it out, and the titles decide between a strong match, a suggestion for a
    curator, and nothing.
    """
    if new.kind != stored.kind or new.sides != stored.sides or not new.sides:
        return NO_MATCH
    if new.number is not None and stored.number is not None and new.number != stored.number:
        return NO_MATCH
    dates = date_relation(new, stored)
    titles = title_similarity(new.title, stored.title)
    reasons = [f"sides {new.sides}", f"date {dates}", f"title {titles:.2f}"]
    if new.number is not None and new.number == stored.number:
        # The 39th session of one committee happens once: a clashing date is a misread year.
        return MeetingMatch("strong", 1.0, ", ".join([*reasons, f"number {new.number}"]))
    gap = day_gap(new, stored)
    near = not years_differ(new, stored) and (gap is None or gap <= STATEMENT_DAYS)
    if statements >= STRONG_STATEMENT and near:
        # One statement in near the same words outweighs a name (the pipeline misreads names:
        # a title word, another spelling) and ranks above every other match: on one visit's
        # day, several meetings are dated alike.
        reasons.append(f"statement {statements:.2f}")
        return MeetingMatch("strong", 1.0 + 0.05 * statements, ", ".join(reasons))
    if persons_differ(new, stored):
        return NO_MATCH
    if dates == "same":
        return MeetingMatch("strong", 0.9 + 0.1 * titles, ", ".join(reasons))
    if statements >= SAME_MEETING_STATEMENT and near:
        reasons.append(f"statement {statements:.2f}")
        return MeetingMatch("strong", 0.5 + 0.4 * statements, ", ".join(reasons))
    if dates == "different":
        return NO_MATCH
    if titles >= STRONG_TITLE and dates == "compatible":
        return MeetingMatch("strong", 0.5 + 0.4 * titles, ", ".join(reasons))
    if titles >= WEAK_TITLE:
        return MeetingMatch("weak", 0.4 * titles + (0.1 if dates == "compatible" else 0.0),
                            ", ".join(reasons))  # fmt: skip
    return NO_MATCH


def reported_day(text: str, sentences: list, start: int, date: PartialDate) -> str:
    """MM-DD of the meeting at `start`: its full date, else the first day and month named in
    its own sentence, else in the headline and lead (the article's first three sentences)."""
    if date.precision == "day" and date.value is not None:
        return f"{date.value.month:02d}-{date.value.day:02d}"
    own = [s for s in sentences if s.start <= start < s.end]
    for sentence in [*own, *sentences[:3]]:
        for mention in dates.find_dates(text, sentence.start, sentence.end):
            if mention.day is not None and mention.month is not None:
                return f"{mention.month:02d}-{mention.day:02d}"
    return ""


# Statements


@lru_cache(maxsize=512)
def segment(sentence: str) -> str:
    """The sentence's words as underthesea segments them, lower-cased, space-separated
    (syllables of one word joined by "_"): what `Commitment.words` stores."""
    from corpus_import import nlp

    tokens = nlp.words(normalize_unicode(sentence))
    return " ".join(t.text.casefold().replace(" ", "_") for t in tokens if _WORD.search(t.text))


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """Inverse document frequencies of words over the corpus's extracted sentences; a word
    the table lacks counts as rare (the table's largest weight)."""
    data = json.loads(IDF_PATH.read_text(encoding="utf-8"))
    documents = data["documents"]
    weights = {w: math.log((1 + documents) / (1 + df)) + 1 for w, df in data["df"].items()}
    return weights, math.log(1 + documents) + 1


def vector(words: str) -> dict[str, float]:
    weights, unseen = _idf()
    counts = Counter(words.split())
    return {w: n * weights.get(w, unseen) for w, n in counts.items()}


@lru_cache(maxsize=8192)
def _weighted(words: str) -> tuple[dict[str, float], float]:
    """`vector(words)` and its length, kept: one import compares each sentence with every
    statement of its meeting and each stored statement with every new sentence. Callers
    must not change the dictionary."""
    weights = vector(words)
    return weights, math.sqrt(sum(v * v for v in weights.values()))


def _cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
    (left, left_norm), (right, right_norm) = a, b
    if not left or not right:
        return 0.0
    if len(left) > len(right):
        left, right, left_norm, right_norm = right, left, right_norm, left_norm
    dot = sum(v * right.get(w, 0.0) for w, v in left.items())
    norm = left_norm * right_norm
    return dot / norm if norm else 0.0


def best_similarity(words: list[str], others: list[str]) -> float:
    """The highest `statement_similarity` between any of `words` and any of `others`."""
    vectors = [_weighted(w) for w in others if w]
    return max(
        (_cosine(_weighted(w), v) for w in words if w for v in vectors),
        default=0.0,
    )


def statement_similarity(words_a: str, words_b: str) -> float:
    """TF-IDF cosine of two segmented sentences (`segment`'s output), 0..1."""
    return _cosine(_weighted(words_a), _weighted(words_b))


def build_idf(segmented: list[str], *, min_df: int = 2) -> dict:
    """The table `_idf` reads: document frequency of each word over `segmented` sentences."""
    df: Counter[str] = Counter()
    for words in segmented:
        df.update(set(words.split()))
    return {
        "documents": len(segmented),
        "df": {w: n for w, n in sorted(df.items()) if n >= min_df},
    }


# Reaffirmations: a later statement that restates an earlier one

REAFFIRMATION_MODEL_PATH = Path(__file__).with_name("reaffirmation_model.json")
# Words that announce a restatement; hints, not required.
RESTATEMENT_HINTS = ("tái khẳng định", "tiếp tục", "một lần nữa", "nhắc lại", "khẳng định lại")
# IDF weight from which a word is rare enough that sharing it ties two statements to one
# matter (a programme, a fund, a place): about 15 or fewer of the corpus's 2,567 sentences.
RARE_WORD_WEIGHT = 6.0
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Statement:
    """What a reaffirmation link compares of a commitment: a stored row or a gold sentence."""

    sentence: str
    words: str  # `segment(sentence)`
    actors: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()


def reaffirmation_features(earlier: Statement, later: Statement) -> dict[str, float]:
    """The signs that `later` restates `earlier`, each 0..1 (`reaffirmation_probability`
    weighs them; `score_resolution --fit-reaffirmation` fits the weights).

    Beyond TF-IDF: the same actors and targets (the same words to another partner are no
    restatement), a reversed direction, a hint word, shared rare words and numbers (a named
    fund, an amount), and a near copy, which is one report told twice, not a restatement."""
    similarity = statement_similarity(earlier.words, later.words)
    left, right = set(earlier.words.split()), set(later.words.split())
    weights, unseen = _idf()
    shared = left & right
    rare = {w for w in shared if weights.get(w, unseen) >= RARE_WORD_WEIGHT}
    numbers = {w for w in shared if _NUMBER.search(w)}
    text = normalize_unicode(later.sentence).casefold()
    return {
        "similarity": similarity,
        "word_overlap": len(shared) / len(left | right) if left and right else 0.0,
        "rare_words": min(len(rare - numbers), 3) / 3,
        "numbers": 1.0 if numbers else 0.0,
        "hint": 1.0 if any(h in text for h in RESTATEMENT_HINTS) else 0.0,
        "same_actors": 1.0 if earlier.actors and earlier.actors == later.actors else 0.0,
        "same_targets": 1.0 if earlier.targets == later.targets else 0.0,
        "reversed": 1.0
        if earlier.actors
        and earlier.actors == later.targets
        and later.actors == earlier.targets
        and earlier.actors != earlier.targets
        else 0.0,
        "same_topic": 1.0 if earlier.topics & later.topics else 0.0,
        "near_copy": 1.0 if similarity >= NEAR_COPY else 0.0,
    }


# Which way each feature may push: the gold's look-alikes share hint words, targets and
# wording with the restatements by design, so an unconstrained fit learns that a hint word or
# the same partner speaks against a restatement, which would not hold outside the gold. A
# feature whose fitted weight goes against its sign is left out and the rest refitted.
REAFFIRMATION_SIGNS = {
    "similarity": 1, "word_overlap": 1, "rare_words": 1, "numbers": 1, "hint": 1,
    "same_actors": 1, "same_targets": 1, "reversed": -1, "same_topic": 1, "near_copy": -1,
}  # fmt: skip


@lru_cache(maxsize=1)
def _reaffirmation_model() -> dict:
    return json.loads(REAFFIRMATION_MODEL_PATH.read_text(encoding="utf-8"))


def reaffirmation_probability(features: dict[str, float], model: dict | None = None) -> float:
    """The fitted logistic regression's probability that a pair is a restatement."""
    model = model or _reaffirmation_model()
    z = model["intercept"] + sum(
        weight * (features[name] - model["mean"][name]) / model["scale"][name]
        for name, weight in model["weights"].items()
    )
    return 1 / (1 + math.exp(-z))
