"""Throttles: anonymous clients meet the anonymous rate only; accounts meet the logged-in rate."""

import pytest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

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
