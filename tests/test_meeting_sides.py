"""A meeting's parties are the sides that meet; its participants are every delegation."""

import pytest

from corpus_import import loader
from corpus_import.pipeline import process_text
from tracker.models import Meeting

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ASEAN_JAPAN = (
    "Chiều 3/8, Bộ trưởng Ngoại giao Bùi Thanh Sơn đã cùng Ngoại trưởng Nhật Bản Motegi "
    "Toshimitsu đồng chủ trì Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản lần thứ 54. "
    "Nhật Bản sẽ hỗ trợ ASEAN ứng phó đại dịch."
)


@pytest.fixture
def meeting():
    loader.import_article(process_text("aj.txt", ASEAN_JAPAN))
    return Meeting.objects.get()


def test_a_member_state_attending_is_a_participant_not_a_side(meeting):
    sides = sorted(p.party.code for p in meeting.participants.filter(is_side=True))
    everyone = sorted({p.party.code for p in meeting.participants.all()})
    assert sides == ["ASEAN", "JP"]
    assert everyone == ["ASEAN", "JP", "VN"]


def test_the_api_lists_the_sides_as_parties_and_every_delegation_as_participants(client, meeting):
    meeting.review_state = "confirmed"
    meeting.save()
    (item,) = client.get("/api/meetings/").json()["results"]
    assert item["parties"] == ["ASEAN", "JP"]
    assert {p["party"] for p in item["participants"]} == {"ASEAN", "JP", "VN"}
    # party= matches any delegation, a side or a member attending.
    assert client.get("/api/meetings/?party=VN").json()["count"] == 1
    assert client.get("/api/meetings/?party=KR").json()["count"] == 0
