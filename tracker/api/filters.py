"""FilterSets of the read API. Several values of one filter are OR-ed: `actor=JP&actor=KR`."""

from __future__ import annotations

import copy

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from tracker.api.visibility import visible_states
from tracker.models import (
    Article,
    Commitment,
    FollowUp,
    Meeting,
    Participant,
    Party,
    Status,
    Topic,
)
from tracker.querysets import meeting_visible


class AnyCaseCodeField(forms.ModelMultipleChoiceField):
    """Codes (or slugs) in any case: `jp` finds JP, `Health` finds health.

    The catalog writes party codes in upper case and topic slugs in lower case; a value in
    another case is looked up in that case too, in the same single query.
    """

    def __init__(self, *args, normalize=str.upper, **kwargs) -> None:
        self.normalize = normalize
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        try:
            value = frozenset(value)
        except TypeError:
            raise forms.ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        candidates = value | {self.normalize(str(v)) for v in value}
        found = {
            str(getattr(o, key)): o for o in self.queryset.filter(**{f"{key}__in": candidates})
        }
        chosen = []
        for v in value:
            match = found.get(str(v)) or found.get(self.normalize(str(v)))
            if match is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": v},
                )
            chosen.append(match)
        return chosen


@extend_schema_field(OpenApiTypes.STR)
class CodeMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    """Several party codes or topic slugs, in any case."""

    field_class = AnyCaseCodeField


@extend_schema_field(OpenApiTypes.STR)
class RelatedInFilter(filters.ModelMultipleChoiceFilter):
    """Rows related to any of the chosen objects, through `pk IN (subquery)`.

    A join would need DISTINCT over every selected column, which makes counting a large
    filtered list slow; the subquery keeps one row per object and uses the link table's index.
    Codes and slugs are accepted in any case.
    """

    field_class = AnyCaseCodeField

    def __init__(self, *args, link: tuple[type, str, str], **kwargs) -> None:
        self.link = link
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        model, owner, related = self.link
        linked = model.objects.filter(**{f"{related}__in": value}).values(owner)
        return qs.filter(pk__in=linked)


def party_filter(link: tuple[type, str, str], help_text: str) -> RelatedInFilter:
    return RelatedInFilter(
        to_field_name="code", queryset=Party.objects.all(), link=link, help_text=help_text
    )


ACTOR_LINK = (Commitment.actors.through, "commitment_id", "party")
TARGET_LINK = (Commitment.targets.through, "commitment_id", "party")
TOPIC_LINK = (Commitment.topics.through, "commitment_id", "topic")
PARTICIPANT_LINK = (Participant, "meeting_id", "party")


RENDERER_FORMATS = {"json", "csv", "api"}


class FilterSet(filters.FilterSet):
    """A FilterSet that builds its form class once and copies its filters shallowly.

    django-filter deep-copies every filter and builds a new form class, with new fields, for
    each request: several milliseconds of a list request. Here no filter keeps state per
    request beyond its `parent` and `model` (none takes its queryset from the request), and
    Django copies a form class's fields into each form it makes.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, states=None) -> None:
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = without_empty_values(data) if data else QueryDict()
        self.queryset = queryset
        self.request = request
        # The review states a caller without a request (the dashboard) shows.
        self.states = states
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            filter_ = self.filters[name] = copy.copy(base)
            if base.method is not None:
                # Binds a new method proxy to this copy (it finds the method on `parent`).
                filter_.method = base.method
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self) -> type[forms.Form]:
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class


class SharedFields(dict):
    """A form class's fields, which each form copies shallowly instead of deeply.

    Django deep-copies every field (and a model choice field's queryset) into each form, 2.5
    ms of a list request here. These fields keep no state per form: cleaning reads them, and
    their querysets are filtered anew, never evaluated in place.
    """

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


def without_empty_values(data: QueryDict) -> QueryDict:
    """The query without empty values: `actor=` is no filter, as `date_from=` already was (an
    HTML form, the browsable API's included, sends every field)."""
    if not any(value == "" for values in data.lists() for value in values[1]):
        return data
    cleaned = QueryDict(mutable=True)
    for name, values in data.lists():
        kept = [value for value in values if value != ""]
        if kept:
            cleaned.setlist(name, kept)
    return cleaned


class StrictOrderingFilter(OrderingFilter):
    """`ordering` is a comma list of the fields a view sorts by (`-` reverses one); any other
    term answers 400, where DRF dropped it and sorted by the default without a word."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            return self.get_default_ordering(view)
        terms = raw.split(",")
        valid = ordering_fields(self, queryset, view, request)
        invalid = [term for term in terms if term.removeprefix("-") not in valid]
        if invalid:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(map(repr, invalid))}; use "
                        f"{', '.join(valid)} (comma-separated, - before one reverses it)."
                    ]
                }
            )
        return terms


def ordering_fields(backend: OrderingFilter, queryset, view, request=None) -> list[str]:
    return [item[0] for item in backend.get_valid_fields(queryset, view, {"request": request})]


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0, yes/no); anything else is an error rather than silently ignored."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in {"true", "1", "yes"}:
            return True
        if text in {"false", "0", "no"}:
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")

    def validate(self, value) -> None:
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class IdListField(forms.Field):
    """Ids as repeated parameters or a comma list; checked before they reach the database."""

    widget = forms.SelectMultiple
    LARGEST = 2**63 - 1

    def to_python(self, value) -> list[int]:
        ids = []
        for raw in value or []:
            for part in str(raw).split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isdigit() or not 0 < int(part) <= self.LARGEST:
                    # The value goes in as a parameter: django-filter %-formats the message, so
                    # a raw "%" in it would raise instead of answering 400.
                    raise forms.ValidationError(
                        "%(value)s is not an id.", code="invalid", params={"value": repr(part)}
                    )
                ids.append(int(part))
        return ids


@extend_schema_field(
    {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": IdListField.LARGEST}}
)
class IdListFilter(filters.Filter):
    field_class = IdListField

    def filter(self, qs: QuerySet, value: list[int]) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(filters.NumberFilter):
    """A whole year that a date can have (1..9999); anything else answers 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def client_states(filterset: filters.FilterSet) -> list[str] | None:
    """The review states the request may see, or those the caller gave without a request;
    None when neither (no rule to apply)."""
    if filterset.request is not None:
        return visible_states(filterset.request)
    return getattr(filterset, "states", None)


class ShownMeetingMixin:
    """A filter on a commitment's meeting (id, kind, date) matches only meetings the client
    may see: otherwise the answers would reveal an unreviewed meeting's kind and date."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        filtered = super().filter(qs, value)
        states = client_states(self.parent)
        if filtered is qs or states is None:
            return filtered
        return filtered.filter(meeting_visible(states))


class MeetingIdFilter(ShownMeetingMixin, IdListFilter):
    pass


class MeetingChoiceFilter(ShownMeetingMixin, filters.MultipleChoiceFilter):
    pass


class MeetingDateFilter(ShownMeetingMixin, filters.DateFilter):
    pass


class MeetingYearFilter(ShownMeetingMixin, YearFilter):
    pass


class CommitmentFilter(FilterSet):
    actor = party_filter(ACTOR_LINK, "Party code of an actor (repeat for several: OR).")
    target = party_filter(TARGET_LINK, "Party code of a target (repeat for several: OR).")
    topic = RelatedInFilter(
        to_field_name="slug",
        normalize=str.lower,
        queryset=Topic.objects.all(),
        link=TOPIC_LINK,
        help_text="Topic slug (repeat for several: OR).",
    )
    kind = filters.MultipleChoiceFilter(distinct=False, choices=Commitment.Kind.choices)
    status = filters.MultipleChoiceFilter(
        distinct=False,
        field_name="assessed_status",
        choices=Status.choices,
        help_text="Status, as of `as_of` when given.",
    )
    meeting = MeetingIdFilter(
        field_name="meeting", help_text="Meeting id (repeat, or a comma list, for several: OR)."
    )
    meeting_kind = MeetingChoiceFilter(
        distinct=False, field_name="meeting__kind", choices=Meeting.Kind.choices
    )
    article = filters.CharFilter(
        field_name="article__name", help_text="Name of the source article."
    )
    date_from = MeetingDateFilter(
        field_name="meeting__date",
        lookup_expr="gte",
        help_text="Meeting date on or after.",
    )
    date_to = MeetingDateFilter(
        field_name="meeting__date",
        lookup_expr="lte",
        help_text="Meeting date on or before.",
    )
    year = MeetingYearFilter(field_name="meeting__date", help_text="Year of the meeting.")
    has_amount = StrictBooleanFilter(
        field_name="amount", lookup_expr="isnull", exclude=True, help_text="An amount is stated."
    )
    is_priority = StrictBooleanFilter()
    restated = StrictBooleanFilter(
        method="filter_restated",
        help_text="Restated at a later meeting (a confirmed reaffirmation links to it).",
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text="Target date passed (as of `as_of` or today) and not fulfilled.",
    )
    as_of = filters.DateFilter(
        method="filter_as_of",
        help_text="Statuses and scores as they stood on this date, replayed from follow-ups; "
        "commitments made later are left out.",
    )
    q = filters.CharFilter(
        method="filter_search",
        help_text="Words in the statement or source sentence, diacritics and case ignored; "
        '"quoted phrase" for an exact sequence.',
    )

    class Meta:
        model = Commitment
        fields = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # `as_of` decides how statuses are computed, so it applies before any other filter.
        return super().filter_queryset(self.assessed(queryset))

    def assessed(self, queryset: QuerySet) -> QuerySet:
        """`queryset` with the statuses and scores this request reads, before any filter."""
        as_of = self.form.cleaned_data.get("as_of")
        # Follow-ups count, and meetings date commitments, in the states the client may see:
        # confirmed ones for the public.
        states = client_states(self)
        if states is None:
            return queryset.with_assessment(as_of)
        return queryset.with_assessment(as_of, follow_up_states=states, meeting_states=states)

    def filter_as_of(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        today = self.form.cleaned_data.get("as_of") or timezone.localdate()
        overdue = queryset.overdue(today)
        if value:
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))

    def filter_restated(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        restated = Commitment.objects.filter(
            reaffirms=OuterRef("pk"), reaffirms_confirmed=True, review_state="confirmed"
        )
        return queryset.filter(Exists(restated) if value else ~Exists(restated))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)


class MeetingFilter(FilterSet):
    party = party_filter(PARTICIPANT_LINK, "Party code (repeat for several: OR).")
    kind = filters.MultipleChoiceFilter(distinct=False, choices=Meeting.Kind.choices)
    format = filters.MultipleChoiceFilter(distinct=False, choices=Meeting.Format.choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    year = YearFilter(field_name="date")
    article = filters.CharFilter(field_name="articles__name", help_text="Name of a source article.")

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, *args, **kwargs) -> None:
        # `?format=csv` names an output format, not a meeting format.
        if data is not None and data.get("format") in RENDERER_FORMATS:
            data = data.copy()
            data.pop("format")
        super().__init__(data, *args, **kwargs)


class FollowUpFilter(FilterSet):
    commitment = IdListFilter(
        field_name="commitment",
        help_text="Commitment id (repeat, or a comma list, for several: OR).",
    )
    party = CodeMultipleChoiceFilter(
        distinct=False,
        field_name="party__code",
        to_field_name="code",
        queryset=Party.objects.all(),
        help_text="Code of the assessed party.",
    )
    status = filters.MultipleChoiceFilter(distinct=False, choices=Status.choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    unlinked = StrictBooleanFilter(
        field_name="commitment", lookup_expr="isnull", help_text="Not yet linked to a commitment."
    )

    class Meta:
        model = FollowUp
        fields = []


class ArticleFilter(FilterSet):
    publisher = filters.CharFilter(lookup_expr="iexact")
    published_from = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Article
        fields = []


class PartyFilter(FilterSet):
    kind = filters.MultipleChoiceFilter(distinct=False, choices=Party.Kind.choices)
    name = filters.CharFilter(method="filter_name", help_text="Part of a name or alias.")

    class Meta:
        model = Party
        fields = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_vi__icontains=value)
            | Q(aliases__text__iexact=value)
        ).distinct()


class FilterSetKeepingBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the request's filterset on the view, which may need
    more of it than the filtered rows (`CommitmentViewSet.rows_by_ids`)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset
