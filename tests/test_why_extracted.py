"""An imported commitment keeps the rule rows that made it, and the admin shows them."""

import pytest
from django.urls import reverse
from django.utils import translation

from corpus_import import loader
from corpus_import.pipeline import process_text
from corpus_import.rule_examples import MEETING_LEAD
from corpus_import.rule_table import ROWS
from tracker.admin.why import why_extracted_html
from tracker.models import Commitment

pytestmark = pytest.mark.django_db

ROW_NAMES = {row.name for row in ROWS}


def import_sentences(text: str) -> list[Commitment]:
    loader.import_article(process_text("why.txt", MEETING_LEAD + text))
    return list(Commitment.objects.order_by("start"))


def test_an_imported_commitment_stores_its_cue_row_and_the_row_that_set_its_kind():
    (agreement, pledge) = import_sentences(
        "Hai bên cam kết tăng cường hợp tác biển. Nhật Bản sẽ hỗ trợ ASEAN ứng phó thiên tai."
    )
    assert (agreement.kind, agreement.rules) == ("agreement", ["pledge", "pledge_shared"])
    assert (pledge.kind, pledge.rules) == ("pledge", ["pledge_will"])
    assert set(agreement.rules + pledge.rules) <= ROW_NAMES


def test_every_seed_commitment_names_only_rows_of_the_table():
    from tests.conftest import ARTICLES_DIR

    loader.import_paths([ARTICLES_DIR])
    stored = list(Commitment.objects.values_list("rules", flat=True))
    assert stored and all(rules and set(rules) <= ROW_NAMES for rules in stored)


@pytest.mark.parametrize(
    ("language", "label", "role"),
    [
        ("en", "why extracted", "kind set by"),
        ("vi", "vì sao được trích xuất", "loại do quy tắc đặt"),
    ],
)
def test_the_commitment_page_says_why_it_was_extracted(staff_client, language, label, role):
    (agreement,) = import_sentences("Hai bên cam kết tăng cường hợp tác biển.")
    response = staff_client.get(
        reverse("admin:tracker_commitment_change", args=[agreement.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    content = response.content.decode()
    assert label in content.lower() or label.capitalize() in content
    assert f"{role}: <code>pledge_shared</code>" in content


def test_a_hand_made_commitment_or_a_renamed_row_is_explained_too():
    with translation.override("en"):
        assert "No rule recorded" in why_extracted_html([])
        assert "row no longer in the table: <code>gone</code>" in why_extracted_html(["gone"])
