"""Property-based tests: the clean-up and the date and amount parsers never crash on arbitrary
text, and every span they return lies inside the text it refers to."""

import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_import import amounts, cleanup, dates, nlp
from corpus_import.doc import ArticleDoc
from corpus_import.pipeline import process_text
from corpus_import.reading import UnreadableArticle
from tests.test_pipeline_units import MEETING_LEAD

PLEDGE = "Nhật Bản cam kết hỗ trợ ASEAN 10,5 triệu USD giai đoạn 2021-2025."

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
ALPHABET = (
    VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,;:!?…-–/()[]|“”\"'%\n\t\r\u00a0\u200b\ufeff"
)
# Pieces the parsers look for, so the examples reach their matching branches.
PIECES = [
    "ngày 3/8",
    "chiều nay",
    "tháng 12/2021",
    "ngày 31/2/2020",
    "giai đoạn 2021-2025",
    "đến năm 2030",
    "10,5 triệu USD",
    "1.000 tỷ đồng",
    "một tỷ liều",
    "năm triệu",
    "Ảnh: TTXVN",
    "TIN LIÊN QUAN",
    "date 2021-08",
    "Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản",
    "Việt Nam cam kết",
    "Nhật Bản sẽ hỗ trợ",
    "hòa",
    "hoà",
    "Ho\u0300a",
    "http://example.org/a",
    "\n\n",
    ". ",
]
texts = st.lists(
    st.one_of(st.text(alphabet=ALPHABET, max_size=40), st.sampled_from(PIECES)), max_size=25
).map("".join)
# Modest by default so the suite stays fast; HYPOTHESIS_EXAMPLES=5000 for a long run by hand.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_clean_up_never_crashes_and_returns_normalized_text(raw):
    text, dateline = cleanup.clean_text(raw)
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\u200b" not in text and "\n\n\n" not in text
    assert text == text.strip()
    assert dateline.precision in ("day", "month", "unknown")
    title = cleanup.split_title(text)
    assert text.startswith(title)


@FAST
@given(texts)
def test_html_clean_up_never_crashes(raw):
    html = f"<html><body><p>{raw}</p><script>{raw}</script><p>{raw[:10]}</p></body></html>"
    assert isinstance(cleanup.html_to_text(html), str)


@FAST
@given(texts, st.integers(0, 400), st.integers(0, 400))
def test_date_mentions_lie_inside_the_searched_range(text, start, length):
    start = min(start, len(text))
    end = min(len(text), start + length)
    for mention in dates.find_dates(text, start, end):
        assert start <= mention.start < mention.end <= end
        assert mention.relative or mention.month is None or 1 <= mention.month <= 12
    year = dates.article_year(text, cleanup.clean_text(text)[1])
    for mention in dates.find_dates(text):
        dates.resolve(mention, year, cleanup.clean_text("")[1])


@FAST
@given(texts, st.integers(0, 400))
def test_a_target_date_is_a_piece_of_the_sentence_after_the_cue(sentence, after):
    after = min(after, len(sentence))
    target = dates.find_target(sentence, after)
    if target is not None:
        assert target.text and target.text in sentence[after:]
        assert target.date.value is not None
        assert target.period_start is None or target.period_start <= target.date.value


@FAST
@given(texts)
def test_amounts_are_pieces_of_the_text_with_a_number(text):
    for amount in amounts.find_amounts(text):
        assert amount.text and amount.text in text
        assert amount.value.is_finite()
        assert bool(amount.currency) != bool(amount.unit)


@FAST
@given(st.text(alphabet="0123456789.,", max_size=30))
def test_number_parsing_never_crashes(number):
    value = amounts.parse_number(number)
    assert value is None or value.is_finite()


def assert_spans_inside(doc: ArticleDoc) -> None:
    size = len(doc.text)
    spans = [*doc.sentences, *doc.parties, *doc.collectives, *doc.people, *doc.meetings]
    for span in spans:
        assert 0 <= span.start <= span.end <= size
    for item in doc.commitments:
        assert doc.text[item.start : item.end] == item.sentence
    for follow_up in doc.follow_ups:
        assert doc.text[follow_up.start : follow_up.end] == follow_up.quote


@pytest.mark.slow
@settings(
    max_examples=max(25, EXAMPLES // 6), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.sampled_from(PIECES) | st.text(alphabet=ALPHABET, max_size=30), max_size=30))
def test_every_finding_points_into_the_cleaned_text(pieces):
    """An ASEAN-Japan meeting and a pledge around arbitrary text: the examples reach the
    meeting and commitment steps, not only the early exits."""
    nlp.warm_up()
    raw = MEETING_LEAD + "".join(pieces) + "\n\n" + PLEDGE
    try:
        doc = process_text("prop.txt", raw)
    except UnreadableArticle:
        return
    assert doc.text == cleanup.clean_text(raw)[0]
    assert_spans_inside(doc)


@pytest.mark.slow
def test_the_frame_around_the_examples_reaches_the_commitment_step():
    doc = process_text("frame.txt", MEETING_LEAD + "\n\n" + PLEDGE)
    assert doc.meetings and doc.commitments
    assert_spans_inside(doc)
