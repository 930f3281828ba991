"""API throttles: anonymous clients by address, logged-in clients by account.

Each request costs one atomic increment of a counter in the shared cache (Redis `INCR`, the
memory cache's locked increment) and one read, instead of DRF's read and rewrite of a list of
timestamps. Counters are per fixed window (the rate's period), and a request is weighed
against the current window's count plus the previous window's count scaled by how much of
that window still overlaps the last period: a sliding window, so a client cannot send twice
its rate across a window boundary, and a burst is not forgotten when the clock passes one.
"""

from __future__ import annotations

import time

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class CountingThrottleMixin:
    """`allow_request` of DRF's SimpleRateThrottle, counted by increments (see the module)."""

    timer = time.time

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window, elapsed = divmod(now, self.duration)
        current = self._increment(f"{key}_{int(window)}")
        previous = self.cache.get(f"{key}_{int(window) - 1}", 0)
        self._counts = (previous, current, elapsed / self.duration)
        return previous * (1 - elapsed / self.duration) + current <= self.num_requests

    def _increment(self, key: str) -> int:
        """The window's count after this request; a new window's counter is added once and
        kept through the next window, which weighs it."""
        try:
            return self.cache.incr(key)
        except ValueError:
            if self.cache.add(key, 1, 2 * self.duration + 1):
                return 1
            return self.cache.incr(key)

    def wait(self) -> float:
        """Seconds until a request would be allowed again."""
        previous, current, elapsed = self._counts
        limit = self.num_requests
        if current + 1 <= limit:
            # Allowed once enough of the previous window has slid out of the period.
            needed = 1 - (limit - current - 1) / previous if previous else 0
            return max(needed - elapsed, 0) * self.duration
        # Not before the next window, where this window's count is the previous one.
        needed = 1 - (limit - 1) / current if current else 0
        return (1 - elapsed + max(needed, 0)) * self.duration


class AnonymousRateThrottle(CountingThrottleMixin, AnonRateThrottle):
    """Anonymous clients, by address, at `DJANGO_API_ANON_RATE`."""


class LoggedInRateThrottle(CountingThrottleMixin, UserRateThrottle):
    """Accounts at `DJANGO_API_USER_RATE`.

    DRF's `UserRateThrottle` also counts anonymous clients, by address, at the logged-in
    rate: an anonymous client then met two limits, and lifting `DJANGO_API_ANON_RATE` alone
    still throttled it. Anonymous clients have `AnonymousRateThrottle`; this one counts
    accounts."""

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
