"""Pages of API lists: by number (`page`), or by cursor (`cursor`) for deep pages.

A numbered page needs the number of matching rows; with the server cache on, the public's
counts are cached per normalized query under the data version (which a change of public data
replaces) and the day, so turning pages, or another page size, does not count the rows
again. A cursor page starts after the row its cursor names (keyset pagination): its cost
does not grow with its depth, where `page=2000` reads and skips 99,950 rows first.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Count, Q, QuerySet, Window
from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from tracker.api.visibility import visible_states
from tracker.cache import data_version
from tracker.models import ReviewState

# Parameters that choose a page or its format, not which rows match.
NOT_FILTERS = {"page", "page_size", "cursor", "format", "ordering"}
COUNT_SECONDS = 24 * 3600
# Fields a cursor may order by: never null, so "after this value" is defined alike everywhere.
CURSOR_FIELD_TYPES = (
    models.AutoField,
    models.BigAutoField,
    models.DateTimeField,
    models.IntegerField,
    models.FloatField,
)


class CountCachingPaginator(Paginator):
    """Django's paginator, taking the row count from the cache when a key is given."""

    def __init__(self, *args, count_key: str | None = None, **kwargs) -> None:
        self.count_key = count_key
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return super().count
        count = cache.get(self.count_key)
        if count is None:
            count = super().count
            cache.set(self.count_key, count, COUNT_SECONDS)
        return count


def count_key(request, view) -> str | None:
    """The cache key of a public list's row count; None with the server cache off, and for
    staff (who may see rows under review, which change without a new data version)."""
    if not settings.API_CACHE_SECONDS or visible_states(request) != [ReviewState.CONFIRMED]:
        return None
    filters = sorted(
        (name, sorted(values))
        for name, values in request.query_params.lists()
        if name not in NOT_FILTERS and any(values)
    )
    digest = hashlib.sha256(json.dumps([view.basename, filters]).encode()).hexdigest()
    # `overdue` depends on today's date.
    return f"api-count-{data_version()}-{timezone.localdate().isoformat()}-{digest}"


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Rows per page, 1 or more; at most 500 are sent (default 50)."
    max_page_size = 500
    cursor_query_param = "cursor"
    cursor_query_description = (
        "Start after the row this cursor names (keyset pagination, for deep pages: its cost "
        "does not grow with depth). Begin with `cursor=start`; each answer's `next` link "
        "carries the next cursor, and `previous` is null. Rows follow `ordering` (id by "
        "default; only orderings by fields that are never empty), ties broken by id; "
        "not with `page`."
    )

    def get_page_size(self, request) -> int:
        # DRF falls back to the default for `page_size=abc` or `0`; a client that asked for
        # something else should hear it was not understood.
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw:
            try:
                valid = int(raw) >= 1
            except ValueError:
                valid = False
            if not valid:
                raise ValidationError(
                    {self.page_size_query_param: ["Give a whole number, 1 or more."]}
                )
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        """A page of rows; for a view with `rows_by_ids`, the page's ids are found over the
        filtered queryset alone and the view reads what it shows of those rows (the joins
        and subqueries of its columns then cost nothing while counting and sorting)."""
        self.cursor_page = None
        self._count_key = count_key(request, view) if view is not None else None
        by_ids = getattr(view, "rows_by_ids", None)
        if request.query_params.get(self.cursor_query_param):
            return self._paginate_by_cursor(queryset, request, by_ids)
        if by_ids is None:
            return super().paginate_queryset(queryset, request, view)
        if (
            connections[queryset.db].vendor == "sqlite"
            and (self._count_key is None or cache.get(self._count_key) is None)
            and request.query_params.get(self.page_query_param, "1").isdigit()
        ):
            return by_ids(self._page_ids_by_window(queryset, request))
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        return by_ids(ids)

    def _page_ids_by_window(self, queryset: QuerySet, request) -> list:
        """The page's ids and the number of matching rows from one statement (`COUNT(*) OVER
        ()`): on SQLite, counting and then paging ran the filter twice (a wide filter: 91 ms
        against 32). Not on PostgreSQL, whose count reads an index alone and is cheaper."""
        self.request = request
        size = self.get_page_size(request)
        number = int(request.query_params.get(self.page_query_param, "1"))
        if number < 1:
            raise NotFound(self.invalid_page_message)
        offset = (number - 1) * size
        pairs = list(
            queryset.annotate(_total=Window(Count("*"))).values_list("pk", "_total")[
                offset : offset + size
            ]
        )
        if not pairs and number > 1:
            raise NotFound(self.invalid_page_message)
        ids = [pk for pk, _ in pairs]
        paginator = self.django_paginator_class(queryset, size)
        paginator.__dict__["count"] = pairs[0][1] if pairs else 0
        if self._count_key is not None:
            cache.set(self._count_key, paginator.count, COUNT_SECONDS)
        self.page = Page(ids, number, paginator)
        return ids

    def django_paginator_class(self, *args, **kwargs) -> CountCachingPaginator:
        return CountCachingPaginator(*args, count_key=self._count_key, **kwargs)

    def get_paginated_response(self, data) -> Response:
        if self.cursor_page is None:
            return super().get_paginated_response(data)
        count, next_cursor = self.cursor_page
        next_link = None
        if next_cursor is not None:
            url = self.request.build_absolute_uri()
            next_link = replace_query_param(url, self.cursor_query_param, next_cursor)
        return Response({"count": count, "next": next_link, "previous": None, "results": data})

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string"},
            },
        ]

    # --- cursor pages --------------------------------------------------------------------------

    def _paginate_by_cursor(self, queryset: QuerySet, request, by_ids) -> list:
        if request.query_params.get(self.page_query_param):
            raise ValidationError({self.cursor_query_param: ["Give either cursor or page."]})
        self.request = request
        terms = cursor_ordering(queryset)
        size = self.get_page_size(request)
        raw = request.query_params[self.cursor_query_param]
        ordered = queryset.order_by(*terms)
        if raw != "start":
            ordered = ordered.filter(after_cursor(terms, decode_cursor(raw, queryset, terms)))
        if by_ids is not None:
            ordered = ordered.values(*{term.lstrip("-") for term in terms})
        rows = list(ordered[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        paginator = self.django_paginator_class(queryset, size)
        next_cursor = encode_cursor(terms, rows[-1]) if more else None
        self.cursor_page = (paginator.count, next_cursor)
        return rows if by_ids is None else by_ids([row["id"] for row in rows])


def cursor_ordering(queryset: QuerySet) -> list[str]:
    """The queryset's ordering with id last (ties broken by id, in the last term's direction),
    refused when a term may be null or is not a field of the row itself."""
    terms = [str(term) for term in queryset.query.order_by] or ["pk"]
    terms = ["id" if term.lstrip("-") == "pk" else term for term in terms]
    terms = [term.replace("-pk", "-id") for term in terms]
    model = queryset.model
    for term in terms:
        name = term.lstrip("-")
        field = _own_field(model, name)
        if field is None or field.null or not isinstance(field, CURSOR_FIELD_TYPES):
            raise ValidationError(
                {
                    "cursor": [
                        f"Cursor pages cannot follow ordering by {name!r}, which may be empty."
                    ]
                }
            )
    if terms[-1].lstrip("-") != "id":
        terms.append("-id" if terms[-1].startswith("-") else "id")
    return terms


def _own_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # any unknown name, `meeting__date` included
        return None


def _key(row, name: str):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def encode_cursor(terms: list[str], row) -> str:
    values = []
    for term in terms:
        value = _key(row, term.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime.datetime) else value)
    payload = json.dumps({"o": terms, "v": values}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(raw: str, queryset: QuerySet, terms: list[str]) -> list:
    """The values a cursor holds, typed as its fields; 400 for anything but a cursor this
    list gave with this ordering."""
    invalid = ValidationError(
        {
            "cursor": [
                "Not a cursor of this list: use `cursor=start`, then the cursor of an answer's "
                "`next` link, with the same `ordering`."
            ]
        }
    )
    try:
        payload = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        stored_terms, values = payload["o"], payload["v"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise invalid from None
    if stored_terms != terms or not isinstance(values, list) or len(values) != len(terms):
        raise invalid
    typed = []
    for term, value in zip(terms, values, strict=True):
        field = queryset.model._meta.get_field(term.lstrip("-"))
        try:
            if isinstance(field, models.DateTimeField):
                parsed = datetime.datetime.fromisoformat(value)
            elif isinstance(field, models.FloatField):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise TypeError
                parsed = float(value)
            else:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise TypeError
                parsed = value
        except (ValueError, TypeError):
            raise invalid from None
        typed.append(parsed)
    return typed


def after_cursor(terms: list[str], values: list) -> Q:
    """Rows after the cursor's row in the order `terms`: for (a, id), a beyond its value, or
    a equal and id beyond."""
    condition = Q()
    equal = Q()
    for term, value in zip(terms, values, strict=True):
        name = term.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if term.startswith('-') else 'gt'}": value})
        condition |= equal & beyond
        equal &= Q(**{name: value})
    return condition
