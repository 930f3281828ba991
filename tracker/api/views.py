"""Read-only API endpoints: thin views over the querysets, filters and serializers."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.views.decorators.http import require_safe
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from tracker.api import filters, serializers
from tracker.api.csv_export import streaming_csv_response
from tracker.api.params import check_query_params, check_url_kwargs
from tracker.api.visibility import visible_states
from tracker.cache import data_version
from tracker.models import Article, Commitment, FollowUp, Meeting, Party, ReviewState
from tracker.querysets import GROUPINGS, SINGLE_VALUED, name_groups
from tracker.summary import summary_applies, summary_counts

CSV_CHUNK = 2000
REVIEW_STATE_PARAMETER = OpenApiParameter(
    "review_state",
    str,
    many=True,
    description="Staff only: extracted, confirmed, rejected or all (default: confirmed).",
)


# The page cache's key prefix for the request being served: the data version read once at
# its start, so an answer computed before a write is never stored under the newer version.
CACHE_PREFIX: ContextVar[str] = ContextVar("api_cache_prefix", default="api")


class RenderedPageCache(CacheMiddleware):
    """Django's page cache, storing a DRF answer as its rendered bytes and headers.

    A DRF Response pickles its `data` too, and unpickling the objects of a whole page cost
    most of a cache hit; the bytes are all a later request needs. Keys carry the data
    version, so a curator's decision shows on the next request.
    """

    key_prefix = property(lambda self: CACHE_PREFIX.get(), lambda self, value: None)

    def process_response(self, request, response):
        if (
            isinstance(response, Response)
            and response.status_code == 200
            and self._should_update_cache(request, response)
        ):
            response = rendered_copy(response)
        return super().process_response(request, response)


def rendered_copy(response: Response) -> HttpResponse:
    """The response as bytes and headers, with its ETag, so a cache hit need not hash it."""
    copy = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        copy[header] = value
    copy.cookies = response.cookies
    return set_response_etag(copy)


# No fixed timeout: the server keeps an answer as long as its max-age (0: not at all).
# Used from the views' `dispatch`, so it never calls a next handler itself.
PAGE_CACHE = RenderedPageCache(lambda request: None, page_timeout=None, key_prefix="api")


class CachedReadMixin:
    """Public answers are cached for API_CACHE_SECONDS, by clients and by the server.

    Anonymous clients only see confirmed items, which change when a curator confirms more:
    every write replaces the data version in the server's cache keys, so the server answers
    the next request afresh (a client's own cache may still reuse its copy). Staff
    answers (which may show items under review) are private and never cached. ETags come
    from ConditionalGetMiddleware; streamed CSV is neither cached nor tagged.
    """

    def dispatch(self, request, *args, **kwargs):
        # What `cache_page` does, with one cache object instead of a new one per request.
        CACHE_PREFIX.set(f"api-{data_version()}")
        cached = PAGE_CACHE.process_request(request)
        if cached is not None:
            return cached
        response = super().dispatch(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response.add_post_render_callback(
                lambda rendered: PAGE_CACHE.process_response(request, rendered)
            )
            return response
        return PAGE_CACHE.process_response(request, response)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query_params(request)
        check_url_kwargs(kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_vary_headers(response, ["Accept", "Cookie", "Authorization"])
            # The browsable API's HTML embeds the visitor's CSRF token: such a page is theirs
            # alone, so neither this server's cache nor a shared proxy may keep it.
            embeds_token = getattr(request, "accepted_renderer", None) is not None and (
                request.accepted_renderer.format == "api"
            )
            if request.user.is_authenticated or embeds_token:
                patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
            else:
                patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        return response


class CSVListMixin:
    """`?format=csv` or `Accept: text/csv` streams the whole filtered list, unpaginated."""

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        columns = list(serializer_class().fields)
        rows = self._serialized_rows(queryset, serializer_class)
        return streaming_csv_response(columns, rows, self.basename)

    def _serialized_rows(self, queryset, serializer_class):
        context = self.get_serializer_context()
        chunk: list = []
        for item in queryset.iterator(chunk_size=CSV_CHUNK):
            chunk.append(item)
            if len(chunk) == CSV_CHUNK:
                yield from serializer_class(chunk, many=True, context=context).data
                chunk = []
        if chunk:
            yield from serializer_class(chunk, many=True, context=context).data


class ReadOnlyViewSet(CachedReadMixin, CSVListMixin, viewsets.ReadOnlyModelViewSet):
    pass


class PartyViewSet(ReadOnlyViewSet):
    """States, organizations and groupings, with the aliases articles use for them."""

    queryset = Party.objects.all()
    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["code", "name_en", "name_vi", "kind"]
    ordering = ["code"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PartyDetailSerializer
        return serializers.PartySerializer

    def get_object(self):
        party = super().get_object()
        party.summary = party_summary(party, visible_states(self.request))
        return party


@extend_schema(parameters=[REVIEW_STATE_PARAMETER])
class ArticleViewSet(ReadOnlyViewSet):
    """Source articles of something visible (confirmed, for the public); the detail holds the
    full text that offsets refer to."""

    queryset = Article.objects.all()
    filterset_class = filters.ArticleFilter
    ordering_fields = ["id", "name", "published_on", "imported_at"]
    ordering = ["id"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def get_queryset(self):
        states = visible_states(self.request)
        queryset = super().get_queryset()
        if set(states) != set(ReviewState.values):
            queryset = queryset.sourcing(states)
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset


@extend_schema(parameters=[REVIEW_STATE_PARAMETER])
class MeetingViewSet(ReadOnlyViewSet):
    """Meetings with their participants, sources and number of visible commitments."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["id", "date", "title", "kind"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        states = visible_states(self.request)
        return Meeting.objects.filter(review_state__in=states).for_api(commitment_states=states)


@extend_schema(parameters=[REVIEW_STATE_PARAMETER])
class CommitmentViewSet(ReadOnlyViewSet):
    """Commitments, each tied to its source sentence; `as_of` replays statuses."""

    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    ordering_fields = [
        "id",
        "created_at",
        "updated_at",
        "meeting__date",
        "target_date",
        "amount",
        "confidence",
    ]
    ordering = ["id"]

    def get_queryset(self):
        states = visible_states(self.request)
        queryset = Commitment.objects.visible(states)
        if self.action == "retrieve":
            return queryset.with_assessment(follow_up_states=states).for_api()
        # The FilterSet adds `with_assessment` (it depends on `as_of`).
        return queryset.for_api()


@extend_schema(parameters=[REVIEW_STATE_PARAMETER])
class FollowUpViewSet(ReadOnlyViewSet):
    """Later evidence about commitments: status reported, compliance score, quoted source."""

    serializer_class = serializers.FollowUpSerializer
    filterset_class = filters.FollowUpFilter
    ordering_fields = ["id", "date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        states = visible_states(self.request)
        return (
            FollowUp.objects.filter(review_state__in=states)
            .filter(Q(commitment__isnull=True) | Q(commitment__review_state__in=states))
            .for_api()
        )


def party_summary(party: Party, states: list[str]) -> dict:
    commitments = Commitment.objects.filter(review_state__in=states)
    as_actor = commitments.filter(actors=party).with_assessment(follow_up_states=states)
    compliance = next(
        iter(as_actor.compliance_by_actor(follow_up_states=states, party=party.pk)), None
    )
    meetings = Meeting.objects.filter(review_state__in=states, participants__party=party)
    return {
        "meeting_count": meetings.distinct().count(),
        "recent_meetings": list(
            meetings.distinct()
            .order_by("-date", "-id")
            .values("id", "title", "kind", "date", "date_precision")[:20]
        ),
        "commitments_as_actor": as_actor.count(),
        "commitments_as_target": commitments.filter(targets=party).count(),
        "by_kind": {row["_kind"]: row["count"] for row in as_actor.count_by("kind")},
        "by_status": {row["_status"]: row["count"] for row in as_actor.count_by("status")},
        "compliance": compliance_row(compliance) if compliance else None,
    }


def compliance_row(row: dict) -> dict:
    return {
        "party": row["party__code"],
        "commitments": row["commitments"],
        "assessed": row["assessed"],
        "average_score": None if row["average_score"] is None else round(row["average_score"], 3),
        "fulfilled": row["fulfilled"],
        "fulfilled_share": round(row["fulfilled"] / row["commitments"], 3)
        if row["commitments"]
        else None,
    }


class CommitmentStatsMixin(CachedReadMixin):
    filterset_class = filters.CommitmentFilter
    pagination_class = None

    def get_queryset(self):
        return Commitment.objects.visible(visible_states(self.request))

    def filterset(self):
        filterset = self.filterset_class(
            self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset

    def filtered(self):
        """The commitments the list's filters select, and the `as_of` date if one was given."""
        filterset = self.filterset()
        return filterset.qs, filterset.form.cleaned_data.get("as_of")


def grouped_counts(filterset, dimensions: list[str], states: list[str]) -> tuple[list[dict], int]:
    """Group rows and the number of distinct commitments: from the summary table when the
    filters allow and it is current, from the commitments themselves otherwise."""
    queryset = filterset.qs
    summary = (
        summary_counts(dimensions, states, filterset.form.cleaned_data, using=queryset.db)
        if summary_applies(states)
        else None
    )
    if summary is not None:
        counted, total = summary
        groups = [
            {f"_{name}": value for name, value in zip(dimensions, row, strict=False)}
            | {"count": row[-1]}
            for row in counted
        ]
        return name_groups(groups, dimensions, using=queryset.db), total
    groups = queryset.count_by(*dimensions, meeting_states=states)
    if SINGLE_VALUED.issuperset(dimensions):
        return groups, sum(row["count"] for row in groups)
    return groups, queryset.count()


@extend_schema(
    parameters=[
        REVIEW_STATE_PARAMETER,
        OpenApiParameter(
            "group_by",
            str,
            many=True,
            required=True,
            enum=sorted(GROUPINGS),
            description="One or more of " + ", ".join(sorted(GROUPINGS)) + " (repeat or comma).",
        ),
    ],
    responses=inline_serializer(
        "CommitmentCounts",
        {
            "group_by": drf_serializers.ListField(child=drf_serializers.CharField()),
            "total": drf_serializers.IntegerField(),
            "results": drf_serializers.ListField(child=drf_serializers.DictField()),
        },
    ),
)
class CommitmentCountsView(CommitmentStatsMixin, generics.GenericAPIView):
    """Counts of commitments grouped by actor, target, topic, kind, status, year, meeting kind;
    the same filters as the commitment list apply (`as_of` included)."""

    def get(self, request, *args, **kwargs):
        dimensions = [
            value.strip()
            for raw in request.query_params.getlist("group_by")
            for value in raw.split(",")
            if value.strip()
        ]
        unknown = [d for d in dimensions if d not in GROUPINGS]
        if not dimensions or unknown:
            raise ValidationError(
                {"group_by": [f"Give one or more of {', '.join(sorted(GROUPINGS))}."]}
            )
        dimensions = list(dict.fromkeys(dimensions))
        filterset = self.filterset()
        groups, total = grouped_counts(filterset, dimensions, visible_states(request))
        rows = [
            {name: row[f"_{name}"] for name in dimensions} | {"count": row["count"]}
            for row in groups
        ]
        return Response({"group_by": dimensions, "total": total, "results": rows})


@extend_schema(
    parameters=[REVIEW_STATE_PARAMETER],
    responses=inline_serializer(
        "Compliance",
        {"results": drf_serializers.ListField(child=drf_serializers.DictField())},
    ),
)
class ComplianceView(CommitmentStatsMixin, generics.GenericAPIView):
    """Per actor party: commitments, assessed ones, average follow-up score (-1..1) and share
    fulfilled, as G7/G20 compliance reports publish them; `as_of` replays a past date."""

    def get(self, request, *args, **kwargs):
        queryset, as_of = self.filtered()
        rows = queryset.compliance_by_actor(
            as_of=as_of, follow_up_states=visible_states(self.request)
        )
        return Response({"results": [compliance_row(row) for row in rows]})


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Liveness probe; also the trivial view the API benchmark measures as its ceiling."""
    return JsonResponse({"status": "ok"})
