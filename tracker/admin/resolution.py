"""Resolution in the admin: suggested meeting matches to accept or refuse, a statement's other
sources and a commitment's reaffirmation chain (shown, not edited: no formset, so the
commitment form posts what it did before)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tracker.models import Commitment, MeetingMatch
from tracker.resolution import meeting_match_decide


def _decide(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, *, accept: bool
) -> None:
    changed = 0
    for match in queryset.select_related("meeting", "candidate"):
        # Accepting one suggestion merges its meeting away, and that meeting's other
        # suggestions with it.
        if MeetingMatch.objects.filter(pk=match.pk).exists():
            changed += meeting_match_decide(match=match, accept=accept)
    message = (
        ngettext("%d suggestion accepted.", "%d suggestions accepted.", changed)
        if accept
        else ngettext("%d suggestion refused.", "%d suggestions refused.", changed)
    )
    modeladmin.message_user(request, message % changed, messages.SUCCESS)


@admin.action(description=_("Accept: the new meeting is the stored one (merge)"))
def accept_matches(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    _decide(modeladmin, request, queryset, accept=True)


@admin.action(description=_("Refuse: two different meetings"))
def refuse_matches(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    _decide(modeladmin, request, queryset, accept=False)


@admin.register(MeetingMatch)
class MeetingMatchAdmin(admin.ModelAdmin):
    list_display = ["meeting_link", "candidate_link", "score", "reasons", "state", "created_at"]
    list_filter = ["state", "meeting__kind"]
    search_fields = ["meeting__title", "candidate__title", "meeting__sides"]
    list_select_related = ["meeting", "candidate"]
    readonly_fields = ["meeting", "candidate", "score", "reasons", "state", "decided_at"]
    actions = [accept_matches, refuse_matches]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("tracker.change_meeting")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("tracker.view_meeting")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tracker.view_meeting")

    @admin.display(description=_("new meeting"), ordering="meeting__title")
    def meeting_link(self, obj: MeetingMatch) -> str:
        url = reverse("admin:tracker_meeting_change", args=[obj.meeting_id])
        return format_html('<a href="{}">{}</a>', url, obj.meeting)

    @admin.display(description=_("stored meeting"), ordering="candidate__title")
    def candidate_link(self, obj: MeetingMatch) -> str:
        url = reverse("admin:tracker_meeting_change", args=[obj.candidate_id])
        return format_html('<a href="{}">{}</a>', url, obj.candidate)


def other_sources_html(commitment: Commitment) -> str:
    """Every other article reporting the statement, its sentence in context, linked."""
    if commitment.pk is None:
        return "–"
    sources = list(commitment.sources.select_related("article").order_by("article_id", "start"))
    if not sources:
        return gettext("Only this article reports it.")
    return format_html(
        "<ol>{}</ol>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a> [{}:{}] · {:.2f}<blockquote class="ct-context">{}</blockquote>'
            "</li>",
            (
                (
                    reverse("admin:tracker_article_sentences", args=[s.article_id]),
                    s.article.name,
                    s.start,
                    s.end,
                    s.similarity,
                    s.sentence,
                )
                for s in sources
            ),
        ),
    )


def reaffirmation_chain_html(commitment: Commitment) -> str:
    """Earlier commitments this one restates, and later ones restating it, linked."""
    if commitment.pk is None:
        return "–"
    earlier, later = commitment.reaffirmation_chain()

    def rows(items: list[Commitment], *, with_state: bool) -> str:
        return format_html_join(
            "",
            '<li><a href="{}">{}</a> · {}{}</li>',
            (
                (
                    reverse("admin:tracker_commitment_change", args=[c.pk]),
                    c.text[:120],
                    c.meeting or "–",
                    (
                        " · "
                        + (gettext("confirmed") if c.reaffirms_confirmed else gettext("suggested"))
                    )
                    if with_state
                    else "",
                )
                for c in items
            ),
        )

    if not earlier and not later:
        return gettext("Not linked to an earlier or later statement.")
    suggestion = ""
    if commitment.reaffirms_id and not commitment.reaffirms_confirmed:
        suggestion = gettext("The link to the earlier statement is a suggestion (score %.2f).") % (
            commitment.reaffirms_score or 0
        )
    return format_html(
        "<p>{}</p><p>{}</p><ol>{}</ol><p>{}</p><ol>{}</ol>",
        suggestion,
        gettext("Restates (earliest first):"),
        rows(earlier, with_state=False),
        gettext("Restated by:"),
        rows(later, with_state=True),
    )
