"""Read-only API endpoints: thin views over the querysets, filters and serializers."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.views.decorators.http import require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from tracker.api import filters, serializers
from tracker.api.csv_export import (
    csv_file_response,
    csv_stream_response,
    public_csv_etag,
    serializer_columns,
)
from tracker.api.params import check_query_params, check_url_kwargs
from tracker.api.rows import commitment_serializer, commitment_values, represent, represent_all
from tracker.api.visibility import visible_states
from tracker.cache import data_version
from tracker.models import Article, Commitment, FollowUp, Meeting, Party, ReviewState
from tracker.querysets import GROUPINGS, SINGLE_VALUED, name_groups
from tracker.summary import summary_applies, summary_counts

CSV_CHUNK = 2000


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
    every write that changes public data replaces the data version in the server's cache keys
    (`tracker.cache`), so the server answers the next request afresh (a client's own cache may
    still reuse its copy); imports of unreviewed items keep the cached answers. Staff
    answers (which may show items under review) are private and never cached. ETags come
    from ConditionalGetMiddleware; a CSV export is not kept by the server, and carries its
    own ETag (`csv_response`).
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

    # Query parameters a view reads itself, by action ("get" for plain views), beside its
    # filters, pages, ordering and output format.
    own_query_params: dict[str, tuple[str, ...]] = {}

    def initial(self, request, *args, **kwargs):
        # Before authentication: an unsupported method is 405 for everyone, not 403 for an
        # anonymous client (CSRF or permissions) and 405 for staff.
        if getattr(self, request.method.lower(), None) is None:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        check_query_params(request, self.known_query_params())
        check_url_kwargs(kwargs)
        self._check_output_format(request)

    def known_query_params(self) -> set[str]:
        """Every query parameter this request's action takes; the schema documents the same."""
        action = getattr(self, "action", None) or "get"
        names = {"format", *self.own_query_params.get(action, ())}
        if action in ("list", "get"):
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                names.update(filterset_class.base_filters)
            if self.paginator is not None:
                names.update(
                    name
                    for name in (
                        self.paginator.page_query_param,
                        self.paginator.page_size_query_param,
                        getattr(self.paginator, "cursor_query_param", None),
                    )
                    if name
                )
            if any(issubclass(backend, OrderingFilter) for backend in self.filter_backends):
                names.add(OrderingFilter.ordering_param)
        return names

    def _check_output_format(self, request) -> None:
        """`format` names an output format, except where a list filters on its own `format`
        (meetings), whose FilterSet checks the value."""
        value = request.query_params.get("format")
        if not value or value in {renderer.format for renderer in self.get_renderers()}:
            return
        filterset_class = getattr(self, "filterset_class", None)
        action = getattr(self, "action", None) or "get"
        if action == "list" and filterset_class and "format" in filterset_class.base_filters:
            return
        raise ValidationError({"format": ["Use csv or json."]})

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
    """`?format=csv` or `Accept: text/csv` sends the whole filtered list, unpaginated."""

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        check_csv_paging(request, self.paginator)
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        columns = serializer_columns(serializer_class())
        rows = self._serialized_rows(queryset, serializer_class)
        return csv_response(request, columns, rows, self.basename)

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


def csv_response(request, columns: list[str], rows, filename: str) -> HttpResponse:
    """A list as CSV: streamed for the public, with an ETag from the public data's version;
    spooled and hashed for staff, who may see rows under review that no version counts."""
    if visible_states(request) == [ReviewState.CONFIRMED]:
        etag = public_csv_etag(request)
        if etag is not None:
            return csv_stream_response(columns, rows, filename, etag)
    return csv_file_response(columns, rows, filename)


def check_csv_paging(request, paginator) -> None:
    """A CSV export holds every row, but `page` and `page_size` must still be values the JSON
    list would take: a client's mistake is a 400 in either format."""
    if paginator is None:
        return
    paginator.get_page_size(request)
    page = request.query_params.get(paginator.page_query_param, "")
    if page and page not in paginator.last_page_strings and not (page.isdigit() and int(page) >= 1):
        raise ValidationError({paginator.page_query_param: ["Give a page number, 1 or more."]})


class ReadOnlyViewSet(CachedReadMixin, CSVListMixin, viewsets.ReadOnlyModelViewSet):
    # Any path segment reaches the view, so `/api/commitments/1.5/` is the API's JSON 404,
    # not Django's HTML page for an unmatched URL.
    lookup_value_regex = "[^/]+"


class PartyViewSet(ReadOnlyViewSet):
    """States, organizations and groupings, with the aliases articles use for them."""

    queryset = Party.objects.all()
    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    # The party page counts commitments and meetings, which staff may see under review.
    own_query_params = {"retrieve": ("review_state",)}
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


class ArticleViewSet(ReadOnlyViewSet):
    """Source articles of something visible (confirmed, for the public); the detail holds the
    full text that offsets refer to."""

    own_query_params = {"list": ("review_state",), "retrieve": ("review_state",)}

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


class MeetingViewSet(ReadOnlyViewSet):
    """Meetings with their participants, sources and number of visible commitments."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    own_query_params = {"list": ("review_state",), "retrieve": ("review_state",)}
    ordering_fields = ["id", "date", "title", "kind"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        states = visible_states(self.request)
        return Meeting.objects.filter(review_state__in=states).for_api(commitment_states=states)


class CommitmentViewSet(ReadOnlyViewSet):
    """Commitments, each tied to its source sentence; `as_of` replays statuses."""

    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    own_query_params = {"list": ("review_state",), "retrieve": ("review_state",)}
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

    filter_backends = [filters.FilterSetKeepingBackend, filters.StrictOrderingFilter]

    def rows_by_ids(self, ids: list[int]) -> list[dict]:
        """The rows of these commitments as the list shows them, in this order: their meeting
        as the client may see it, their status as the filters assess it (`as_of`)."""
        if not ids:
            return []
        states = visible_states(self.request)
        queryset = self.filterset.assessed(Commitment.objects.visible(states)).filter(pk__in=ids)
        rows = {row["id"]: row for row in commitment_values(queryset.order_by())}
        return [rows[i] for i in ids]

    def rows_of(self, queryset) -> QuerySet:
        """The filtered commitments with what the list shows of each, as `values()` rows."""
        return commitment_values(queryset.visible(visible_states(self.request)))

    def list(self, request, *args, **kwargs):
        """Rows straight from `values()` (see `tracker.api.rows`), paginated or as CSV."""
        filtered = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv":
            check_csv_paging(request, self.paginator)
            rows = self.rows_of(filtered)
            return csv_response(
                request,
                serializer_columns(commitment_serializer()),
                represent_all(rows.iterator(chunk_size=CSV_CHUNK), rows.db),
                self.basename,
            )
        page = self.paginate_queryset(filtered)
        return self.get_paginated_response(represent(page, filtered.db))

    def get_queryset(self):
        states = visible_states(self.request)
        if self.action == "retrieve":
            return (
                Commitment.objects.visible(states)
                .with_assessment(follow_up_states=states)
                .for_api()
            )
        # A list filters and pages plain rows; `rows_by_ids` adds what a page shows. (The
        # FilterSet adds `with_assessment`, which depends on `as_of`.)
        return Commitment.objects.filter(review_state__in=states)


class FollowUpViewSet(ReadOnlyViewSet):
    """Later evidence about commitments: status reported, compliance score, quoted source."""

    serializer_class = serializers.FollowUpSerializer
    filterset_class = filters.FollowUpFilter
    own_query_params = {"list": ("review_state",), "retrieve": ("review_state",)}
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
    filter_backends = [DjangoFilterBackend]
    # The schema documents the commitment filters here too, though this is no list view.
    documents_filters = True
    pagination_class = None
    own_query_params = {"get": ("review_state",)}

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
            "total": drf_serializers.IntegerField(
                help_text="Commitments selected, each counted once."
            ),
            "results": inline_serializer(
                "CommitmentCountRow",
                {
                    # Only the requested groupings appear in a row, beside `count`.
                    **{
                        name: field
                        for name, field in serializers.stats_grouping_fields().items()
                        if name in GROUPINGS
                    },
                    "count": drf_serializers.IntegerField(),
                },
                many=True,
            ),
        },
    ),
)
class CommitmentCountsView(CommitmentStatsMixin, generics.GenericAPIView):
    """Counts of commitments grouped by actor, target, topic, kind, status, year, meeting kind;
    the same filters as the commitment list apply (`as_of` included)."""

    own_query_params = {"get": ("review_state", "group_by")}

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

    def csv_columns(self, data: dict) -> list[str]:
        """The groupings asked for and `count`, even when no row matched."""
        return [*data["group_by"], "count"]


@extend_schema(
    responses=inline_serializer(
        "Compliance",
        {"results": serializers.ComplianceRowSerializer(many=True)},
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

    def csv_columns(self, data: dict) -> list[str]:
        return list(serializers.ComplianceRowSerializer().fields)


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Liveness probe; also the trivial view the API benchmark measures as its ceiling."""
    return JsonResponse({"status": "ok"})
