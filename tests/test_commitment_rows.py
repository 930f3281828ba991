"""`attach_codes` gives model instances (`for_api`) and `values()` rows (the API's lists) the
same article names, code lists, restatements and further sources."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.factories import ArticleFactory, CommitmentFactory, MeetingFactory, topic
from tracker.api.rows import attach_row_codes, visible_rows
from tracker.models import Commitment, CommitmentSource, ReviewState

pytestmark = pytest.mark.django_db

ATTACHED = (
    "article_name",
    "actor_codes",
    "target_codes",
    "topic_slugs",
    "restated_ids",
    "other_sources",
)


@pytest.fixture
def commitments():
    meeting = MeetingFactory(review_state=ReviewState.CONFIRMED)
    first = CommitmentFactory(
        meeting=meeting,
        review_state=ReviewState.CONFIRMED,
        actors=["KR", "JP"],
        targets=["VN"],
        topics=["health"],
    )
    bare = CommitmentFactory(meeting=meeting, review_state=ReviewState.CONFIRMED)
    for reaffirms_confirmed in (True, True, False):
        CommitmentFactory(
            meeting=meeting,
            review_state=ReviewState.CONFIRMED,
            reaffirms=first,
            reaffirms_confirmed=reaffirms_confirmed,
        )
    other = ArticleFactory(name="second-report.txt")
    CommitmentSource.objects.create(
        commitment=first,
        article=other,
        sentence=first.sentence,
        start=0,
        end=len(first.sentence),
        sentence_key="k",
        similarity=0.95,
    )
    return first, bare


def test_instances_and_rows_carry_the_same_codes(commitments):
    first, bare = commitments
    instances = {c.pk: c for c in Commitment.objects.filter(pk__in=[first.pk, bare.pk]).for_api()}
    rows = list(visible_rows(("confirmed",), None).filter(pk__in=[first.pk, bare.pk]))
    views = {view.id: view for view in attach_row_codes(rows, connection.alias)}

    for pk in (first.pk, bare.pk):
        for name in ATTACHED:
            assert getattr(views[pk], name) == getattr(instances[pk], name), name
    assert views[first.pk].actor_codes == ["JP", "KR"]
    assert views[first.pk].target_codes == ["VN"]
    assert views[first.pk].topic_slugs == [topic("health").slug]
    assert len(views[first.pk].restated_ids) == 2
    assert views[first.pk].other_sources[0]["article"] == "second-report.txt"
    assert views[bare.pk].restated_ids == views[bare.pk].other_sources == []


def test_a_page_of_rows_is_filtered_from_one_shared_queryset(commitments):
    _, bare = commitments
    shared = visible_rows(("confirmed",), None)
    assert visible_rows(("confirmed",), None) is shared
    assert [row["id"] for row in shared.filter(pk__in=[bare.pk])] == [bare.pk]
    # Filtering never evaluated the shared queryset: it holds no rows between requests.
    assert shared._result_cache is None
