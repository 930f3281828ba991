"""`score_import`: each gold sample scored apart, errors counted by class."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corpus_import.scoring import Score, gold_files, is_recursive, samples, score_article

ARTICLE = (
    "Việt Nam và Lào thúc đẩy hợp tác\n\n"
    "Chiều 12/4/2024, Bộ trưởng Ngoại giao Việt Nam Nguyễn Văn An đã hội đàm với Bộ trưởng "
    "Ngoại giao Lào Somsak tại Hà Nội. Việt Nam cam kết cấp thêm 100 suất học bổng cho Lào. "
    "Lào đề nghị Việt Nam hỗ trợ đào tạo giáo viên. Hai nước có chung đường biên giới dài."
)
GOLD = {
    "article": "a.txt",
    "meetings": [
        {
            "key": "vn-la",
            "title": "hội đàm với Bộ trưởng Ngoại giao Lào Somsak",
            "kind": "bilateral",
            "parties": ["LA", "VN"],
            "date": "2024-04-12",
            "format": "in_person",
        }
    ],
    "items": [
        {
            "sentence": "Việt Nam cam kết cấp thêm 100 suất học bổng cho Lào.",
            "kind": "pledge",
            "actors": ["VN"],
            "meeting": "vn-la",
        },
        {
            "sentence": "Lào đề nghị Việt Nam hỗ trợ đào tạo giáo viên.",
            "kind": "proposal",
            "actors": ["LA"],
            "meeting": "vn-la",
        },
        {
            "sentence": "Hai nước có chung đường biên giới dài.",
            "kind": "agreement",
            "actors": ["LA", "VN"],
            "meeting": "vn-la",
        },
    ],
}


@pytest.fixture
def gold_root(tmp_path):
    for folder in (tmp_path / "dev", tmp_path / "frozen" / "r1", tmp_path / "frozen" / "r2"):
        folder.mkdir(parents=True)
        (folder / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
        (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_the_dev_sample_includes_spent_rounds_moved_below_it_and_the_seed_does_not(gold_root):
    spent = gold_root / "dev" / "frozen-r0"
    spent.mkdir()
    (spent / "b.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (spent / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (gold_root / "seed.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    dev = gold_files(gold_root / "dev", recursive=is_recursive("dev"))
    assert [entry.path for entry in dev] == [gold_root / "dev" / "a.json", spent / "b.json"]
    seed = gold_files(gold_root, gold_root, recursive=is_recursive("seed"))
    assert [entry.path for entry in seed] == [gold_root / "seed.json"]
    assert seed[0].article == gold_root / "a.txt"


def test_samples_are_seed_dev_and_each_frozen_round_by_name(gold_root):
    assert samples(gold_root, ["seed", "dev", "frozen"]) == [
        ("seed", gold_root),
        ("dev", gold_root / "dev"),
        ("frozen/r1", gold_root / "frozen" / "r1"),
        ("frozen/r2", gold_root / "frozen" / "r2"),
    ]
    assert samples(gold_root, ["frozen/r2"]) == [("frozen/r2", gold_root / "frozen" / "r2")]
    with pytest.raises(ValueError):
        samples(gold_root, ["test"])


def test_an_article_beside_its_gold_file_is_the_one_scored(gold_root, tmp_path):
    (entry,) = gold_files(gold_root / "dev", tmp_path / "elsewhere")
    assert entry.article == gold_root / "dev" / "a.txt"


def test_errors_are_counted_by_class():
    extracted = {
        "meetings": [{"title": "x", "kind": "other", "parties": ["VN"], "date": None}],
        "items": [
            {"sentence": GOLD["items"][0]["sentence"], "kind": "support", "actors": ["VN"]},
            {"sentence": GOLD["items"][1]["sentence"], "kind": "proposal", "actors": []},
            {"sentence": "Hai nước sẽ tổ chức một cuộc gặp khác.", "kind": "pledge", "actors": []},
        ],
    }
    score = Score()
    score_article(GOLD, extracted, score)
    assert score.error_classes == {
        "kind support for pledge": 1,
        "actors: none": 1,
        "missed agreement (meeting found)": 1,
        "spurious pledge": 1,
        "meeting not found (bilateral)": 1,
        "extra meeting (other)": 1,
    }
    assert (score.empty_reports, score.false_meeting_articles) == (0, 0)


@pytest.mark.slow
def test_the_command_scores_a_folder_and_prints_the_error_classes(gold_root):
    out = StringIO()
    call_command("score_import", "--gold", str(gold_root / "dev"), stdout=out)
    text = out.getvalue()
    assert "== dev (1 articles" in text
    assert "errors by class:" in text
    assert "missed agreement" in text


@pytest.mark.slow
def test_the_command_prints_json_per_sample():
    out = StringIO()
    call_command("score_import", "--sample", "seed", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["seed"]["items_gold"] == 64
    assert figures["seed"]["recall"] >= 0.95


def test_a_named_sample_without_gold_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("score_import", "--gold", str(tmp_path), stdout=StringIO())
