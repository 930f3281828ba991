"""The admin speaks Vietnamese to a browser that asks for it, and English otherwise."""

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

LOCALE = Path(__file__).resolve().parent.parent / "tracker" / "locale" / "vi" / "LC_MESSAGES"

pytestmark = pytest.mark.django_db


def test_every_message_has_a_vietnamese_translation_and_the_compiled_file_matches():
    with (LOCALE / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 200
    for message in messages:
        if message.pluralizable:
            singular, plural = message.id
            assert message.string[0], singular
            assert compiled.ngettext(singular, plural, 1) == message.string[0]
        else:
            assert message.string, message.id
            assert compiled.gettext(message.id) == message.string, message.id
        assert "fuzzy" not in message.flags


def test_a_vietnamese_browser_gets_the_admin_in_vietnamese(staff_client):
    response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5")
    content = response.content.decode()
    assert response["Content-Language"] == "vi"
    for text in ["Bàn làm việc của biên tập viên", "Hàng chờ duyệt", "Nhập bài báo", "Cam kết"]:
        assert text in content


def test_model_and_field_names_are_translated(staff_client):
    response = staff_client.get(reverse("admin:tracker_commitment_add"), HTTP_ACCEPT_LANGUAGE="vi")
    content = response.content.decode()
    for text in ["Bên cam kết", "Câu nguồn", "Trạng thái duyệt", "đã trích xuất, chờ duyệt"]:
        assert text in content, text


def test_the_review_queue_in_vietnamese(staff_client):
    response = staff_client.get(
        reverse("admin:tracker_commitment_review"), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Còn phải duyệt" in response.content.decode()


def test_an_english_browser_gets_english(staff_client):
    response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Curator's desk" in response.content.decode()
