"""Recall first: a report whose meeting no pattern recognizes still keeps its items, and every
cue of the table can open an item. Short hand-written sentences, one rule each."""

import pytest

from corpus_import import loader, rule_table
from corpus_import.pipeline import process_text
from tracker.models import Meeting

pytestmark = pytest.mark.slow

# A meeting the patterns do not recognize: an unnamed working session, told without "Tại".
UNRECOGNIZED_MEETING = (
    "Việt Nam và Lào thúc đẩy hợp tác giáo dục\n\n"
    "Chiều 12/4, Bộ trưởng Giáo dục Việt Nam Nguyễn Văn An đã có cuộc họp với Bộ trưởng "
    "Giáo dục Lào Somsak. Việt Nam cam kết cấp thêm 100 suất học bổng cho sinh viên Lào. "
    "Lào đề nghị Việt Nam hỗ trợ đào tạo giáo viên tiếng Việt. "
    "Hai bên nhất trí tổ chức diễn đàn giáo dục chung vào năm sau."
)


class TestNoReportLeftEmpty:
    def test_items_of_an_unrecognized_meeting_go_to_a_meeting_made_from_the_lead(self):
        doc = process_text("u.txt", UNRECOGNIZED_MEETING)
        (meeting,) = doc.meetings
        assert meeting.kind == "other"
        assert sorted(meeting.parties) == ["LA", "VN"]
        assert meeting.title == "Việt Nam và Lào thúc đẩy hợp tác giáo dục"
        assert doc.reports_meeting
        kinds = [(c.kind, sorted(c.actors)) for c in doc.commitments]
        assert kinds == [
            ("pledge", ["VN"]),
            ("proposal", ["LA"]),
            ("agreement", ["LA", "VN"]),
        ]
        assert all(c.meeting_key == meeting.key for c in doc.commitments)
        assert all(c.confidence <= 0.4 for c in doc.commitments)

    def test_a_news_story_that_names_no_meeting_in_its_lead_makes_none(self):
        doc = process_text(
            "n.txt",
            "Giá lúa tăng mạnh\n\nBộ trưởng Nông nghiệp đề nghị các tỉnh theo dõi giá lúa. "
            "Việt Nam sẽ xuất khẩu thêm gạo sang Philippines. "
            "Cuối bài, tác giả nhắc lại hội nghị ngành lúa gạo năm ngoái.",
        )
        assert doc.meetings == [] and not doc.reports_meeting

    def test_one_item_by_one_party_is_not_a_meeting(self):
        doc = process_text(
            "o.txt",
            "Thủ tướng dự hội nghị ngành điện\n\nViệt Nam sẽ xây thêm hai nhà máy điện gió. "
            "Nhiều doanh nghiệp có mặt tại hội nghị ngành điện.",
        )
        assert doc.meetings == []

    @pytest.mark.parametrize(
        "opening",
        [
            "Người phát ngôn Bộ Ngoại giao Mỹ nói trong cuộc họp báo ngày 29/6.",
            "Phát biểu tại buổi họp báo ở Australia, Bộ trưởng Mỹ nêu rõ quan điểm.",
            "Liên hợp quốc hy vọng các nước giải quyết căng thẳng thông qua đối thoại.",
            "Nga cho biết sẵn sàng đối thoại với Mỹ về an ninh mạng.",
        ],
    )
    def test_a_press_conference_or_a_call_for_dialogue_is_no_meeting(self, opening):
        doc = process_text(
            "p.txt",
            "Quan hệ Mỹ - Qatar\n\n" + opening + " Mỹ cam kết hỗ trợ Qatar. "
            "Qatar đề nghị Mỹ tiếp tục hỗ trợ.",
        )
        assert doc.meetings == [] and doc.commitments == []

    @pytest.mark.parametrize(
        "opening",
        [
            "Hai nhà lãnh đạo đã họp báo chung sau hội đàm ngày 29/6.",
            "Hai bên có cuộc đối thoại thẳng thắn ngày 29/6.",
            "Hai nước nối lại đối thoại chiến lược ngày 29/6.",
        ],
    )
    def test_a_joint_press_conference_or_a_dialogue_held_is_a_meeting(self, opening):
        doc = process_text(
            "p.txt",
            "Quan hệ Mỹ - Qatar\n\n" + opening + " Mỹ cam kết hỗ trợ Qatar. "
            "Qatar đề nghị Mỹ tiếp tục hỗ trợ.",
        )
        assert len(doc.meetings) == 1 and len(doc.commitments) == 2

    @pytest.mark.django_db
    def test_the_lead_meeting_is_stored_with_the_kind_other(self):
        doc = process_text("u.txt", UNRECOGNIZED_MEETING)
        result = loader.import_article(doc)
        assert result.status == "new"
        meeting = Meeting.objects.get()
        assert meeting.kind == Meeting.Kind.OTHER
        assert meeting.commitments.count() == 3


# Each cue of the table, alone in a recognized meeting's report, makes an item: the old quick
# pre-check, a hand-kept copy of this table, passed over reports whose only cue it lacked.
SINGLE_CUE_SENTENCES = {
    "đề xuất": "Việt Nam đề xuất lập quỹ chung về y tế.",
    "yêu cầu": "Việt Nam yêu cầu các bên tôn trọng luật pháp quốc tế.",
    "khuyến khích": "Nhật Bản khuyến khích doanh nghiệp đầu tư vào khu vực.",
    "trông đợi": "Việt Nam trông đợi Nhật Bản mở rộng hợp tác y tế.",
    "hối thúc": "Việt Nam hối thúc các bên sớm hoàn tất đàm phán.",
    "đồng tình": "Nhật Bản đồng tình tăng cường hợp tác biển.",
}


@pytest.mark.parametrize("cue", sorted(SINGLE_CUE_SENTENCES))
def test_a_report_whose_only_cue_is_any_row_of_the_table_yields_its_item(cue):
    assert any(row.pattern == cue for row in rule_table.CUE_ROWS)
    text = (
        "Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản khai mạc chiều 3/8. "
        + SINGLE_CUE_SENTENCES[cue]
    )
    doc = process_text("c.txt", text)
    assert [c.sentence for c in doc.commitments] == [SINGLE_CUE_SENTENCES[cue]]


class TestNamesAndSentences:
    def test_a_transliterated_name_s_initial_does_not_end_the_sentence(self):
        doc = process_text(
            "i.txt",
            "Chiều 5/3, Tổng thống Pháp Ê.Ma-crông đã hội đàm với Tổng thống Nga V. Pu-tin. "
            "Tổng thống Pháp Ê.Ma-crông nhấn mạnh, Nga và Pháp cần tăng cường hợp tác. "
            "Hai nước có chung lịch sử.",
        )
        sentences = [doc.span_text(s) for s in doc.sentences]
        assert sentences[1] == (
            "Tổng thống Pháp Ê.Ma-crông nhấn mạnh, Nga và Pháp cần tăng cường hợp tác."
        )
        # A full stop after an ordinary word still ends a sentence.
        assert sentences[2] == "Hai nước có chung lịch sử."

    def test_a_name_opening_with_an_initial_is_the_person_named_before(self):
        doc = process_text(
            "p.txt",
            "Ngày 29/6, Chủ tịch nước Trần Đại Quang hội đàm với Tổng thống Nga Vladimir Putin. "
            "Chủ tịch nước mời Tổng thống V.Putin thăm Việt Nam. "
            "Tổng thống V.Putin vui vẻ nhận lời.",
        )
        assert [(c.kind, c.actors) for c in doc.commitments] == [
            ("proposal", ["VN"]),
            ("pledge", ["RU"]),
        ]


class TestMeetingsNamedInPassing:
    def test_a_meeting_someone_is_invited_to_is_not_the_one_reported(self):
        doc = process_text(
            "m.txt",
            "Ngày 29/6, Chủ tịch nước Trần Đại Quang hội đàm với Tổng thống Nga Vladimir Putin. "
            "Chủ tịch nước mời Tổng thống V.Putin thăm Việt Nam và dự Hội nghị cấp cao APEC. "
            "Hai nhà lãnh đạo nhất trí tăng cường hợp tác dầu khí.",
        )
        assert [m.parties for m in doc.meetings] == [["VN", "RU"]]
        assert sorted(doc.commitments[-1].actors) == ["RU", "VN"]

    def test_an_invitation_to_a_meeting_the_text_then_reports_keeps_it(self):
        doc = process_text(
            "m.txt",
            "Ngày 9/12, Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản diễn ra trực tuyến. "
            "Anh đã mời các ngoại trưởng ASEAN dự hội nghị ngoại trưởng G7 diễn ra tại Liverpool. "
            "Nhật Bản sẽ hỗ trợ ASEAN ứng phó đại dịch.",
        )
        assert sorted(m.parties[0] for m in doc.meetings) == ["ASEAN", "G7"]


@pytest.mark.django_db
def test_import_articles_published_on_dates_what_the_text_leaves_out(tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "a.txt").write_text(
        "Chiều nay, Thủ tướng Phạm Minh Chính đã hội đàm với Thủ tướng Lào Sonexay. "
        "Hai bên nhất trí tăng cường hợp tác.",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import_articles",
        str(tmp_path),
        "--dry-run",
        "--published-on",
        "2025-06-07",
        stdout=out,
        stderr=StringIO(),
    )
    (article,) = json.loads(out.getvalue())
    assert article["meetings"][0]["date"] == "2025-06-07"


# Cue rows and filters added for recall, each with sentences it must and must not act on,
# inside a report of a recognized ASEAN–Japan meeting (tests/test_pipeline_units.MEETING_LEAD).
CUE_EXAMPLES = [
    # (rule, sentence, expected (kind, actors) or None for no item)
    (
        "khẳng định quyết tâm",
        "Hai bên khẳng định quyết tâm nâng cao hiệu quả hợp tác.",
        "agreement",
    ),
    ("khẳng định + action", "Nhật Bản khẳng định tăng cường hợp tác với ASEAN.", "pledge"),
    ("xác nhận + action", "Nhật Bản xác nhận thúc đẩy các dự án kết nối.", "pledge"),
    ("khẳng định a view", "Nhật Bản khẳng định vai trò của ASEAN là quan trọng.", None),
    (
        "reaffirmed commitment",
        "Nhật Bản tái khẳng định cam kết của mình đối với khu vực.",
        "pledge",
    ),
    ("commitment noun", "Thực hiện cam kết của Nhật Bản là điều quan trọng.", None),
    ("side head", "Phía Nhật Bản cam kết hỗ trợ ASEAN ứng phó thiên tai.", "pledge"),
    ("importance agreed", "Hai bên nhất trí về tầm quan trọng của hợp tác biển.", None),
    ("agreement", "Hai bên nhất trí tăng cường hợp tác biển.", "agreement"),
    ("thanks for support", "Việt Nam cảm ơn Nhật Bản đã ủng hộ ASEAN.", None),
    ("welcome of support", "Việt Nam hoan nghênh Nhật Bản tiếp tục ủng hộ ASEAN.", None),
    ("own verb after và", "Nhật Bản cảm ơn và vui vẻ nhận lời.", "pledge"),
    ("a party's need", "Nhật Bản cần tăng cường đầu tư vào ASEAN.", "proposal"),
    ("the sides' need", "Hai bên cần tăng cường hợp tác.", "agreement"),
    ("a need of no one", "Việc này cần có thời gian.", None),
    ("a list of demands", "Nhật Bản trao danh sách yêu cầu cho ASEAN.", None),
    ("a demand", "Nhật Bản yêu cầu các bên kiềm chế.", "proposal"),
    ("a need of a relation", "Quan hệ Việt Nam - Nhật Bản cần được nâng cấp.", None),
    (
        "one-letter place name",
        "Nhật Bản là cường quốc ở châu Á. Nhật Bản sẽ hỗ trợ ASEAN.",
        "pledge",
    ),
]


@pytest.mark.parametrize(
    ("rule", "sentence", "kind"), CUE_EXAMPLES, ids=[r for r, _, _ in CUE_EXAMPLES]
)
def test_each_cue_row_and_filter_on_its_examples(rule, sentence, kind):
    from tests.test_pipeline_units import extract

    items = extract(sentence)
    assert [i.kind for i in items] == ([kind] if kind else []), rule


def test_a_welcome_then_the_speaker_s_own_readiness_is_the_speaker_s():
    from tests.test_pipeline_units import extract

    (item,) = extract("Việt Nam hoan nghênh Nhật Bản tham gia và sẵn sàng hỗ trợ các dự án.")
    assert (item.kind, item.actors) == ("pledge", ["VN"])


def test_a_full_stop_after_a_one_letter_place_name_ends_the_sentence():
    from tests.test_pipeline_units import extract

    (item,) = extract("Nhật Bản là cường quốc ở châu Á. Nhật Bản sẽ hỗ trợ ASEAN.")
    assert item.sentence == "Nhật Bản sẽ hỗ trợ ASEAN."


class TestSubjects:
    def test_a_sentence_without_a_subject_goes_on_with_the_previous_one(self):
        from tests.test_pipeline_units import extract

        items = extract("Việt Nam cam kết hỗ trợ Lào. Đồng thời đề nghị Nhật Bản mở rộng viện trợ.")
        assert [(i.kind, i.actors) for i in items] == [("pledge", ["VN"]), ("proposal", ["VN"])]

    def test_without_a_previous_item_a_subjectless_sentence_is_no_one_s(self):
        from tests.test_pipeline_units import extract

        assert extract("Đồng thời đề nghị Nhật Bản mở rộng viện trợ.") == []

    def test_sides_joined_by_a_hyphen_are_both_actors(self):
        from tests.test_pipeline_units import extract

        (item,) = extract("Hai nhà lãnh đạo Việt Nam - Lào nhất trí tăng cường hợp tác.")
        assert (item.kind, sorted(item.actors)) == ("agreement", ["LA", "VN"])

    def test_a_wish_about_another_party_is_the_speaker_s_proposal(self):
        from tests.test_pipeline_units import extract

        (item,) = extract("Việt Nam mong rằng Nhật Bản sẽ tiếp tục hỗ trợ ASEAN.")
        assert (item.kind, item.actors, item.targets) == ("proposal", ["VN"], ["JP"])


def meetings_of(text: str) -> list[tuple[str, list[str]]]:
    return [(m.kind, sorted(m.parties)) for m in process_text("m.txt", text).meetings]


class TestMeetingDescriptions:
    def test_a_numbered_session_of_a_joint_committee(self):
        assert meetings_of(
            "Ngày 5/6, phiên họp lần thứ 5 Ủy ban chỉ đạo hợp tác song phương Việt Nam - "
            "Campuchia diễn ra tại Hà Nội. Hai bên nhất trí tăng cường hợp tác."
        ) == [("bilateral", ["KH", "VN"])]

    def test_a_sector_dialogue(self):
        assert meetings_of(
            "Ngày 5/6, Đối thoại hợp tác nông nghiệp Việt Nam - Nhật Bản lần thứ 3 được tổ chức "
            "tại Tokyo. Hai bên nhất trí tăng cường hợp tác."
        ) == [("dialogue", ["JP", "VN"])]

    def test_a_meeting_held_on_the_sidelines_of_a_summit(self):
        assert meetings_of(
            "Bên lề Hội nghị Cấp cao ASEAN, Thủ tướng Phạm Minh Chính có cuộc họp với Tổng thống "
            "Indonesia Joko Widodo. Hai bên nhất trí tăng cường hợp tác."
        ) == [("bilateral", ["ID", "VN"])]

    def test_a_meeting_of_a_committee_is_not_talks_with_a_person(self):
        assert (
            meetings_of(
                "Sáng 5/6, cuộc họp của Ban chỉ đạo phòng chống thiên tai diễn ra tại Hà Nội. "
                "Các tỉnh cần chủ động ứng phó."
            )
            == []
        )

    def test_a_forum_named_as_held_titles_the_lead_meeting(self):
        doc = process_text(
            "f.txt",
            "Diễn đàn An ninh Shangri-La lần thứ 21 khai mạc tại Singapore ngày 31/5/2024. "
            "Mỹ cam kết hỗ trợ Philippines. Trung Quốc kêu gọi các bên kiềm chế.",
        )
        (meeting,) = doc.meetings
        assert (meeting.kind, meeting.title) == ("other", "Diễn đàn An ninh Shangri-La lần thứ 21")
        assert meeting.date.display == "2024-05-31"
        assert sorted(meeting.parties) == ["CN", "US"]

    def test_a_forum_held_with_one_speaker_and_no_item_is_still_a_meeting(self):
        doc = process_text(
            "f.txt",
            "Mỹ chỉ trích Trung Quốc\n\nPhát biểu tại Đối thoại Shangri-La lần thứ 16 đang diễn "
            "ra ở Singapore, Bộ trưởng Quốc phòng Mỹ James Mattis nói các hoạt động của Trung "
            "Quốc gây lo ngại.",
        )
        (meeting,) = doc.meetings
        assert (meeting.kind, meeting.title, meeting.parties) == (
            "other",
            "Đối thoại Shangri-La lần thứ 16",
            ["US"],
        )

    def test_a_session_of_vietnam_s_own_bodies_is_not_a_diplomatic_meeting(self):
        doc = process_text(
            "f.txt",
            "Miễn thị thực cho công dân Tây Âu\n\nTại phiên họp Chính phủ thường kỳ tháng 6, Thủ "
            "tướng Nguyễn Văn An đề nghị các bộ sớm trình đề án miễn thị thực.",
        )
        assert doc.meetings == []

    def test_a_preview_of_a_forum_to_come_is_not_a_meeting(self):
        doc = process_text(
            "f.txt",
            "Bộ trưởng Mỹ được chờ đợi ở Đối thoại Shangri-La\n\nBộ trưởng Quốc phòng Mỹ James "
            "Mattis được kỳ vọng phát biểu về chính sách châu Á tại Đối thoại Shangri-La lần thứ "
            "16. Đối thoại Shangri-La lần thứ 16, một diễn đàn an ninh uy tín, sẽ diễn ra tại "
            "Singapore cuối tuần này.",
        )
        assert doc.meetings == []


def test_the_year_relations_were_established_is_not_the_report_s():
    from corpus_import import dates
    from corpus_import.doc import UNKNOWN_DATE

    text = (
        "Hai nước thiết lập quan hệ ngoại giao cấp Đại sứ năm 1972. Chiều 4/7, hai Bộ trưởng "
        "hội đàm tại New Delhi."
    )
    assert dates.article_year(text, UNKNOWN_DATE) is None
    assert dates.article_year("Hội nghị diễn ra trong năm 2017.", UNKNOWN_DATE) == 2017


class TestTheMeetingItemsBelongTo:
    def test_a_summit_attended_is_the_occasion_of_the_talks_reported(self):
        doc = process_text(
            "o.txt",
            "Nhân dịp tham dự Hội nghị Cấp cao ASEAN lần thứ 44 tại Viêng Chăn, chiều 9/10, Thủ "
            "tướng Phạm Minh Chính đã hội kiến Thủ tướng Nhật Bản Ishiba. Hai nhà lãnh đạo nhất "
            "trí tăng cường hợp tác.",
        )
        assert [(m.kind, m.parties) for m in doc.meetings] == [("bilateral", ["VN", "JP"])]
        (item,) = doc.commitments
        assert (item.meeting_key, sorted(item.actors)) == (doc.meetings[0].key, ["JP", "VN"])

    def test_a_summit_attended_is_recorded_when_nothing_else_is(self):
        doc = process_text(
            "o.txt",
            "Nhân dịp tham dự Hội nghị Cấp cao ASEAN lần thứ 44, Thủ tướng Phạm Minh Chính phát "
            "biểu. Các nhà lãnh đạo nhất trí tăng cường hợp tác.",
        )
        assert [(m.kind, m.parties) for m in doc.meetings] == [("leaders", ["ASEAN"])]


# A need stated by its speakers, and "thỏa thuận" as a verb: rows of the cue table.
TALKS = "Chiều 29/6, Chủ tịch nước Trần Đại Quang hội đàm với Tổng thống Nga Vladimir Putin. "


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Hai bên ghi nhận sự cần thiết phải mở rộng hợp tác nông nghiệp.", ("agreement", 2)),
        ("Hai bên ghi nhận cần tiếp tục phát triển quan hệ tài chính.", ("agreement", 2)),
        (
            "Hai nhà lãnh đạo nhấn mạnh sự cần thiết phải hợp tác tại các diễn đàn đa phương.",
            ("agreement", 2),
        ),
        (
            "Tổng thống Putin nhấn mạnh đến sự cần thiết của việc đối thoại trực tiếp.",
            ("proposal", 1),
        ),
        ("Hai bên thỏa thuận tiếp tục phối hợp tại Liên hợp quốc.", ("agreement", 2)),
        ("Hai bên ghi nhận những kết quả cần thiết đã đạt được.", None),
        ("Hai bên ghi nhận các thủ tục cần thiết đã hoàn tất.", None),
        ("Thỏa thuận sẽ có hiệu lực từ năm sau.", None),
        ("Nga và Mỹ đạt được thỏa thuận ngừng bắn ở Syria.", None),
    ],
)
def test_a_need_its_speakers_state_and_an_agreement_told_with_thoa_thuan(sentence, found):
    doc = process_text("n.txt", TALKS + sentence)
    items = [(c.kind, len(c.actors)) for c in doc.commitments]
    assert items == ([found] if found else [])


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Tuy nhiên, người Mỹ chưa muốn làm như vậy vì e ngại phản ứng của Nga.", []),
        ("Nga không muốn bố trí thường xuyên các tổ hợp tên lửa này.", []),
        ("Việt Nam không hề mong muốn căng thẳng leo thang ở Biển Đông.", []),
        ("Nga muốn Mỹ sớm nối lại đàm phán về vũ khí.", ["proposal"]),
        ("Việt Nam mong muốn Nga tăng cường đầu tư vào năng lượng.", ["proposal"]),
    ],
)
def test_a_denied_wish_asks_nothing(sentence, kinds):
    doc = process_text("w.txt", TALKS + sentence)
    assert [c.kind for c in doc.commitments] == kinds


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        (
            "Tổng thống Trump tuyên bố giữ vững cam kết của Washington về an ninh cho Nhật Bản.",
            [("pledge", ["US"])],
        ),
        (
            "Tuyên bố chung nêu rõ Mỹ giữ vững cam kết trong việc bảo vệ Nhật Bản.",
            [("pledge", ["US"])],
        ),
        ("Nhật Bản đã thực hiện cam kết của mình trong năm qua.", []),
        ("Hai nước giữ vững quan hệ đồng minh trong nhiều năm.", []),
    ],
)
def test_a_commitment_upheld_is_declared_again(sentence, items):
    doc = process_text(
        "u.txt",
        "Chiều 10/2, Tổng thống Mỹ Donald Trump hội đàm với Thủ tướng Nhật Bản Shinzo Abe. "
        + sentence,
    )
    assert [(c.kind, c.actors) for c in doc.commitments] == items


MEETING_2017 = "Ngày 22/6/2017, Bộ trưởng Ngoại giao Việt Nam hội đàm với Ngoại trưởng Nhật Bản. "


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Hồi đầu tháng 6, Nhật Bản đã cam kết viện trợ cho Việt Nam 10 triệu USD.", []),
        ("Năm 2014, tại Bắc Kinh, các nước đã đưa ra đề xuất hợp tác về đô thị.", []),
        ("Năm 2017, Nhật Bản đã cam kết viện trợ cho Việt Nam 10 triệu USD.", ["pledge"]),
        ("Năm 2014, Nhật Bản cam kết viện trợ cho Việt Nam theo một kế hoạch mới.", ["pledge"]),
    ],
)
def test_an_earlier_time_told_in_the_past_is_background(sentence, kinds):
    doc = process_text("b.txt", MEETING_2017 + sentence)
    assert [c.kind for c in doc.commitments] == kinds
