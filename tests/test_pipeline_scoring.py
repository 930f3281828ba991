"""The scorer's matching rules, and the pipeline's quality on the seed gold."""

import json

import pytest

from corpus_import.pipeline import process_file
from corpus_import.scoring import overlap_matches, score_all
from tests.conftest import ARTICLES_DIR, GOLD_DIR


def test_sentences_match_across_spacing_case_and_tone_marks():
    assert overlap_matches(
        "Hai bên nhất trí  hợp tác hoà bình.", "hai bên nhất trí hợp tác hòa bình."
    )


def test_a_fragment_or_a_whole_paragraph_is_not_the_sentence():
    sentence = "Các nước nhất trí tăng cường hợp tác ứng phó đại dịch."
    assert not overlap_matches(sentence, "Các nước nhất trí")
    assert not overlap_matches(sentence, sentence + " Việt Nam sẽ tổ chức diễn đàn. " * 2)


@pytest.mark.slow
def test_the_pipeline_meets_the_quality_targets_on_the_seed_gold():
    pairs = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        pairs.append((gold, process_file(ARTICLES_DIR / gold["article"]).to_dict()))
    score = score_all(pairs)
    figures = score.as_dict()
    assert figures["f1"] >= 0.95, score.errors
    assert figures["kind_accuracy"] >= 0.95, score.errors
    assert figures["actor_accuracy"] >= 0.90, score.errors
    assert figures["meetings_found"] == figures["meetings_gold"] == 12
    assert figures["meeting_party_accuracy"] == 1.0, score.errors
    assert figures["meeting_date_accuracy"] == 1.0, score.errors
