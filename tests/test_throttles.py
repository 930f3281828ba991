"""Throttles: anonymous clients meet the anonymous rate only; accounts meet the logged-in rate."""

import pickle
from collections import Counter
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tracker.api.throttles import CountingThrottleMixin
from tracker.cache import FolderCache

RATES = {"anon": "1000/minute", "user": "2/minute"}


@pytest.fixture
def rates(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", RATES)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", RATES)


@pytest.mark.django_db
def test_anonymous_clients_are_not_counted_at_the_logged_in_rate(client, rates):
    codes = [client.get("/api/parties/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 200]


@pytest.mark.django_db
def test_logged_in_clients_are_throttled_at_their_own_rate(staff_client, rates):
    codes = [staff_client.get("/api/parties/").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, set by the test: [seconds since the epoch]."""
    now = [6000.0]
    monkeypatch.setattr(CountingThrottleMixin, "timer", lambda self: now[0])
    return now


@pytest.mark.django_db
def test_a_request_costs_one_increment_and_no_rewrite(client, rates, monkeypatch):
    calls = Counter()
    backend = type(cache._connections[cache._alias])
    for name in ("get", "set", "add", "incr"):
        original = getattr(backend, name)
        monkeypatch.setattr(
            backend,
            name,
            lambda *args, _name=name, _original=original, **kwargs: (
                calls.update([_name]),
                _original(*args, **kwargs),
            )[1],
        )
    client.get("/api/parties/")
    calls.clear()

    client.get("/api/parties/")

    throttle = {name: count for name, count in calls.items() if name in ("set", "add", "incr")}
    assert throttle == {"incr": 1}


@pytest.mark.django_db
def test_a_burst_counts_across_a_window_boundary(client, clock, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    clock[0] = 6059.0
    early = [client.get("/api/parties/").status_code for _ in range(3)]
    clock[0] = 6061.0  # a new window: the last one's three requests still weigh
    refused = client.get("/api/parties/")
    clock[0] = 6100.0  # two thirds of the last window have slid out: 3 * 1/3 + 1 + 1 <= 3
    again = client.get("/api/parties/").status_code

    assert early == [200, 200, 200]
    assert refused.status_code == 429
    # 3 * (1 - t/60) + 1 (refused) + 1 <= 3 from t = 40 s into the window, 39 s after 6061.
    assert refused["Retry-After"] == "39"
    assert again == 200


@pytest.mark.django_db
def test_a_client_over_its_rate_waits_for_the_next_window(client, clock, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    clock[0] = 6030.0
    codes = [client.get("/api/parties/").status_code for _ in range(3)]
    refused = client.get("/api/parties/")

    assert codes == [200, 200, 429]
    # This window holds 4: the next, where they weigh 4 * (1 - g) + 1 <= 2 from g = 3/4,
    # starts in 30 s; then 45 s more.
    assert refused["Retry-After"] == "75"


def test_the_folder_cache_keeps_an_expiry_through_increments(tmp_path):
    folder = FolderCache(str(tmp_path), {})
    folder.add("count", 1, 120)
    expiry = pickle.loads(Path(folder._key_to_file("count")).read_bytes())

    assert folder.incr("count") == 2
    assert folder.incr("count", 3) == 5
    assert folder.get("count") == 5
    assert pickle.loads(Path(folder._key_to_file("count")).read_bytes()) == expiry
    with pytest.raises(ValueError):
        folder.incr("missing")
