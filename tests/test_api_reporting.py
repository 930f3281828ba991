"""Reporting API: filters, search, as_of replay, stats, CSV, caching, schema, bad parameters.

The data set is small enough to count by hand:

    m1  foreign ministers, online, 2021-08-03: JP, VN
        c1  pledge     JP -> ASEAN  health, covid-19  1,000,000 USD  target 2022-12-31
            follow-ups: 2022-01-15 in progress (0), 2023-02-01 fulfilled (+1)
        c2  agreement  JP, KR       digital           target 2022-01-01
            follow-ups: 2022-06-01 stalled (-1) about KR, 2022-07-01 fulfilled (+1) about JP
    m2  leaders, in person, 2022-10: KR
        c3  proposal   KR           maritime-security  (extracted: hidden from the public)
        c4  support    KR -> ASEAN  climate
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from rest_framework.throttling import AnonRateThrottle

from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tracker import summary
from tracker.models import Commitment, DatePrecision, Meeting, ReviewState, Status

pytestmark = pytest.mark.django_db

CONFIRMED = ReviewState.CONFIRMED


def commitment(meeting, sentence, **kwargs):
    kwargs.setdefault("review_state", CONFIRMED)
    article = ArticleFactory(text=f"Tin ngoại giao. {sentence} Hết.", published_on=meeting.date)
    return CommitmentFactory(meeting=meeting, article=article, sentence=sentence, **kwargs)


def follow_up(target, date, status, score, code=None):
    FollowUpFactory(
        commitment=target,
        date=date,
        status=status,
        score=score,
        party=party(code) if code else None,
        review_state=CONFIRMED,
    )
    target.refresh_status()


@pytest.fixture
def data():
    m1 = MeetingFactory(
        review_state=CONFIRMED,
        kind=Meeting.Kind.FOREIGN_MINISTERS,
        format=Meeting.Format.ONLINE,
        date=datetime.date(2021, 8, 3),
    )
    m2 = MeetingFactory(
        review_state=CONFIRMED,
        title="Hội nghị Cấp cao ASEAN - Hàn Quốc",
        kind=Meeting.Kind.LEADERS,
        format=Meeting.Format.IN_PERSON,
        date=datetime.date(2022, 10, 1),
        date_precision=DatePrecision.MONTH,
    )
    for meeting, codes in ((m1, ["JP", "VN"]), (m2, ["KR"])):
        MeetingSourceFactory(meeting=meeting)
        for code in codes:
            ParticipantFactory(meeting=meeting, party=party(code))
    c1 = commitment(
        m1,
        "Nhật Bản cam kết viện trợ 1 triệu USD cho Quỹ ứng phó Covid-19 của ASEAN.",
        kind="pledge",
        actors=["JP"],
        targets=["ASEAN"],
        topics=["health", "covid-19"],
        amount=1_000_000,
        currency="USD",
        target_date=datetime.date(2022, 12, 31),
        target_date_precision=DatePrecision.DAY,
    )
    c2 = commitment(
        m1,
        "Hai bên nhất trí đẩy mạnh hợp tác chuyển đổi số.",
        kind="agreement",
        actors=["JP", "KR"],
        topics=["digital"],
        target_date=datetime.date(2022, 1, 1),
        target_date_precision=DatePrecision.DAY,
    )
    c3 = commitment(
        m2,
        "Hàn Quốc đề xuất tăng cường hợp tác an ninh biển.",
        kind="proposal",
        actors=["KR"],
        topics=["maritime-security"],
        review_state=ReviewState.EXTRACTED,
    )
    c4 = commitment(
        m2,
        "Hàn Quốc ủng hộ sáng kiến ứng phó biến đổi khí hậu của ASEAN.",
        kind="support",
        actors=["KR"],
        targets=["ASEAN"],
        topics=["climate"],
    )
    follow_up(c1, datetime.date(2022, 1, 15), Status.IN_PROGRESS, 0)
    follow_up(c1, datetime.date(2023, 2, 1), Status.FULFILLED, 1)
    follow_up(c2, datetime.date(2022, 6, 1), Status.STALLED, -1, "KR")
    follow_up(c2, datetime.date(2022, 7, 1), Status.FULFILLED, 1, "JP")
    c2.status = Status.IN_PROGRESS
    c2.save()
    # Written through the ORM: recount what the triggers marked stale, as the app's write
    # paths do before committing, so the stats below come from the summary table.
    summary.refresh()
    return {"m1": m1, "m2": m2, "c1": c1, "c2": c2, "c3": c3, "c4": c4}


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["results"])


def pks(data, *names):
    return sorted(data[name].pk for name in names)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=JP", ["c1", "c2"]),
        ("actor=JP&actor=KR", ["c1", "c2", "c4"]),
        ("target=ASEAN", ["c1", "c4"]),
        ("topic=health", ["c1"]),
        ("topic=digital&topic=climate", ["c2", "c4"]),
        ("kind=pledge&kind=support", ["c1", "c4"]),
        ("status=fulfilled", ["c1"]),
        ("status=in_progress", ["c2"]),
        ("meeting_kind=leaders", ["c4"]),
        ("date_from=2022-01-01", ["c4"]),
        ("date_to=2021-12-31", ["c1", "c2"]),
        ("year=2022", ["c4"]),
        ("has_amount=true", ["c1"]),
        ("has_amount=false", ["c2", "c4"]),
        ("overdue=true", ["c2"]),
        ("overdue=false", ["c1", "c4"]),
        ("", ["c1", "c2", "c4"]),
    ],
)
def test_commitment_filters(client, data, query, expected):
    assert ids(client, f"/api/commitments/?{query}") == pks(data, *expected)


def test_commitment_filters_by_meeting_and_article(client, data):
    article = data["c4"].article.name

    assert ids(client, f"/api/commitments/?meeting={data['m1'].pk}") == pks(data, "c1", "c2")
    assert ids(client, f"/api/commitments/?article={article}") == pks(data, "c4")


@pytest.mark.parametrize(
    "query",
    ["cam ket", "CAM KẾT", "cam kết viện trợ", "vien tro nhat ban", '"quy ung pho"', "covid"],
)
def test_search_ignores_diacritics_and_case(client, data, query):
    assert ids(client, f"/api/commitments/?q={query}") == pks(data, "c1")


def test_search_needs_every_word_and_finds_nothing_absent(client, data):
    assert ids(client, "/api/commitments/?q=hop tac") == pks(data, "c2")
    assert ids(client, "/api/commitments/?q=hop tac khi hau") == []
    assert ids(client, "/api/commitments/?q=dau mo") == []
    assert ids(client, '/api/commitments/?q="hop tac chuyen doi so"') == pks(data, "c2")


def test_as_of_replays_statuses_and_scores(client, data):
    body = client.get("/api/commitments/?as_of=2022-03-01").json()
    by_id = {item["id"]: item for item in body["results"]}

    assert sorted(by_id) == pks(data, "c1", "c2")
    assert by_id[data["c1"].pk]["status"] == "in_progress"
    assert by_id[data["c1"].pk]["score"] == 0
    assert by_id[data["c2"].pk]["status"] == "not_assessed"
    now = {item["id"]: item for item in client.get("/api/commitments/").json()["results"]}
    assert now[data["c1"].pk]["status"] == "fulfilled"
    assert now[data["c1"].pk]["score"] == 1


def test_as_of_combines_with_status_and_overdue(client, data):
    assert ids(client, "/api/commitments/?as_of=2022-03-01&status=in_progress") == pks(data, "c1")
    assert ids(client, "/api/commitments/?as_of=2022-03-01&overdue=true") == pks(data, "c2")
    assert ids(client, "/api/commitments/?as_of=2023-03-01&overdue=true") == []


def test_meeting_and_follow_up_filters(client, data):
    assert ids(client, "/api/meetings/?party=KR") == pks(data, "m2")
    assert ids(client, "/api/meetings/?party=JP&party=KR") == pks(data, "m1", "m2")
    assert ids(client, "/api/meetings/?kind=leaders") == pks(data, "m2")
    assert ids(client, "/api/meetings/?format=online") == pks(data, "m1")
    assert ids(client, "/api/meetings/?date_from=2022-01-01&date_to=2022-12-31") == pks(data, "m2")
    follow_ups = client.get(f"/api/follow-ups/?commitment={data['c2'].pk}").json()
    assert follow_ups["count"] == 2
    assert client.get("/api/follow-ups/?status=fulfilled").json()["count"] == 2
    assert client.get("/api/follow-ups/?date_from=2022-06-01").json()["count"] == 3
    assert client.get("/api/follow-ups/?party=KR").json()["count"] == 1


def test_ordering_is_deterministic_and_selectable(client, data):
    default = ids(client, "/api/commitments/")
    ordered = client.get("/api/commitments/?ordering=-meeting__date,id").json()["results"]

    assert default == pks(data, "c1", "c2", "c4")
    assert [item["id"] for item in ordered] == [data["c4"].pk, data["c1"].pk, data["c2"].pk]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("/api/commitments/?actor=XX", "actor"),
        ("/api/commitments/?topic=nonsense", "topic"),
        ("/api/commitments/?kind=promise", "kind"),
        ("/api/commitments/?as_of=yesterday", "as_of"),
        ("/api/commitments/?date_from=2021-13-01", "date_from"),
        ("/api/commitments/?year=abc", "year"),
        ("/api/commitments/?has_amount=perhaps", "has_amount"),
        ("/api/commitments/?meeting=abc", "meeting"),
        ("/api/meetings/?format=hologram", "format"),
        ("/api/follow-ups/?date_to=31/12/2022", "date_to"),
        ("/api/stats/commitments/?group_by=colour", "group_by"),
        ("/api/stats/commitments/", "group_by"),
        ("/api/stats/compliance/?as_of=2022-02-30", "as_of"),
        ("/api/commitments/?q=cam%00ket", "q"),
        ("/api/commitments/?article=" + "x" * 1001, "article"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, data, query, parameter):
    response = client.get(query)

    assert response.status_code == 400
    assert parameter in response.json()


def test_stats_count_by_one_and_several_dimensions(client, data):
    by_actor = client.get("/api/stats/commitments/?group_by=actor").json()
    by_kind_year = client.get("/api/stats/commitments/?group_by=kind,year").json()
    by_topic = client.get("/api/stats/commitments/?group_by=topic&actor=KR").json()

    assert by_actor["total"] == 3
    assert by_actor["results"] == [{"actor": "JP", "count": 2}, {"actor": "KR", "count": 2}]
    assert by_kind_year["results"] == [
        {"kind": "agreement", "year": 2021, "count": 1},
        {"kind": "pledge", "year": 2021, "count": 1},
        {"kind": "support", "year": 2022, "count": 1},
    ]
    assert by_topic["results"] == [
        {"topic": "climate", "count": 1},
        {"topic": "digital", "count": 1},
    ]


def test_stats_total_counts_each_commitment_once(client, data, django_assert_max_num_queries):
    by_topic = client.get("/api/stats/commitments/?group_by=topic").json()
    # One grouping query: the total is the sum of the groups.
    with django_assert_max_num_queries(1):
        by_kind_year = client.get("/api/stats/commitments/?group_by=kind,year").json()

    assert by_topic["total"] == 3
    assert sum(row["count"] for row in by_topic["results"]) > 3
    assert by_kind_year["total"] == 3


def test_stats_by_status_follow_as_of(client, data):
    now = client.get("/api/stats/commitments/?group_by=status").json()["results"]
    then = client.get("/api/stats/commitments/?group_by=status&as_of=2022-03-01").json()["results"]

    assert now == [
        {"status": "fulfilled", "count": 1},
        {"status": "in_progress", "count": 1},
        {"status": "not_assessed", "count": 1},
    ]
    assert then == [{"status": "in_progress", "count": 1}, {"status": "not_assessed", "count": 1}]


def test_compliance_per_party(client, data):
    rows = {row["party"]: row for row in client.get("/api/stats/compliance/").json()["results"]}

    assert rows["JP"] == {
        "party": "JP",
        "commitments": 2,
        "assessed": 2,
        "average_score": 1.0,
        "fulfilled": 2,
        "fulfilled_share": 1.0,
    }
    assert rows["KR"]["commitments"] == 2
    assert rows["KR"]["assessed"] == 1
    assert rows["KR"]["average_score"] == -1.0
    assert rows["KR"]["fulfilled"] == 0


def test_compliance_as_of_a_past_date(client, data):
    rows = client.get("/api/stats/compliance/?as_of=2022-03-01").json()["results"]

    assert rows == [
        {
            "party": "JP",
            "commitments": 2,
            "assessed": 1,
            "average_score": 0.0,
            "fulfilled": 0,
            "fulfilled_share": 0.0,
        },
        {
            "party": "KR",
            "commitments": 1,
            "assessed": 0,
            "average_score": None,
            "fulfilled": 0,
            "fulfilled_share": 0.0,
        },
    ]


def test_compliance_takes_each_partys_latest_evidence_shared_or_its_own(client):
    meeting = MeetingFactory(date=datetime.date(2021, 5, 1), date_precision=DatePrecision.DAY)
    shared_later = commitment(meeting, "Hai nước cam kết mở rộng thương mại.", actors=["JP", "KR"])
    follow_up(shared_later, datetime.date(2022, 1, 1), Status.FULFILLED, 1, "JP")
    follow_up(shared_later, datetime.date(2022, 6, 1), Status.STALLED, -1)  # about both, later
    undated_last = commitment(meeting, "Hàn Quốc cam kết hỗ trợ vắc xin.", actors=["KR"])
    follow_up(undated_last, None, Status.FULFILLED, 1, "KR")
    follow_up(undated_last, datetime.date(2021, 9, 1), Status.IN_PROGRESS, 0)
    FollowUpFactory(  # a rejected follow-up is no evidence
        commitment=undated_last,
        date=datetime.date(2023, 1, 1),
        status=Status.BROKEN,
        score=-1,
        party=party("KR"),
        review_state=ReviewState.REJECTED,
    )

    now = {row["party"]: row for row in client.get("/api/stats/compliance/").json()["results"]}
    then = client.get("/api/stats/compliance/?as_of=2022-03-01").json()["results"]

    assert now["JP"] == {
        "party": "JP",
        "commitments": 1,
        "assessed": 1,
        "average_score": -1.0,
        "fulfilled": 0,
        "fulfilled_share": 0.0,
    }
    assert (now["KR"]["commitments"], now["KR"]["assessed"]) == (2, 2)
    assert now["KR"]["average_score"] == -0.5  # stalled (-1) and the dated in progress (0)
    assert now["KR"]["fulfilled"] == 0
    assert [(row["party"], row["average_score"], row["fulfilled"]) for row in then] == [
        ("JP", 1.0, 1),  # JP's own fulfilment was the latest evidence then
        ("KR", 0.0, 0),  # KR had no evidence of its own on the first
    ]


def test_party_page_has_meetings_and_commitment_summary(client, data):
    body = client.get("/api/parties/KR/").json()

    assert body["name_vi"] == "Hàn Quốc"
    assert "Hàn Quốc" in body["aliases"]
    summary = body["summary"]
    assert summary["meeting_count"] == 1
    assert summary["recent_meetings"][0]["id"] == data["m2"].pk
    assert summary["commitments_as_actor"] == 2
    assert summary["commitments_as_target"] == 0
    assert summary["by_kind"] == {"agreement": 1, "support": 1}
    assert summary["compliance"]["average_score"] == -1.0


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_commitment_list_as_csv(client, data):
    response = client.get("/api/commitments/?format=csv&actor=JP")

    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = read_csv(response)
    assert [int(row["id"]) for row in rows] == pks(data, "c1", "c2")
    assert rows[0]["actors"] == "JP"
    assert rows[1]["actors"] == "JP; KR"
    assert rows[0]["sentence"] == data["c1"].sentence


def test_csv_by_accept_header_for_lists_and_stats(client, data):
    meetings = client.get("/api/meetings/", HTTP_ACCEPT="text/csv")
    stats = client.get("/api/stats/commitments/?group_by=actor&format=csv")

    assert len(read_csv(meetings)) == 2
    assert read_csv(stats) == [{"actor": "JP", "count": "2"}, {"actor": "KR", "count": "2"}]


def test_csv_cells_cannot_start_a_formula(client, data):
    data["c1"].text = '=HYPERLINK("http://evil.example","click")'
    data["c1"].save()

    rows = read_csv(client.get("/api/commitments/?format=csv"))

    assert rows[0]["text"].startswith("'=")


def test_lists_carry_etag_and_answer_304_when_unchanged(client, data):
    first = client.get("/api/commitments/")
    again = client.get("/api/commitments/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"]
    assert "public" in first["Cache-Control"]
    assert again.status_code == 304


def test_a_cached_answer_keeps_its_etag_and_answers_304(client, data, settings):
    settings.API_CACHE_SECONDS = 30
    first = client.get("/api/commitments/?kind=pledge")
    cached = client.get("/api/commitments/?kind=pledge")
    again = client.get("/api/commitments/?kind=pledge", HTTP_IF_NONE_MATCH=first["ETag"])

    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]
    assert again.status_code == 304


def test_server_processes_share_answers_and_throttles_through_the_file_cache(
    client, data, settings, tmp_path, monkeypatch
):
    """gunicorn's workers are processes: each opens the cache folder anew, as simulated here
    by configuring the same folder again after each request."""
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.CACHES = file_cache
    settings.API_CACHE_SECONDS = 30
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    first = client.get("/api/commitments/?kind=pledge").json()
    # Behind the ORM's back (no signal, so no new data version): only the cache can answer.
    Commitment.objects.filter(pk=data["c1"].pk).update(text="Nhật Bản cam kết viện trợ thêm.")
    settings.CACHES = dict(file_cache)

    served = client.get("/api/commitments/?kind=pledge").json()
    codes = []
    for page_size in (1, 2, 3):
        settings.CACHES = dict(file_cache)
        codes.append(client.get(f"/api/commitments/?page_size={page_size}").status_code)

    assert served == first
    assert codes == [200, 200, 429]


def test_an_unusable_cache_folder_falls_back_to_memory_and_says_so(
    client, data, settings, tmp_path, monkeypatch, caplog
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.CACHES = {
        "default": {"BACKEND": "tracker.cache.FolderCache", "LOCATION": str(blocker / "cache")}
    }
    settings.API_CACHE_SECONDS = 30
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    codes = [client.get(f"/api/commitments/?page_size={size}").status_code for size in (1, 2, 3)]
    cached = client.get("/api/commitments/?page_size=1")

    assert codes == [200, 200, 429]
    assert cached.status_code == 200
    assert "cannot be used" in caplog.text and str(blocker) in caplog.text


def test_anonymous_clients_are_throttled(client, data, monkeypatch, settings):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    codes = [client.get("/api/parties/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    cache.clear()


def test_openapi_schema_documents_every_filter(client):
    response = client.get("/api/schema/?format=json")
    schema = response.json()

    parameters = {p["name"] for p in schema["paths"]["/api/commitments/"]["get"]["parameters"]}
    assert {"actor", "target", "topic", "kind", "status", "q", "as_of", "overdue"} <= parameters
    assert {"review_state", "date_from", "date_to", "year", "has_amount", "ordering"} <= parameters
    assert "/api/stats/commitments/" in schema["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"<script>" not in docs.content.replace(b" ", b"")


def test_hidden_commitments_stay_out_of_stats_and_search(staff_client, data):
    from django.test import Client

    client = Client()
    public = client.get("/api/stats/commitments/?group_by=kind").json()
    staff = staff_client.get("/api/stats/commitments/?group_by=kind&review_state=all").json()

    assert "proposal" not in {row["kind"] for row in public["results"]}
    assert "proposal" in {row["kind"] for row in staff["results"]}
    assert ids(client, "/api/commitments/?q=an ninh bien") == []
    assert ids(staff_client, "/api/commitments/?q=an ninh bien&review_state=extracted") == pks(
        data, "c3"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments/?actor=JP&q=hop tac&as_of=2022-08-01",
        "/api/stats/commitments/?group_by=actor,topic",
        "/api/stats/compliance/",
        "/api/parties/JP/",
    ],
)
def test_query_count_does_not_grow_with_data(client, data, django_assert_max_num_queries, url):
    def count():
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = count()
    for i in range(5):
        meeting = MeetingFactory(review_state=CONFIRMED)
        ParticipantFactory(meeting=meeting, party=party("JP"))
        extra = commitment(meeting, f"Nhật Bản cam kết hợp tác số {i}.", topics=["digital"])
        follow_up(extra, datetime.date(2022, 2, 1), Status.IN_PROGRESS, 0, "JP")

    assert count() == before


def test_public_answers_are_served_from_the_cache_for_a_while(staff_client, data, settings):
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    cache.clear()
    settings.API_CACHE_SECONDS = 30
    first = client.get("/api/commitments/?kind=pledge").json()
    Commitment.objects.filter(pk=data["c1"].pk).update(text="Nhật Bản cam kết viện trợ thêm.")

    cached = client.get("/api/commitments/?kind=pledge")
    fresh = staff_client.get("/api/commitments/?kind=pledge")

    assert cached.json() == first
    assert "max-age=30" in cached["Cache-Control"]
    assert fresh.json()["results"][0]["text"] == "Nhật Bản cam kết viện trợ thêm."
    assert "private" in fresh["Cache-Control"]
    cache.clear()


def test_compliance_for_one_party_is_its_row_of_everyone_s(data):
    from tracker.models import Commitment

    visible = Commitment.objects.filter(review_state=CONFIRMED).with_assessment()
    everyone = visible.compliance_by_actor()

    assert {row["party__code"] for row in everyone} == {"JP", "KR"}
    for row in everyone:
        assert visible.compliance_by_actor(party=party(row["party__code"]).pk) == [row]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["locmem", "file", "folder"])
def test_a_write_shows_in_public_answers_on_the_next_request(
    client, data, settings, tmp_path, backend, monkeypatch
):
    """Cached answers are kept under a data version that every committed write replaces."""
    settings.CACHES = {
        "default": {
            "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "file": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path),
            },
            "folder": {"BACKEND": "tracker.cache.FolderCache", "LOCATION": str(tmp_path)},
        }[backend]
    }
    settings.API_CACHE_SECONDS = 30
    url = f"/api/commitments/?meeting={data['c1'].meeting_id}"
    before = {c["id"] for c in client.get(url).json()["results"]}
    assert client.get(url).json()["results"]  # from the cache now
    from django.db import transaction

    import tracker.cache

    bumps = []
    bump = tracker.cache.data_changed
    monkeypatch.setattr(tracker.cache, "data_changed", lambda: (bumps.append(1), bump()))
    with transaction.atomic():
        data["c1"].review_state = ReviewState.REJECTED
        data["c1"].save()
        data["c1"].topics.clear()

    after = {c["id"] for c in client.get(url).json()["results"]}

    assert data["c1"].pk in before
    assert after == before - {data["c1"].pk}
    assert len(bumps) == 1  # one new version per transaction, not per row
