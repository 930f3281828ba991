"""A learned sentence scorer beside the rules: is this sentence a commitment item?

Candidates are the sentences of a meeting report that hold any cue-table match (`raw_cues`,
before the filters). Each gets features: the rules' verdict and kind, which cue rows matched
and how strong they are, underthesea's words around the first cue, character n-grams, and
where the sentence stands (opening frame, quotes, meeting context). A logistic regression
trained on the committed gold (seed and dev, `manage.py train_sentence_scorer`) gives each a
probability; with the `learned` scorer, items are the candidates at or above the threshold
picked on the dev sample, and that probability becomes each item's `confidence`. Candidates the
rules passed over take their kind and actors from their first cue that names an actor.

The model is a pickle in `data/`; it is loaded only when the learned scorer is chosen, so the
rules alone never need scikit-learn at run time.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus_import import items, nlp, rule_engine
from corpus_import.doc import ArticleDoc, CommitmentFinding, MeetingFinding, Span

MODEL_PATH = Path(__file__).parent / "data" / "sentence_scorer.pkl"
FEATURES_VERSION = 3
_WORD_REACH = 60
_QUOTE = re.compile(r"[“\"”]")


@dataclass
class Candidate:
    index: int
    span: Span
    cues: list[rule_engine.Cue]
    rule_item: CommitmentFinding | None


def candidates(doc: ArticleDoc) -> list[Candidate]:
    """Sentences with a cue-table match, with the rules' item for each if they made one."""
    by_start = {item.start: item for item in doc.commitments}
    found: list[Candidate] = []
    for index, span in enumerate(doc.sentences):
        cues = rule_engine.raw_cues(doc, span.start, span.end)
        if cues or span.start in by_start:
            found.append(Candidate(index, span, cues, by_start.get(span.start)))
    return found


def features(doc: ArticleDoc, candidate: Candidate, contexts: list[str | None]) -> dict:
    start, end = candidate.span.start, candidate.span.end
    sentence = doc.text[start:end]
    values: dict[str, float] = {"bias": 1.0}
    rule = candidate.rule_item
    values["rule_kept"] = 1.0 if rule else 0.0
    if rule:
        values[f"rule_kind={rule.kind}"] = 1.0
        values["rule_confidence"] = rule.confidence
        values[f"rule_actors={min(len(rule.actors), 3)}"] = 1.0
    for position, cue in enumerate(candidate.cues[:4]):
        word = doc.text[cue.start : cue.end].lower()
        values[f"cue={word}"] = 1.0
        values[f"cue_kind={cue.kind}"] = 1.0
        values[f"cue_strength={cue.strength}"] = 1.0
        if position == 0:
            values[f"first_cue={word}"] = 1.0
            values["first_cue_at"] = min(1.0, (cue.start - start) / max(1, end - start))
    values["n_cues"] = min(len(candidate.cues), 5) / 5
    values["words"] = min(len(sentence.split()), 80) / 80
    values["quoted"] = 1.0 if _QUOTE.search(sentence) else 0.0
    values["title"] = 1.0 if candidate.index == 0 else 0.0
    values["lead"] = 1.0 if candidate.index <= 2 else 0.0
    key = contexts[candidate.index] if candidate.index < len(contexts) else None
    meeting = next((m for m in doc.meetings if m.key == key), None)
    values["in_meeting"] = 1.0 if meeting else 0.0
    values[f"meeting_kind={meeting.kind if meeting else 'none'}"] = 1.0
    opening = sentence.split(" ", 2)[:2]
    values[f"opens={' '.join(opening).lower()}"] = 1.0
    # Words around the first cue only, untagged: tagging whole sentences tripled the import's
    # time, and part-of-speech tags (pure-Python features in underthesea) added no accuracy in
    # article-level CV over the words alone; the cue's neighbourhood is where the subject and
    # its verb are.
    anchor = candidate.cues[0].start if candidate.cues else start
    left = max(start, anchor - _WORD_REACH)
    left = doc.text.rfind(" ", start, left) + 1 or start if left > start else start
    right = min(end, anchor + _WORD_REACH)
    right = doc.text.find(" ", right, end) if right < end else end
    right = end if right < 0 else right
    for token in nlp.words(doc.text[left:right], left):
        values[f"w={token.text.lower()}"] = 1.0
    return values


class SentenceScorer:
    """Symbolic features and character n-grams into one logistic regression."""

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self.version = FEATURES_VERSION

    def fit(self, rows: list[dict], texts: list[str], labels: list[int]) -> SentenceScorer:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.dict_vectorizer = DictVectorizer()
        self.char_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), min_df=2, lowercase=True, sublinear_tf=True
        )
        matrix = self._matrix(rows, texts, fit=True)
        self.model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000)
        self.model.fit(matrix, labels)
        return self

    def _matrix(self, rows: list[dict], texts: list[str], fit: bool = False):
        from scipy.sparse import hstack

        if fit:
            symbolic = self.dict_vectorizer.fit_transform(rows)
            chars = self.char_vectorizer.fit_transform(texts)
        else:
            symbolic = self.dict_vectorizer.transform(rows)
            chars = self.char_vectorizer.transform(texts)
        return hstack([symbolic, chars]).tocsr()

    def probabilities(self, rows: list[dict], texts: list[str]) -> list[float]:
        if not rows:
            return []
        return [float(p) for p in self.model.predict_proba(self._matrix(rows, texts))[:, 1]]


def f_beta(precision: float, recall: float, beta: float = 1.0) -> float:
    weight = beta * beta
    denominator = weight * precision + recall
    return (1 + weight) * precision * recall / denominator if denominator else 0.0


def pick_threshold(
    scores: list[float],
    labels: list[int],
    total: int,
    thresholds: list[float],
    *,
    beta: float = 2.0,
    min_precision: float = 0.8,
) -> tuple[float, bool]:
    """The threshold with the best F-beta among those whose precision reaches `min_precision`,
    and whether any did (if none, the most precise one).

    F2 alone degenerates: on a sample where the cue table finds most items, keeping nearly every
    candidate scores best, and the scorer then adds nothing to the rules. `total` is how many
    gold items there are, found as candidates or not.
    """
    figures = []
    for threshold in thresholds:
        kept = [label for score, label in zip(scores, labels, strict=True) if score >= threshold]
        precision = sum(kept) / len(kept) if kept else 0.0
        recall = sum(kept) / total if total else 0.0
        figures.append((threshold, precision, f_beta(precision, recall, beta)))
    floored = [f for f in figures if f[1] >= min_precision]
    if floored:
        return max(floored, key=lambda f: f[2])[0], True
    return max(figures, key=lambda f: (f[1], f[2]))[0], False


@lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> SentenceScorer:
    with path.open("rb") as handle:
        scorer = pickle.load(handle)
    if getattr(scorer, "version", None) != FEATURES_VERSION:
        raise RuntimeError(
            f"{path} was trained for other features: run manage.py train_sentence_scorer"
        )
    return scorer


def save(scorer: SentenceScorer, path: Path = MODEL_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(scorer, handle, protocol=pickle.HIGHEST_PROTOCOL)


def rescore(doc: ArticleDoc, contexts: list[str | None], scorer: SentenceScorer | None = None):
    """Keep the candidates the model scores at or above its threshold, as items."""
    scorer = scorer or load()
    found = candidates(doc)
    rows = [features(doc, c, contexts) for c in found]
    texts = [doc.span_text(c.span) for c in found]
    by_key = {m.key: m for m in doc.meetings}
    kept: list[CommitmentFinding] = []
    previous: list[str] = []
    for candidate, probability in zip(found, scorer.probabilities(rows, texts), strict=True):
        if probability < scorer.threshold:
            continue
        item = candidate.rule_item or _item_from_cues(doc, candidate, contexts, by_key, previous)
        if item is None:
            continue
        item.confidence = round(probability, 3)
        kept.append(item)
        previous = item.actors
    doc.commitments = kept
    items.place_unattached(doc)


def _item_from_cues(
    doc: ArticleDoc,
    candidate: Candidate,
    contexts: list[str | None],
    by_key: dict[str, MeetingFinding],
    previous: list[str],
) -> CommitmentFinding | None:
    key = contexts[candidate.index] if candidate.index < len(contexts) else None
    meeting = by_key.get(key) if key else None
    resolving = meeting or (doc.meetings[0] if doc.meetings else None)
    for cue in candidate.cues:
        item = items.item_for_cue(doc, candidate.span, cue, meeting, resolving, previous)
        if item is not None:
            return item
    return None
