"""Writes that touch several rows or models: reviewing, merging and splitting meetings.

Each ends with `summary.refresh()`, so the commitment counts commit with the change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from tracker import summary
from tracker.models import (
    Article,
    Commitment,
    DatePrecision,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    ReviewState,
    sentence_key,
)

# Finer first: a merge keeps the more precise of two dates.
PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.MONTH: 1,
    DatePrecision.YEAR: 2,
    DatePrecision.UNKNOWN: 3,
}


@dataclass(frozen=True)
class Decision:
    """One item's review state before a decision, enough to undo it."""

    model: str
    pk: int
    state: str
    curated_at: str | None

    def as_dict(self) -> dict:
        return asdict(self)


REVIEWABLE = {"meeting": Meeting, "commitment": Commitment, "followup": FollowUp}


@transaction.atomic
def items_decide(*, items: Iterable[Model], state: str) -> list[Decision]:
    """Confirm or reject curated items (meetings, commitments, follow-ups).

    Saves row by row rather than with `update()` so that each change is recorded in the item's
    history, with the user of the request. Returns what each changed item was before, so the
    decision can be undone; rows already in `state` are left alone.
    """
    if state not in ReviewState.values:
        raise ValueError(f"Unknown review state: {state!r}")
    decisions: list[Decision] = []
    for item in items:
        if item.review_state == state:
            continue
        before = Decision(
            item._meta.model_name,
            item.pk,
            item.review_state,
            item.curated_at.isoformat() if item.curated_at else None,
        )
        item.review_state = state
        item.mark_curated()
        _save_review_state(item)
        decisions.append(before)
    _refresh_statuses(decisions)
    summary.refresh()
    return decisions


def items_set_review_state(*, items: Iterable[Model], state: str) -> int:
    """`items_decide`, counting the items that changed."""
    return len(items_decide(items=items, state=state))


@transaction.atomic
def decisions_undo(*, decisions: Iterable[Decision]) -> list[Model]:
    """Put items back in the review state they had before a decision; returns the items.

    An item deleted since is skipped; the undo itself is a change in each item's history.
    """
    restored: list[Model] = []
    for decision in decisions:
        model = REVIEWABLE[decision.model]
        item = model.objects.filter(pk=decision.pk).first()
        if item is None:
            continue
        item.review_state = decision.state
        item.curated_at = (
            datetime.datetime.fromisoformat(decision.curated_at) if decision.curated_at else None
        )
        _save_review_state(item)
        restored.append(item)
    _refresh_statuses(
        [Decision("followup", item.pk, "", None) for item in restored if isinstance(item, FollowUp)]
    )
    summary.refresh()
    return restored


def _save_review_state(item: Model) -> None:
    fields = ["review_state", "curated_at", "updated_at"]
    if hasattr(item, "version"):
        # The edit forms' optimistic lock: a form opened before this click is now stale
        # and refused, instead of writing the old review state back.
        stored = type(item).objects.select_for_update().filter(pk=item.pk)
        item.version = stored.values_list("version", flat=True).get() + 1
        fields.append("version")
    item.save(update_fields=fields)


def _refresh_statuses(decisions: list[Decision]) -> None:
    # A rejected follow-up no longer counts towards its commitment's status.
    follow_ups = [d.pk for d in decisions if d.model == "followup"]
    if not follow_ups:
        return
    commitments = FollowUp.objects.filter(pk__in=follow_ups, commitment__isnull=False)
    ids = commitments.values_list("commitment_id", flat=True)
    for commitment in Commitment.objects.filter(pk__in=list(ids)):
        commitment.refresh_status()


def commitments_history_create(*, commitments: list[Commitment]) -> None:
    """A first history record for commitments written in bulk (the import), links included,
    so that reverting can always go back to what the import found."""
    if not commitments:
        return
    records = Commitment.history.bulk_history_create(commitments)
    by_commitment = {record.id: record for record in records}
    for name in ("actors", "targets", "topics"):
        through = getattr(Commitment, name).through
        history_model = apps.get_model("tracker", f"HistoricalCommitment_{name}")
        other = "topic_id" if name == "topics" else "party_id"
        rows = through.objects.filter(commitment_id__in=list(by_commitment))
        history_model.objects.bulk_create(
            history_model(
                id=row.id,
                commitment_id=row.commitment_id,
                history=by_commitment[row.commitment_id],
                **{other: getattr(row, other)},
            )
            for row in rows
        )


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
    keys = {s.article_id: s.key for s in meeting.sources.all()}
    for meeting_source in sources:
        meeting_source.meeting = new
        meeting_source.save(update_fields=["meeting"])
    # An article that reported the meeting keeps reporting both halves: without a source the
    # new meeting has no article, and so never appears in the review queue.
    reported = set(keys)
    wanted = {s.article_id for s in sources} | ({c.article_id for c in commitments} & reported)
    _ensure_sources(new, wanted or reported, keys)
    staying = set(meeting.commitments.values_list("article_id", flat=True)) & reported
    _ensure_sources(meeting, staying, keys)
    meeting.mark_curated()
    meeting.save(update_fields=["curated_at", "updated_at"])
    summary.refresh()
    return new


def _ensure_sources(meeting: Meeting, article_ids: set[int], keys: dict[int, str]) -> None:
    have = set(meeting.sources.values_list("article_id", flat=True))
    for article_id in sorted(article_ids - have):
        # The key must be unique within the article: the old meeting's key, told apart.
        key = f"{keys.get(article_id, 'meeting')}~{meeting.pk}"[-100:]
        MeetingSource.objects.create(meeting=meeting, article_id=article_id, key=key)


@transaction.atomic
def commitment_add_from_sentence(
    *,
    article: Article,
    start: int,
    end: int,
    kind: str,
    meeting: Meeting | None,
    actors: Iterable[Party] = (),
    targets: Iterable[Party] = (),
) -> Commitment:
    """A commitment the import missed, from a sentence a curator marked in the article.

    A curator's own entry needs no second review: it is stored confirmed and curated.
    """
    sentence = article.text[start:end]
    if not sentence.strip() or start < 0 or end > len(article.text):
        raise MeetingEditError(gettext("Choose a sentence of the article."))
    key = sentence_key(sentence)
    if Commitment.objects.filter(article=article, sentence_key=key).exists():
        raise MeetingEditError(gettext("This sentence is already a commitment."))
    commitment = Commitment.objects.create(
        article=article,
        sentence=sentence,
        start=start,
        end=end,
        sentence_key=key,
        text=sentence.strip(),
        kind=kind,
        meeting=meeting,
        confidence=1.0,
        review_state=ReviewState.CONFIRMED,
        curated_at=timezone.now(),
    )
    commitment.actors.set(actors)
    commitment.targets.set(targets)
    summary.refresh()
    return commitment


@transaction.atomic
def meeting_add_from_lead(*, article: Article, start: int, end: int, kind: str) -> Meeting:
    """A meeting the import missed, titled by the stretch of the lead a curator selected.

    It waits in the review queue (its date, format and participants still to be filled in),
    marked curated so that a new import of the article leaves it alone.
    """
    title = " ".join(article.text[start:end].split()).strip(" ,.;:")
    if not title or start < 0 or end > len(article.text):
        raise MeetingEditError(gettext("Select the words that name the meeting."))
    meeting = Meeting.objects.create(
        title=title[:500], kind=kind, curated_at=timezone.now(), review_state=ReviewState.EXTRACTED
    )
    MeetingSource.objects.create(meeting=meeting, article=article, key=f"curator-{start}-{end}")
    return meeting
