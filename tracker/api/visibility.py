"""Which review states an API client may see: the API's one visibility rule.

Anonymous clients see confirmed items only; staff see confirmed items by default and may ask
for others with `review_state` (several values, or `all`).
"""

from __future__ import annotations

from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request

from tracker.models import ReviewState

PARAM = "review_state"
ALL = "all"


def visible_states(request: Request) -> list[str]:
    requested = [
        value.strip()
        for raw in request.query_params.getlist(PARAM)
        for value in raw.split(",")
        if value.strip()
    ]
    if not requested:
        return [ReviewState.CONFIRMED]
    known = {*ReviewState.values, ALL}
    unknown = sorted(set(requested) - known)
    if unknown:
        raise ValidationError(
            {PARAM: [f"Unknown review state {', '.join(unknown)!s}; use one of {sorted(known)}."]}
        )
    states = list(ReviewState.values) if ALL in requested else sorted(set(requested))
    if states != [ReviewState.CONFIRMED] and not request.user.is_staff:
        raise PermissionDenied(f"Only staff may ask for {PARAM}={','.join(requested)}.")
    return states
