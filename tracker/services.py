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


# Curators review and edit everything the importer produces, but manage neither users nor the
# reference catalog's existence; viewers only look.
CURATOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "article": ("view", "add", "change"),
    "meeting": ("view", "add", "change", "delete"),
    "meetingsource": ("view", "add", "change", "delete"),
    "participant": ("view", "add", "change", "delete"),
    "commitment": ("view", "add", "change"),
    "followup": ("view", "add", "change", "delete"),
    "party": ("view", "add", "change"),
    "partyalias": ("view", "add", "change", "delete"),
    "topic": ("view", "add", "change"),
}
VIEWER_PERMISSIONS: dict[str, tuple[str, ...]] = {model: ("view",) for model in CURATOR_PERMISSIONS}
ROLES = {"Curator": CURATOR_PERMISSIONS, "Viewer": VIEWER_PERMISSIONS}


def roles_sync(*, group_model: type[Model], permission_model: type[Model]) -> None:
    """Create the Curator and Viewer groups with exactly their permissions on tracker models.

    Takes the model classes so that a data migration can pass its historical ones.
    """
    for name, grants in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        codenames = [f"{action}_{model}" for model, actions in grants.items() for action in actions]
        permissions = permission_model.objects.filter(
            content_type__app_label="tracker", codename__in=codenames
        )
        group.permissions.set(permissions)
