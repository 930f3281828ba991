"""Read-only API endpoints. Every list is paginated and its query count is fixed."""

from __future__ import annotations

from django.db.models import Q
from rest_framework import viewsets

from tracker.api import serializers
from tracker.api.visibility import visible_states
from tracker.models import Article, Commitment, FollowUp, Meeting, Party


class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Party.objects.all()
    serializer_class = serializers.PartySerializer
    lookup_field = "code"
    ordering_fields = ["code", "name_en", "name_vi", "kind"]
    ordering = ["code"]


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Article.objects.all()
    ordering_fields = ["id", "name", "published_on", "imported_at"]
    ordering = ["id"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MeetingSerializer
    ordering_fields = ["id", "date", "title", "kind"]
    ordering = ["-date", "id"]

    def get_queryset(self):
        states = visible_states(self.request)
        return Meeting.objects.filter(review_state__in=states).for_api(commitment_states=states)


class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CommitmentSerializer
    ordering_fields = ["id", "created_at", "updated_at", "meeting__date", "target_date", "amount"]
    ordering = ["id"]

    def get_queryset(self):
        return Commitment.objects.filter(review_state__in=visible_states(self.request)).for_api()


class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.FollowUpSerializer
    ordering_fields = ["id", "date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        states = visible_states(self.request)
        return (
            FollowUp.objects.filter(review_state__in=states)
            .filter(Q(commitment__isnull=True) | Q(commitment__review_state__in=states))
            .for_api()
        )
