"""CSV that loads: pandas reads every list, stats, compliance and party export with the right
types, lists split back into their items, and exports carry ETags like JSON answers."""

# `data` is the reporting tests' fixture, imported: each test's argument of that name is it.
# ruff: noqa: F811

from __future__ import annotations

import datetime
import io

import pandas as pd
import pytest
from pandas.api import types

from tests.factories import (
    ArticleFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tests.test_api_reporting import commitment, data  # noqa: F401
from tracker.models import DatePrecision, Meeting, Participant, ReviewState

pytestmark = pytest.mark.django_db

CONFIRMED = ReviewState.CONFIRMED


@pytest.fixture
def more(data):
    """Beside the reporting data: a meeting known to the year, one of unknown date reported by
    an article without a publication date, and participants whose titles hold semicolons."""
    by_year = MeetingFactory(
        review_state=CONFIRMED,
        kind=Meeting.Kind.DIALOGUE,
        date=datetime.date(2019, 1, 1),
        date_precision=DatePrecision.YEAR,
    )
    undated = MeetingFactory(
        review_state=CONFIRMED, date=None, date_precision=DatePrecision.UNKNOWN
    )
    MeetingSourceFactory(meeting=undated, article=ArticleFactory(published_on=None))
    ParticipantFactory(meeting=by_year, party=party("JP"), title="Bộ trưởng; Đặc phái viên")
    ParticipantFactory(
        meeting=by_year,
        party=party("KR"),
        person_name="=cmd|' /C calc'!A0",
        role=Participant.Role.CO_CHAIR,
    )
    commitment(by_year, "Hàn Quốc cam kết hỗ trợ 2,5 triệu USD.", actors=["KR"], amount=2500000)
    commitment(undated, "Nhật Bản cam kết hợp tác.", actors=["JP"], topics=[])
    return data | {"by_year": by_year, "undated": undated}


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def read(client, url: str) -> pd.DataFrame:
    """As an analyst would: `pd.read_csv(url)` (the BOM is taken care of by pandas)."""
    return pd.read_csv(io.BytesIO(body(client.get(url))))


def split(cell) -> list[str]:
    return [] if pd.isna(cell) else str(cell).split("; ")


def assert_dates(frame: pd.DataFrame, *columns: str) -> None:
    """Each column (or each item of a list column) parses as an ISO 8601 date."""
    for column in columns:
        values = frame[column].astype("string").str.split("; ").explode().replace("", None)
        parsed = pd.to_datetime(values, format="ISO8601")
        assert types.is_datetime64_any_dtype(parsed), column


def test_commitments_csv_loads_with_numbers_dates_and_lists(client, more):
    frame = read(client, "/api/commitments/?format=csv")
    json = client.get("/api/commitments/?page_size=500").json()["results"]

    assert len(frame) == len(json) == 5
    for column in ("id", "meeting", "start", "end", "confidence", "amount", "score"):
        assert types.is_numeric_dtype(frame[column]), column
    assert_dates(frame, "target_date_start", "target_date_end", "created_at", "updated_at")
    by_id = frame.set_index("id")
    for item in json:
        row = by_id.loc[item["id"]]
        assert split(row["actors"]) == item["actors"]
        assert split(row["topics"]) == item["topics"]
        assert (pd.isna(row["amount"]) and item["amount"] is None) or row["amount"] == item[
            "amount"
        ]
    assert by_id.loc[more["c1"].pk, "amount"] == 1_000_000
    assert isinstance(json[0]["amount"], float | int | type(None))


def test_negative_scores_stay_numbers_and_text_formulas_are_escaped(client, more):
    follow_ups = read(client, "/api/follow-ups/?format=csv")
    compliance = read(client, "/api/stats/compliance/?format=csv")
    meetings = read(client, "/api/meetings/?format=csv")

    assert types.is_numeric_dtype(follow_ups["score"])
    assert -1 in set(follow_ups["score"])
    assert types.is_numeric_dtype(compliance["average_score"])
    assert compliance.set_index("party").loc["KR", "average_score"] == -1.0
    names = meetings.set_index("id").loc[more["by_year"].pk, "participants.person_name"]
    # The cell starts with the first (empty) name, so a spreadsheet sees no formula in it.
    assert split(names) == ["", "=cmd|' /C calc'!A0"]
    for frame in (follow_ups, compliance, meetings):
        for column in frame.columns:
            text = frame[column].dropna().astype(str)
            numeric = pd.to_numeric(text, errors="coerce").notna()
            assert not text[~numeric].str.match(r"[=+\-@\t\r]").any(), column


def test_meetings_csv_splits_participants_and_sources_back_into_items(client, more):
    frame = read(client, "/api/meetings/?format=csv").set_index("id")
    json = {m["id"]: m for m in client.get("/api/meetings/").json()["results"]}

    assert_dates(frame, "date_start", "date_end", "sources.published_on")
    for meeting_id, item in json.items():
        row = frame.loc[meeting_id]
        assert split(row["participants.party"]) == [p["party"] for p in item["participants"]]
        assert split(row["participants.role"]) == [p["role"] for p in item["participants"]]
        assert len(split(row["participants.title"])) in (0, len(item["participants"]))
        assert split(row["sources.article"]) == [s["article"] for s in item["sources"]]
        assert split(row["parties"]) == item["parties"]
    titles = split(frame.loc[more["by_year"].pk, "participants.title"])
    # A semicolon inside a value is written as a comma: the list keeps its items.
    assert "Bộ trưởng, Đặc phái viên" in titles
    assert len(titles) == 2


def test_party_csv_has_no_python_reprs_and_its_lists_split(client, more):
    raw = body(client.get("/api/parties/JP/?format=csv")).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(raw))
    json = client.get("/api/parties/JP/").json()

    assert "datetime.date" not in raw and "{" not in raw and "[" not in raw
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["summary.meeting_count"] == json["summary"]["meeting_count"]
    recent = json["summary"]["recent_meetings"]
    assert [int(v) for v in split(row["summary.recent_meetings.id"])] == [m["id"] for m in recent]
    assert split(row["summary.recent_meetings.date_start"]) == [
        m["date_start"] or "" for m in recent
    ]
    assert row["summary.by_kind.pledge"] == json["summary"]["by_kind"]["pledge"]
    assert types.is_numeric_dtype(frame["summary.compliance.average_score"])


def test_stats_csv_types_years_as_integers_even_with_unknown_dates(client, more):
    url = "/api/stats/commitments/?group_by=year,kind&format=csv"
    frame = pd.read_csv(io.BytesIO(body(client.get(url))), dtype_backend="numpy_nullable")
    plain = read(client, url)
    json = client.get("/api/stats/commitments/?group_by=year,kind").json()

    assert str(frame["year"].dtype) == "Int64"
    assert types.is_numeric_dtype(plain["year"]) and types.is_integer_dtype(frame["count"])
    assert frame["year"].isna().sum() == 1  # the meeting of unknown date
    assert all(isinstance(row["year"], int | type(None)) for row in json["results"])
    assert frame["count"].sum() == json["total"]


def test_stats_csv_has_its_header_when_nothing_matches(client, data):
    empty = body(client.get("/api/stats/commitments/?group_by=actor,year&year=1999&format=csv"))
    compliance = body(client.get("/api/stats/compliance/?year=1999&format=csv"))

    assert empty.decode("utf-8-sig").strip() == "actor,year,count"
    assert compliance.decode("utf-8-sig").startswith("party,commitments,assessed")


@pytest.mark.parametrize(
    "url",
    [
        "/api/commitments/",
        "/api/meetings/",
        "/api/follow-ups/",
        "/api/articles/",
        "/api/parties/",
        "/api/stats/commitments/?group_by=actor,topic,year",
        "/api/stats/compliance/",
        "/api/parties/KR/",
    ],
)
def test_every_csv_export_loads_in_pandas(client, more, url):
    joiner = "&" if "?" in url else "?"
    frame = read(client, f"{url}{joiner}format=csv")

    assert len(frame.columns) > 1
    for column in frame.columns:
        assert not frame[column].astype(str).str.contains("datetime|Decimal|\\{'").any(), column
    for column in [c for c in frame.columns if c.endswith(("date_start", "date_end"))]:
        assert_dates(frame, column)


@pytest.mark.parametrize(
    ("precision", "date", "expected"),
    [
        ("day", datetime.date(2021, 8, 3), ("2021-08-03", "2021-08-03", "2021-08-03")),
        ("month", datetime.date(2024, 2, 1), ("2024-02", "2024-02-01", "2024-02-29")),
        ("year", datetime.date(2021, 1, 1), ("2021", "2021-01-01", "2021-12-31")),
        ("unknown", None, (None, None, None)),
    ],
)
def test_partial_dates_come_with_full_iso_bounds(client, precision, date, expected):
    meeting = MeetingFactory(review_state=CONFIRMED, date=date, date_precision=precision)
    commitment(
        meeting, "Hai bên cam kết hợp tác.", target_date=date, target_date_precision=precision
    )

    item = client.get("/api/meetings/").json()["results"][0]
    row = client.get("/api/commitments/").json()["results"][0]

    assert (item["date"], item["date_start"], item["date_end"]) == expected
    assert (row["target_date"], row["target_date_start"], row["target_date_end"]) == expected


def test_csv_exports_carry_an_etag_and_answer_304(client, data):
    first = client.get("/api/commitments/?format=csv")
    again = client.get("/api/commitments/?format=csv", HTTP_IF_NONE_MATCH=first["ETag"])
    json = client.get("/api/commitments/")
    data["c1"].text = "Nhật Bản cam kết viện trợ thêm."
    data["c1"].save()
    changed = client.get("/api/commitments/?format=csv")

    assert first["ETag"] and first["ETag"] != json["ETag"]
    assert "public" in first["Cache-Control"]
    assert again.status_code == 304
    assert changed["ETag"] != first["ETag"]
    assert body(changed).decode("utf-8-sig").count("\n") == 4


def test_a_custom_field_described_as_a_list_of_objects_gets_a_column_per_property():
    from drf_spectacular.utils import extend_schema_field
    from rest_framework import serializers

    from tracker.api.csv_export import csv_lines, serializer_columns

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "object", "properties": {"article": {}, "start": {}}},
        }
    )
    class Sources(serializers.Field):
        pass

    class Row(serializers.Serializer):
        id = serializers.IntegerField()
        sources = Sources()

    columns = serializer_columns(Row())
    row = {"id": 1, "sources": [{"article": "a.txt", "start": 3}, {"article": "b.txt", "start": 9}]}

    assert columns == ["id", "sources.article", "sources.start"]
    assert "".join(csv_lines(columns, [row])).splitlines()[1] == "1,a.txt; b.txt,3; 9"
