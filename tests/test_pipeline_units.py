"""Pipeline steps on short hand-written Vietnamese text."""

import datetime
from decimal import Decimal

import pytest

from corpus_import import amounts, cleanup, dates
from corpus_import.doc import UNKNOWN_DATE, PartialDate
from corpus_import.pipeline import process_text

MEETING_LEAD = (
    "Chiều 3/8, Bộ trưởng Ngoại giao Bùi Thanh Sơn đã cùng Ngoại trưởng Nhật Bản Motegi "
    "Toshimitsu đồng chủ trì Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản theo hình thức "
    "trực tuyến. Đây là hoạt động trong khuôn khổ Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 54 "
    "và các hội nghị liên quan.\n\n"
)


def extract(sentence: str):
    doc = process_text("unit.txt", MEETING_LEAD + sentence)
    return [item for item in doc.commitments if item.sentence in sentence]


class TestCleanUp:
    def test_photo_captions_and_duplicated_caption_lines_are_removed(self):
        raw = (
            "Hai bên nhất trí tăng cường hợp tác.\n\n"
            "Hội nghị diễn ra trực tuyến. Ảnh: Bộ Ngoại giao.\n"
            "Thứ trưởng phát biểu. (Ảnh: Duy Quang)\n"
            "Thứ trưởng phát biểu. (Ảnh: Duy Quang)\n"
            "(Ảnh: Duy Quang)\n"
            "Việt Nam sẽ tổ chức diễn đàn."
        )
        text, _ = cleanup.clean_text(raw)
        assert "Ảnh" not in text
        assert "Thứ trưởng phát biểu" not in text
        assert text.endswith("Việt Nam sẽ tổ chức diễn đàn.")

    def test_table_pipes_are_cell_borders(self):
        raw = "|\nNgoại trưởng phát biểu - Ảnh: BNG |\nCác nước nhất trí hợp tác.\n|"
        text, _ = cleanup.clean_text(raw)
        assert text == "Các nước nhất trí hợp tác."

    def test_related_news_and_teasers_after_it_are_cut(self):
        raw = (
            "Các nước nhất trí hợp tác chặt chẽ hơn trong năm tới.\n"
            "Việt Nam sẽ tổ chức diễn đàn về hợp tác tiểu vùng.\n\n"
            "TIN LIÊN QUAN\nTình hình Myanmar: ASEAN sẽ thảo luận\n\n"
            "Đọc thêm\n\nBài viết hôm nay sẽ mách các bạn cách bật chế độ mới."
        )
        text, _ = cleanup.clean_text(raw)
        assert "TIN LIÊN QUAN" not in text and "mách" not in text
        assert text.endswith("diễn đàn về hợp tác tiểu vùng.")

    def test_bylines_follow_lines_and_source_links_are_removed(self):
        raw = (
            "Tiêu đề bài viết về hội nghị\n\nBảo Chi\nNgày 7/4, hội nghị diễn ra.\n"
            "Theo dõi Baoquocte.vn trên\nCác nước nhất trí hợp tác.\n\nVũ Hoàng\n"
            "Nguồn Tiền Phong: https://tienphong.vn/bai-viet.tpo"
        )
        text, _ = cleanup.clean_text(raw)
        assert "Bảo Chi" not in text and "Theo dõi" not in text
        assert "Vũ Hoàng" not in text and "https" not in text
        assert "Ngày 7/4, hội nghị diễn ra." in text

    def test_text_is_nfc_with_normalized_tone_marks_and_same_spacing(self):
        decomposed = "Ho\u0300a bi\u0300nh, ổn định và thoả thuận."
        text, _ = cleanup.clean_text(decomposed)
        assert text == "Hòa bình, ổn định và thỏa thuận."

    def test_a_leading_date_line_is_read_and_removed(self):
        text, dateline = cleanup.clean_text(" date 2021-04 Thứ trưởng dự Đối thoại chiều 8/4.")
        assert text.startswith("Thứ trưởng")
        assert dateline == PartialDate(datetime.date(2021, 4, 1), "month")

    def test_html_pages_are_read_with_an_html_parser(self):
        html = (
            "<html><head><title>Trang</title><script>var x = 1;</script></head><body>"
            "<nav>Trang chủ</nav><article><h1>Hội nghị ASEAN</h1>"
            "<p>Các nước nhất trí &amp; cam kết hợp tác.</p>"
            "<figure><img src='a.jpg'><figcaption>Ảnh: TTXVN</figcaption></figure>"
            "</article><footer>Bản quyền</footer></body></html>"
        )
        text = cleanup.html_to_text(html)
        assert text.splitlines()[0] == "Hội nghị ASEAN"
        assert "Các nước nhất trí & cam kết hợp tác." in text
        assert "var x" not in text and "Trang chủ" not in text and "TTXVN" not in text


class TestDates:
    def test_day_and_month_take_the_year_the_article_gives(self):
        text = "Chiều 3/8, hội nghị trong khuôn khổ Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 54."
        year = dates.article_year(text, UNKNOWN_DATE)
        assert year == 2021
        mention = dates.find_dates(text)[0]
        assert dates.resolve(mention, year, UNKNOWN_DATE) == PartialDate(
            datetime.date(2021, 8, 3), "day"
        )

    @pytest.mark.parametrize(
        ("text", "year"),
        [
            ("các sáng kiến trong năm ASEAN 2021", 2021),
            ("trong tháng Chủ tịch HĐBA (4/2021), Việt Nam", 2021),
            ("Hội nghị Bộ trưởng ngoại giao ASEAN lần thứ 58 và các hội nghị", 2025),
            ("không có năm nào", None),
        ],
    )
    def test_the_article_year_comes_only_from_the_text(self, text, year):
        assert dates.article_year(text, UNKNOWN_DATE) == year

    def test_this_afternoon_and_a_date_without_a_year_stay_unknown(self):
        relative = dates.find_dates("Hội nghị diễn ra chiều nay.")[0]
        assert dates.resolve(relative, 2021, UNKNOWN_DATE) == UNKNOWN_DATE
        no_year = dates.find_dates("từ ngày 10/12 đến 12/12")[0]
        assert dates.resolve(no_year, None, UNKNOWN_DATE) == UNKNOWN_DATE

    def test_a_month_after_the_dateline_belongs_to_the_previous_year(self):
        mention = dates.find_dates("ngày 30/12")[0]
        dateline = PartialDate(datetime.date(2021, 4, 1), "month")
        assert dates.resolve(mention, 2021, dateline).value == datetime.date(2020, 12, 30)

    def test_month_precision(self):
        mention = dates.find_dates("hồi tháng 6/2021")[0]
        assert dates.resolve(mention, None, UNKNOWN_DATE) == PartialDate(
            datetime.date(2021, 6, 1), "month"
        )

    def test_target_periods_and_years(self):
        period = dates.find_target("triển khai Kế hoạch giai đoạn 2021-2025")
        assert period.period_start == datetime.date(2021, 1, 1)
        assert period.date == PartialDate(datetime.date(2025, 1, 1), "year")
        year = dates.find_target("tổ chức Hội nghị Cấp cao tại Nhật Bản năm 2023")
        assert year.date.display == "2023"


class TestAmounts:
    def test_money_is_normalized(self):
        (found,) = amounts.find_amounts("sử dụng 10,5 triệu USD từ Quỹ ứng phó Covid-19")
        assert (found.value, found.currency) == (Decimal("10500000"), "USD")

    def test_quantities_keep_their_unit(self):
        (found,) = amounts.find_amounts("tặng một tỷ liều vaccine")
        assert (found.value, found.unit, found.currency) == (Decimal("1000000000"), "liều", "")

    def test_thousand_separators_and_bare_year_words(self):
        assert amounts.find_amounts("gói 1.500 tỷ đồng")[0].value == Decimal("1500000000000")
        assert amounts.find_amounts("trong năm USD") == []


@pytest.mark.slow
class TestPartiesAndPeople:
    def test_people_with_titles_get_their_country(self):
        doc = process_text("p.txt", MEETING_LEAD)
        people = {(p.name, p.party) for p in doc.people if p.name}
        assert ("Bùi Thanh Sơn", "VN") in people
        assert ("Motegi Toshimitsu", "JP") in people

    def test_aliases_inside_other_names_are_not_parties(self):
        doc = process_text(
            "p.txt",
            MEETING_LEAD + "Mỹ khẳng định khu vực Ấn Độ Dương - Thái Bình Dương là trọng tâm.",
        )
        codes = [p.code for p in doc.parties]
        assert "IN" not in codes and "US" in codes

    def test_participants_carry_roles(self):
        doc = process_text("p.txt", MEETING_LEAD)
        (meeting,) = doc.meetings
        roles = {p.person_name: p.role for p in meeting.participants if p.person_name}
        assert roles["Motegi Toshimitsu"] == "co_chair"
        assert meeting.parties == ["ASEAN", "JP"]
        assert meeting.date.display == "2021-08-03"
        assert meeting.format == "online"


@pytest.mark.slow
class TestCommitmentKinds:
    def test_pledge_with_actor_and_target(self):
        (item,) = extract("Nhật Bản sẽ tiếp tục hỗ trợ các nước ASEAN nâng cao năng lực y tế.")
        assert (item.kind, item.actors, item.targets) == ("pledge", ["JP"], ["ASEAN"])
        assert "health" in item.topics

    def test_agreement_by_the_meeting_parties(self):
        (item,) = extract("Các Bộ trưởng nhất trí thúc đẩy hợp tác kinh tế số và năng lượng sạch.")
        assert (item.kind, item.actors) == ("agreement", ["ASEAN", "JP"])

    def test_a_pledge_by_both_sides_is_an_agreement(self):
        (item,) = extract("Hai bên cam kết triển khai Kế hoạch hành động giai đoạn 2021-2025.")
        assert item.kind == "agreement"
        assert item.target_text == "giai đoạn 2021-2025"

    def test_support(self):
        (item,) = extract("Nhật Bản khẳng định ủng hộ vai trò trung tâm của ASEAN trong khu vực.")
        assert (item.kind, item.actors) == ("support", ["JP"])

    def test_proposal_by_a_minister_speaking_for_his_country(self):
        (item,) = extract("Bộ trưởng Bùi Thanh Sơn đề nghị Nhật Bản hỗ trợ ASEAN tiếp cận vaccine.")
        assert (item.kind, item.actors, item.targets) == ("proposal", ["VN"], ["JP"])

    def test_welcomes_and_nouns_are_not_items(self):
        assert (
            extract("ASEAN hoan nghênh hỗ trợ của Nhật Bản trong cải thiện môi trường đầu tư.")
            == []
        )
        assert extract("Cam kết được Nhật Bản đưa ra tại hội nghị diễn ra chiều nay.") == []

    def test_a_past_result_is_follow_up_evidence(self):
        doc = process_text(
            "f.txt",
            MEETING_LEAD
            + "Các nước hoan nghênh kết quả triển khai Kế hoạch Hành động giai đoạn 2021-2025 "
            "đạt tỷ lệ 100%.",
        )
        (follow_up,) = doc.follow_ups
        assert follow_up.status == "fulfilled"
        assert follow_up.reference.startswith("Kế hoạch Hành động")
        assert doc.commitments == []

    def test_amounts_on_items(self):
        (item,) = extract("ASEAN sẽ sử dụng 10,5 triệu USD từ Quỹ ứng phó Covid-19 để mua vaccine.")
        assert item.amount.value == Decimal("10500000")


def test_an_article_with_no_meeting_is_passed_over_without_models():
    doc = process_text("n.txt", "Giá vàng hôm nay tăng mạnh.\n\nNgười dân đổ xô đi mua.")
    assert not doc.reports_meeting and doc.sentences == []


class TestArticleDates:
    @pytest.mark.parametrize(
        ("text", "year"),
        [
            ("Việt Nam đảm nhận Năm Chủ tịch ASEAN 2020 thành công", 2020),
            ("hợp tác để Năm APEC 2017 tại Việt Nam thành công", 2017),
            ("Hội nghị diễn ra ngày 4/6/2024. Nhật Bản viện trợ 500 triệu USD năm 2025.", 2024),
            ("Hai bên hội đàm ngày 4/6/2024. Tăng trưởng đạt 5% năm 2025.", 2024),
            ("Hai bên gặp ngày 4/6/2024, sau cuộc gặp hồi năm 2025 ở đó.", 2024),
        ],
    )
    def test_the_year_of_the_report_and_never_that_of_a_figure(self, text, year):
        assert dates.article_year(text, UNKNOWN_DATE) == year

    def test_a_hyphenated_day_and_month_after_ngay(self):
        (mention,) = dates.find_dates("ngày 29-6, Chủ tịch nước hội đàm")
        assert (mention.day, mention.month) == (29, 6)
        assert dates.find_dates("tỷ lệ 10-15 phần trăm") == []

    def test_this_afternoon_and_yesterday_take_the_article_s_own_day(self):
        published = PartialDate(datetime.date(2024, 6, 6), "day")
        today, yesterday = dates.find_dates("Chiều nay và hôm qua")
        assert dates.resolve(today, None, published) == published
        assert dates.resolve(yesterday, None, published).value == datetime.date(2024, 6, 5)

    def test_a_page_s_publication_date_dates_its_meeting(self):
        html = (
            '<html><head><meta content="2024-06-06T08:00:00+07:00" '
            'property="article:published_time"></head><body><article><h1>Tin</h1>'
            "<p>Chiều nay, Thủ tướng Phạm Minh Chính đã hội đàm với Thủ tướng Lào Sonexay. "
            "Hai bên nhất trí tăng cường hợp tác.</p></article></body></html>"
        )
        doc = process_text("p.html", html, is_html=True)
        assert doc.dateline == PartialDate(datetime.date(2024, 6, 6), "day")
        assert doc.meetings[0].date.display == "2024-06-06"

    def test_a_time_element_or_the_option_gives_the_day(self):
        assert cleanup.html_published_on(
            '<time class="x" datetime="2017-06-30T10:00">30/6</time>'
        ) == datetime.date(2017, 6, 30)
        doc = process_text(
            "p.txt",
            "Ngày 6/6, Thủ tướng Phạm Minh Chính đã hội đàm với Thủ tướng Lào Sonexay. "
            "Hai bên nhất trí tăng cường hợp tác.",
            published_on=datetime.date(2025, 6, 7),
        )
        assert doc.meetings[0].date.display == "2025-06-06"
