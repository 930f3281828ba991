"""A client generated from `/api/schema/` by openapi-python-client, used as an analyst would:
every endpoint and filter, partial dates and nulls, every page, staff over HTTP Basic. Each
answer must parse into the generated models; a schema that says something the server does not
do (a required field that comes back null, a string that is a number) fails here."""

from __future__ import annotations

import datetime
import importlib
import inspect
import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command

from tests.test_api_reporting import data  # noqa: F401  (a fixture, requested by name)
from tests.test_api_schemathesis import odd_rows
from tracker.models import Commitment, FollowUp, Meeting, ReviewState

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PASSWORD = "curator-pw-123!"

pytestmark = [pytest.mark.slow]


def generate_client(base_url: str, folder: Path):
    """Generates the client package `ct_client` from the live schema and imports it."""
    schema = folder / "schema.json"
    schema.write_bytes(httpx.get(f"{base_url}/api/schema/?format=json").content)
    config = folder / "config.yaml"
    # No post hooks: the generator would run ruff over the package it writes.
    config.write_text("post_hooks: []\npackage_name_override: ct_client\n")
    subprocess.run(
        [
            str(GENERATOR),
            "generate",
            f"--path={schema}",
            f"--output-path={folder / 'ct_client'}",
            "--meta=none",
            f"--config={config}",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    sys.path.insert(0, str(folder))
    for name in [m for m in sys.modules if m == "ct_client" or m.startswith("ct_client.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("ct_client")


@pytest.fixture
def served(request, live_server, django_user_model, settings):
    if request.param == "generated":
        call_command("generate_data", meetings=15, commitments=120, seed=3, stdout=io.StringIO())
    else:
        request.getfixturevalue("data")
    odd_rows()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("curator", "curator@example.org", PASSWORD)
    return live_server.url


def ok(module, **kwargs):
    """Calls a generated operation; the answer must be a 200 that parsed into a model."""
    response = module.sync_detailed(**kwargs)
    assert response.status_code == 200, (module.__name__, kwargs, response.content[:500])
    assert response.parsed is not None and not type(response.parsed).__name__.endswith(
        tuple(f"Response{code}" for code in (400, 401, 403, 404, 406, 429))
    ), (module.__name__, response.parsed)
    return response.parsed


def every_page(module, client, **kwargs) -> list:
    """Follows the pages to the end, as a client does, and checks they add up to `count`."""
    rows, page = [], 1
    while True:
        parsed = ok(module, client=client, page=page, page_size=7, **kwargs)
        rows += parsed.results
        if not parsed.next_:
            break
        page += 1
    assert len(rows) == parsed.count
    return rows


@pytest.mark.parametrize("served", ["fixture", "generated"], indirect=True)
def test_a_generated_client_reads_every_endpoint_and_filter(served, tmp_path):
    ct = generate_client(served, tmp_path)
    from ct_client import models
    from ct_client.api.articles import articles_list, articles_retrieve
    from ct_client.api.commitments import commitments_list, commitments_retrieve
    from ct_client.api.follow_ups import follow_ups_list, follow_ups_retrieve
    from ct_client.api.meetings import meetings_list, meetings_retrieve
    from ct_client.api.parties import parties_list, parties_retrieve
    from ct_client.api.stats import stats_commitments_retrieve, stats_compliance_retrieve

    # Every call works without credentials: the client is the plain one, not a token client.
    annotation = str(inspect.signature(commitments_list.sync).parameters["client"].annotation)
    assert "Client" in annotation.replace("AuthenticatedClient", ""), annotation
    client = ct.Client(base_url=served, raise_on_unexpected_status=True)
    staff = ct.Client(
        base_url=served, raise_on_unexpected_status=True, httpx_args={"auth": ("curator", PASSWORD)}
    )

    commitments = every_page(commitments_list, client)
    meetings = every_page(meetings_list, client)
    follow_ups = every_page(follow_ups_list, client)
    articles = every_page(articles_list, client)
    parties = every_page(parties_list, client)
    assert len(commitments) == Commitment.objects.filter(review_state="confirmed").count()
    assert len(meetings) == Meeting.objects.filter(review_state="confirmed").count()
    assert len(parties) > 200

    for item in commitments[:10]:
        assert ok(commitments_retrieve, client=client, id=item.id).id == item.id
    for item in meetings[:10]:
        assert ok(meetings_retrieve, client=client, id=item.id).id == item.id
    for item in follow_ups[:10]:
        assert ok(follow_ups_retrieve, client=client, id=item.id).id == item.id
    for item in articles[:5]:
        assert ok(articles_retrieve, client=client, id=item.id).text
    for code in ("JP", "KR", "VN", "ASEAN"):
        assert ok(parties_retrieve, client=client, code=code).summary is not None

    # Partial dates and nulls parse: an unknown date is None, others come with full bounds.
    undated = [m for m in meetings if m.date is None]
    assert undated and all(m.date_start is None and m.date_end is None for m in undated)
    dated = [m for m in meetings if m.date is not None]
    assert all(isinstance(m.date_start, datetime.date) for m in dated)
    assert all(m.date_start <= m.date_end for m in dated)
    assert any(s.published_on is None for m in meetings for s in m.sources)
    assert any(f.url is None for f in follow_ups)

    # Every filter of every list, with values the data holds.
    with_meeting = next(c for c in commitments if c.meeting)
    meeting = next(m for m in meetings if m.date is not None and m.parties)
    year = meeting.date_start.year
    actor = models.CommitmentsListActorItem(with_meeting.actors[0])
    commitment_filters = {
        "actor": [actor],
        "target": [models.CommitmentsListTargetItem("ASEAN")],
        "topic": [models.CommitmentsListTopicItem("health")],
        "kind": [models.CommitmentsListKindItem("pledge")],
        "status": [models.CommitmentsListStatusItem("not_assessed")],
        "meeting": [with_meeting.meeting],
        "meeting_kind": [models.CommitmentsListMeetingKindItem(meeting.kind.value)],
        "article": with_meeting.article,
        "date_from": datetime.date(year, 1, 1),
        "date_to": datetime.date(year, 12, 31),
        "year": year,
        "has_amount": True,
        "is_priority": False,
        "overdue": False,
        "as_of": datetime.date(2023, 1, 1),
        "q": "cam ket",
        "ordering": "-meeting__date,id",
    }
    for name, value in commitment_filters.items():
        ok(commitments_list, client=client, **{name: value})
    assert all(
        with_meeting.meeting == c.meeting
        for c in ok(commitments_list, client=client, meeting=[with_meeting.meeting]).results
    )
    meeting_filters = {
        "party": [models.MeetingsListPartyItem(meeting.parties[0])],
        "kind": [models.MeetingsListKindItem(meeting.kind.value)],
        "format_": models.MeetingsListFormat(meeting.format_.value),
        "date_from": meeting.date_start,
        "date_to": meeting.date_end,
        "year": year,
        "article": meeting.sources[0].article if meeting.sources else "x",
        "ordering": "-date,id",
    }
    for name, value in meeting_filters.items():
        ok(meetings_list, client=client, **{name: value})
    follow_up_filters = {
        "commitment": [f.commitment for f in follow_ups if f.commitment][:3],
        "party": [models.FollowUpsListPartyItem("JP")],
        "status": [models.FollowUpsListStatusItem("fulfilled")],
        "date_from": datetime.date(2020, 1, 1),
        "date_to": datetime.date(2030, 1, 1),
        "unlinked": True,
        "ordering": "-date",
    }
    for name, value in follow_up_filters.items():
        ok(follow_ups_list, client=client, **{name: value})
    for name, value in {
        "publisher": articles[0].publisher,
        "published_from": datetime.date(2020, 1, 1),
        "published_to": datetime.date(2030, 1, 1),
        "ordering": "-published_on",
    }.items():
        ok(articles_list, client=client, **{name: value})
    ok(parties_list, client=client, kind=[models.PartiesListKindItem("organization")])
    ok(parties_list, client=client, name="Nhật")

    # Stats and compliance take the same filters, typed.
    for grouping in models.StatsCommitmentsRetrieveGroupByItem:
        counts = ok(stats_commitments_retrieve, client=client, group_by=[grouping])
        assert all(isinstance(row.count, int) for row in counts.results)
    by_year = ok(
        stats_commitments_retrieve,
        client=client,
        group_by=[models.StatsCommitmentsRetrieveGroupByItem("year")],
        actor=[models.StatsCommitmentsRetrieveActorItem(actor.value)],
        kind=[models.StatsCommitmentsRetrieveKindItem("pledge")],
        year=year,
    )
    assert all(row.year == year for row in by_year.results)
    compliance = ok(
        stats_compliance_retrieve, client=client, as_of=datetime.date(2023, 1, 1), year=year
    )
    assert all(isinstance(row.commitments, int) for row in compliance.results)

    # Staff over HTTP Basic see items under review; a wrong password is a parsed 401.
    everything = ok(
        commitments_list,
        client=staff,
        review_state=[models.CommitmentsListReviewStateItem("all")],
    )
    assert everything.count == Commitment.objects.count()
    assert (
        ok(
            follow_ups_list,
            client=staff,
            review_state=[models.FollowUpsListReviewStateItem("all")],
        ).count
        == FollowUp.objects.count()
    )
    wrong = ct.Client(base_url=served, httpx_args={"auth": ("curator", "wrong")})
    refused = commitments_list.sync_detailed(client=wrong)
    assert refused.status_code == 401
    assert type(refused.parsed).__name__ == "CommitmentsListResponse401"
    assert (
        ReviewState.EXTRACTED
        in {
            c.review_state.value
            for c in every_page(
                commitments_list, staff, review_state=[models.CommitmentsListReviewStateItem("all")]
            )
        }
        or Commitment.objects.filter(review_state=ReviewState.EXTRACTED).count() == 0
    )
