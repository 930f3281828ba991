"""Chainable reads for the domain models (`Commitment.objects.confirmed().by_actor("JP")`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Prefetch, Q


class PartyQuerySet(models.QuerySet):
    def by_code(self, *codes: str) -> PartyQuerySet:
        return self.filter(code__in=[code.upper() for code in codes])


class ArticleQuerySet(models.QuerySet):
    pass


class MeetingQuerySet(models.QuerySet):
    def confirmed(self) -> MeetingQuerySet:
        return self.filter(review_state="confirmed")

    def with_party(self, *codes: str) -> MeetingQuerySet:
        return self.filter(participants__party__code__in=codes).distinct()

    def for_api(self, commitment_states: list[str] | None = None) -> MeetingQuerySet:
        """Prefetch what the API shows; count only commitments in `commitment_states`."""
        from tracker.models import Participant

        counted = Q(commitments__review_state__in=commitment_states) if commitment_states else Q()
        return self.annotate(
            commitment_count=Count("commitments", filter=counted, distinct=True)
        ).prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("party").order_by(
                    "party__code", "person_name"
                ),
            ),
            "sources__article",
        )


class CommitmentQuerySet(models.QuerySet):
    def confirmed(self) -> CommitmentQuerySet:
        return self.filter(review_state="confirmed")

    def awaiting_review(self) -> CommitmentQuerySet:
        return self.filter(review_state="extracted")

    def by_actor(self, *codes: str) -> CommitmentQuerySet:
        return self.filter(actors__code__in=codes).distinct()

    def by_target(self, *codes: str) -> CommitmentQuerySet:
        return self.filter(targets__code__in=codes).distinct()

    def for_api(self) -> CommitmentQuerySet:
        return self.select_related("article", "meeting").prefetch_related(
            Prefetch("actors", to_attr="actor_list"),
            Prefetch("targets", to_attr="target_list"),
            Prefetch("topics", to_attr="topic_list"),
        )


class FollowUpQuerySet(models.QuerySet):
    def for_api(self) -> FollowUpQuerySet:
        return self.select_related("commitment", "party", "article")
