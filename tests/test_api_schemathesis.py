"""schemathesis's CLI against a live server: every check, positive and negative data, as an
anonymous client and as staff over HTTP Basic, on generated data with the odd rows imports
make (no publication date, unknown meeting dates, follow-ups without a URL).

This is what a third-party client does with the schema; any failure it reports fails the test
with schemathesis's own report (and a `curl` line to reproduce each).
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.throttling import UserRateThrottle

from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tracker.models import DatePrecision, ReviewState

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
PASSWORD = "curator-pw-123!"
# Per operation and phase: enough to reach every parameter and error path of 12 operations
# in about a minute per run on CI's two cores.
MAX_EXAMPLES = 5
# The coverage phase walks every boundary and enum value of every parameter (about 4,000
# requests, two minutes as staff, whose every request also checks a password). It runs once,
# anonymously; the staff run fuzzes (both modes) and follows links with more examples, which
# is where the answers differ (`review_state` shows items under review).
STAFF_PHASES = "--phases=fuzzing,stateful"
STAFF_MAX_EXAMPLES = 30

pytestmark = [pytest.mark.slow]


def odd_rows() -> None:
    """What imports leave that generated data has not: no publication date, an unknown
    meeting date, a date known to the month, a follow-up with neither article nor URL."""
    meeting = MeetingFactory(
        review_state=ReviewState.CONFIRMED, date=None, date_precision=DatePrecision.UNKNOWN
    )
    MeetingSourceFactory(meeting=meeting, article=ArticleFactory(published_on=None))
    ParticipantFactory(meeting=meeting, party=party("VN"))
    by_month = MeetingFactory(
        review_state=ReviewState.CONFIRMED,
        date=datetime.date(2022, 2, 1),
        date_precision=DatePrecision.MONTH,
    )
    commitment = CommitmentFactory(
        meeting=by_month, review_state=ReviewState.CONFIRMED, actors=["VN"], amount=None
    )
    FollowUpFactory(commitment=commitment, review_state=ReviewState.CONFIRMED, url="", score=-1)
    FollowUpFactory(commitment=None, review_state=ReviewState.CONFIRMED, party=None, date=None)


@pytest.fixture
def server(live_server, django_user_model, monkeypatch, settings):
    call_command("generate_data", meetings=20, commitments=150, seed=7, stdout=io.StringIO())
    odd_rows()
    # HTTP Basic checks the password on every request: PBKDF2's 10^6 rounds would make the
    # staff run about a third of a second per request.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("curator", "curator@example.org", PASSWORD)
    # The staff run sends a few thousand requests in a minute.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "100000/minute"})
    return live_server.url


def run_schemathesis(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{url}/api/schema/?format=json",
        "--checks=all",
        "--mode=all",
        f"--max-examples={MAX_EXAMPLES}",
        "--seed=2021",
        "--workers=1",
        "--generation-database=none",
        "--no-color",
        # Django's test server answers a kept-alive connection in two writes, and the
        # client's delayed ACK then stalls every request by ~40 ms (4 minutes a run).
        "--header=Connection: close",
        *extra,
    ]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("as_staff", [False, True], ids=["anonymous", "staff"])
def test_schemathesis_finds_no_failure(server, tmp_path, as_staff):
    extra = (
        ("--auth", f"curator:{PASSWORD}", STAFF_PHASES, f"--max-examples={STAFF_MAX_EXAMPLES}")
        if as_staff
        else ()
    )

    result = run_schemathesis(server, tmp_path, *extra)

    report = result.stdout + result.stderr
    generated = re.search(r"(\d+) generated", report)
    print(report[-1500:])  # the summary, for the record (pytest -s)
    assert result.returncode == 0, report[-20000:]
    assert generated and int(generated.group(1)) > (300 if as_staff else 3000), report[-3000:]
    assert "Selected: 12/12" in report and "Tested: 12" in report
