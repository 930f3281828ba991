"""The curators' admin: every model, with the filters, search and bulk review they work with."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Model, Prefetch, QuerySet
from django.forms import Textarea
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tracker import summary
from tracker.admin import review, views
from tracker.admin.locking import VersionedModelForm
from tracker.admin.resolution import other_sources_html, reaffirmation_chain_html
from tracker.admin.why import why_extracted_html
from tracker.models import (
    Article,
    Commitment,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    PartyAlias,
    ReviewState,
    Topic,
    sentence_key,
)
from tracker.services import MeetingEditError, items_set_review_state, meeting_merge

admin.site.site_header = _("Commitment Tracker")
admin.site.site_title = _("Commitment Tracker")
admin.site.index_title = _("Curation")
admin.site.index_template = "tracker/admin/index.html"


class TrackerMedia:
    css = {"all": ["tracker/admin.css"]}


def mark_curated(obj: Model) -> None:
    """Stamp a row a curator saved, so the importer never overwrites it."""
    if hasattr(obj, "mark_curated"):
        obj.mark_curated()
    elif hasattr(obj, "curated_at"):
        obj.curated_at = timezone.now()


class CountsKeptAdmin(admin.ModelAdmin):
    """Every write through the admin (forms, inlines, actions, deletes, history reverts)
    recomputes the commitment counts it made stale before its transaction commits."""

    def _keeping_counts(self, request: HttpRequest, view, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            summary.refresh()
        return response

    def changeform_view(self, request: HttpRequest, *args, **kwargs):
        return self._keeping_counts(request, super().changeform_view, *args, **kwargs)

    def changelist_view(self, request: HttpRequest, *args, **kwargs):
        return self._keeping_counts(request, super().changelist_view, *args, **kwargs)

    def delete_view(self, request: HttpRequest, *args, **kwargs):
        return self._keeping_counts(request, super().delete_view, *args, **kwargs)


class HistoryAdmin(CountsKeptAdmin, SimpleHistoryAdmin):
    """Change history for every curated model, viewable by anyone who may view the model."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ):
        # simple_history lets anyone who may view the history post the revert form.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return self._keeping_counts(
            request, super().history_form_view, object_id, version_id, extra_context
        )


class CuratedAdmin(HistoryAdmin):
    """Saving a row or its inline rows in the admin marks them curated."""

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        mark_curated(obj)
        super().save_model(request, obj, form, change)

    def response_change(self, request: HttpRequest, obj: Model) -> HttpResponse:
        # Opened from the review queue: go back there, to the same article and item.
        article = request.GET.get("_queue", "")
        response = super().response_change(request, obj)
        if article.isdigit() and "_continue" not in request.POST:
            url = reverse("admin:tracker_commitment_review")
            anchor = f"{obj._meta.model_name}-{obj.pk}"
            return HttpResponseRedirect(f"{url}?article={article}#{anchor}")
        return response

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            mark_curated(obj)
            obj.save()
        formset.save_m2m()


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, changed: int, state: str) -> None:
    if state == ReviewState.CONFIRMED:
        text = ngettext("%(count)d item confirmed.", "%(count)d items confirmed.", changed)
    else:
        text = ngettext("%(count)d item rejected.", "%(count)d items rejected.", changed)
    modeladmin.message_user(request, text % {"count": changed}, messages.SUCCESS)


@admin.action(description=_("Confirm selected items"), permissions=["change"])
def confirm_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    changed = items_set_review_state(items=queryset, state=ReviewState.CONFIRMED)
    _report(modeladmin, request, changed, ReviewState.CONFIRMED)


@admin.action(description=_("Reject selected items"), permissions=["change"])
def reject_selected(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    changed = items_set_review_state(items=queryset, state=ReviewState.REJECTED)
    _report(modeladmin, request, changed, ReviewState.REJECTED)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [("yes", _("target date passed, not fulfilled"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.with_assessment().overdue(timezone.localdate())
        return queryset


class MeetingYearFilter(admin.SimpleListFilter):
    title = _("meeting year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        years = Meeting.objects.filter(date__isnull=False).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        if not self.value().isdigit() or not 1 <= int(self.value()) <= 9999:
            # A date's year is 1..9999; the lookup would fail in the database (a 500).
            raise BadRequest(f"year={self.value()[:20]}: give a year from 1 to 9999.")
        return queryset.filter(meeting__date__year=int(self.value()))


# --- parties and topics ------------------------------------------------------------------------


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 1


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    list_display = ["code", "name_en", "name_vi", "kind", "alias_list"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_vi", "aliases__text"]
    autocomplete_fields = ["members"]
    inlines = [PartyAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("aliases"))
    def alias_list(self, obj: Party) -> str:
        return ", ".join(alias.text for alias in obj.aliases.all())


@admin.register(PartyAlias)
class PartyAliasAdmin(HistoryAdmin):
    list_display = ["text", "party"]
    list_filter = ["party__kind"]
    search_fields = ["text", "party__code", "party__name_en", "party__name_vi"]
    autocomplete_fields = ["party"]
    list_select_related = ["party"]


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["slug", "name_en", "name_vi", "commitment_count"]
    search_fields = ["slug", "name_en", "name_vi"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(commitment_total=Count("commitments"))

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, obj: Topic) -> int:
        return obj.commitment_total


# --- articles ----------------------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    Media = TrackerMedia

    list_display = [
        "name",
        "title",
        "publisher",
        "published_on",
        "imported_at",
        "meeting_count",
        "commitment_count",
    ]
    list_filter = ["publisher", ("published_on", admin.DateFieldListFilter)]
    search_fields = ["name", "title", "publisher"]
    date_hierarchy = "imported_at"
    readonly_fields = ["sentences_link", "content_hash", "imported_at", "updated_at"]
    change_list_template = "tracker/admin/article_change_list.html"

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/",
                wrap(lambda request: views.import_view(self, request)),
                name="tracker_article_import",
            ),
            path(
                "<path:object_id>/sentences/",
                wrap(
                    lambda request, object_id: views.article_sentences_view(
                        self, request, object_id
                    )
                ),
                name="tracker_article_sentences",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                meeting_total=Count("meetings", distinct=True),
                commitment_total=Count("commitments", distinct=True),
            )
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list[str]:
        # Every stored offset points into this text: once imported it must not change.
        if obj is not None:
            return [*self.readonly_fields, "text"]
        return list(self.readonly_fields)

    @admin.display(description=_("extracted sentences"))
    def sentences_link(self, obj: Article) -> str:
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tracker_article_sentences", args=[obj.pk]),
            gettext("Read the article with every extracted sentence marked"),
        )

    @admin.display(description=_("meetings"), ordering="meeting_total")
    def meeting_count(self, obj: Article) -> int:
        return obj.meeting_total

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, obj: Article) -> int:
        return obj.commitment_total


# --- meetings ----------------------------------------------------------------------------------


class MeetingSourceInline(admin.TabularInline):
    model = MeetingSource
    extra = 0
    autocomplete_fields = ["article"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "person_name", "title", "role"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("party")


class CommitmentInline(admin.TabularInline):
    """The meeting's commitments, editable in place; new ones need a source, so are added alone."""

    model = Commitment
    extra = 0
    fields = ["kind", "parties", "text", "status", "review_state"]
    readonly_fields = ["parties"]
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2})}}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("actors", "targets")

    @admin.display(description=_("actors → targets"))
    def parties(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "–"
        actors = ", ".join(p.code for p in obj.actors.all()) or "?"
        targets = ", ".join(p.code for p in obj.targets.all())
        return f"{actors} → {targets}" if targets else actors

    def has_add_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(CuratedAdmin):
    Media = TrackerMedia

    list_display = [
        "title",
        "kind",
        "date_column",
        "format",
        "location",
        "party_codes",
        "commitment_count",
        "review_state",
    ]
    list_filter = [
        "review_state",
        "kind",
        "format",
        "date_precision",
        ("date", admin.DateFieldListFilter),
        ("participants__party", admin.RelatedOnlyFieldListFilter),
        ("sources__article", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "title",
        "location",
        "sources__article__name",
        "participants__person_name",
        "=participants__party__code",
    ]
    date_hierarchy = "date"
    readonly_fields = ["created_at", "updated_at", "curated_at"]
    fieldsets = [
        (None, {"fields": ["title", "kind", ("date", "date_precision"), "format", "location"]}),
        (_("Review"), {"fields": ["review_state", "curated_at", "created_at", "updated_at"]}),
    ]
    inlines = [MeetingSourceInline, ParticipantInline, CommitmentInline]
    actions = [confirm_selected, reject_selected, "merge_meetings"]
    change_form_template = "tracker/admin/meeting_change_form.html"

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/split/",
                wrap(lambda request, object_id: views.split_view(self, request, object_id)),
                name="tracker_meeting_split",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=_("Merge selected meetings (the same event)"),
        permissions=["change", "delete"],
    )
    def merge_meetings(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        meetings = list(
            queryset.annotate(
                commitment_total=Count("commitments", distinct=True),
                participant_total=Count("participants", distinct=True),
            ).prefetch_related("sources__article")
        )
        if len(meetings) < 2:
            self.message_user(
                request, gettext("Select two or more meetings to merge."), messages.WARNING
            )
            return None
        target_id = request.POST.get("target", "")
        if "apply" in request.POST:
            target = next((m for m in meetings if str(m.pk) == target_id), None)
            if target is None:
                self.message_user(request, gettext("Choose the meeting to keep."), messages.ERROR)
            else:
                try:
                    for source in meetings:
                        if source.pk != target.pk:
                            meeting_merge(target=target, source=source)
                except MeetingEditError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    ngettext(
                        "Merged %(count)d meeting into “%(target)s”.",
                        "Merged %(count)d meetings into “%(target)s”.",
                        len(meetings) - 1,
                    )
                    % {"count": len(meetings) - 1, "target": target},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:tracker_meeting_change", args=[target.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge meetings"),
            "meetings": meetings,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "tracker/admin/meeting_merge.html", context)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(commitment_total=Count("commitments", distinct=True))
            .prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("party"))
            )
        )

    @admin.display(description=_("date"), ordering="date")
    def date_column(self, obj: Meeting) -> str:
        return obj.date_display or "–"

    @admin.display(description=_("parties"))
    def party_codes(self, obj: Meeting) -> str:
        return ", ".join(sorted({p.party.code for p in obj.participants.all()}))

    @admin.display(description=_("commitments"), ordering="commitment_total")
    def commitment_count(self, obj: Meeting) -> int:
        return obj.commitment_total


@admin.register(MeetingSource)
class MeetingSourceAdmin(HistoryAdmin):
    list_display = ["article", "key", "meeting"]
    search_fields = ["key", "article__name", "article__title", "meeting__title"]
    autocomplete_fields = ["meeting", "article"]
    list_select_related = ["article", "meeting"]


@admin.register(Participant)
class ParticipantAdmin(CuratedAdmin):
    list_display = ["party", "person_name", "title", "role", "meeting"]
    list_filter = [
        "role",
        ("party", admin.RelatedOnlyFieldListFilter),
        ("meeting__date", admin.DateFieldListFilter),
    ]
    search_fields = ["person_name", "title", "=party__code", "party__name_vi", "meeting__title"]
    autocomplete_fields = ["meeting", "party"]
    list_select_related = ["party", "meeting"]


# --- commitments and follow-ups ----------------------------------------------------------------


class FollowUpInline(admin.StackedInline):
    model = FollowUp
    extra = 0
    fk_name = "commitment"
    autocomplete_fields = ["party", "article"]
    fields = [
        ("date", "party"),
        ("status", "score"),
        "reason",
        ("article", "url"),
        "quote",
        "review_state",
    ]
    formfield_overrides = {
        models.TextField: {"widget": Textarea(attrs={"rows": 2})},
        models.URLField: {"assume_scheme": "https"},
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("party", "article")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Evidence a curator records by hand needs no second review.
        formset.form.base_fields["review_state"].initial = ReviewState.CONFIRMED
        return formset


SOURCE_FIELDS = ["article", "sentence", "start", "end"]


@admin.register(Commitment)
class CommitmentAdmin(CuratedAdmin):
    Media = TrackerMedia
    # Two curators on the same commitment: the later save on a stale copy is refused.
    form = VersionedModelForm

    list_display = [
        "short_text",
        "kind",
        "actor_codes",
        "target_codes",
        "meeting",
        "status",
        "review_state",
        "is_priority",
        "confidence_column",
    ]
    list_filter = [
        "review_state",
        "kind",
        "status",
        "is_priority",
        OverdueFilter,
        ("actors", admin.RelatedOnlyFieldListFilter),
        ("targets", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        MeetingYearFilter,
        ("meeting__date", admin.DateFieldListFilter),
        ("meeting", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "text",
        "sentence",
        "article__name",
        "article__title",
        "meeting__title",
        "=actors__code",
        "=targets__code",
    ]
    autocomplete_fields = ["meeting", "actors", "targets", "topics", "reaffirms", "article"]
    list_select_related = ["meeting", "article"]
    readonly_fields = [
        "source_in_context",
        "compliance_summary",
        "reaffirmation_chain",
        "other_sources",
        "confidence",
        "why_extracted",
        "created_at",
        "updated_at",
        "curated_at",
        "version",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source_in_context",
                    "meeting",
                    "kind",
                    "text",
                    "actors",
                    "targets",
                    "topics",
                ]
            },
        ),
        (
            _("Amount and target date"),
            {
                "fields": [
                    ("amount", "currency", "quantity_unit"),
                    ("target_date", "target_date_precision"),
                    "target_period_start",
                    "target_text",
                ]
            },
        ),
        (
            _("Status and review"),
            {
                "fields": [
                    "review_state",
                    "status",
                    "compliance_summary",
                    "is_priority",
                    "reaffirms",
                    "reaffirms_confirmed",
                    "reaffirmation_chain",
                    # Hidden: the optimistic lock's version, which must travel with the form.
                    "edit_version",
                ]
            },
        ),
        (
            _("Source"),
            {"fields": [*SOURCE_FIELDS, "confidence", "why_extracted"], "classes": ["collapse"]},
        ),
        (_("Also reported by"), {"fields": ["other_sources"]}),
        (_("Record"), {"fields": ["created_at", "updated_at", "curated_at", "version"]}),
    ]
    inlines = [FollowUpInline]
    actions = [confirm_selected, reject_selected]
    change_form_template = "tracker/admin/commitment_change_form.html"
    change_list_template = "tracker/admin/commitment_change_list.html"

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "review/",
                wrap(lambda request: review.review_queue_view(self, request)),
                name="tracker_commitment_review",
            ),
            path(
                "review/lookup/",
                wrap(lambda request: review.lookup_view(self, request)),
                name="tracker_commitment_lookup",
            ),
            path(
                "filters/",
                wrap(lambda request: views.saved_filters_view(self, request)),
                name="tracker_commitment_filters",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("actors", queryset=Party.objects.only("id", "code")),
                Prefetch("targets", queryset=Party.objects.only("id", "code")),
            )
        )

    def get_fieldsets(self, request: HttpRequest, obj: Commitment | None = None) -> list:
        if obj is not None:
            return self.fieldsets
        # A new commitment has no context to show yet, and its source must be filled in.
        first, *rest = self.fieldsets
        fields = [name for name in first[1]["fields"] if name != "source_in_context"]
        rest = [(t, {"fields": o["fields"]}) if t == _("Source") else (t, o) for t, o in rest]
        return [(None, {"fields": fields}), *rest]

    def get_readonly_fields(self, request: HttpRequest, obj: Commitment | None = None) -> list[str]:
        # The source is what the pipeline found; a curator corrects the statement, not it.
        if obj is not None:
            return [*SOURCE_FIELDS, *self.readonly_fields]
        return list(self.readonly_fields)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ):
        # simple_history's revert form starts from the row's current many-to-many links;
        # start it from the links recorded with that version instead.
        record = Commitment.history.filter(id=object_id, history_id=version_id).first()
        if record is not None:
            request._history_m2m = {
                "actors": [row.party_id for row in record.actors.all()],
                "targets": [row.party_id for row in record.targets.all()],
                "topics": [row.topic_id for row in record.topics.all()],
            }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj: Commitment | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        links = getattr(request, "_history_m2m", None)
        if links is None:
            return form

        class HistoricalLinksForm(form):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.initial.update(links)

        return HistoricalLinksForm

    def save_model(self, request: HttpRequest, obj: Commitment, form, change: bool) -> None:
        obj.sentence_key = sentence_key(obj.sentence)
        if "_confirm" in request.POST:
            obj.review_state = ReviewState.CONFIRMED
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.refresh_status()

    @admin.display(description=_("source in context"))
    def source_in_context(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "–"
        article = obj.article
        published = article.published_on.isoformat() if article.published_on else "–"
        return format_html(
            '<blockquote class="ct-context">{}</blockquote>'
            '<p class="ct-article">{} · {} · {} · <a href="{}#commitment-{}">{}</a></p>',
            views.source_in_context(article.text, obj.start, obj.end),
            article.name,
            article.publisher or gettext("publisher unknown"),
            published,
            reverse("admin:tracker_article_sentences", args=[article.pk]),
            obj.pk,
            gettext("whole article, every extracted sentence marked"),
        )

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # Pickers label each commitment with its meeting (see CommitmentPickerView).
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("meeting"), may_have_duplicates

    @admin.display(description=_("compliance"))
    def compliance_summary(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "–"
        average, by_party = obj.compliance()
        if average is None:
            return gettext("No scored follow-ups yet.")
        parts = ", ".join(
            f"{gettext('overall') if code == '*' else code} {score:+d}"
            for code, score in sorted(by_party.items())
        )
        return gettext("%(average)+.2f from %(count)d assessment(s): %(parts)s") % {
            "average": average,
            "count": len(by_party),
            "parts": parts,
        }

    @admin.display(description=_("why extracted"))
    def why_extracted(self, obj: Commitment) -> str:
        return why_extracted_html(obj.rules)

    @admin.display(description=_("reaffirmation chain"))
    def reaffirmation_chain(self, obj: Commitment) -> str:
        return reaffirmation_chain_html(obj)

    @admin.display(description=_("other sources"))
    def other_sources(self, obj: Commitment) -> str:
        return other_sources_html(obj)

    @admin.display(description=_("confidence"), ordering="confidence")
    def confidence_column(self, obj: Commitment) -> str:
        return f"{obj.confidence:.2f}"

    @admin.display(description=_("statement"), ordering="text")
    def short_text(self, obj: Commitment) -> str:
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"

    @admin.display(description=_("actors"))
    def actor_codes(self, obj: Commitment) -> str:
        return ", ".join(party.code for party in obj.actors.all())

    @admin.display(description=_("targets"))
    def target_codes(self, obj: Commitment) -> str:
        return ", ".join(party.code for party in obj.targets.all())


@admin.register(FollowUp)
class FollowUpAdmin(CuratedAdmin):
    list_display = ["__str__", "commitment", "party", "status", "score", "review_state"]
    list_filter = [
        "review_state",
        "status",
        "score",
        ("party", admin.RelatedOnlyFieldListFilter),
        ("date", admin.DateFieldListFilter),
    ]
    search_fields = ["reason", "quote", "url", "commitment__text", "=party__code"]
    autocomplete_fields = ["commitment", "party", "article"]
    list_select_related = ["commitment", "party"]
    date_hierarchy = "date"
    readonly_fields = ["start", "end", "created_at", "updated_at", "curated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {
            "review_state": ReviewState.CONFIRMED,
            **super().get_changeform_initial_data(request),
        }

    actions = [confirm_selected, reject_selected]

    def save_model(self, request: HttpRequest, obj: FollowUp, form, change: bool) -> None:
        previous = form.initial.get("commitment") if change else None
        super().save_model(request, obj, form, change)
        for commitment in Commitment.objects.filter(pk__in=[obj.commitment_id, previous]):
            commitment.refresh_status()

    def delete_model(self, request: HttpRequest, obj: FollowUp) -> None:
        commitment = obj.commitment
        super().delete_model(request, obj)
        if commitment is not None:
            commitment.refresh_status()


class CommitmentPickerView(AutocompleteJsonView):
    """Autocomplete answers for every picker; a commitment is labelled with its meeting and
    date, since statements alone ("Các bên nhất trí…") are too alike to tell apart."""

    def serialize_result(self, obj: Model, to_field_name: str) -> dict:
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Commitment):
            meeting = obj.meeting
            where = f"{meeting.title} ({meeting.date_display or '?'})" if meeting else "–"
            result["text"] = f"{obj} · {where}"
        return result


admin.site.autocomplete_view = lambda request: CommitmentPickerView.as_view(admin_site=admin.site)(
    request
)
