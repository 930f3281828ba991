"""Writes that touch several rows or models: reviewing, merging and splitting meetings."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model

from tracker.models import Commitment, FollowUp, ReviewState


@transaction.atomic
def items_set_review_state(*, items: Iterable[Model], state: str) -> int:
    """Confirm or reject curated items (meetings, commitments, follow-ups).

    Saves row by row rather than with `update()` so that each change is recorded in the item's
    history. Returns how many rows changed; rows already in `state` are left alone.
    """
    if state not in ReviewState.values:
        raise ValueError(f"Unknown review state: {state!r}")
    changed = 0
    commitments: set[int] = set()
    for item in items:
        if item.review_state == state:
            continue
        item.review_state = state
        item.mark_curated()
        item.save(update_fields=["review_state", "curated_at", "updated_at"])
        changed += 1
        if isinstance(item, FollowUp) and item.commitment_id:
            commitments.add(item.commitment_id)
    # A rejected follow-up no longer counts towards its commitment's status.
    for commitment in Commitment.objects.filter(pk__in=commitments):
        commitment.refresh_status()
    return changed
