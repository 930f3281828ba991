"""Writes that touch several rows or models: reviewing, merging and splitting meetings.

Each ends with `summary.refresh()`, so the commitment counts commit with the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from tracker import summary
from tracker.models import (
    Commitment,
    DatePrecision,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    ReviewState,
)

# Finer first: a merge keeps the more precise of two dates.
PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.MONTH: 1,
    DatePrecision.YEAR: 2,
    DatePrecision.UNKNOWN: 3,
}


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
        fields = ["review_state", "curated_at", "updated_at"]
        if hasattr(item, "version"):
            # The edit forms' optimistic lock: a form opened before this click is now stale
            # and refused, instead of writing the old review state back.
            stored = type(item).objects.select_for_update().filter(pk=item.pk)
            item.version = stored.values_list("version", flat=True).get() + 1
            fields.append("version")
        item.save(update_fields=fields)
        changed += 1
        if isinstance(item, FollowUp) and item.commitment_id:
            commitments.add(item.commitment_id)
    # A rejected follow-up no longer counts towards its commitment's status.
    for commitment in Commitment.objects.filter(pk__in=commitments):
        commitment.refresh_status()
    summary.refresh()
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


class MeetingEditError(ValueError):
    """A merge or split that would lose or mix up data; nothing was changed."""


@transaction.atomic
def meeting_merge(*, target: Meeting, source: Meeting) -> Meeting:
    """Fold `source` into `target`, the same event reported twice, and delete `source`.

    Commitments, participants and reporting articles move to `target`; a participant both list
    is kept once, with the details either had. `target` keeps its own title and kind, and takes
    from `source` what it lacks: a more precise date, the format, the location.
    """
    if target.pk == source.pk:
        raise MeetingEditError(gettext("A meeting cannot be merged into itself."))
    now = timezone.now()
    for commitment in source.commitments.all():
        commitment.meeting = target
        commitment.curated_at = now
        commitment.save(update_fields=["meeting", "curated_at", "updated_at"])
    existing = {(p.party_id, p.person_name): p for p in target.participants.all()}
    for participant in source.participants.all():
        twin = existing.get((participant.party_id, participant.person_name))
        if twin is None:
            participant.meeting = target
            participant.curated_at = now
            participant.save(update_fields=["meeting", "curated_at"])
            continue
        twin.title = twin.title or participant.title
        if twin.role == Participant.Role.ATTENDEE:
            twin.role = participant.role
        twin.curated_at = now
        twin.save(update_fields=["title", "role", "curated_at"])
        participant.delete()
    reported_in = set(target.sources.values_list("article_id", flat=True))
    for meeting_source in source.sources.all():
        if meeting_source.article_id in reported_in:
            # The article already reports `target` under another key (one source per article).
            meeting_source.delete()
            continue
        meeting_source.meeting = target
        meeting_source.save(update_fields=["meeting"])
    if PRECISION_RANK[source.date_precision] < PRECISION_RANK[target.date_precision]:
        target.date, target.date_precision = source.date, source.date_precision
    if target.format == Meeting.Format.UNKNOWN:
        target.format = source.format
    target.location = target.location or source.location
    if ReviewState.CONFIRMED in (target.review_state, source.review_state):
        target.review_state = ReviewState.CONFIRMED
    target.mark_curated()
    target.save()
    source.delete()
    summary.refresh()
    return target


@transaction.atomic
def meeting_split(
    *,
    meeting: Meeting,
    title: str = "",
    commitments: Iterable[Commitment] = (),
    move_participants: Iterable[Participant] = (),
    copy_participants: Iterable[Participant] = (),
    sources: Iterable[MeetingSource] = (),
) -> Meeting:
    """Move part of a wrongly merged meeting to a new meeting, and return the new one.

    The new meeting starts as a copy of the old one's details under `title`; the given
    commitments, participants and reporting articles move to it, and `copy_participants`
    attend both.
    """
    commitments, sources = list(commitments), list(sources)
    move_participants, copy_participants = list(move_participants), list(copy_participants)
    belonging = [*commitments, *move_participants, *copy_participants, *sources]
    if not belonging:
        raise MeetingEditError(
            gettext("Choose at least one commitment, participant or source to move.")
        )
    if any(item.meeting_id != meeting.pk for item in belonging):
        raise MeetingEditError(gettext("Only this meeting's own items can be split off."))
    if {p.pk for p in move_participants} & {p.pk for p in copy_participants}:
        raise MeetingEditError(gettext("A participant either moves or attends both, not both."))
    now = timezone.now()
    new = Meeting.objects.create(
        title=title or meeting.title,
        kind=meeting.kind,
        date=meeting.date,
        date_precision=meeting.date_precision,
        format=meeting.format,
        location=meeting.location,
        review_state=meeting.review_state,
        curated_at=now,
    )
    for commitment in commitments:
        commitment.meeting = new
        commitment.curated_at = now
        commitment.save(update_fields=["meeting", "curated_at", "updated_at"])
    for participant in move_participants:
        participant.meeting = new
        participant.curated_at = now
        participant.save(update_fields=["meeting", "curated_at"])
    for participant in copy_participants:
        Participant.objects.create(
            meeting=new,
            party_id=participant.party_id,
            person_name=participant.person_name,
            title=participant.title,
            role=participant.role,
            curated_at=now,
        )
    for meeting_source in sources:
        meeting_source.meeting = new
        meeting_source.save(update_fields=["meeting"])
    meeting.mark_curated()
    meeting.save(update_fields=["curated_at", "updated_at"])
    summary.refresh()
    return new
