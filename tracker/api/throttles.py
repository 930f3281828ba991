"""API throttles: anonymous clients by address, logged-in clients by account."""

from rest_framework.throttling import UserRateThrottle


class LoggedInRateThrottle(UserRateThrottle):
    """DRF's `UserRateThrottle` also counts anonymous clients, by address, at the logged-in
    rate: an anonymous client then met two limits, and lifting `DJANGO_API_ANON_RATE` alone
    still throttled it. Anonymous clients have `AnonRateThrottle`; this one counts accounts."""

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
