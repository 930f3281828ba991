"""One event, one record: meetings and statements reported by several articles."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from corpus_import import loader
from corpus_import import resolution as rules
from corpus_import.doc import MeetingFinding, PartialDate, ParticipantFinding
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    MeetingFactory,
    ParticipantFactory,
    party,
)
from tracker import resolution
from tracker.models import (
    Article,
    Commitment,
    CommitmentSource,
    Meeting,
    MeetingMatch,
    MeetingSource,
)

GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "gold" / "resolution"
# Three outlets' reports of the 39th Việt Nam–Lào intergovernmental committee (7-8/2/2017).
LAOS_39 = ["21478997.txt", "21479217.txt", "21479424.txt"]


def report(**fields) -> rules.MeetingReport:
    base = {
        "title": "Kỳ họp lần thứ 39 Ủy ban liên Chính phủ Việt Nam - Lào",
        "kind": "bilateral",
        "sides": "LA+VN",
        "date": None,
        "precision": "unknown",
        "number": 39,
    }
    return rules.MeetingReport(**{**base, **fields})


def test_sides_are_one_value_whatever_order_the_article_names_them():
    assert rules.sides_key(["VN", "LA"]) == rules.sides_key(["LA", "VN", "LA"]) == "LA+VN"


@pytest.mark.parametrize(
    ("title", "number"),
    [("Hội nghị AMM lần thứ 54", 54), ("Đối thoại lần thứ tư", 4), ("hội đàm", None)],
)
def test_the_number_of_a_numbered_meeting_is_read_from_its_title(title, number):
    assert rules.meeting_number(title) == number


def test_the_same_numbered_meeting_is_a_strong_match():
    assert rules.match_meetings(report(), report(title="Kỳ họp 39")).strength == "strong"


def test_another_number_kind_or_sides_is_no_match():
    assert rules.match_meetings(report(), report(number=40)).strength == "none"
    assert rules.match_meetings(report(), report(kind="leaders")).strength == "none"
    assert rules.match_meetings(report(), report(sides="KH+VN")).strength == "none"


def test_dates_a_day_apart_match_and_further_apart_do_not():
    day = {"number": None, "title": "hội đàm", "precision": "day"}
    first = report(date=datetime.date(2017, 6, 12), **day)
    assert rules.match_meetings(first, report(date=datetime.date(2017, 6, 13), **day)).strength == (
        "strong"
    )
    assert rules.match_meetings(first, report(date=datetime.date(2017, 6, 20), **day)).strength == (
        "none"
    )


def test_a_statement_both_report_makes_one_meeting_when_no_date_tells_them_apart():
    undated = report(number=None, title="hội đàm", date=None, day_month="")
    stored = report(number=None, title="cuộc gặp", date=None, day_month="06-29")
    assert rules.match_meetings(undated, stored).strength == "none"
    assert rules.match_meetings(undated, stored, statements=0.8).strength == "strong"
    assert rules.match_meetings(undated, stored, statements=0.3).strength == "none"


def test_a_shared_statement_bridges_a_few_days_but_not_a_week_or_another_year():
    stored = report(number=None, title="hội đàm", day_month="06-29")
    assert rules.match_meetings(report(number=None, day_month="07-01"), stored, 0.8).score > 0
    assert rules.match_meetings(report(number=None, day_month="07-06"), stored, 0.8) == (
        rules.NO_MATCH
    )
    in_2016 = report(number=None, date=datetime.date(2016, 6, 29), precision="day")
    in_2017 = report(number=None, date=datetime.date(2017, 6, 29), precision="day")
    assert rules.match_meetings(in_2017, in_2016, 0.9) == rules.NO_MATCH


def test_other_people_for_one_side_on_the_same_day_are_another_meeting():
    day = {"number": None, "date": datetime.date(2017, 6, 27), "precision": "day"}
    talks = report(**day, sides="BY+VN", persons=frozenset({("BY", "lukashenko")}))
    call = report(**day, sides="BY+VN", persons=frozenset({("BY", "kobyakov")}))
    again = report(**day, sides="BY+VN", persons=frozenset({("BY", "lukashenko"), ("VN", "quang")}))
    assert rules.match_meetings(call, talks, statements=0.6) == rules.NO_MATCH
    assert rules.match_meetings(again, talks).strength == "strong"


def test_a_statement_in_near_the_same_words_outweighs_the_names_and_the_same_day():
    day = {"number": None, "date": datetime.date(2017, 6, 27), "precision": "day"}
    misread = report(**day, sides="BY+VN", persons=frozenset({("BY", "lukashenko")}))
    call = report(**day, sides="BY+VN", persons=frozenset({("BY", "kobyakov")}))
    same_day_only = rules.match_meetings(misread, misread)
    shared = rules.match_meetings(call, misread, statements=rules.STRONG_STATEMENT)
    assert shared.strength == "strong"
    assert shared.score > same_day_only.score
    a_year_later = report(**{**day, "date": datetime.date(2018, 6, 27)}, sides="BY+VN")
    assert rules.match_meetings(a_year_later, call, statements=1.0) == rules.NO_MATCH


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alexander Lukashenko", "Lukashenko"),
        ("A. Cô-bi-a-cốp", "Andrei Kobyakov"),  # transliterated syllable by syllable
        ("Esteban Lazo Hernández", "Hernandez"),
        ("Henandez", "Hernandez"),  # an outlet's typo
        ("Moon", "Moon Jae-in"),  # a Korean surname comes first
    ],
)
def test_one_person_spelled_two_ways_is_the_same_person(a, b):
    assert rules.same_person(rules.person_key("X", a)[1], rules.person_key("X", b)[1])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lukashenko", "Kobyakov"),
        ("Rex Tillerson", "Donald Trump"),
        ("Nguyễn Xuân Phúc", "Nguyễn Phú Trọng"),  # one family name, two people
        ("Merkel", "Macron"),
    ],
)
def test_two_people_are_not_the_same_person(a, b):
    assert not rules.same_person(rules.person_key("X", a)[1], rules.person_key("X", b)[1])


def test_a_title_word_read_as_a_name_names_nobody():
    # "Chủ tịch Thượng viện": the pipeline reads Thượng as the Senate president's name.
    assert rules.person_key("MM", "Thượng") is None
    assert rules.person_key("MM", "A.") is None
    assert rules.person_key("MM", "Mahn Win Khaing Than") == ("MM", "mahn win khaing than")


def test_an_undated_report_with_a_similar_title_is_only_a_suggestion():
    a = report(number=None, title="Hội nghị thượng đỉnh G20 ở Hamburg", sides="G20", kind="leaders")
    b = report(number=None, title="Hội nghị Thượng đỉnh G20 Hamburg", sides="G20", kind="leaders")
    assert rules.match_meetings(a, b).strength == "weak"


def test_statement_similarity_is_high_for_a_reworded_copy_and_low_for_another_statement():
    a = rules.segment("Hai bên nhất trí tăng cường hợp tác kinh tế và thương mại.")
    b = rules.segment("Hai bên đã nhất trí tăng cường hợp tác kinh tế, thương mại.")
    c = rules.segment("Thủ tướng cảm ơn Tổng thống đã mời ông sang thăm.")
    assert rules.statement_similarity(a, b) >= rules.SAME_STATEMENT
    assert rules.statement_similarity(a, c) < rules.SAME_STATEMENT


@pytest.fixture
def laos(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in LAOS_39:
        (folder / name).write_bytes((GOLD / "articles" / name).read_bytes())
    return folder


@pytest.mark.slow
@pytest.mark.django_db
def test_three_reports_of_one_numbered_meeting_make_one_meeting_with_three_sources(laos):
    loader.import_paths([laos])
    meetings = Meeting.objects.filter(sides="LA+VN", number=39)
    assert meetings.count() == 1
    assert MeetingSource.objects.filter(meeting=meetings.get()).count() == 3
    # The statement all three quote is one commitment with two more sources, each pointing at
    # its own article's text.
    sources = CommitmentSource.objects.select_related("article", "commitment")
    assert sources.count() >= 2
    for source in sources:
        assert source.article.text[source.start : source.end] == source.sentence
        assert source.article_id != source.commitment.article_id
    rows = (Meeting.objects.count(), Commitment.objects.count(), sources.count())
    for name in LAOS_39:  # a changed text re-imports: nothing is duplicated
        path = laos / name
        path.write_text(path.read_text(encoding="utf-8") + "\n\nHết.", encoding="utf-8")
    loader.import_paths([laos])
    assert (Meeting.objects.count(), Commitment.objects.count(), sources.count()) == rows


@pytest.mark.slow
@pytest.mark.django_db
def test_two_reports_naming_a_visitor_two_ways_are_one_meeting_and_a_lead_repeats_a_pledge(
    tmp_path,
):
    # Two outlets on the Belarus prime minister's call on Việt Nam's president (27/6/2017):
    # one writes him "A. Cô-bi-a-cốp", the other "Andrei Kobyakov" and names no day; the
    # second says his pledge twice, in its lead and in its paragraph.
    for name in ("22628083.txt", "22628368.txt"):
        (tmp_path / name).write_bytes((GOLD / "articles" / name).read_bytes())
    loader.import_paths([tmp_path])
    call = Meeting.objects.get(sources__article__name="22628368.txt")
    reports = call.sources.values_list("article__name", flat=True)
    assert sorted(reports) == ["22628083.txt", "22628368.txt"]
    pledge = Commitment.objects.get(
        article__name="22628083.txt", sentence__contains="sẵn sàng nhập khẩu hàng nông thủy sản"
    )
    repeated = pledge.sources.filter(article__name="22628368.txt")
    assert repeated.count() == 2
    for source in repeated.select_related("article"):
        assert source.article.text[source.start : source.end] == source.sentence


@pytest.mark.slow
@pytest.mark.django_db
def test_a_curated_meeting_only_gains_sources(laos):
    loader.import_paths([laos / LAOS_39[0]])
    meeting = Meeting.objects.get(number=39)
    meeting.title, meeting.date, meeting.date_precision = "Curated", None, "unknown"
    meeting.mark_curated()
    meeting.save()
    participants = meeting.participants.count()
    loader.import_paths([laos / LAOS_39[1]])
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date) == ("Curated", None)
    assert meeting.participants.count() == participants
    assert meeting.sources.count() == 2


@pytest.mark.django_db
def test_a_weak_match_is_a_suggestion_that_accepting_merges_and_refusing_keeps():
    stored = MeetingFactory(title="Hội nghị thượng đỉnh G20", kind="leaders", sides="G20")
    new = MeetingFactory(title="Thượng đỉnh G20 Hamburg", kind="leaders", sides="G20")
    other = MeetingFactory(title="Thượng đỉnh G20 Hamburg", kind="leaders", sides="G20")
    refused = MeetingMatch.objects.create(meeting=other, candidate=stored, score=0.3)
    accepted = MeetingMatch.objects.create(meeting=new, candidate=stored, score=0.3)
    assert resolution.meeting_match_decide(match=refused, accept=False)
    assert resolution.meeting_match_decide(match=accepted, accept=True)
    assert not Meeting.objects.filter(pk=new.pk).exists()
    refused.refresh_from_db()
    assert refused.state == MeetingMatch.State.REFUSED
    assert not resolution.meeting_match_decide(match=refused, accept=True)


@pytest.mark.django_db
def test_a_later_statement_of_the_same_actor_and_sides_is_suggested_as_a_reaffirmation():
    earlier_meeting = MeetingFactory(sides="JP+VN", date=datetime.date(2017, 1, 16))
    later_meeting = MeetingFactory(sides="JP+VN", date=datetime.date(2017, 6, 6))
    words = rules.segment("Nhật Bản sẽ tiếp tục hỗ trợ Việt Nam phát triển cơ sở hạ tầng.")
    other = rules.segment("Hai bên nhất trí phối hợp chặt chẽ tại các diễn đàn đa phương.")
    earlier = CommitmentFactory(meeting=earlier_meeting, words=words, actors=["JP"])
    unrelated = CommitmentFactory(meeting=earlier_meeting, words=other, actors=["JP"])
    stranger = CommitmentFactory(meeting=earlier_meeting, words=words, actors=["US"])
    restated = rules.segment("Nhật Bản tái khẳng định tiếp tục hỗ trợ Việt Nam phát triển hạ tầng.")
    later = CommitmentFactory(meeting=later_meeting, words=restated, actors=["JP"])
    assert resolution.reaffirmations_suggest(commitments=[later]) == 1
    later.refresh_from_db()
    assert later.reaffirms == earlier
    assert later.reaffirms_score >= rules.REAFFIRMS and not later.reaffirms_confirmed
    assert unrelated.reaffirmations.count() == stranger.reaffirmations.count() == 0


def said(text: str, actors=("JP",), targets=("VN",), topics=()) -> rules.Statement:
    return rules.Statement(
        text, rules.segment(text), frozenset(actors), frozenset(targets), frozenset(topics)
    )


def test_a_reworded_restatement_is_likelier_than_a_copy_or_another_statement():
    earlier = said("Nhật Bản sẽ tiếp tục hỗ trợ Việt Nam phát triển cơ sở hạ tầng.")
    restated = said("Nhật Bản tái khẳng định tiếp tục hỗ trợ Việt Nam phát triển hạ tầng.")
    copy = said("Nhật Bản sẽ tiếp tục hỗ trợ Việt Nam phát triển cơ sở hạ tầng.")
    other = said("Hai bên nhất trí phối hợp chặt chẽ tại các diễn đàn đa phương.")

    def probability(later: rules.Statement) -> float:
        return rules.reaffirmation_probability(rules.reaffirmation_features(earlier, later))

    assert probability(restated) >= rules.REAFFIRMS
    assert probability(copy) < rules.REAFFIRMS  # one report told twice
    assert probability(other) < rules.REAFFIRMS


def test_reaffirmation_features_mark_a_reversed_direction_a_hint_and_shared_rare_words():
    earlier = said("Việt Nam tạo điều kiện cho doanh nghiệp Nga.", actors=["VN"], targets=["RU"])
    asked = said("Việt Nam đề nghị Nga tạo điều kiện cho doanh nghiệp Việt Nam.", ["RU"], ["VN"])
    assert rules.reaffirmation_features(earlier, asked)["reversed"] == 1.0
    fund = said("Nhật Bản góp 5 triệu USD cho Quỹ hội nhập ASEAN-Nhật Bản.", topics=["trade"])
    again = said("Nhật Bản một lần nữa cam kết 5 triệu USD cho Quỹ hội nhập.", topics=["trade"])
    features = rules.reaffirmation_features(fund, again)
    assert features["hint"] == features["numbers"] == features["same_topic"] == 1.0
    assert features["rare_words"] > 0 and features["reversed"] == 0.0
    assert rules.reaffirmation_features(again, fund)["hint"] == 0.0  # the later one's words


@pytest.mark.slow
@pytest.mark.django_db
def test_fitting_the_reaffirmation_weights_keeps_each_on_its_sign(tmp_path):
    out = tmp_path / "model.json"
    call_command("score_resolution", f"--fit-reaffirmation={out}", stdout=StringIO())
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["weights"]
    for name, weight in model["weights"].items():
        assert weight * rules.REAFFIRMATION_SIGNS[name] >= 0, name
    assert set(model["mean"]) == set(model["scale"]) == set(model["weights"])


@pytest.mark.slow
@pytest.mark.django_db
def test_the_scorer_prints_pairwise_figures_for_meetings_and_statements():
    out = StringIO()
    call_command("score_resolution", stdout=out)
    result = json.loads(out.getvalue())
    assert result["import"]["failed"] == 0
    assert result["meetings"]["reports"] > 40
    assert set(result["meetings"]) >= {"tune", "test"}
    assert result["meetings"]["test"]["automatic"]["precision"] is not None
    assert set(result["statements"]) == {"tune", "test"}
    assert Meeting.objects.count() == 0  # rolled back


@pytest.mark.django_db
def test_the_api_gives_every_source_and_the_confirmed_chain_both_ways(client):
    earlier = CommitmentFactory(review_state="confirmed")
    later = CommitmentFactory(
        review_state="confirmed", reaffirms=earlier, reaffirms_confirmed=True, reaffirms_score=0.7
    )
    suggested = CommitmentFactory(review_state="confirmed", reaffirms=earlier, reaffirms_score=0.4)
    other = ArticleFactory(text="Tin khác. " + earlier.sentence)
    CommitmentSource.objects.create(
        commitment=earlier,
        article=other,
        sentence=earlier.sentence,
        start=other.text.index(earlier.sentence),
        end=len(other.text),
        sentence_key="k" * 64,
        similarity=1.0,
    )
    rows = {row["id"]: row for row in client.get("/api/commitments/").json()["results"]}
    first = rows[earlier.pk]
    assert [s["article"] for s in first["sources"]] == [earlier.article.name, other.name]
    for source in first["sources"]:
        text = earlier.article.text if source["article"] == earlier.article.name else other.text
        assert text[source["start"] : source["end"]] == source["sentence"]
    assert first["restated_by"] == [later.pk]
    assert rows[later.pk]["reaffirms"] == earlier.pk
    assert rows[later.pk]["reaffirms_suggestion"] is None
    assert rows[suggested.pk]["reaffirms"] is None
    assert rows[suggested.pk]["reaffirms_suggestion"] == {"id": earlier.pk, "score": 0.4}
    restated = client.get("/api/commitments/?restated=true").json()["results"]
    assert [row["id"] for row in restated] == [earlier.pk]
    assert len(client.get("/api/commitments/?restated=false").json()["results"]) == 2


@pytest.mark.django_db
def test_curators_accept_or_refuse_suggestions_in_the_admin(admin_client):
    stored = MeetingFactory(title="Hội nghị thượng đỉnh G20", kind="leaders", sides="G20")
    new = MeetingFactory(title="Thượng đỉnh G20 Hamburg", kind="leaders", sides="G20")
    other = MeetingFactory(title="Thượng đỉnh G20 Hamburg", kind="leaders", sides="G20")
    accept = MeetingMatch.objects.create(meeting=new, candidate=stored, score=0.3)
    refuse = MeetingMatch.objects.create(meeting=other, candidate=stored, score=0.3)
    url = "/admin/tracker/meetingmatch/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"action": "accept_matches", "_selected_action": [accept.pk]})
    admin_client.post(url, {"action": "refuse_matches", "_selected_action": [refuse.pk]})
    assert not Meeting.objects.filter(pk=new.pk).exists()
    refuse.refresh_from_db()
    assert refuse.state == MeetingMatch.State.REFUSED


@pytest.mark.django_db
def test_the_commitment_page_shows_the_chain_both_ways_and_other_sources(admin_client):
    first = CommitmentFactory(text="Cam kết năm 2017")
    second = CommitmentFactory(text="Tái khẳng định năm 2018", reaffirms=first)
    third = CommitmentFactory(text="Tiếp tục năm 2019", reaffirms=second, reaffirms_confirmed=True)
    page = admin_client.get(f"/admin/tracker/commitment/{second.pk}/change/").content.decode()
    assert "Cam kết năm 2017" in page and "Tiếp tục năm 2019" in page
    assert "suggestion" in page  # second's own link is not confirmed yet
    assert second.reaffirmation_chain() == ([first], [third])
    assert first.reaffirmation_chain() == ([], [second, third])


@pytest.mark.slow
@pytest.mark.django_db
def test_the_review_queue_groups_an_articles_known_and_new_items(laos, admin_client):
    loader.import_paths([laos / LAOS_39[0]])
    loader.import_paths([laos / LAOS_39[1]])
    second = Article.objects.get(name=LAOS_39[1])
    known = CommitmentSource.objects.filter(article=second).count()
    new = Commitment.objects.filter(article=second, review_state="extracted").count()
    assert known >= 1
    page = admin_client.get(f"/admin/tracker/commitment/review/?article={second.pk}")
    text = page.content.decode()
    assert f"Already known: {known} item" in text
    assert f"new: {new}." in text
    page = admin_client.get(
        f"/admin/tracker/commitment/review/?article={second.pk}", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert f"Đã biết: {known} mục do bài khác đưa tin trước, mới: {new}." in page.content.decode()


@pytest.mark.django_db
def test_an_undated_report_joins_the_stored_meeting_whose_statement_it_repeats():
    said = "Hai bên nhất trí thúc đẩy hợp tác thương mại song phương đạt 10 tỷ USD vào năm 2020"
    talks = MeetingFactory(
        title="hội đàm với Tổng thống", kind="bilateral", sides="US+VN", date=None,
        date_precision="unknown", day_month="05-31",
    )  # fmt: skip
    other = MeetingFactory(
        title="cuộc gặp", kind="bilateral", sides="US+VN", date=None, date_precision="unknown"
    )
    CommitmentFactory(meeting=talks, words=rules.segment(said))
    CommitmentFactory(meeting=other, words=rules.segment("Mỹ sẽ cử đoàn sang thăm Việt Nam"))
    finding = MeetingFinding(
        start=0, end=8, key="m1", title="hội đàm", kind="bilateral", parties=["VN", "US"]
    )
    assert resolution.resolve_meeting(finding, "", []) == (None, [])
    match, _ = resolution.resolve_meeting(finding, "", [rules.segment(said + ".")])
    assert match == talks


@pytest.mark.django_db
def test_a_report_naming_another_visitor_on_the_same_day_is_not_the_stored_meeting():
    talks = MeetingFactory(
        title="hội đàm", kind="bilateral", sides="BY+VN", date=datetime.date(2017, 6, 27),
        day_month="06-27",
    )  # fmt: skip
    ParticipantFactory(meeting=talks, party=party("BY"), person_name="Alexander Lukashenko")

    def finding(name: str) -> MeetingFinding:
        return MeetingFinding(
            start=0, end=8, key="m1", title="hội kiến", kind="bilateral", parties=["VN", "BY"],
            date=PartialDate(datetime.date(2017, 6, 27), "day"),
            participants=[ParticipantFinding("BY", name)],
        )  # fmt: skip

    assert resolution.resolve_meeting(finding("Andrei Kobyakov"))[0] is None
    assert resolution.resolve_meeting(finding("Lukashenko"))[0] == talks


def test_the_gold_has_twenty_events_reported_twice_split_by_sides_with_their_articles():
    gold = json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))
    events = gold["events"]
    assert sum(len(e["articles"]) >= 2 for e in events) >= 20
    split_of_sides: dict[str, set[str]] = {}
    for event in events:
        assert event["split"] in {"tune", "test"}
        split_of_sides.setdefault(rules.sides_key(event["parties"]), set()).add(event["split"])
        for name in event["articles"]:
            assert (GOLD / "articles" / name).is_file(), name
    assert all(len(splits) == 1 for splits in split_of_sides.values())
    pairs = gold["reaffirmation_pairs"]
    restated = sum(p["reaffirms"] for p in pairs)
    assert restated >= 30 and len(pairs) - restated >= restated
