"""The review queue: one article at a time, decided item by item without leaving the page.

Every POST answers JSON when the page's script asks for it (`Accept: application/json`): the
changed cards as HTML, the message, what is left. Without the script the same forms post and
come back to the queue. Decisions are kept in the session so that `u` can undo the last one.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tracker.admin.views import LARGEST_ID
from tracker.models import (
    Article,
    Commitment,
    CommitmentSource,
    DatePrecision,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    ReviewState,
    Topic,
)
from tracker.services import REVIEWABLE, Decision, decisions_undo, items_decide

EXTRACTED = ReviewState.EXTRACTED
UNDO_KEY = "review_undo"
UNDO_DEPTH = 20
ITEM_ID = re.compile(r"(commitment|meeting|followup)-\d+")
ORDERINGS = {
    "confidence": ("confidence", "start", "id"),
    "-confidence": ("-confidence", "start", "id"),
    "position": ("start", "id"),
}


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- what is pending ---------------------------------------------------------------------------


def pending_articles() -> list[Article]:
    """Articles with anything awaiting review, oldest first (publication date, then import)."""
    counts: dict[int, int] = {}
    rows = [
        Commitment.objects.filter(review_state=EXTRACTED).values("article_id"),
        MeetingSource.objects.filter(meeting__review_state=EXTRACTED).values("article_id"),
        FollowUp.objects.filter(review_state=EXTRACTED, article__isnull=False).values("article_id"),
    ]
    for query in rows:
        for row in query.annotate(n=Count("article_id")):
            counts[row["article_id"]] = counts.get(row["article_id"], 0) + row["n"]
    articles = list(
        Article.objects.filter(pk__in=counts)
        .defer("text")
        .order_by(F("published_on").asc(nulls_last=True), "imported_at", "id")
    )
    for article in articles:
        article.pending = counts[article.pk]
    return articles


def remaining_counts() -> dict[str, int]:
    extracted = {"review_state": EXTRACTED}
    return {
        "commitments": Commitment.objects.filter(**extracted).count(),
        "meetings": Meeting.objects.filter(**extracted).count(),
        "follow_ups": FollowUp.objects.filter(**extracted).count(),
    }


def orphan_meetings() -> list[Meeting]:
    """Meetings awaiting review that no article reports: listed so none is left out."""
    return list(Meeting.objects.filter(review_state=EXTRACTED, sources__isnull=True)[:50])


@dataclass
class Group:
    """A meeting with the commitments under it, as the queue shows them."""

    meeting: Meeting | None
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(c.review_state == EXTRACTED for c in self.commitments)


@dataclass
class Filters:
    order: str = "confidence"
    kind: str = ""
    meeting: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> Filters:
        data = request.GET if request.method == "GET" else request.POST
        order = data.get("order", "confidence")
        kind = data.get("kind", "")
        meeting = data.get("meeting", "")
        return cls(
            order if order in ORDERINGS else "confidence",
            kind if kind in Commitment.Kind.values else "",
            meeting if meeting.isdigit() else "",
        )

    def query(self) -> str:
        """The filters that differ from the defaults, for links that keep them."""
        values = {"kind": self.kind, "meeting": self.meeting}
        if self.order != "confidence":
            values["order"] = self.order
        return urlencode({k: v for k, v in values.items() if v})


def commitment_rows():
    return Commitment.objects.select_related("meeting").prefetch_related(
        Prefetch("actors", queryset=Party.objects.only("id", "code", "name_en", "name_vi")),
        Prefetch("targets", queryset=Party.objects.only("id", "code", "name_en", "name_vi")),
        "topics",
    )


def with_context(commitments: list[Commitment], text: str) -> list[Commitment]:
    from tracker.admin.views import source_in_context

    for commitment in commitments:
        commitment.context = source_in_context(text, commitment.start, commitment.end)
    return commitments


def meeting_rows():
    return Meeting.objects.prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("party"))
    )


def participant_labels(meeting: Meeting) -> list[str]:
    """One entry per party, with its people: "US (Marco Rubio)", not "US, US (Marco Rubio)"."""
    people: dict[str, list[str]] = {}
    for participant in meeting.participants.all():
        names = people.setdefault(participant.party.code, [])
        if participant.person_name:
            role = participant.role
            names.append(
                participant.person_name
                if role == Participant.Role.ATTENDEE
                else f"{participant.person_name}, {participant.get_role_display()}"
            )
    return [f"{code} ({'; '.join(names)})" if names else code for code, names in people.items()]


def article_groups(article: Article, filters: Filters) -> tuple[list[Group], list[Commitment]]:
    """The article's pending meetings and commitments, commitments grouped under meetings."""
    commitments = commitment_rows().filter(article=article, review_state=EXTRACTED)
    if filters.kind:
        commitments = commitments.filter(kind=filters.kind)
    if filters.meeting:
        commitments = commitments.filter(meeting_id=filters.meeting)
    commitments = with_context(list(commitments.order_by(*ORDERINGS[filters.order])), article.text)
    meetings = meeting_rows().filter(
        Q(sources__article=article, review_state=EXTRACTED)
        | Q(pk__in={c.meeting_id for c in commitments if c.meeting_id})
    )
    if filters.meeting:
        meetings = meetings.filter(pk=filters.meeting)
    groups = {m.pk: Group(m) for m in meetings.distinct().order_by("date", "id")}
    for group in groups.values():
        group.meeting.people = participant_labels(group.meeting)
    loose = Group(None)
    for commitment in commitments:
        groups.get(commitment.meeting_id, loose).commitments.append(commitment)
    ordered = list(groups.values())
    if loose.commitments:
        ordered.append(loose)
    return ordered, commitments


def next_article(articles: list[Article], after: str) -> Article | None:
    """The article after `after` in queue order, wrapping round; the first one otherwise."""
    ids = [str(a.pk) for a in articles]
    if after in ids:
        index = ids.index(after)
        rest = articles[index + 1 :] + articles[:index]
        return rest[0] if rest else None
    return articles[0] if articles else None


# --- the page ----------------------------------------------------------------------------------


def review_queue_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        return review_post(model_admin, request)
    filters = Filters.from_request(request)
    articles = pending_articles()
    requested = request.GET.get("article", "")
    if "after" in request.GET:
        article = next_article(articles, request.GET["after"])
    else:
        chosen = [a for a in articles if str(a.pk) == requested]
        article = (chosen or articles or [None])[0]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Commitment._meta,
        "title": _("Review queue"),
        "articles": articles,
        "article": article,
        "remaining": remaining_counts(),
        "can_change": model_admin.has_change_permission(request),
        "filters": filters,
        "kinds": Commitment.Kind.choices,
        "orderings": [
            ("confidence", _("lowest confidence first")),
            ("-confidence", _("highest confidence first")),
            ("position", _("in the article's order")),
        ],
        "undo_available": bool(request.session.get(UNDO_KEY)),
        "orphans": orphan_meetings(),
    }
    if article is not None:
        article = Article.objects.get(pk=article.pk)
        context["article"] = article
        groups, commitments = article_groups(article, filters)
        context["groups"] = groups
        context["commitments"] = commitments
        # Statements other articles reported first are sources of those commitments, not new
        # items: the queue says so instead of asking for a second review.
        context["known"] = list(
            CommitmentSource.objects.filter(article=article)
            .select_related("commitment")
            .order_by("start")
        )
        context["follow_ups"] = FollowUp.objects.filter(
            article=article, review_state=EXTRACTED
        ).select_related("commitment__meeting", "party")
        context["article_meetings"] = Meeting.objects.filter(sources__article=article).order_by(
            "date", "id"
        )
        context["other_meetings"] = [
            m for m in context["article_meetings"] if m.review_state != EXTRACTED
        ]
    return TemplateResponse(request, "tracker/admin/review_queue.html", context)


# --- decisions, undo and edits -----------------------------------------------------------------


def review_post(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "undo":
        return undo_last(model_admin, request)
    if action == "edit":
        return edit_commitment(model_admin, request)
    state = {"confirm": ReviewState.CONFIRMED, "reject": ReviewState.REJECTED}.get(action)
    if state is None:
        return failure(request, gettext("Unknown review action."))
    scope, pk = request.POST.get("scope", ""), request.POST.get("pk", "")
    if not pk.isdigit() or int(pk) > LARGEST_ID:
        text = gettext("The item to review (pk=%(pk)s) is not an id.") % {"pk": pk[:50]}
        if wants_json(request):
            return JsonResponse({"ok": False, "message": text}, status=400)
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    extracted = {"review_state": EXTRACTED}
    if scope == "article":
        groups = [
            Meeting.objects.filter(sources__article_id=pk, **extracted).distinct(),
            Commitment.objects.filter(article_id=pk, **extracted),
            FollowUp.objects.filter(article_id=pk, **extracted),
        ]
    elif scope == "meeting-commitments":
        # The explicit bulk button: the meeting's commitments, not the meeting itself.
        groups = [Commitment.objects.filter(meeting_id=pk, **extracted)]
    elif scope in REVIEWABLE:
        groups = [REVIEWABLE[scope].objects.filter(pk=pk)]
    else:
        return failure(request, gettext("Unknown review scope."))
    check_change(model_admin, request, [group.model for group in groups])
    decisions = [d for group in groups for d in items_decide(items=group, state=state)]
    if state == ReviewState.CONFIRMED:
        text = ngettext("%(count)d item confirmed.", "%(count)d items confirmed.", len(decisions))
    else:
        text = ngettext("%(count)d item rejected.", "%(count)d items rejected.", len(decisions))
    text %= {"count": len(decisions)}
    remember(request, decisions, text)
    return answer(model_admin, request, decisions, text, state=state)


def check_change(model_admin: admin.ModelAdmin, request: HttpRequest, models: list) -> None:
    site = model_admin.admin_site
    for model in models:
        if not site._registry[model].has_change_permission(request):
            raise PermissionDenied


def remember(request: HttpRequest, decisions: list[Decision], text: str) -> None:
    if not decisions:
        return
    stack = request.session.get(UNDO_KEY, [])
    stack.append({"decisions": [d.as_dict() for d in decisions], "text": text})
    request.session[UNDO_KEY] = stack[-UNDO_DEPTH:]


def undo_last(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    stack = request.session.get(UNDO_KEY, [])
    if not stack:
        return failure(request, gettext("Nothing to undo."))
    last = stack[-1]
    decisions = [Decision(**d) for d in last["decisions"]]
    check_change(model_admin, request, [REVIEWABLE[d.model] for d in decisions])
    decisions_undo(decisions=decisions)
    request.session[UNDO_KEY] = stack[:-1]
    text = gettext("Undone: %(decision)s") % {"decision": last["text"]}
    return answer(model_admin, request, decisions, text, undone=True)


def failure(request: HttpRequest, text: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": False, "message": text}, status=400)
    messages.error(request, text)
    return HttpResponseRedirect(request.path)


def answer(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    decisions: list[Decision],
    text: str,
    *,
    state: str = "",
    undone: bool = False,
    edited: int | None = None,
) -> HttpResponse:
    """The answer to a decision, an undo or an edit: JSON for the script, else a redirect."""
    article = request.POST.get("article", "")
    if not wants_json(request):
        messages.success(request, text)
        url = request.path
        if article.isdigit():
            url += "?" + urlencode({"article": article})
        if ITEM_ID.fullmatch(request.POST.get("next", "")):
            url += "#" + request.POST["next"]
        return HttpResponseRedirect(url)
    payload = {
        "ok": True,
        "message": text,
        "remaining": render_to_string(
            "tracker/admin/review_remaining.html",
            {"remaining": remaining_counts()},
            request=request,
        ),
        "undo": bool(request.session.get(UNDO_KEY)),
        "article": None,
        "cards": {},
        "states": {},
    }
    if edited is not None:
        # An edit changes what the card shows: send the card again.
        payload["cards"] = render_cards(model_admin, request, {"commitment": {edited}}, article)
    # A decision changes only the review state: the script updates the card from this, which
    # is half the work of rendering cards again.
    versions = dict(
        Commitment.objects.filter(
            pk__in=[d.pk for d in decisions if d.model == "commitment"]
        ).values_list("pk", "version")
    )
    for decision in decisions:
        now = decision.state if undone else state
        payload["states"][f"{decision.model}-{decision.pk}"] = {
            "state": now,
            "label": ReviewState(now).label,
            "version": versions.get(decision.pk) if decision.model == "commitment" else None,
        }
    if undone and decisions and article.isdigit():
        # Undoing a decision taken on another article: that article opens again.
        other = article_of(decisions[0])
        if other is not None and str(other) != article:
            payload["article"] = other
    return JsonResponse(payload)


def article_of(decision: Decision) -> int | None:
    if decision.model == "meeting":
        source = MeetingSource.objects.filter(meeting_id=decision.pk).first()
        return source.article_id if source else None
    row = REVIEWABLE[decision.model].objects.filter(pk=decision.pk).first()
    return row.article_id if row else None


def render_cards(
    model_admin: admin.ModelAdmin, request: HttpRequest, ids: dict[str, set[int]], article: str
) -> dict[str, str]:
    """The cards of the given items that belong to the article on the page, as HTML."""
    if not article.isdigit():
        return {}
    text = Article.objects.filter(pk=article).values_list("text", flat=True).first() or ""
    base = {"can_change": model_admin.has_change_permission(request), "article_pk": article}
    cards: dict[str, str] = {}
    commitments = commitment_rows().filter(pk__in=ids.get("commitment", ()), article_id=article)
    for c in with_context(list(commitments), text):
        cards[f"commitment-{c.pk}"] = render_to_string(
            "tracker/admin/review_commitment.html",
            {**base, "c": c, "kinds": Commitment.Kind.choices},
            request,
        )
    meetings = meeting_rows().filter(pk__in=ids.get("meeting", ()), sources__article_id=article)
    for m in meetings:
        m.people = participant_labels(m)
        cards[f"meeting-{m.pk}"] = render_to_string(
            "tracker/admin/review_meeting.html", {**base, "meeting": m}, request
        )
    follow_ups = FollowUp.objects.filter(pk__in=ids.get("followup", ()), article_id=article)
    for f in follow_ups.select_related("commitment__meeting", "party"):
        cards[f"followup-{f.pk}"] = render_to_string(
            "tracker/admin/review_followup.html", {**base, "f": f}, request
        )
    return cards


def parse_partial_date(value: str) -> tuple[datetime.date | None, str]:
    """'2025', '2025-06' or '2025-06-30' as a date and its precision; '' is unknown."""
    value = value.strip()
    if not value:
        return None, DatePrecision.UNKNOWN
    for pattern, precision in (
        (r"(\d{4})", DatePrecision.YEAR),
        (r"(\d{4})-(\d{1,2})", DatePrecision.MONTH),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", DatePrecision.DAY),
    ):
        match = re.fullmatch(pattern, value)
        if match:
            parts = [int(p) for p in match.groups()] + [1] * (3 - len(match.groups()))
            return datetime.date(*parts), precision
    raise ValueError(value)


def codes(request: HttpRequest, name: str) -> list[str]:
    return [c for c in request.POST.get(name, "").split(",") if c.strip()]


def edit_commitment(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """Save what the card's editor sent: kind, statement, parties, topics, amount, target."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    pk = request.POST.get("pk", "")
    commitment = Commitment.objects.filter(pk=pk).first() if pk.isdigit() else None
    if commitment is None:
        return failure(request, gettext("This item was deleted by someone else."))
    version = request.POST.get("version", "")
    errors: list[str] = []
    if version and version != str(commitment.version):
        errors.append(
            gettext(
                "Someone else saved this item after you opened it: reload the page to see "
                "their changes, then apply yours again."
            )
        )
    post = request.POST
    if "kind" in post:
        if post["kind"] in Commitment.Kind.values:
            commitment.kind = post["kind"]
        else:
            errors.append(gettext("Unknown kind."))
    if "text" in post:
        if post["text"].strip():
            commitment.text = post["text"].strip()
        else:
            errors.append(gettext("The statement cannot be empty."))
    if "amount" in post:
        try:
            amount = Decimal(post["amount"].replace(",", "")) if post["amount"].strip() else None
        except InvalidOperation:
            amount = Decimal(-1)
        if amount is not None and amount < 0:
            errors.append(gettext("The amount must be a number, 0 or more."))
        else:
            commitment.amount = amount
    if "currency" in post:
        commitment.currency = post["currency"].strip().upper()[:3]
    if "target_date" in post:
        try:
            commitment.target_date, commitment.target_date_precision = parse_partial_date(
                post["target_date"]
            )
        except ValueError:
            errors.append(gettext("Write the target date as 2025, 2025-06 or 2025-06-30."))
        if commitment.target_date is None or (
            commitment.target_period_start
            and commitment.target_period_start > commitment.target_date
        ):
            commitment.target_period_start = None
    relations = {}
    for name in ("actors", "targets"):
        if name in post:
            wanted = codes(request, name)
            found = {p.code: p for p in Party.objects.filter(code__in=wanted)}
            unknown = [c for c in wanted if c not in found]
            if unknown:
                errors.append(gettext("Unknown party: %(codes)s") % {"codes": ", ".join(unknown)})
            relations[name] = [found[c] for c in wanted if c in found]
    if "topics" in post:
        wanted = codes(request, "topics")
        relations["topics"] = list(Topic.objects.filter(slug__in=wanted))
    if errors:
        return failure(request, " ".join(errors))
    with transaction.atomic():
        stored = Commitment.objects.select_for_update().filter(pk=commitment.pk)
        commitment.version = stored.values_list("version", flat=True).get() + 1
        commitment.mark_curated()
        commitment.save()
        for name, rows in relations.items():
            getattr(commitment, name).set(rows)
    text = gettext("Saved: %(item)s") % {"item": commitment.get_kind_display()}
    decisions: list[Decision] = []
    if post.get("then") == "confirm":
        decisions = items_decide(items=[commitment], state=ReviewState.CONFIRMED)
        remember(request, decisions, gettext("1 item confirmed."))
        text = gettext("Saved and confirmed.")
    if not wants_json(request):
        messages.success(request, text)
        return HttpResponseRedirect(
            request.path + "?" + urlencode({"article": commitment.article_id})
        )
    return answer(
        model_admin, request, decisions, text, state=ReviewState.CONFIRMED, edited=commitment.pk
    )


# --- party and topic look-up -------------------------------------------------------------------


def folded(text: str) -> str:
    """Lower case without diacritics: "Hoa Kỳ" and "hoa ky" match; đ is d."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def ranked_parties(query: str, limit: int = 12) -> list[dict]:
    """Parties for an autocomplete: an exact code or name first, then exact aliases, then
    names and aliases that start with the query, then those that contain it."""
    q = folded(query)
    if not q:
        return []
    best: dict[int, tuple[int, str, Party]] = {}

    def offer(party: Party, rank: int, via: str) -> None:
        if party.pk not in best or rank < best[party.pk][0]:
            best[party.pk] = (rank, via, party)

    parties = list(Party.objects.prefetch_related("aliases"))
    for party in parties:
        names = [folded(party.name_en), folded(party.name_vi)]
        code = folded(party.code)
        if q == code:
            offer(party, 0, "")
        elif q in names:
            offer(party, 1, "")
        elif code.startswith(q):
            offer(party, 3, "")
        elif any(n.startswith(q) for n in names):
            offer(party, 4, "")
        elif any(q in n for n in names):
            offer(party, 6, "")
        for alias in party.aliases.all():
            text = folded(alias.text)
            if q == text:
                offer(party, 2, alias.text)
            elif text.startswith(q):
                offer(party, 5, alias.text)
            elif q in text:
                offer(party, 7, alias.text)
    rows = sorted(best.values(), key=lambda row: (row[0], row[2].code))[:limit]
    return [
        {"value": party.code, "label": f"{party.code} – {party.name}", "via": via}
        for _rank, via, party in rows
    ]


def ranked_topics(query: str, limit: int = 12) -> list[dict]:
    q = folded(query)
    rows = []
    for topic in Topic.objects.all():
        names = [folded(topic.slug), folded(topic.name_en), folded(topic.name_vi)]
        if q in names:
            rank = 0
        elif any(n.startswith(q) for n in names):
            rank = 1
        elif any(q in n for n in names):
            rank = 2
        else:
            continue
        rows.append((rank, topic.slug, topic))
    rows.sort(key=lambda row: row[:2])
    return [{"value": t.slug, "label": str(t), "via": ""} for _r, _s, t in rows[:limit]]


def lookup_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    if request.GET.get("field") == "topics":
        return JsonResponse({"results": ranked_topics(query)})
    return JsonResponse({"results": ranked_parties(query)})
