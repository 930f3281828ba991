"""Status, score and overdue read one way everywhere: the status grouping, compliance, the
model's own methods and the admin agree, undated follow-ups included (they count as a
commitment's oldest evidence)."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CommitmentFactory, FollowUpFactory, MeetingFactory
from tracker import summary
from tracker.models import Commitment, CommitmentCount, ReviewState, StaleCommitmentCount, Status

pytestmark = pytest.mark.django_db

CODES = ["JP", "KR", "US"]
STATUSES = [Status.IN_PROGRESS, Status.FULFILLED, Status.STALLED, Status.BROKEN]
DATES = [None, None, datetime.date(2022, 1, 1), datetime.date(2023, 1, 1)]
STAFF_STATES = ("confirmed", "extracted")


def fulfilled_in_grouping(commitments, states=("confirmed",)) -> dict[str, int]:
    rows = commitments.with_assessment(follow_up_states=states).count_by("actor", "status")
    return {row["_actor"]: row["count"] for row in rows if row["_status"] == Status.FULFILLED}


def fulfilled_in_compliance(commitments, states=("confirmed",)) -> dict[str, int]:
    rows = commitments.with_assessment(follow_up_states=states).compliance_by_actor(
        follow_up_states=states
    )
    return {row["party__code"]: row["fulfilled"] for row in rows if row["fulfilled"]}


def test_an_undated_follow_up_decides_status_and_compliance_alike():
    """The case that disagreed: a curator's "fulfilled", then an undated confirmed follow-up
    saying work is in progress. The grouping read the stored status (undated follow-ups never
    changed it) and compliance read the follow-up."""
    commitment = CommitmentFactory(status=Status.FULFILLED, actors=["JP"])
    FollowUpFactory(
        commitment=commitment, date=None, status=Status.IN_PROGRESS, review_state="confirmed"
    )
    commitment.refresh_status()  # as every write path does after a follow-up changes

    assert Commitment.objects.get().status == Status.IN_PROGRESS
    assert fulfilled_in_grouping(Commitment.objects.all()) == {}
    assert fulfilled_in_compliance(Commitment.objects.all()) == {}


def test_a_dated_follow_up_outranks_an_undated_one_recorded_later():
    commitment = CommitmentFactory()
    FollowUpFactory(
        commitment=commitment,
        date=datetime.date(2022, 5, 1),
        status=Status.FULFILLED,
        score=1,
        review_state="confirmed",
    )
    FollowUpFactory(
        commitment=commitment, date=None, status=Status.STALLED, score=-1, review_state="confirmed"
    )
    commitment.refresh_status()

    assessed = Commitment.objects.with_assessment().get()
    assert (assessed.assessed_status, assessed.assessed_score) == (Status.FULFILLED, 1)
    assert commitment.compliance() == (1.0, {"*": 1})


def test_overdue_reads_the_same_status_in_the_model_the_admin_and_the_queryset(staff_client):
    late = CommitmentFactory(target_date=datetime.date(2020, 1, 1), target_date_precision="year")
    done = CommitmentFactory(target_date=datetime.date(2020, 1, 1), target_date_precision="year")
    FollowUpFactory(commitment=done, date=None, status=Status.FULFILLED, review_state="confirmed")
    done.refresh_status()
    today = datetime.date.today()

    overdue = Commitment.objects.with_assessment().overdue(today)
    assert list(overdue) == [late]
    assert (late.is_overdue, done.is_overdue) == (True, False)
    page = staff_client.get(reverse("admin:tracker_commitment_changelist") + "?overdue=yes")
    assert [row.pk for row in page.context["cl"].result_list] == [late.pk]


follow_up_specs = st.lists(
    st.tuples(
        st.sampled_from(DATES),
        st.sampled_from(STATUSES),
        st.sampled_from([-1, 0, 1, None]),
        st.sampled_from(["confirmed", "confirmed", "extracted", "rejected"]),
    ),
    max_size=4,
)
commitment_specs = st.lists(
    st.tuples(
        st.sets(st.sampled_from(CODES), min_size=1, max_size=2),
        st.sampled_from([Status.NOT_ASSESSED, Status.FULFILLED, Status.BROKEN]),
        follow_up_specs,
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(commitments=commitment_specs)
def test_status_grouping_compliance_and_the_model_agree(commitments):
    """Follow-ups about the whole commitment (no party): each actor's compliance evidence is
    then the commitment's own, so every reading must give the same status and score."""
    with transaction.atomic():
        meeting = MeetingFactory()
        for actors, curated, follow_ups in commitments:
            commitment = CommitmentFactory(meeting=meeting, actors=sorted(actors), status=curated)
            for date, status, score, state in follow_ups:
                FollowUpFactory(
                    commitment=commitment,
                    date=date,
                    status=status,
                    score=score,
                    review_state=state,
                )
            commitment.refresh_status()
        everything = Commitment.objects.all()

        for states in [("confirmed",), STAFF_STATES]:
            assert fulfilled_in_grouping(everything, states) == fulfilled_in_compliance(
                everything, states
            )
        for row in everything.with_assessment():
            average, scores = row.compliance()
            assert average == row.assessed_score
            assert scores == ({} if row.assessed_score is None else {"*": row.assessed_score})
        day = datetime.date(2022, 6, 1)
        for row in everything.with_assessment(day):
            assert row.status_as_of(day) == row.assessed_status
        transaction.set_rollback(True)


def test_the_migration_recomputes_statuses_that_undated_follow_ups_decide():
    """0015: a status stored under the old rule (undated follow-ups ignored) becomes the one
    the rule gives now, and the stats summary follows."""
    migration = importlib.import_module("tracker.migrations.0019_status_from_undated_follow_ups")
    undated = CommitmentFactory(status=Status.FULFILLED)
    FollowUpFactory(commitment=undated, date=None, status=Status.STALLED, review_state="confirmed")
    dated = CommitmentFactory(status=Status.BROKEN)
    FollowUpFactory(
        commitment=dated,
        date=datetime.date(2022, 1, 1),
        status=Status.BROKEN,
        review_state="confirmed",
    )
    FollowUpFactory(commitment=dated, date=None, status=Status.FULFILLED, review_state="confirmed")
    unreviewed = CommitmentFactory(status=Status.FULFILLED)
    FollowUpFactory(commitment=unreviewed, date=None, status=Status.STALLED)  # extracted
    for commitment in (undated, dated, unreviewed):
        Commitment.objects.filter(pk=commitment.pk).update(review_state=ReviewState.CONFIRMED)
    summary.rebuild()

    migration.recompute_statuses(apps, SimpleNamespace(connection=connection))

    statuses = dict(Commitment.objects.values_list("pk", "status"))
    assert statuses == {
        undated.pk: Status.STALLED,
        dated.pk: Status.BROKEN,
        unreviewed.pk: Status.FULFILLED,
    }
    assert not StaleCommitmentCount.objects.exists()
    counted = CommitmentCount.objects.filter(grain=0, review_state="confirmed")
    assert sorted(counted.values_list("status", "count")) == [
        (Status.BROKEN, 1),
        (Status.FULFILLED, 1),
        (Status.STALLED, 1),
    ]
