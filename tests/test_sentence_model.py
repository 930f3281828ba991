"""The learned sentence scorer: its features, its committed model, and the switch to it."""

from io import StringIO

import pytest
from django.core.management import call_command

from corpus_import import pipeline, sentence_model
from corpus_import.pipeline import process_text
from tests.test_pipeline_units import MEETING_LEAD

pytestmark = pytest.mark.slow

TEXT = MEETING_LEAD + (
    "Nhật Bản cam kết hỗ trợ ASEAN ứng phó đại dịch. Hai bên nhất trí tăng cường hợp tác biển. "
    "Thời tiết hôm đó đẹp. Việt Nam đánh giá cao sự ủng hộ của Nhật Bản."
)


@pytest.fixture
def learned():
    pipeline.use_scorer("learned")
    yield
    pipeline.use_scorer("rules")


def test_candidates_are_the_sentences_with_a_cue_table_match():
    doc = process_text("s.txt", TEXT)
    found = [doc.span_text(c.span) for c in sentence_model.candidates(doc)]
    assert "Thời tiết hôm đó đẹp." not in found
    assert "Việt Nam đánh giá cao sự ủng hộ của Nhật Bản." in found
    kept = {doc.span_text(c.span) for c in sentence_model.candidates(doc) if c.rule_item}
    assert kept == {
        "Nhật Bản cam kết hỗ trợ ASEAN ứng phó đại dịch.",
        "Hai bên nhất trí tăng cường hợp tác biển.",
    }


def test_features_hold_the_rules_verdict_cues_and_words():
    doc = process_text("s.txt", TEXT)
    (candidate,) = [c for c in sentence_model.candidates(doc) if "cam kết" in doc.span_text(c.span)]
    values = sentence_model.features(doc, candidate, doc.sentence_meetings)
    assert values["rule_kept"] == 1.0
    assert values["rule_kind=pledge"] == 1.0
    assert values["cue=cam kết"] == 1.0
    assert values["in_meeting"] == 1.0
    assert values["w=cam kết"] == 1.0


def test_the_committed_model_loads_for_the_current_features():
    scorer = sentence_model.load()
    assert 0 < scorer.threshold < 1


def test_with_the_learned_scorer_confidence_is_the_model_s_probability(learned):
    doc = process_text("s.txt", TEXT)
    sentences = {c.sentence for c in doc.commitments}
    assert "Nhật Bản cam kết hỗ trợ ASEAN ứng phó đại dịch." in sentences
    assert "Thời tiết hôm đó đẹp." not in sentences
    threshold = sentence_model.load().threshold
    assert all(threshold <= c.confidence <= 1 for c in doc.commitments)


def test_training_reports_article_level_cross_validation():
    out = StringIO()
    call_command("train_sentence_scorer", "--no-save", "--folds", "3", stdout=out)
    text = out.getvalue()
    assert "3-fold article-level CV" in text
    assert "Threshold picked on dev" in text


def test_the_threshold_is_the_best_f2_among_those_precise_enough():
    scores = [0.9, 0.8, 0.6, 0.4, 0.2, 0.1]
    labels = [1, 1, 1, 0, 1, 0]
    thresholds = [0.1, 0.3, 0.5, 0.7]
    # By F2 alone 0.1 wins (every item found); at precision >= 0.8 it is 0.5 (3 of 3 right).
    assert sentence_model.pick_threshold(scores, labels, 4, thresholds, min_precision=0.0) == (
        0.1,
        True,
    )
    assert sentence_model.pick_threshold(scores, labels, 4, thresholds, min_precision=0.8) == (
        0.5,
        True,
    )


def test_with_no_threshold_precise_enough_the_most_precise_is_picked():
    scores = [0.9, 0.8, 0.6]
    labels = [0, 1, 0]
    assert sentence_model.pick_threshold(scores, labels, 1, [0.5, 0.7, 0.85]) == (0.7, False)
