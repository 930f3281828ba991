"""The commitment counts summary: it answers exactly as counting the raw rows does, and every
write path leaves it current (nothing stale, the same rows as a rebuild from scratch)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import FollowUpFactory, party, topic
from tests.test_api_reporting import data  # noqa: F401  (the hand-counted data set, a fixture)
from tracker import summary
from tracker.api import views
from tracker.models import (
    Article,
    Commitment,
    CommitmentCount,
    Meeting,
    ReviewState,
    StaleCommitmentCount,
    Status,
)
from tracker.services import items_set_review_state, meeting_merge, meeting_split

pytestmark = pytest.mark.django_db

CODES = ["JP", "KR", "US", "ASEAN"]
SLUGS = ["health", "digital", "climate"]
GROUPINGS = ["actor", "target", "topic", "kind", "status", "year", "meeting_kind"]


def cells() -> list[tuple]:
    return sorted(CommitmentCount.objects.values_list(*summary.CELL, "count").order_by(), key=repr)


def rebuilt_cells() -> list[tuple]:
    """The rows a rebuild from scratch gives, without keeping them."""
    with transaction.atomic():
        summary.rebuild()
        rows = cells()
        transaction.set_rollback(True)
    return rows


def assert_current() -> None:
    assert not StaleCommitmentCount.objects.exists(), "a write path left partitions stale"
    assert cells() == rebuilt_cells()


def raw_answer(client: Client, url: str) -> dict:
    with mock.patch.object(views, "summary_counts", return_value=None):
        return client.get(url).json()


def summary_used(client: Client, url: str) -> bool:
    answers = []

    def recording(*args, **kwargs):
        answers.append(summary.summary_counts(*args, **kwargs))
        return answers[-1]

    with mock.patch.object(views, "summary_counts", recording):
        assert client.get(url).status_code == 200
    return bool(answers) and answers[-1] is not None


# --- both paths agree ---------------------------------------------------------------------

commitment_specs = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(Commitment.Kind.values),
            "status": st.sampled_from(
                [Status.NOT_ASSESSED, Status.IN_PROGRESS, Status.FULFILLED, Status.BROKEN]
            ),
            "review_state": st.sampled_from(
                [ReviewState.CONFIRMED, ReviewState.EXTRACTED, ReviewState.REJECTED]
            ),
            # Mostly at a meeting: `one_of(none(), ...)` would leave half without one.
            "meeting": st.sampled_from([0, 1, 2, 3, None]),
            "actors": st.sets(st.sampled_from(CODES), max_size=3),
            "targets": st.sets(st.sampled_from(CODES), max_size=2),
            "topics": st.sets(st.sampled_from(SLUGS), max_size=3),
        }
    ),
    min_size=6,
    max_size=20,
)
# Few dates, on and around year boundaries, so that filters and meetings meet often.
DATES = [
    datetime.date(2020, 6, 15),
    datetime.date(2020, 1, 1),
    datetime.date(2020, 12, 31),
    datetime.date(2021, 1, 1),
    datetime.date(2021, 7, 1),
]
meeting_specs = st.lists(
    st.tuples(st.sampled_from([*DATES, None]), st.sampled_from(Meeting.Kind.values)),
    min_size=4,
    max_size=4,
)
# Dates on and off year boundaries: the summary answers the first, the raw rows the others.
FILTER_DATES = [
    *[None] * 8,
    *DATES,
    datetime.date(2020, 6, 16),
    datetime.date(2019, 12, 31),
    datetime.date(2022, 1, 1),
]
date_parts = st.tuples(
    st.sampled_from(FILTER_DATES).map(lambda d: d and f"date_from={d}"),
    st.sampled_from(FILTER_DATES).map(lambda d: d and f"date_to={d}"),
).map(lambda parts: [part for part in parts if part])
other_parts = st.lists(
    st.one_of(
        st.sampled_from(Commitment.Kind.values).map(lambda v: f"kind={v}"),
        st.sampled_from([Status.IN_PROGRESS, Status.FULFILLED, Status.NOT_ASSESSED]).map(
            lambda v: f"status={v}"
        ),
        st.sampled_from(Meeting.Kind.values).map(lambda v: f"meeting_kind={v}"),
        st.integers(2019, 2022).map(lambda y: f"year={y}"),
        st.sampled_from(CODES).map(lambda v: f"actor={v}"),
        st.sampled_from(CODES).map(lambda v: f"target={v}"),
        st.sampled_from(SLUGS).map(lambda v: f"topic={v}"),
        st.sampled_from(["extracted", "rejected", "all", "confirmed,extracted"]).map(
            lambda v: f"review_state={v}"
        ),
        st.just("has_amount=false"),
    ),
    max_size=2,
)
filter_parts = st.tuples(date_parts, other_parts).map(lambda parts: parts[0] + parts[1])
groupings = st.lists(st.sampled_from(GROUPINGS), min_size=1, max_size=2, unique=True)


def _store(meetings: list, commitments: list) -> None:
    article = Article.objects.create(name="property.txt", text="x" * 100)
    stored = [
        Meeting.objects.create(
            title=f"Hội nghị {number}",
            kind=kind,
            date=date,
            date_precision="day" if date else "unknown",
        )
        for number, (date, kind) in enumerate(meetings)
    ]
    for number, spec in enumerate(commitments):
        row = Commitment.objects.create(
            article=article,
            sentence="x",
            text="x",
            start=number,
            end=number + 1,
            sentence_key=str(number),
            kind=spec["kind"],
            status=spec["status"],
            review_state=spec["review_state"],
            meeting=None if spec["meeting"] is None else stored[spec["meeting"]],
        )
        row.actors.set([party(code) for code in spec["actors"]])
        row.targets.set([party(code) for code in spec["targets"]])
        row.topics.set([topic(slug) for slug in spec["topics"]])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    meetings=meeting_specs,
    commitments=commitment_specs,
    queries=st.lists(st.tuples(groupings, filter_parts), min_size=1, max_size=4),
)
def test_summary_and_raw_rows_give_identical_answers(staff_client, meetings, commitments, queries):
    with transaction.atomic():
        _store(meetings, commitments)
        summary.refresh()
        assert cells() == rebuilt_cells()
        for dimensions, filters in queries:
            url = "/api/stats/commitments/?group_by=" + ",".join(dimensions)
            url += "".join(f"&{part}" for part in filters)
            answer = staff_client.get(url)
            assert answer.status_code == 200, answer.content
            assert answer.json() == raw_answer(staff_client, url), url
        transaction.set_rollback(True)


# --- when the summary answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "uses_summary"),
    [
        ("group_by=actor,year", True),
        ("group_by=kind,year&kind=pledge", True),
        ("group_by=topic&date_from=2021-01-01", True),
        ("group_by=kind,year&actor=KR", True),
        ("group_by=topic&actor=KR", False),  # actor and topic: two links, not kept
        ("group_by=status&date_to=2022-12-31&meeting_kind=leaders", True),
        ("group_by=topic&date_from=2021-08-04", False),  # not a whole year
        ("group_by=actor&actor=KR", False),  # co-actors of KR's commitments count too
        ("group_by=kind&actor=JP&actor=KR", False),  # a commitment of both counts once
        ("group_by=actor,topic", False),  # two links: not kept
        ("group_by=status&as_of=2022-03-01", False),
        ("group_by=kind&q=hop tac", False),
        ("group_by=kind&is_priority=true", False),
    ],
)
def test_the_summary_answers_only_what_it_can(client, data, query, uses_summary):  # noqa: F811
    url = f"/api/stats/commitments/?{query}"

    assert summary_used(client, url) is uses_summary
    assert client.get(url).json() == raw_answer(client, url)


def test_a_write_outside_the_app_paths_sends_stats_to_the_raw_rows_until_refreshed(
    client,
    data,  # noqa: F811
):
    url = "/api/stats/commitments/?group_by=kind"
    Commitment.objects.filter(pk=data["c4"].pk).update(kind=Commitment.Kind.PLEDGE)

    assert StaleCommitmentCount.objects.exists()
    assert not summary_used(client, url)
    assert client.get(url).json()["results"] == [
        {"kind": "agreement", "count": 1},
        {"kind": "pledge", "count": 2},
    ]
    summary.refresh()
    assert summary_used(client, url)
    assert client.get(url).json()["results"] == [
        {"kind": "agreement", "count": 1},
        {"kind": "pledge", "count": 2},
    ]


# --- every write path keeps it current -------------------------------------------------------


def test_review_decisions_keep_the_summary_current(data):  # noqa: F811
    items_set_review_state(items=[data["c3"]], state=ReviewState.CONFIRMED)
    assert_current()
    items_set_review_state(items=[data["c1"], data["c4"]], state=ReviewState.REJECTED)
    assert_current()


def test_follow_up_decisions_keep_the_summary_current(data):  # noqa: F811
    late = FollowUpFactory(
        commitment=data["c4"], date=datetime.date(2024, 1, 1), status=Status.BROKEN, score=-1
    )
    summary.refresh()
    items_set_review_state(items=[late], state=ReviewState.CONFIRMED)
    data["c4"].refresh_from_db()
    assert data["c4"].status == Status.BROKEN
    assert_current()
    items_set_review_state(items=[late], state=ReviewState.REJECTED)
    assert_current()


def test_merging_and_splitting_meetings_keep_the_summary_current(data):  # noqa: F811
    meeting_merge(target=data["m2"], source=data["m1"])
    assert_current()
    meeting = Meeting.objects.get(pk=data["m2"].pk)
    moved = Commitment.objects.filter(pk__in=[data["c1"].pk, data["c2"].pk])
    meeting_split(meeting=meeting, title="Tách ra", commitments=moved)
    assert_current()


def test_admin_edits_and_deletes_keep_the_summary_current(staff_client, data):  # noqa: F811
    response = staff_client.post(
        "/admin/tracker/commitment/",
        {"action": "confirm_selected", "_selected_action": [data["c3"].pk]},
    )
    assert response.status_code == 302
    assert_current()
    response = staff_client.post(f"/admin/tracker/meeting/{data['m2'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=data["m2"].pk).exists()
    assert_current()


@pytest.mark.slow
def test_importing_articles_keeps_the_summary_current():
    from corpus_import.loader import import_paths
    from tests.conftest import ARTICLES_DIR

    summary_before = import_paths([ARTICLES_DIR])

    assert summary_before.commitments > 0
    assert_current()
    assert CommitmentCount.objects.filter(review_state=ReviewState.EXTRACTED).exists()


def test_generate_data_fills_the_summary():
    from django.core.management import call_command

    call_command("generate_data", meetings=6, commitments=90, seed=5, verbosity=0)

    assert_current()
    assert sum(CommitmentCount.objects.filter(grain=0).values_list("count", flat=True)) == 90


# --- the visibility rules hold on the summary path too ---------------------------------------


def test_a_current_summary_does_not_reveal_an_unreviewed_meeting(client):
    from tests.factories import CommitmentFactory

    CommitmentFactory(review_state=ReviewState.CONFIRMED, meeting__review_state="confirmed")
    CommitmentFactory(
        review_state=ReviewState.CONFIRMED,
        meeting__kind=Meeting.Kind.LEADERS,
        meeting__date=datetime.date(2019, 11, 4),
    )
    summary.refresh()
    url = "/api/stats/commitments/?group_by=year,meeting_kind"

    answer = client.get(url).json()

    assert not summary_used(client, url)
    assert answer == raw_answer(client, url)
    assert {"year": 2019, "meeting_kind": "leaders", "count": 1} not in answer["results"]
    assert summary_used(client, "/api/stats/commitments/?group_by=kind")


def test_staff_counting_unreviewed_follow_ups_go_down_the_raw_path(staff_client, data):  # noqa: F811
    summary.refresh()

    assert summary_used(staff_client, "/api/stats/commitments/?group_by=status")
    assert not summary_used(
        staff_client, "/api/stats/commitments/?group_by=status&review_state=all"
    )
