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
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from tracker.api.visibility import visible_states
from tracker.cache import data_version
from tracker.models import ReviewState

# Parameters that choose a page or its format, not which rows match.
NOT_FILTERS = {"page", "page_size", "cursor", "format", "ordering"}
COUNT_SECONDS = 24 * 3600


class CountCachingPaginator(Paginator):
    """Django's paginator, taking the row count from the cache when a key is given."""

    def __init__(
        self, *args, count_key: str | None = None, count_source: QuerySet | None = None, **kwargs
    ) -> None:
        self.count_key = count_key
        self.count_source = count_source
        super().__init__(*args, **kwargs)

    def _counted(self) -> int:
        """The rows' number, counted over `count_source` when given: the same rows without
        the columns (and their joins) that a page shows."""
        return super().count if self.count_source is None else self.count_source.count()

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return self._counted()
        count = cache.get(self.count_key)
        if count is None:
            count = self._counted()
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
        "Keyset pagination, for deep pages (its cost does not grow with depth): begin with "
        "`cursor=start`; each answer's `next` link carries the next cursor (`previous` is "
        "null). Rows follow `ordering` (id by default), empty values last, ties broken by "
        "id; `page` is ignored. A cursor from another list or ordering answers 400."
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
        """A page of rows. For a view with `rows_by_ids` and `rows_of`, rows are counted over
        the filtered queryset alone, without the columns a page shows (their joins and
        subqueries cost nothing while counting), and on SQLite the page's ids are found with
        the count and its columns read by id."""
        self.cursor_page = None
        self._count_source = None
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
        # PostgreSQL: the count over the filtered rows, the page with its columns at once.
        self._count_source = queryset
        return super().paginate_queryset(view.rows_of(queryset), request, view)

    def _page_ids_by_window(self, queryset: QuerySet, request) -> list:
        """The page's ids and the number of matching rows from one statement (`COUNT(*) OVER
        ()`): on SQLite, counting and then paging ran the filter twice (a wide filter: 91 ms
        against 32). Not on PostgreSQL, whose count reads an index alone and is cheaper."""
        self.request = request
        size = self.get_page_size(request)
        number = int(request.query_params.get(self.page_query_param, "1"))
        offset = (number - 1) * size
        # Past any table's end (and past what SQLite's integers hold).
        if number < 1 or offset >= 2**62:
            raise NotFound(self.invalid_page_message)
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
        return CountCachingPaginator(
            *args,
            count_key=self._count_key,
            count_source=getattr(self, "_count_source", None),
            **kwargs,
        )

    def get_paginated_response(self, data) -> Response:
        if self.cursor_page is None:
            return super().get_paginated_response(data)
        count, next_cursor = self.cursor_page
        next_link = None
        if next_cursor is not None:
            url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
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
                # What a client sends of itself; later cursors come in `next` links.
                "schema": {"type": "string", "enum": ["start"]},
            },
        ]

    # --- cursor pages --------------------------------------------------------------------------

    def _paginate_by_cursor(self, queryset: QuerySet, request, by_ids) -> list:
        """Rows after the cursor's row, in the list's ordering (empty values last, ties by
        id); `page` has no meaning here and is ignored."""
        self.request = request
        terms = cursor_ordering(queryset)
        size = self.get_page_size(request)
        raw = request.query_params[self.cursor_query_param]
        ordered = queryset.order_by(*(ordering_expression(term) for term in terms))
        if raw != "start":
            ordered = ordered.filter(after_cursor(terms, decode_cursor(raw, queryset, terms)))
        names = [term.lstrip("-") for term in terms]
        keys = list(ordered.values_list(*names)[: size + 1])
        more = len(keys) > size
        keys = keys[:size]
        paginator = self.django_paginator_class(queryset, size)
        self.cursor_page = (paginator.count, encode_cursor(terms, keys[-1]) if more else None)
        ids = [key[names.index("id")] for key in keys]
        if by_ids is not None:
            return by_ids(ids)
        rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
        return [rows[pk] for pk in ids]


def cursor_ordering(queryset: QuerySet) -> list[str]:
    """The queryset's ordering with id last (ties broken by id, in the last term's direction)."""
    terms = [str(term) for term in queryset.query.order_by] or ["id"]
    terms = [("-" if term.startswith("-") else "") + _id_name(term.lstrip("-")) for term in terms]
    if terms[-1].lstrip("-") != "id":
        terms.append("-id" if terms[-1].startswith("-") else "id")
    return terms


def _id_name(name: str) -> str:
    return "id" if name == "pk" else name


def ordering_expression(term: str) -> OrderBy:
    """A cursor's order: as the term says, empty values last whatever the database does."""
    expression = F(term.lstrip("-"))
    return (
        expression.desc(nulls_last=True)
        if term.startswith("-")
        else expression.asc(nulls_last=True)
    )


def _field(model, path: str) -> models.Field:
    """The model field a `__` path names (`meeting__date`)."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _nullable(model, path: str) -> bool:
    if "__" in path:
        # Through a relation, a row may have none.
        return True
    return _field(model, path).null


def encode_cursor(terms: list[str], key: tuple) -> str:
    values = [
        value.isoformat()
        if isinstance(value, datetime.date)
        else str(value)
        if isinstance(value, Decimal)
        else value
        for value in key
    ]
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
    try:
        return [
            _typed(queryset.model, term.lstrip("-"), value)
            for term, value in zip(terms, values, strict=True)
        ]
    except (ValueError, TypeError, ArithmeticError):
        raise invalid from None


def _typed(model, path: str, value):
    """A cursor's JSON value as the field's type (TypeError or ValueError if it is not one)."""
    if value is None:
        if not _nullable(model, path):
            raise TypeError("empty")
        return None
    field = _field(model, path)
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.DecimalField):
        if not isinstance(value, str):
            raise TypeError("not a decimal")
        return Decimal(value)
    expected = (
        (int,)
        if isinstance(field, models.IntegerField | models.AutoField)
        else (int, float)
        if isinstance(field, models.FloatField)
        else (str,)
    )
    if isinstance(value, bool) or not isinstance(value, expected):
        raise TypeError("not the field's type")
    return value


def after_cursor(terms: list[str], values: list) -> Q:
    """Rows after the cursor's row in the order `terms` (empty values last): for (a, id), a
    beyond its value (an empty a is beyond any value), or a equal and id beyond."""
    condition = Q()
    equal = Q()
    for term, value in zip(terms, values, strict=True):
        name = term.lstrip("-")
        if value is None:
            beyond = Q(pk__in=[])
            same = Q(**{f"{name}__isnull": True})
        else:
            beyond = Q(**{f"{name}__{'lt' if term.startswith('-') else 'gt'}": value})
            beyond |= Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        condition |= equal & beyond
        equal &= same
    return condition
