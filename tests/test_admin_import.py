"""The admin's upload and paste read articles as the command-line import reads files: one
reader (`corpus_import.reading`), the same size limit, encodings and reasons, no scratch files."""

import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corpus_import.pipeline import _process_safely
from corpus_import.reading import MAX_ARTICLE_BYTES, RawArticle
from tests.test_import_bad_input import BAD_INPUTS, FIXTURE, MOJIBAKE, fixture_text, to_cp1258
from tracker.models import Article

IMPORT = "admin:tracker_article_import"
TOO_LARGE = ("large.txt", b"Hoi nghi ASEAN. " * (MAX_ARTICLE_BYTES // 16 + 1), "too large")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [*BAD_INPUTS, TOO_LARGE],
    ids=[b[0] for b in [*BAD_INPUTS, TOO_LARGE]],
)
def test_an_upload_is_refused_with_the_reason_the_file_import_gives(
    staff_client, tmp_path, name, content, reason
):
    path = tmp_path / name
    path.write_bytes(content)
    from_file = _process_safely(RawArticle.from_path(path)).reason
    assert reason in from_file

    upload = SimpleUploadedFile(name, content)
    response = staff_client.post(reverse(IMPORT), {"files": [upload]})

    assert f"{name}: {from_file}" in messages_of(response)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (MOJIBAKE * 3, "garbled text"),
        ("Hội nghị ASEAN. " * (MAX_ARTICLE_BYTES // 20 + 1), "too large"),
    ],
    ids=["mojibake", "too-large"],
)
def test_a_paste_is_refused_with_the_reason_a_file_of_that_text_gets(
    staff_client, tmp_path, text, reason
):
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    from_file = _process_safely(RawArticle.from_path(path)).reason
    assert reason in from_file

    response = staff_client.post(reverse(IMPORT), {"text": text, "name": "pasted"})

    assert response.status_code == 400
    assert f"pasted.txt: {from_file}" in messages_of(response)
    assert not Article.objects.exists()


@pytest.mark.slow
def test_utf16_and_windows_1258_uploads_store_the_text_a_utf8_one_does(staff_client):
    text = fixture_text()
    uploads = [
        SimpleUploadedFile("utf8.txt", text.encode("utf-8")),
        SimpleUploadedFile("utf16.txt", text.encode("utf-16")),
        SimpleUploadedFile("cp1258.txt", to_cp1258(text)),
    ]
    response = staff_client.post(reverse(IMPORT), {"files": uploads})

    summary = response.context["summary"]
    # One text: the first is new, the others are the same content under other names.
    assert (summary.new, summary.unchanged, summary.failed) == (1, 2, 0)
    assert Article.objects.get().name == "utf8.txt"


@pytest.mark.slow
def test_the_admin_import_writes_no_temporary_file(staff_client, monkeypatch, tmp_path):
    # A temporary folder that does not exist: any scratch file would fail the import.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    upload = SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())
    pasted = fixture_text() + "\n\nHết."

    response = staff_client.post(
        reverse(IMPORT), {"files": [upload], "text": pasted, "name": "dan"}
    )

    summary = response.context["summary"]
    assert (summary.new, summary.failed) == (2, 0)
    assert set(Article.objects.values_list("name", flat=True)) == {FIXTURE.name, "dan.txt"}
