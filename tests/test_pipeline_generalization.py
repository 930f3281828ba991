"""Rules that carry the pipeline beyond the seed articles: bilateral talks, sessions of joint
bodies, forecasts that are not pledges. Short hand-written sentences, one rule each."""

import pytest

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
