"""Bad input to the import: each file gets a one-line reason, the run exits non-zero, and
nothing already stored is lost or changed."""

import shutil
import time
import tracemalloc
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corpus_import import loader, reading
from corpus_import.pipeline import _process_safely, process_file
from corpus_import.reading import RawArticle, UnreadableArticle, decode_article, read_article
from tests.conftest import ARTICLES_DIR
from tracker.models import Article, Commitment, FollowUp, Meeting, Participant

FIXTURE = ARTICLES_DIR / "002_5ce8f999f8624152.txt"
TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

# "Hà Nội, ngày 3/8/2021, Bộ trưởng Ngoại giao Việt Nam đã tham dự Hội nghị" as a Unicode
# editor shows it when the source was typed in a legacy font encoding.
TCVN3 = "Hµ Néi, ngµy 3/8/2021, Bé tr\u00adëng Ngo¹i giao ViÖt Nam ®· tham dù Héi nghÞ ASEAN."
VNI = "Haø Noäi, ngaøy 3/8/2021, Boä tröôûng Ngoaïi giao Vieät Nam ñaõ tham döï Hoäi nghò ASEAN."
MOJIBAKE = "Bá»™ trÆ°á»Ÿng Ngoáº¡i giao Viá»‡t Nam Ä‘Ã£ tham dá»± Há»™i nghá»‹ ASEAN."


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters, then a separate tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            tones = "".join(c for c in parts if c in TONE_MARKS)
            out += (base + tones).encode("cp1258")
    return bytes(out)


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


# (file name, content, the reason the summary must print for it)
BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\n\t \r\n", "empty file (only whitespace)"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("controls.txt", bytes(range(1, 9)) * 50 + "Hội nghị".encode(), "binary file"),
    ("latin1_noise.txt", b"Gi\x81\x8d\x90 h\x9d\x9ei ngh\xe9", "not valid UTF-8, UTF-16 or"),
    ("russian_cp1251.txt", "Встреча министров иностранных дел".encode("cp1251"), "not Vietnamese"),
    ("bad_utf16.txt", b"\xff\xfeH\x00\x00\xd8", "UTF-16 byte-order mark but is not valid"),
    ("tcvn3.txt", TCVN3.encode("utf-8"), "legacy TCVN3 (ABC)"),
    ("tcvn3_bytes.txt", TCVN3.encode("cp1252"), "legacy TCVN3 (ABC)"),
    ("vni.txt", VNI.encode("utf-8"), "legacy VNI"),
    ("vni_bytes.txt", VNI.encode("cp1252"), "legacy VNI"),
    ("mojibake.txt", MOJIBAKE.encode("utf-8"), "mojibake"),
    ("no_sentence.txt", "…\n\n--- 2021 ---\n\n*** 12/8 ***\n|  |  |".encode(), "no sentence"),
    ("only_tags.html", b"<html><body><script>x()</script><p> </p></body></html>", "no sentence"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_each_bad_input_is_refused_with_its_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    outcome = _process_safely(RawArticle.from_path(path))
    assert outcome.path == str(path)
    assert reason in outcome.reason
    assert "\n" not in outcome.reason


def snapshot() -> dict:
    return {
        "articles": sorted(Article.objects.values_list("name", "content_hash", "text")),
        "meetings": sorted(Meeting.objects.values_list("id", "title", "date")),
        "participants": Participant.objects.count(),
        "commitments": sorted(Commitment.objects.values_list("id", "sentence", "start", "end")),
        "follow_ups": FollowUp.objects.count(),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_a_folder_of_bad_inputs_fails_file_by_file_and_changes_nothing_stored(tmp_path):
    good = tmp_path / "good"
    shutil.copytree(ARTICLES_DIR, good)
    call_command("import_articles", str(good), stdout=StringIO(), stderr=StringIO())
    before = snapshot()
    assert len(before["articles"]) == 5

    bad = tmp_path / "bad"
    bad.mkdir()
    for name, content, _ in BAD_INPUTS:
        (bad / name).write_bytes(content)
    # A stored article whose file was since emptied or corrupted must keep its stored version.
    (bad / "000_3fe1da6c258fea32.txt").write_bytes(b"")
    (bad / "001_686e873e6aaa9cef.txt").write_bytes(TCVN3.encode("cp1252"))

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=f"{len(BAD_INPUTS) + 2} article\\(s\\) failed"):
        call_command("import_articles", str(bad), stdout=out, stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == len(BAD_INPUTS) + 2
    for name, _, reason in BAD_INPUTS:
        [line] = [line for line in lines if line.startswith(f"FAILED {bad / name}: ")]
        assert reason in line
    assert f"0 new, 0 unchanged, 0 updated, 0 passed over (no meeting reported), {len(lines)}" in (
        out.getvalue()
    )
    assert snapshot() == before


@pytest.mark.slow
@pytest.mark.django_db
def test_bad_inputs_get_the_same_reasons_from_worker_processes(tmp_path):
    for name, content, _ in BAD_INPUTS:
        (tmp_path / name).write_bytes(content)
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    summary = loader.import_paths([tmp_path], workers=2)
    assert (summary.new, summary.failed) == (1, len(BAD_INPUTS))
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    for name, _, reason in BAD_INPUTS:
        assert reason in reasons[name]


def test_utf16_with_bom_and_utf8_with_bom_decode_like_utf8():
    text = unicodedata.normalize("NFC", fixture_text())
    assert decode_article(text.encode("utf-16")) == text
    assert decode_article(b"\xfe\xff" + text.encode("utf-16-be")) == text
    assert decode_article(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_article(text.encode("utf-32")) == text


def test_windows_1258_decodes_to_the_same_text_as_utf8():
    text = unicodedata.normalize("NFC", fixture_text())
    encoded = to_cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        encoded.decode("utf-8")
    assert decode_article(encoded) == text


def test_valid_vietnamese_utf8_is_never_taken_for_a_legacy_encoding():
    for path in sorted(ARTICLES_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert decode_article(text.encode("utf-8")) == unicodedata.normalize("NFC", text)
    sample = "Ông Đỗ Hùng nói: “Chúng tôi cam kết © 2021 – giá 1.000 €, 30°C, Müller & Ñúñez.”"
    assert decode_article(sample.encode("utf-8")) == sample


@pytest.mark.slow
def test_decomposed_unicode_imports_exactly_like_composed(tmp_path):
    composed = tmp_path / "nfc.txt"
    decomposed = tmp_path / "nfd.txt"
    text = unicodedata.normalize("NFC", fixture_text())
    composed.write_text(text, encoding="utf-8")
    decomposed.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert decomposed.read_bytes() != composed.read_bytes()
    first, second = process_file(composed), process_file(decomposed)
    assert second.text == first.text
    assert {**second.to_dict(), "article": ""} == {**first.to_dict(), "article": ""}
    assert second.commitments


@pytest.mark.slow
@pytest.mark.django_db
def test_utf16_and_windows_1258_copies_are_the_same_article(tmp_path):
    loader.import_paths([FIXTURE])
    (tmp_path / "utf16.txt").write_bytes(fixture_text().encode("utf-16"))
    (tmp_path / "cp1258.txt").write_bytes(to_cp1258(fixture_text()))
    (tmp_path / "nfd.txt").write_text(unicodedata.normalize("NFD", fixture_text()), "utf-8")
    summary = loader.import_paths([tmp_path])
    # Same stored text, same content hash: recognised as the article already stored.
    assert (summary.unchanged, summary.new, summary.failed) == (3, 0, 0)
    assert Article.objects.count() == 1


def test_a_50_mb_article_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    line = ("Bộ trưởng Ngoại giao cam kết hỗ trợ 10 triệu USD cho Hội nghị ASEAN. " * 20) + "\n"
    with big.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50_000_000:
            handle.write(line)
    tracemalloc.start()
    try:
        outcome = _process_safely(RawArticle.from_path(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too large: 50.0 MB, above the 5 MB limit" in outcome.reason
    assert peak < 5_000_000


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"Hoi nghi. " * 20)
    monkeypatch.setattr(reading, "MAX_ARTICLE_BYTES", 100)
    with pytest.raises(UnreadableArticle, match="too large"):
        read_article(path)


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Hội nghị</title>
<style>body {{ color: red; }} .stylecode {{ display: none }}</style>
<script>var scriptcode = "Hội nghị cam kết"; track();</script></head>
<body><article><h1>{title}</h1>
{paragraphs}
<script type="application/ld+json">{{"scriptjson": "cam kết 10 triệu USD"}}</script>
<noscript>noscriptcode</noscript>
</article></body></html>"""


def html_article() -> str:
    title, *paragraphs = [p for p in fixture_text().split("\n\n") if p.strip()]
    body = "\n".join(
        f"<p>{p}<script>inlinescript()</script><style>p{{}}</style></p>" for p in paragraphs
    )
    return HTML_PAGE.format(title=title, paragraphs=body)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_scripts_and_styles_never_reach_the_stored_text(tmp_path, suffix):
    path = tmp_path / f"page{suffix}"
    path.write_text(html_article(), encoding="utf-8")
    summary = loader.import_paths([path])
    assert (summary.new, summary.failed) == (1, 0)
    text = Article.objects.get().text
    for leak in ("scriptcode", "stylecode", "scriptjson", "inlinescript", "noscriptcode", "{", "<"):
        assert leak not in text
    assert Commitment.objects.exists()
    for item in Commitment.objects.all():
        assert text[item.start : item.end] == item.sentence


@pytest.mark.slow
@pytest.mark.django_db
def test_a_folder_of_thousands_of_files_completes_with_a_right_summary(tmp_path):
    folder = tmp_path / "many"
    for n in range(3000):
        sub = folder / f"{n // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"tin_{n:05d}.txt").write_text(f"Tin ngắn số {n} về thời tiết.", "utf-8")
    (folder / "00" / "tin_empty.txt").write_bytes(b"")
    (folder / "00" / "notes.md").write_text("not an article", "utf-8")
    shutil.copy(FIXTURE, folder / "05" / FIXTURE.name)
    out, err = StringIO(), StringIO()
    started = time.perf_counter()
    with pytest.raises(CommandError, match="1 article"):
        call_command("import_articles", str(folder), stdout=out, stderr=err)
    assert time.perf_counter() - started < 60
    assert "1 new, 0 unchanged, 0 updated, 3000 passed over (no meeting reported), 1 failed" in (
        out.getvalue()
    )
    assert err.getvalue().count("FAILED") == 1 and "tin_empty.txt: empty file" in err.getvalue()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_path_that_does_not_exist_is_a_command_error_naming_it(tmp_path):
    missing = tmp_path / "no" / "such.txt"
    with pytest.raises(CommandError, match=f"No such file or folder: {missing}"):
        call_command("import_articles", str(ARTICLES_DIR), str(missing))
    assert Article.objects.count() == 0


@pytest.mark.slow
@pytest.mark.django_db
def test_a_file_that_vanishes_mid_import_fails_alone(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, folder)
    victim: Path = folder / "003_f467252600db241c.txt"

    def delete_after_first(summary: loader.Summary) -> None:
        if summary.total == 1:
            victim.unlink()

    summary = loader.import_paths([folder], on_progress=delete_after_first)
    assert (summary.new, summary.failed) == (4, 1)
    [failure] = summary.failures
    assert failure.path == str(victim)
    assert failure.reason == (
        "file disappeared before it could be read (moved or deleted during the import)"
    )
    assert not Article.objects.filter(name=victim.name).exists()
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_a_folder_without_article_files_is_an_error_not_a_silent_success(tmp_path):
    (tmp_path / "notes.md").write_text("không phải bài báo", encoding="utf-8")

    with pytest.raises(CommandError, match=r"No article files \(\.txt, \.html, \.htm\) under"):
        call_command("import_articles", str(tmp_path))


@pytest.mark.django_db
def test_an_unsupported_file_named_on_the_command_line_is_refused_and_nothing_imported(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("Nhật Bản cam kết hỗ trợ ASEAN.", encoding="utf-8")

    with pytest.raises(CommandError, match=r"Not article files .*notes\.md; nothing was imported"):
        call_command("import_articles", str(ARTICLES_DIR), str(notes))
    assert Article.objects.count() == 0


def test_a_page_of_tens_of_thousands_of_unclosed_tags_is_refused_before_parsing(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>a" * 50000 + "</body></html>", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(UnreadableArticle, match="nested 50002 elements deep"):
        process_file(path)
    # Parsing it took 3 s and 50 MB that the process kept; the refusal reads the tags only.
    assert time.perf_counter() - started < 1.5


def test_ordinary_nesting_and_unclosed_paragraphs_still_parse(tmp_path):
    from corpus_import.cleanup import html_to_text

    body = "".join(f"<li><p>Đoạn {n}" for n in range(2000))
    nested = "<div>" * 60 + "<p>Hà Nội, ngày 3/8.</p>" + "</div>" * 60
    text = html_to_text(f"<html><body><h1>Tin</h1><ul>{body}</ul>{nested}</body></html>")
    assert "Đoạn 1999" in text and "Hà Nội, ngày 3/8." in text


@pytest.mark.django_db
def test_an_admin_upload_is_extracted_in_a_child_process(staff_client, monkeypatch, tmp_path):
    """The web worker's memory then stays as it was, whatever the page."""
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from corpus_import import pipeline

    record = tmp_path / "pids"
    original = pipeline.process_article

    def recording(article):
        with record.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(article)

    monkeypatch.setattr(pipeline, "process_article", recording)
    upload = SimpleUploadedFile("tin.txt", "Hà Nội, ngày 3/8. Trời mưa.".encode())
    staff_client.post(reverse("admin:tracker_article_import"), {"files": [upload]})

    pids = record.read_text().split()
    assert len(pids) == 1 and int(pids[0]) != os.getpid()
