"""The import end to end: real fixture articles into the database."""

import json
import shutil
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from corpus_import import loader, pipeline
from corpus_import.pipeline import process_file
from tests.conftest import ARTICLES_DIR
from tracker.models import Article, Commitment, FollowUp, Meeting, Participant, ReviewState

pytestmark = pytest.mark.slow


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, folder)
    return folder


def counts() -> tuple[int, int, int, int]:
    return (
        Article.objects.count(),
        Meeting.objects.count(),
        Participant.objects.count(),
        Commitment.objects.count(),
    )


@pytest.mark.django_db
def test_importing_the_fixtures_fills_the_database_with_offsets_into_the_text(articles):
    summary = loader.import_paths([articles])
    assert (summary.new, summary.failed) == (5, 0)
    assert counts() == (5, 12, summary.participants, 64)
    for item in Commitment.objects.select_related("article"):
        assert item.article.text[item.start : item.end] == item.sentence
        assert item.actors.exists()
    for follow_up in FollowUp.objects.select_related("article"):
        assert follow_up.article.text[follow_up.start : follow_up.end] == follow_up.quote
    japan = Meeting.objects.get(title="Hội nghị trực tuyến Bộ trưởng Ngoại giao ASEAN-Nhật Bản")
    assert japan.date_display == "2021-08-03" and japan.format == "online"
    assert set(japan.participants.values_list("party__code", flat=True)) >= {"ASEAN", "JP", "VN"}
    grant = Commitment.objects.get(sentence__startswith="Trước mắt, ASEAN sẽ")
    assert (grant.amount, grant.currency) == (10500000, "USD")


@pytest.mark.django_db
def test_reimporting_the_same_files_changes_nothing(articles):
    loader.import_paths([articles])
    before = counts()
    again = loader.import_paths([articles])
    assert (again.unchanged, again.new, again.updated, again.commitments) == (5, 0, 0, 0)
    assert counts() == before


@pytest.mark.django_db
def test_curated_items_survive_the_reimport_of_a_changed_article(articles):
    loader.import_paths([articles])
    article = Article.objects.get(name="003_f467252600db241c.txt")
    edited, rejected, untouched = Commitment.objects.filter(article=article).order_by("start")[:3]
    edited.text = "Nhật Bản coi trọng quan hệ với ASEAN (curated wording)."
    edited.review_state = ReviewState.CONFIRMED
    edited.mark_curated()
    edited.save()
    rejected.review_state = ReviewState.REJECTED
    rejected.save()
    meeting = edited.meeting
    meeting.title = "ASEAN–Japan PMC (curated)"
    meeting.mark_curated()
    meeting.save()

    path = articles / article.name
    path.write_text("Bản cập nhật.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    summary = loader.import_paths([path])

    assert summary.updated == 1
    edited.refresh_from_db()
    rejected.refresh_from_db()
    meeting.refresh_from_db()
    article.refresh_from_db()
    assert edited.text == "Nhật Bản coi trọng quan hệ với ASEAN (curated wording)."
    assert rejected.review_state == ReviewState.REJECTED
    assert meeting.title == "ASEAN–Japan PMC (curated)"
    assert (
        Commitment.objects.filter(article=article, sentence_key=rejected.sentence_key).count() == 1
    )
    for item in Commitment.objects.filter(article=article):
        assert article.text[item.start : item.end] == item.sentence
    assert Commitment.objects.filter(pk=untouched.pk).exists()


@pytest.mark.django_db
def test_a_failing_article_rolls_back_alone(articles, monkeypatch):
    original = loader._sync_follow_ups

    def explode(article, doc, lookups, result):
        if article.name.startswith("001"):
            raise RuntimeError("disk full")
        return original(article, doc, lookups, result)

    monkeypatch.setattr(loader, "_sync_follow_ups", explode)
    summary = loader.import_paths([articles])
    assert (summary.new, summary.failed) == (4, 1)
    assert summary.failures[0].path.startswith("001") and "disk full" in summary.failures[0].reason
    assert not Article.objects.filter(name__startswith="001").exists()
    assert not Meeting.objects.filter(title="Hội nghị ASEAN – Mỹ").exists()
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_the_command_prints_a_summary(articles):
    out = StringIO()
    call_command("import_articles", str(articles), stdout=out, stderr=StringIO())
    assert "Articles: 5 new, 0 unchanged, 0 updated" in out.getvalue()
    assert "64 commitments" in out.getvalue()


@pytest.mark.django_db
def test_dry_run_prints_json_and_writes_nothing(articles):
    out = StringIO()
    call_command("import_articles", str(articles), "--dry-run", stdout=out, stderr=StringIO())
    printed = json.loads(out.getvalue())
    assert [doc["article"] for doc in printed][:2] == [
        "000_3fe1da6c258fea32.txt",
        "001_686e873e6aaa9cef.txt",
    ]
    assert sum(len(doc["items"]) for doc in printed) == 64
    assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_a_missing_path_is_a_command_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_articles", "/no/such/folder")


@pytest.mark.django_db
def test_failed_articles_give_a_non_zero_exit_with_the_reason(tmp_path, monkeypatch):
    bad = tmp_path / "bad.txt"
    bad.write_text("Hội nghị", encoding="utf-8")

    def unreadable(article):
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr(pipeline, "process_article", unreadable)
    err = StringIO()
    with pytest.raises(CommandError, match="1 article"):
        call_command("import_articles", str(bad), stdout=StringIO(), stderr=err)
    assert "FAILED" in err.getvalue() and "bad.txt" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_do_not_duplicate():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite test databases lock tables instead of waiting")
    doc = process_file(ARTICLES_DIR / "002_5ce8f999f8624152.txt")
    results = []

    def run():
        try:
            results.append(loader.import_article(doc).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["new", "unchanged"]
    assert Article.objects.count() == 1
    assert Commitment.objects.count() == len(doc.commitments)


@pytest.mark.django_db
def test_a_dry_run_says_what_the_real_run_would_do(articles):
    def dry_run() -> str:
        err = StringIO()
        call_command("import_articles", str(articles), "--dry-run", stdout=StringIO(), stderr=err)
        return err.getvalue()

    fresh = dry_run()
    assert Article.objects.count() == 0
    real = StringIO()
    call_command("import_articles", str(articles), stdout=real)
    stored = counts()

    assert "Articles: 5 new" in fresh
    assert fresh.split("Would create: ")[1] == real.getvalue().split("Created: ")[1]
    again = dry_run()
    assert "Articles: 0 new, 5 unchanged" in again
    assert "Would create: 0 meetings, 0 participants, 0 commitments, 0 follow-ups." in again
    assert counts() == stored


def test_imported_commitments_have_a_first_history_record_with_their_links(db):
    from corpus_import.loader import import_paths
    from tracker.models import Commitment

    import_paths([sorted(ARTICLES_DIR.glob("*.txt"))[3]])
    commitment = Commitment.objects.filter(actors__isnull=False).first()
    first = commitment.history.earliest()
    assert first.history_type == "+"
    assert {row.party.code for row in first.actors.all()} == {
        p.code for p in commitment.actors.all()
    }
    assert {row.topic_id for row in first.topics.all()} == {t.pk for t in commitment.topics.all()}
