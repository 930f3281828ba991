"""Rules that carry the pipeline beyond the seed articles: bilateral talks, sessions of joint
bodies, forecasts that are not pledges. Short hand-written sentences, one rule each."""

import pytest

from corpus_import.doc import UNKNOWN_DATE
from corpus_import.pipeline import process_text


def meetings(text: str) -> list[tuple[str, list[str]]]:
    doc = process_text("g.txt", text)
    return [(m.kind, sorted(m.parties)) for m in doc.meetings]


@pytest.mark.slow
class TestBilateralMeetings:
    def test_talks_take_the_subject_and_the_object_as_parties(self):
        text = (
            "Chiều 5/3, Thủ tướng Nguyễn Văn An đã hội đàm với Thủ tướng Lào Somsak tại Hà Nội. "
            "Hai bên nhất trí tăng cường hợp tác kinh tế."
        )
        assert meetings(text) == [("bilateral", ["LA", "VN"])]

    def test_a_reception_of_an_ambassador_is_a_bilateral_meeting(self):
        text = (
            "Chiều 2/6, Thủ tướng Nguyễn Văn An tiếp Đại sứ Iran Ahmad Karimi. "
            "Thủ tướng đề nghị Iran tạo điều kiện cho doanh nghiệp Việt Nam."
        )
        assert meetings(text) == [("bilateral", ["IR", "VN"])]

    def test_a_bare_counterpart_takes_the_state_the_article_names_most(self):
        text = (
            "Ngày 10/5, Tổng thống Hàn Quốc Kim Min đã điện đàm với người đồng cấp Mỹ. "
            "Mỹ và Hàn Quốc nhất trí hợp tác chặt chẽ. Mỹ sẽ cử đoàn sang Seoul."
        )
        assert meetings(text) == [("bilateral", ["KR", "US"])]

    def test_a_session_of_an_intergovernmental_committee_is_bilateral(self):
        text = (
            "Thủ tướng Lào sẽ tham dự và đồng chủ trì kỳ họp lần thứ 39 Ủy ban liên Chính phủ "
            "Việt Nam - Lào vào ngày 8/2 tới. Hai bên sẽ ký các văn kiện hợp tác."
        )
        assert meetings(text) == [("bilateral", ["LA", "VN"])]

    def test_a_strategic_dialogue_is_a_dialogue(self):
        text = (
            "Ngoại trưởng Australia cho biết sẽ đồng chủ trì cuộc Đối thoại Chiến lược "
            "Australia - Trung Quốc lần thứ tư tại Canberra."
        )
        assert meetings(text) == [("dialogue", ["AU", "CN"])]

    def test_a_meeting_with_businesses_is_not_talks_between_states(self):
        text = (
            "Phó Chủ tịch nước Nguyễn Thị Bình đã có cuộc gặp với các doanh nghiệp Nhật Bản. "
            "Nhật Bản sẽ mở rộng đầu tư vào Việt Nam. Nhật Bản là nhà đầu tư lớn."
        )
        assert meetings(text) == []

    def test_after_meeting_someone_the_speaker_of_the_main_clause_is_the_other_side(self):
        text = (
            "Trong cuộc họp báo sau khi gặp Ngoại trưởng Australia Julia Bishop, Ngoại trưởng "
            "Trung Quốc Vương Nghị nói Mỹ và Trung Quốc sẽ hợp tác. Mỹ là đối tác lớn của Mỹ."
        )
        assert meetings(text) == [("bilateral", ["AU", "CN"])]

    def test_sides_listed_after_the_talks_are_the_parties(self):
        text = (
            "Trong cuộc họp báo chung sau hội đàm ngày 30/6, cả Tổng thống Mỹ John Smith và "
            "người đồng cấp Hàn Quốc Kim Min đều nhất trí hợp tác. Mỹ cũng bàn về Triều Tiên, "
            "Triều Tiên và Triều Tiên."
        )
        assert meetings(text) == [("bilateral", ["KR", "US"])]

    def test_a_state_named_far_before_the_talks_is_not_a_side(self):
        text = (
            "Hai nước bàn về hạt nhân Triều Tiên nhưng theo các nguồn tin từ hội đàm với Thủ "
            "tướng Nhật Bản Abe, hai bên chưa nhất trí. Nhật Bản và Mỹ sẽ họp tiếp. Mỹ và Mỹ."
        )
        assert meetings(text) == [("bilateral", ["JP", "US"])]

    def test_an_official_named_first_without_a_country_keeps_the_country_given_later(self):
        doc = process_text(
            "p.txt",
            "Ngoại trưởng Vương Nghị: hợp tác là lựa chọn duy nhất\n\n"
            "Ngoại trưởng Trung Quốc Vương Nghị đã hội đàm với Ngoại trưởng Australia Julia "
            "Bishop tại Canberra. Hai bên nhất trí tăng cường hợp tác.",
        )
        assert {p.party for p in doc.people if p.name == "Vương Nghị"} == {"CN"}

    def test_talks_recalled_as_past_background_are_not_recorded(self):
        text = (
            "Giá dầu tăng mạnh trong tuần. Ông Trump từng điện đàm với Thủ tướng Nhật Bản "
            "Abe hồi tháng trước. Thị trường sẽ tiếp tục biến động."
        )
        assert meetings(text) == []

    def test_a_forthcoming_meeting_named_after_the_reported_one_is_not_recorded(self):
        text = (
            "Chiều 1/6, Thủ tướng Thái Lan Prayut tiếp Đại sứ Việt Nam Nguyễn Văn Bình. "
            "Thái Lan khẳng định sẽ tham dự Hội nghị Cấp cao APEC vào tháng 11 tới."
        )
        assert meetings(text) == [("bilateral", ["TH", "VN"])]

    def test_a_visitor_received_by_several_leaders_in_turn_has_a_meeting_with_each(self):
        text = (
            "Chiều 13/11, Chủ tịch nước Trần Văn Quang tiếp Bộ trưởng Quốc phòng Nhật Bản "
            "Tomomi Inada. Chủ tịch nước đề nghị hai bên tăng cường hợp tác quốc phòng. "
            "Cùng ngày, Thủ tướng Nguyễn Văn An tiếp Bộ trưởng Tomomi Inada. "
            "Thủ tướng đề nghị Nhật Bản hỗ trợ đào tạo. Thủ tướng Nguyễn Văn An cũng tiếp "
            "Bộ trưởng Inada tại Phủ Chủ tịch."
        )
        doc = process_text("g.txt", text)
        assert [(m.kind, sorted(m.parties)) for m in doc.meetings] == [
            ("bilateral", ["JP", "VN"]),
            ("bilateral", ["JP", "VN"]),
        ]
        first, second = (m.key for m in doc.meetings)
        assert [c.meeting_key for c in doc.commitments] == [first, second]

    def test_words_between_the_talks_and_with_say_what_talks_they_were(self):
        text = (
            "Sau cuộc gặp đầu tiên với Thủ tướng Ấn Độ Narendra Modi, Tổng thống Mỹ Donald Trump "
            "nói hai nước sẽ hợp tác chống khủng bố."
        )
        assert meetings(text) == [("bilateral", ["IN", "US"])]

    def test_a_bare_title_resuming_the_subject_names_no_new_talks(self):
        text = (
            "Tổng thống Mỹ Donald Trump điện đàm với Tổng thống Ukraine Petro Poroshenko. "
            "Ngày 4/2, Tổng thống Trump đã có cuộc điện đàm với Tổng thống Sau đó, Nhà Trắng "
            "ra thông báo."
        )
        assert meetings(text) == [("bilateral", ["UA", "US"])]

    def test_talks_named_for_their_result_are_not_a_meeting_of_their_own(self):
        text = (
            "Chiều 13/11, Chủ tịch nước Trần Văn Quang tiếp Thượng tướng Phạm Trường Long, Phó "
            "Chủ tịch Quân ủy Trung ương Trung Quốc. Chủ tịch nước đánh giá cao kết quả cuộc "
            "hội đàm giữa Bộ trưởng Ngô Xuân Lịch và Thượng tướng Phạm Trường Long."
        )
        assert meetings(text) == [("bilateral", ["CN", "VN"])]


class TestPeopleAndTheirStates:
    def test_a_title_put_after_a_name_gives_the_person_s_state(self):
        doc = process_text(
            "p.txt",
            "Chủ tịch nước tiếp Thượng tướng Phạm Trường Long - Phó Chủ tịch Quân ủy trung "
            "ương TQ đang thăm Việt Nam.",
        )
        assert {p.party for p in doc.people if p.name == "Phạm Trường Long"} == {"CN"}

    def test_a_vietnamese_name_with_no_title_after_it_stays_vietnamese(self):
        doc = process_text(
            "p.txt", "Thượng tướng Phạm Văn Long, Thứ trưởng, tiếp Đại sứ Lào tại Hà Nội."
        )
        assert {p.party for p in doc.people if p.name == "Phạm Văn Long"} == {"VN"}

    def test_an_official_of_a_province_or_party_organ_is_of_its_state(self):
        text = (
            "Chiều tối 10/2, tại Quảng Ninh, Thủ tướng Nguyễn Xuân Phúc đã tiếp Bí thư Khu ủy Khu "
            "tự trị dân tộc Choang Quảng Tây (Trung Quốc) Bành Thanh Hoa. Thủ tướng đề nghị hai "
            "bên đẩy mạnh hợp tác."
        )
        doc = process_text("p.txt", text)
        assert {p.party for p in doc.people if p.name == "Bành Thanh Hoa"} == {"CN"}
        assert meetings(text) == [("bilateral", ["CN", "VN"])]

    def test_a_title_followed_by_a_verb_is_not_of_the_state_after_it(self):
        doc = process_text(
            "p.txt",
            "Bộ trưởng Ngoại giao hội đàm với Ngoại trưởng Nhật Bản Hayashi. Bộ trưởng cảm ơn "
            "Nhật Bản đã hỗ trợ Việt Nam ứng phó đại dịch.",
        )
        assert [p.party for p in doc.people if p.title.startswith("Bộ trưởng")] == ["VN", "VN"]

    def test_a_received_bare_title_is_a_visitor_not_the_host_resumed(self):
        doc = process_text(
            "p.txt",
            "Chủ tịch nước Trần Đại Quang tiếp Phó Chủ tịch Hội nghị Hiệp thương chính trị nhân "
            "dân. Chủ tịch nước đề nghị hai bên đẩy mạnh hợp tác.",
        )
        visitor = next(p for p in doc.people if p.title == "Phó Chủ tịch")
        assert (visitor.name, visitor.party) == ("", None)

    def test_a_title_after_a_comma_that_goes_on_is_the_next_subject(self):
        doc = process_text(
            "p.txt",
            "Tại cuộc hội kiến với Chủ tịch nước Trần Đại Quang, Thủ tướng Belarus khẳng định "
            "Belarus sẵn sàng hợp tác.",
        )
        assert {p.party for p in doc.people if p.name == "Trần Đại Quang"} == {"VN"}


TALKS = (
    "Chiều 5/3, Thủ tướng Nguyễn Văn An đã hội đàm với Thủ tướng Thái Lan Prayut tại Hà Nội.\n\n"
)


def items(sentence: str) -> list[tuple[str, list[str], list[str]]]:
    doc = process_text("c.txt", TALKS + sentence)
    return [(i.kind, i.actors, i.targets) for i in doc.commitments if i.sentence in sentence]


@pytest.mark.slow
class TestForecastsAreNotPledges:
    def test_a_schedule_after_will_is_not_a_pledge(self):
        assert items("Sau hội đàm, hai bên sẽ ký kết một số văn kiện hợp tác quan trọng.") == []

    def test_will_needs_its_subject_right_before_it(self):
        assert items("Chuyến thăm của Thủ tướng Prayut sẽ góp phần làm sâu sắc quan hệ.") == []
        assert items("Quan hệ Việt Nam - Thái Lan sẽ ngày càng phát triển tốt đẹp hơn.") == []

    def test_a_belief_about_the_future_is_not_a_pledge(self):
        assert items("Thủ tướng tin tưởng quan hệ hai nước sẽ phát triển mạnh mẽ hơn.") == []

    def test_an_expected_agreement_is_not_an_item(self):
        assert items("Theo nguồn tin, các nước dự kiến nhất trí dỡ bỏ thuế quan nhập khẩu.") == []

    def test_an_earlier_agreement_recalled_is_not_an_item(self):
        sentence = "Thái Lan và Việt Nam đã nhất trí mở đường bay thẳng hồi đầu tháng 4 vừa qua."
        assert items(sentence) == []

    def test_an_opinion_or_a_condition_is_not_a_pledge(self):
        sentence = "Thủ tướng Prayut cho rằng hai nước đều sẽ thua thiệt nếu thiếu hợp tác."
        assert items(sentence) == []

    def test_an_accusation_is_not_support(self):
        sentence = "Một số nước cắt quan hệ với Lào, cáo buộc nước này ủng hộ nhóm vũ trang."
        assert items(sentence) == []

    def test_a_cue_word_inside_a_party_name_is_not_a_cue(self):
        sentence = "Hôm qua, Các Tiểu vương quốc Arab Thống nhất mở đại sứ quán mới tại Hà Nội."
        assert items(sentence) == []

    def test_a_stated_pledge_still_counts(self):
        assert items("Thái Lan khẳng định sẽ hỗ trợ Việt Nam đào tạo nguồn nhân lực.") == [
            ("pledge", ["TH"], ["VN"])
        ]


@pytest.mark.slow
class TestActorsAndTargets:
    def test_a_partner_to_coordinate_with_is_not_a_target(self):
        assert items("Thái Lan sẽ phối hợp chặt chẽ với Lào trong quản lý nguồn nước.") == [
            ("pledge", ["TH"], ["VN"])
        ]

    def test_continuing_support_is_support(self):
        assert items("Việt Nam tiếp tục ủng hộ các dự án đầu tư của doanh nghiệp Thái Lan.") == [
            ("support", ["VN"], [])
        ]

    def test_leaders_joined_by_cung_agree_together(self):
        sentence = "Thủ tướng Nguyễn Văn An cùng Thủ tướng Thái Lan Prayut nhất trí mở đường bay."
        assert items(sentence) == [("agreement", ["VN", "TH"], [])]

    def test_a_cue_inside_an_opening_frame_is_not_the_sentence_s_own(self):
        sentence = (
            "Cảm ơn Thủ tướng luôn ủng hộ hợp tác, Thủ tướng Thái Lan Prayut mong muốn hai bên "
            "sớm mở đường bay thẳng."
        )
        assert items(sentence) == [("proposal", ["TH"], ["VN"])]

    def test_a_cue_ending_a_quoted_name_is_not_a_cue(self):
        sentence = "Ông Prayut là Chủ tịch Đảng “Nước Thái thống nhất” từ nhiều năm nay."
        assert items(sentence) == []

    def test_the_plan_of_a_session_is_not_an_agreement(self):
        sentence = "Tại kỳ họp, hai bên sẽ đánh giá kết quả hợp tác và thống nhất kế hoạch năm tới."
        assert items(sentence) == []

    def test_a_bare_honorific_opening_a_sentence_is_the_previous_speaker(self):
        doc = process_text(
            "h.txt",
            TALKS + "Thủ tướng Thái Lan Prayut đề nghị hai nước tăng cường trao đổi đoàn. "
            "Ông khẳng định lại cam kết bảo đảm an toàn cho ngư dân Việt Nam.",
        )
        assert [(i.kind, i.actors) for i in doc.commitments] == [
            ("proposal", ["TH"]),
            ("pledge", ["TH"]),
        ]


def formats_and_dates(text: str) -> list[tuple[str | None, str | None]]:
    doc = process_text("g.txt", text)
    return [(m.format, doc.to_dict()["meetings"][i]["date"]) for i, m in enumerate(doc.meetings)]


@pytest.mark.slow
class TestMeetingFormat:
    def test_a_reception_is_in_person(self):
        text = (
            "Chiều 2/6, Thủ tướng Nguyễn Văn An tiếp Đại sứ Iran Ahmad Karimi. "
            "Thủ tướng đề nghị Iran tạo điều kiện cho doanh nghiệp Việt Nam."
        )
        assert formats_and_dates(text)[0][0] == "in_person"

    def test_a_phone_call_is_online(self):
        text = (
            "Ngày 10/5, Tổng thống Hàn Quốc Kim Min đã điện đàm với người đồng cấp Mỹ. "
            "Mỹ và Hàn Quốc nhất trí hợp tác chặt chẽ. Mỹ sẽ cử đoàn sang Seoul."
        )
        assert formats_and_dates(text)[0][0] == "online"

    def test_a_dialogue_held_in_a_capital_is_in_person(self):
        text = (
            "Đối thoại Chiến lược Australia - Trung Quốc lần thứ tư diễn ra ở Canberra ngày 7/2. "
            "Hai bên nhất trí tăng cường hợp tác thương mại."
        )
        assert formats_and_dates(text)[0][0] == "in_person"

    def test_a_dialogue_planned_somewhere_says_nothing_yet(self):
        text = (
            "Ngoại trưởng Úc Jane Doe cho biết bà sẽ đồng chủ trì cuộc Đối thoại Chiến lược "
            "Australia - Trung Quốc lần thứ tư tại Canberra. Hai bên sẽ ký các văn kiện."
        )
        assert formats_and_dates(text)[0][0] is None


@pytest.mark.slow
class TestMeetingDates:
    def test_the_year_of_the_same_day_written_in_full_elsewhere(self):
        text = (
            "Chiều 24/5, Thủ tướng Nguyễn Văn An tiếp Đại sứ Iran Ahmad Karimi. "
            "Thủ tướng đề nghị Iran tạo điều kiện cho doanh nghiệp Việt Nam. "
            "Chiều 24/5/2017, Thủ tướng tiếp Đại sứ Iran."
        )
        assert formats_and_dates(text)[0][1] == "2017-05-24"

    def test_the_year_the_text_states_for_its_own_events(self):
        text = (
            "Trưa 29/6, Chủ tịch nước Trần Văn Bình đã hội kiến với Thủ tướng Nga Ivan Petrov. "
            "Việt Nam sẽ hỗ trợ tổ chức Những ngày văn hóa Nga tại Việt Nam năm 2017."
        )
        assert formats_and_dates(text)[0][1] == "2017-06-29"

    def test_deadlines_and_figures_do_not_give_the_year(self):
        text = (
            "Chiều 2/6, Thủ tướng Nguyễn Văn An tiếp Đại sứ Iran Ahmad Karimi. "
            "Năm 2016, kim ngạch thương mại đạt 300 triệu USD. "
            "Hai bên sẽ nâng kim ngạch lên 2 tỷ USD đến năm 2020."
        )
        assert formats_and_dates(text)[0][1] is None

    def test_the_year_of_a_figure_or_of_an_event_recalled_is_not_the_report_s(self):
        text = (
            "Ngày 14/5, Bộ Xây dựng đã tổ chức Đối thoại APEC về đô thị hóa tại Hà Nội. Tỷ lệ đô "
            "thị hóa tăng lên 36,6% với 802 đô thị (năm 2016). Năm 2015, Việt Nam đã ban hành "
            "luật mới."
        )
        assert formats_and_dates(text)[0][1] is None

    def test_an_anniversary_to_come_gives_no_founding_year(self):
        text = (
            "Chiều 12/7, Phó Thủ tướng Trương Văn Bình hội đàm với Phó Thủ tướng Malaysia Ahmad "
            "Zahid Hamidi. Hai nước chuẩn bị kỷ niệm 45 năm ngày thiết lập quan hệ ngoại giao "
            "trong năm 2018."
        )
        # Neither 2018 + 45 nor the year of a founding act.
        assert formats_and_dates(text)[0][1] is None

    def test_an_anniversary_of_relations_founded_in_a_given_year_gives_the_year(self):
        text = (
            "Chiều 4/7, Bộ trưởng Ngoại giao Phạm Văn Minh hội đàm với Bộ trưởng Ngoại giao Ấn Độ "
            "Sushma Swaraj. Hai nước đang kỷ niệm 45 năm quan hệ ngoại giao. Hai nước thiết lập "
            "quan hệ ngoại giao cấp Đại sứ năm 1972."
        )
        assert formats_and_dates(text)[0][1] == "2017-07-04"

    def test_a_later_sentence_naming_the_session_dates_it(self):
        text = (
            "Thủ tướng Lào đồng chủ trì Kỳ họp lần thứ 39 Ủy ban liên Chính phủ Việt Nam - Lào "
            "từ hôm nay. Kỳ họp lần thứ 39 của Ủy ban được tổ chức tại Hà Nội từ ngày "
            "7 - 8/2/2017. Hai bên sẽ ký các văn kiện hợp tác."
        )
        assert formats_and_dates(text) == [("in_person", "2017-02-07")]


def test_a_dotted_day_and_month_after_ngay_is_a_date():
    from corpus_import.dates import find_dates

    found = find_dates("Reuters ngày 7.2 dẫn lời ông Toner, giá tăng 7.2 lần")
    assert [(d.day, d.month) for d in found] == [(7, 2)]


@pytest.mark.slow
def test_a_meeting_of_one_state_alone_is_not_a_diplomatic_meeting():
    text = (
        "Con gái Tổng thống chủ trì cuộc họp Nhà Trắng về kinh tế. "
        "Mỹ sẽ tăng đầu tư cho hạ tầng trong năm tới."
    )
    assert meetings(text) == []


@pytest.mark.slow
class TestBackgroundIsNotAnItem:
    def test_another_day_told_in_the_past_is_background(self):
        sentence = "Ngày 22/6, Thái Lan và Việt Nam đã đề nghị các nước cắt giảm thuế quan."
        assert items(sentence) == []

    def test_the_meetings_own_day_still_counts(self):
        sentence = "Chiều 5/3, Thái Lan và Việt Nam đã nhất trí mở đường bay thẳng."
        assert items(sentence) == [("agreement", ["TH", "VN"], [])]

    def test_a_wish_left_open_is_not_a_request(self):
        sentence = "Thủ tướng Prayut nói Việt Nam muốn tìm hiểu gì thì Thái Lan sẽ hỗ trợ."
        assert [kind for kind, _, _ in items(sentence)] == ["pledge"]


@pytest.mark.slow
class TestCaptions:
    def test_a_sentence_before_a_credit_is_a_caption_and_left_out(self):
        from corpus_import import nlp

        text = (
            "Hai bên nhất trí tăng cường hợp tác. Thủ tướng tiếp Đại sứ Lào. Ảnh: TTXVN "
            "Lào cảm ơn Việt Nam đã giúp đỡ."
        )
        found = [text[s.start : s.end] for s in nlp.sentences(text)]
        assert "Thủ tướng tiếp Đại sứ Lào." not in found
        assert found[0] == "Hai bên nhất trí tăng cường hợp tác."

    def test_a_credit_on_the_next_line_does_not_make_a_caption(self):
        from corpus_import import nlp

        text = "Hai bên nhất trí tăng cường hợp tác.\nẢnh minh họa: Internet Lào cảm ơn."
        found = [text[s.start : s.end] for s in nlp.sentences(text)]
        assert found[0] == "Hai bên nhất trí tăng cường hợp tác."


@pytest.mark.slow
class TestMeetingSides:
    def test_a_meeting_between_two_leaders_takes_both_as_sides(self):
        text = (
            "Triều Tiên là chủ đề nóng trong cuộc gặp giữa Tổng thống Hàn Quốc Moon Jae In và "
            "Tổng thống Mỹ Donald Trump. Hai bên nhất trí tăng cường phối hợp."
        )
        assert meetings(text) == [("bilateral", ["KR", "US"])]

    def test_a_call_ignored_is_not_a_meeting(self):
        text = (
            "Tổng thống Mỹ Donald Trump phớt lờ một cuộc điện đàm với Chủ tịch Trung Quốc "
            "Tập Cận Bình. Mỹ sẽ tăng cường hiện diện ở khu vực."
        )
        assert meetings(text) == []


@pytest.mark.slow
class TestMeetingsWithGroupingsAndLaterSides:
    def test_a_meeting_with_the_asean_secretary_general_makes_asean_a_side(self):
        text = (
            "Ngày 5/6, Thủ tướng Nhật Bản Tanaka Ichiro đã có cuộc gặp với Tổng thư ký ASEAN "
            "Nguyễn Văn Bình. Nhật Bản cam kết hỗ trợ ASEAN."
        )
        assert meetings(text) == [("bilateral", ["ASEAN", "JP"])]

    def test_a_lunch_with_the_ambassadors_of_southeast_asia_is_a_meeting_with_asean(self):
        text = (
            "Ngày 11/7, Ngoại trưởng Nhật Bản Tanaka Ichiro đã có buổi gặp và ăn trưa với đại sứ "
            "các nước Đông Nam Á. Nhật Bản sẽ tiếp tục hợp tác với ASEAN."
        )
        assert meetings(text) == [("bilateral", ["ASEAN", "JP"])]

    def test_the_sides_may_follow_a_later_giua(self):
        text = (
            "Đó là kết quả cuộc hội đàm xây dựng Bản ghi nhớ giữa đại diện Bộ Quốc phòng Việt Nam "
            "và đại diện Bộ Quốc phòng Campuchia diễn ra sáng 9/7. Hai bên nhất trí sẽ ký sớm."
        )
        assert meetings(text) == [("bilateral", ["KH", "VN"])]

    def test_a_subject_after_trong_cuoc_gap_is_a_side(self):
        text = (
            "Trong cuộc gặp với Thủ tướng Lào Somsak, Thủ tướng Thái Lan Prayut Chan cam kết "
            "tăng cường hợp tác. Thái Lan sẽ hỗ trợ Lào."
        )
        assert meetings(text) == [("bilateral", ["LA", "TH"])]


def test_a_named_person_without_a_country_takes_the_only_country_of_that_title():
    from corpus_import.entities import find_parties, find_people

    text = "Thủ tướng Shinzo Abe cam kết hợp tác. Thủ tướng Nhật Bản. Ông Abe nói thêm."
    people = find_people(text, find_parties(text))
    assert [p.party for p in people] == ["JP", "JP", "JP"]


def test_a_span_of_years_for_an_anniversary_is_not_an_event_date():
    from corpus_import.dates import find_dates

    text = "ngày 11/7, nhân kỷ niệm 50 năm (8/8/1967-8/8/2017) ngày thành lập ASEAN"
    assert [(d.day, d.month, d.year) for d in find_dates(text)] == [(11, 7, None)]


@pytest.mark.slow
class TestListedActorsAndResumedTitles:
    def test_a_repeated_head_joins_two_states_into_one_subject(self):
        sentence = (
            "Bộ Quốc phòng Việt Nam và Bộ Quốc phòng Thái Lan nhất trí tăng cường hợp tác "
            "trong lĩnh vực pháp luật."
        )
        assert items(sentence) == [("agreement", ["VN", "TH"], [])]

    def test_a_head_noun_may_open_a_headline_list_of_states(self):
        assert items("Lãnh đạo Việt Nam, Thái Lan nhất trí thúc đẩy quan hệ song phương.") == [
            ("agreement", ["VN", "TH"], [])
        ]

    def test_agreeing_that_something_matters_is_an_assessment(self):
        sentence = "Hai bên nhất trí cho rằng việc ký Bản ghi nhớ có ý nghĩa quan trọng."
        assert items(sentence) == []

    def test_a_bare_title_does_not_resume_a_person_thanked_or_named_as_a_possessor(self):
        sentence = (
            "Thủ tướng cảm ơn Thủ tướng Thái Lan Prayut đã có lời mời, tiếp Đặc phái viên của "
            "Thủ tướng Thái Lan. Thủ tướng đề nghị Thái Lan tạo điều kiện cho hàng Việt Nam."
        )
        found = items(sentence)
        assert found and found[-1][:2] == ("proposal", ["VN"])


@pytest.mark.slow
class TestHopesInvitationsAndAppreciation:
    def test_a_hope_that_another_party_will_act_is_a_request(self):
        assert items("Việt Nam hy vọng Thái Lan sẽ hỗ trợ nhiều hơn trong lĩnh vực giáo dục.") == [
            ("proposal", ["VN"], ["TH"])
        ]

    def test_a_hope_about_ones_own_plan_is_not_an_item(self):
        assert items("Thủ tướng Prayut bày tỏ hy vọng sẽ sớm có chuyến thăm tới Hà Nội.") == []

    def test_an_invitation_to_visit_is_a_request_and_accepting_it_a_pledge(self):
        found = items("Thủ tướng Prayut đã mời Thủ tướng Nguyễn Văn An sang thăm Thái Lan.")
        assert [kind for kind, _, _ in found] == ["proposal"]
        found = items("Thủ tướng Nguyễn Văn An vui vẻ nhận lời.")
        assert [kind for kind, _, _ in found] == ["pledge"]

    def test_states_that_tan_thanh_a_goal_support_it(self):
        found = items("Việt Nam và Thái Lan tán thành việc phi hạt nhân hóa bán đảo Triều Tiên.")
        assert [kind for kind, _, _ in found] == ["support"]

    def test_appreciating_support_received_is_not_support(self):
        sentence = "Thủ tướng Prayut đánh giá cao sự ủng hộ của Việt Nam đối với Thái Lan."
        assert items(sentence) == []


@pytest.mark.slow
class TestVisitsThatAreNotTalks:
    def test_a_working_session_at_an_embassy_is_not_talks(self):
        text = (
            "Đoàn đã có buổi làm việc với Đại sứ quán Việt Nam tại Trung Quốc. Trung Quốc sẽ "
            "cấp thêm học bổng. Sinh viên ở Trung Quốc cam kết học tốt."
        )
        assert meetings(text) == []

    def test_an_ambassador_receiving_a_delegation_of_no_named_country_is_not_talks(self):
        text = (
            "Đại sứ Việt Nam Nguyễn Văn Bình đã tiếp đoàn và trao đổi về tình hình sinh viên tại "
            "Trung Quốc. Trung Quốc sẽ cấp thêm học bổng cho sinh viên ở Trung Quốc."
        )
        assert meetings(text) == []


@pytest.mark.slow
class TestOwnWishesAndEarlierYears:
    def test_a_wish_that_the_speakers_own_state_will_act_is_a_pledge(self):
        sentence = "Thủ tướng Prayut bày tỏ mong muốn Thái Lan sẽ tiếp tục hỗ trợ Việt Nam."
        assert [kind for kind, _, _ in items(sentence)] == ["pledge"]

    def test_a_bare_wish_to_act_stays_a_proposal_as_annotated(self):
        sentence = "Thái Lan mong muốn đẩy mạnh hợp tác với Việt Nam trong lĩnh vực du lịch."
        assert [kind for kind, _, _ in items(sentence)] == ["proposal"]

    def test_a_wish_that_the_other_side_act_stays_a_request(self):
        sentence = "Thủ tướng Prayut mong muốn Việt Nam sẽ hỗ trợ Thái Lan."
        assert [kind for kind, _, _ in items(sentence)] == ["proposal"]


def test_years_of_earlier_acts_and_of_the_law_of_the_sea_do_not_date_the_report():
    from corpus_import.dates import event_years

    text = (
        "Hai bên triển khai Bản ghi nhớ ký năm 2015, tôn trọng Công ước Liên Hợp Quốc về Luật "
        "Biển năm 1982."
    )
    assert event_years(text) == []


def test_an_ellipsis_before_a_capital_ends_a_sentence():
    from corpus_import.nlp import sentences

    text = "Thủ tướng hoan nghênh hỗ trợ khởi nghiệp… Thời gian tới, Thủ tướng mong muốn hợp tác."
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "Thủ tướng hoan nghênh hỗ trợ khởi nghiệp…",
        "Thời gian tới, Thủ tướng mong muốn hợp tác.",
    ]


@pytest.mark.slow
def test_a_past_time_in_a_later_clause_does_not_make_an_agreement_background():
    sentence = (
        "Thủ tướng Prayut cho biết đã nhất trí hai nước cần tăng cường hợp tác, đáp lại đề nghị "
        "về hội nghị đầu tiên tổ chức hồi năm ngoái."
    )
    assert [kind for kind, _, _ in items(sentence)] == ["agreement"]


@pytest.mark.slow
def test_will_not_be_affected_is_a_forecast_not_a_pledge():
    sentence = "Quan hệ giữa Việt Nam và Thái Lan sẽ không bị ảnh hưởng bởi tình hình quốc tế."
    assert items(sentence) == []


@pytest.mark.slow
def test_a_dated_lead_repeating_the_headline_verb_dates_the_headline_meeting():
    text = (
        "Thủ tướng Nguyễn Văn An tiếp Đại sứ Thái Lan\n"
        "Chiều 27/6/2017, tại Trụ sở Chính phủ, Thủ tướng Nguyễn Văn An tiếp bà Somsri. "
        "Thủ tướng đề nghị Thái Lan tạo điều kiện cho hàng Việt Nam."
    )
    doc = process_text("g.txt", text)
    assert [m.date.display for m in doc.meetings] == ["2017-06-27"]


@pytest.mark.slow
class TestMeetingKindAndFormat:
    def test_a_phone_call_stays_online_when_a_later_sentence_plans_face_to_face_talks(self):
        text = (
            "Ngày 29/5, Tổng thống Hàn Quốc Kim Min đã điện đàm với người đồng cấp Pháp. "
            "Hai bên nhất trí tăng cường hợp tác. Pháp mời Hàn Quốc sang thăm để hai bên hội đàm "
            "trực tiếp."
        )
        assert [m.format for m in process_text("g.txt", text).meetings] == ["online"]

    def test_a_meeting_of_senior_officials_in_lower_case_is_senior_officials(self):
        text = (
            "Ngày 5/7, đoàn Việt Nam đã tham dự Hội nghị các quan chức cấp cao ASEAN-EU lần thứ "
            "24 tại Bangkok. ASEAN và EU nhất trí tăng cường hợp tác."
        )
        assert meetings(text) == [("senior_officials", ["ASEAN", "EU"])]


@pytest.mark.slow
def test_a_meeting_that_da_duoc_to_chuc_is_reported():
    text = (
        "Ngày 5/7, Hội nghị các quan chức cấp cao ASEAN-EU lần thứ 24 đã được tổ chức tại "
        "Bangkok. ASEAN và EU nhất trí tăng cường hợp tác."
    )
    assert meetings(text) == [("senior_officials", ["ASEAN", "EU"])]


@pytest.mark.parametrize(
    "text",
    [
        # The year a relationship was upgraded.
        "Thủ tướng hội đàm với Tổng thống ngày 31/5.\nHai bên thúc đẩy quan hệ đối tác toàn diện "
        "Việt Nam - Mỹ năm 2013.",
        # An earlier day told in the past.
        "Tổng thống tiếp Thủ tướng ngày 31/5.\nHôm 14/12/2016, hai nhà lãnh đạo đã điện đàm.",
        # An anniversary to come.
        "Thủ tướng hội kiến Nhà vua ngày 6/6.\nNăm tới hai nước kỷ niệm 45 năm thiết lập quan hệ "
        "ngoại giao Việt Nam - Nhật Bản năm 2018.",
        # A life's span of years.
        "Hai bên hội đàm ngày 7/2.\nÔng sinh ngày 10/11/1945; năm 1973 đến năm 1978 học tại Lào.",
    ],
)
def test_years_of_past_events_relations_and_anniversaries_do_not_date_the_meeting(text):
    from corpus_import.dates import article_year

    assert article_year(text, UNKNOWN_DATE) is None


def test_of_several_years_the_one_in_the_lead_dates_the_meeting():
    from corpus_import.dates import article_year

    lead = "Hai bên hội đàm ngày 31/5.\nCuộc hội đàm diễn ra tại Washington trong năm 2017."
    later = "\nHai nước đã tăng thương mại trong năm 2016."
    assert article_year(lead + later, UNKNOWN_DATE) == 2017
    assert (
        article_year(
            "Hai bên hội đàm ngày 31/5.\nHọ gặp nhau." + later + " Họ cũng gặp trong năm 2015.",
            UNKNOWN_DATE,
        )
        is None
    )


def test_a_recalled_month_among_other_years_does_not_date_the_meeting():
    from corpus_import.dates import article_year

    text = (
        "Chủ tịch Quốc hội hội đàm với Chủ tịch Thượng viện ngày 19/6.\nHai bên họp tại Hà Nội.\n"
        "Haiti mở Đại sứ quán tại Hà Nội (12/2013); đoàn thăm Việt Nam từ 17/6 đến ngày 22/6/2017."
    )
    assert article_year(text, UNKNOWN_DATE) is None


def test_a_groupings_year_in_the_meetings_sentence_dates_it_and_a_vision_does_not():
    sentence = "Hai bên dự Hội nghị cấp cao APEC 2017 tại Đà Nẵng vào ngày 10/11."
    text = (
        "Thủ tướng hội đàm với Tổng thống.\nHai nhà lãnh đạo nhất trí tăng cường hợp tác.\n"
        "Hai bên nhắc lại Tuyên bố năm 2015 và chuyến thăm trong năm 2016. " + sentence
    )
    from corpus_import.dates import event_years

    assert event_years(sentence) == [2017]
    assert event_years("Triển khai Tầm nhìn ASEAN 2025 với chính sách Hướng Đông.") == []
    assert event_years(text) == [2015, 2016, 2017]


def test_of_several_years_the_one_in_the_sentence_of_the_meetings_day_dates_it():
    text = (
        "Thủ tướng Việt Nam hội đàm với Thủ tướng Nhật Bản\n"
        "Thủ tướng Việt Nam đã hội đàm với Thủ tướng Nhật Bản.\n"
        "Hai bên nhắc lại chuyến thăm trong năm 2015. Chiều 6/6, tại cuộc hội đàm trong năm 2017, "
        "Thủ tướng Việt Nam và Thủ tướng Nhật Bản nhất trí tăng cường hợp tác. Kim ngạch hai chiều "
        "trong năm 2016 tiếp tục cao."
    )
    doc = process_text("several_years", text)
    assert doc.article_year is None
    assert [str(m.date.value) for m in doc.meetings] == ["2017-06-06"]
