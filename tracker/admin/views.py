"""Curator pages beyond the stock admin: review queue, article with its sentences marked, import,
meeting split and saved filters. Thin views: the writes live in `tracker.services`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from corpus_import.loader import Summary, import_articles
from corpus_import.pipeline import ARTICLE_SUFFIXES
from corpus_import.reading import (
    MAX_ARTICLE_BYTES,
    RawArticle,
    UnreadableArticle,
    check_text,
    decode_article,
    too_large,
)
from tracker.models import (
    Article,
    Commitment,
    FollowUp,
    Meeting,
    MeetingSource,
    Participant,
    Party,
    ReviewState,
    Status,
    Topic,
)
from tracker.services import (
    MeetingEditError,
    commitment_add_from_sentence,
    meeting_add_from_lead,
    meeting_split,
)

# Context shown around a source sentence when its paragraph is very long (HTML without breaks).
CONTEXT_CHARS = 400


# --- sources in context ------------------------------------------------------------------------


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) around a span, cut to CONTEXT_CHARS on either side."""
    para_start = max(text.rfind("\n", 0, start) + 1, start - CONTEXT_CHARS)
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    return para_start, min(para_end, end + CONTEXT_CHARS)


def source_in_context(text: str, start: int, end: int) -> SafeString:
    """The source sentence highlighted inside its paragraph, from the stored offsets."""
    para_start, para_end = paragraph_bounds(text, start, end)
    return format_html(
        '{}{}<mark class="ct-source">{}</mark>{}{}',
        "…" if para_start > 0 and text[para_start - 1] != "\n" else "",
        text[para_start:start],
        text[start:end],
        text[end:para_end],
        "…" if para_end < len(text) and text[para_end] != "\n" else "",
    )


@dataclass
class Span:
    start: int
    end: int
    css: str
    href: str
    label: str
    anchor: str


SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")


def _plain(text: str, start: int, end: int, sentences: bool) -> str:
    """Unmarked text; with `sentences`, each sentence a span a curator can click, and every
    piece carrying its offset so that a selection maps back to the article's text."""
    if not sentences:
        return escape(text[start:end])
    parts: list[str] = []
    breaks = [(m.start(), m.end()) for m in SENTENCE_BREAK.finditer(text, start, end)]
    for piece_start, piece_end, gap_end in _pieces(start, end, breaks):
        body = text[piece_start:piece_end]
        lead = len(body) - len(body.lstrip())
        trail = len(body.rstrip())
        if body.strip():
            if lead:
                parts.append(_offset_span(text, piece_start, piece_start + lead))
            parts.append(
                format_html(
                    '<span class="ct-sentence" tabindex="0" role="button" data-start="{}" '
                    'data-end="{}">{}</span>',
                    piece_start + lead,
                    piece_start + trail,
                    text[piece_start + lead : piece_start + trail],
                )
            )
            if piece_start + trail < piece_end:
                parts.append(_offset_span(text, piece_start + trail, piece_end))
        elif body:
            parts.append(_offset_span(text, piece_start, piece_end))
        if gap_end > piece_end:
            parts.append(_offset_span(text, piece_end, gap_end))
    return "".join(parts)


def _pieces(start: int, end: int, breaks: list[tuple[int, int]]):
    cursor = start
    for break_start, break_end in breaks:
        yield cursor, break_start, break_end
        cursor = break_end
    yield cursor, end, end


def _offset_span(text: str, start: int, end: int) -> str:
    return format_html('<span data-start="{}">{}</span>', start, text[start:end])


def marked_paragraphs(text: str, spans: list[Span], *, sentences: bool = False) -> list[SafeString]:
    """The article's paragraphs with every span wrapped in a link to its record.

    A span that overlaps an earlier one (a follow-up quoting a commitment's sentence) is left
    unmarked here; it is still listed under the text. With `sentences`, the unmarked text is
    cut into sentences a curator can turn into commitments.
    """
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    paragraphs: list[SafeString] = []
    offset = 0
    index = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        parts: list[str] = []
        cursor = line_start
        while index < len(spans) and spans[index].start < line_end:
            span = spans[index]
            index += 1
            if span.start < cursor:
                continue
            span_end = min(span.end, line_end)
            parts.append(_plain(text, cursor, span.start, sentences))
            parts.append(_span_link(text, span, span_end))
            cursor = span_end
        parts.append(_plain(text, cursor, line_end, sentences))
        if line.strip():
            paragraphs.append(mark_safe("".join(parts)))
    return paragraphs


# Ids are 64-bit integers in every database; a larger number cannot name a row.
LARGEST_ID = 2**63 - 1


def object_or_404(model: type[Model], object_id: str) -> Model:
    """The row with this id; anything but a whole number is a 404 naming the id, not a
    database error (a 500)."""
    if not str(object_id).isdigit() or int(object_id) > LARGEST_ID:
        raise Http404(f"No {model._meta.verbose_name} has the id {object_id!r}.")
    return get_object_or_404(model, pk=int(object_id))


def _span_link(text: str, span: Span, end: int) -> SafeString:
    return format_html(
        '<a id="{}" class="ct-span {}" href="{}" title="{}" data-start="{}"><mark>{}</mark></a>',
        span.anchor,
        span.css,
        span.href,
        span.label,
        span.start,
        text[span.start : end],
    )


def lead_index(article: Article) -> int:
    """Which paragraph is the lead: the first, or the second when the first is the title."""
    lines = [line.strip() for line in article.text.split("\n") if line.strip()]
    title = article.title.strip()
    return 1 if len(lines) > 1 and title and lines[0] == title else 0


def sentence_guess(article: Article, start: int, end: int) -> dict:
    """The import's best guess for a sentence it did not extract: the kind from its cue
    words, the parties it names (before the cue: actors; after: targets), and the meeting of
    the nearest extracted commitment before it, else the article's first meeting."""
    from corpus_import import entities, rule_engine

    sentence = article.text[start:end]
    kind, cue_at = Commitment.Kind.PLEDGE, len(sentence)
    for row, pattern in rule_engine.active().cues:
        match = pattern.search(sentence)
        if match and match.start() < cue_at:
            kind, cue_at = row.kind, match.start()
    actors: list[str] = []
    targets: list[str] = []
    for mention in entities.find_parties(sentence):
        side = actors if mention.start < cue_at else targets
        if mention.code not in actors + targets:
            side.append(mention.code)
    if kind == "need":
        kind = Commitment.Kind.AGREEMENT if len(actors) > 1 else Commitment.Kind.PROPOSAL
    elif kind == Commitment.Kind.PLEDGE and len(actors) > 1:
        kind = Commitment.Kind.AGREEMENT
    before = (
        article.commitments.filter(start__lt=start, meeting__isnull=False)
        .order_by("-start")
        .values_list("meeting_id", flat=True)
        .first()
    )
    meeting = before or article.meetings.order_by("date", "id").values_list("pk", flat=True).first()
    known = {p.code: p for p in Party.objects.filter(code__in=actors + targets)}
    return {
        "sentence": sentence,
        "kind": kind,
        "meeting": meeting,
        "actors": [{"value": c, "label": str(known[c])} for c in actors if c in known],
        "targets": [{"value": c, "label": str(known[c])} for c in targets if c in known],
    }


def meeting_kind_guess(title: str) -> str:
    from corpus_import import rule_engine

    found = rule_engine.meeting_kind(title)
    return found[0] if found else Meeting.Kind.FOREIGN_MINISTERS


def _offsets(data, article: Article) -> tuple[int, int] | None:
    start, end = data.get("start", ""), data.get("end", "")
    if not (start.isdigit() and end.isdigit()):
        return None
    start, end = int(start), int(end)
    return (start, end) if 0 <= start < end <= len(article.text) else None


def article_add_view(model_admin: admin.ModelAdmin, request: HttpRequest, article: Article):
    """POST from the article view: a missed sentence becomes a commitment, or a stretch of
    the lead a meeting. Answers JSON for the page's script."""
    site = model_admin.admin_site
    offsets = _offsets(request.POST, article)
    if offsets is None:
        message = gettext("Choose a sentence of the article.")
        return JsonResponse({"ok": False, "message": message}, status=400)
    start, end = offsets
    try:
        if request.POST.get("action") == "meeting":
            if not site._registry[Meeting].has_add_permission(request):
                raise PermissionDenied
            title = article.text[start:end]
            meeting = meeting_add_from_lead(
                article=article, start=start, end=end, kind=meeting_kind_guess(title)
            )
            return JsonResponse(
                {
                    "ok": True,
                    "message": gettext("Meeting “%(meeting)s” added; it waits in the review queue.")
                    % {"meeting": meeting.title},
                    "meeting": {"value": meeting.pk, "label": meeting.title},
                    "url": reverse("admin:tracker_meeting_change", args=[meeting.pk]),
                }
            )
        if not site._registry[Commitment].has_add_permission(request):
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        if kind not in Commitment.Kind.values:
            raise MeetingEditError(gettext("Unknown kind."))
        meeting_id = request.POST.get("meeting", "")
        meeting = article.meetings.filter(pk=meeting_id).first() if meeting_id.isdigit() else None
        parties = {}
        for name in ("actors", "targets"):
            wanted = [c for c in request.POST.get(name, "").split(",") if c]
            parties[name] = list(Party.objects.filter(code__in=wanted))
        commitment = commitment_add_from_sentence(
            article=article,
            start=start,
            end=end,
            kind=kind,
            meeting=meeting,
            actors=parties["actors"],
            targets=parties["targets"],
        )
    except MeetingEditError as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=400)
    span = Span(
        commitment.start,
        commitment.end,
        f"ct-{commitment.kind} ct-{commitment.review_state}",
        reverse("admin:tracker_commitment_change", args=[commitment.pk]),
        f"{commitment.get_kind_display()} · {commitment.get_review_state_display()}",
        f"commitment-{commitment.pk}",
    )
    return JsonResponse(
        {
            "ok": True,
            "message": gettext("Commitment added: %(text)s") % {"text": commitment.text[:80]},
            "html": _span_link(article.text, span, span.end),
            "url": span.href,
        }
    )


def article_sentences_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str
) -> HttpResponse:
    article = object_or_404(Article, object_id)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    if request.method == "POST":
        return article_add_view(model_admin, request, article)
    if "guess" in request.GET:
        offsets = _offsets(request.GET, article)
        if offsets is None:
            return JsonResponse({"ok": False}, status=400)
        return JsonResponse({"ok": True, **sentence_guess(article, *offsets)})
    commitments = list(
        article.commitments.select_related("meeting").prefetch_related("actors").order_by("start")
    )
    follow_ups = list(article.follow_ups.exclude(start=None).select_related("commitment"))
    spans = [
        Span(
            c.start,
            c.end,
            f"ct-{c.kind} ct-{c.review_state}",
            reverse("admin:tracker_commitment_change", args=[c.pk]),
            f"{c.get_kind_display()} · {c.get_review_state_display()}",
            f"commitment-{c.pk}",
        )
        for c in commitments
    ] + [
        Span(
            f.start,
            f.end,
            f"ct-follow-up ct-{f.review_state}",
            reverse("admin:tracker_followup_change", args=[f.pk]),
            f"{FollowUp._meta.verbose_name} · {f.get_status_display()}",
            f"followup-{f.pk}",
        )
        for f in follow_ups
    ]
    can_add = model_admin.admin_site._registry[Commitment].has_add_permission(request)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": article.title or article.name,
        "article": article,
        "paragraphs": marked_paragraphs(article.text, spans, sentences=can_add),
        "lead_index": lead_index(article),
        "commitments": commitments,
        "follow_ups": follow_ups,
        "meetings": article.meetings.order_by("date", "id"),
        "can_add": can_add,
        "kinds": Commitment.Kind.choices,
    }
    return TemplateResponse(request, "tracker/admin/article_sentences.html", context)


# --- import ------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ARTICLE_SUFFIXES)}))
        # An empty file is refused by the reader, with the reason the file import gives.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Article files"),
        required=False,
        help_text=_(
            "One or more .txt files, or .html pages saved from a browser, in UTF-8 "
            "(UTF-16 and Windows-1258 are read too). An article's file name becomes its name."
        ),
    )
    text = forms.CharField(
        label=_("Or paste an article"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The article's title on the first line, then its text."),
    )
    name = forms.CharField(
        label=_("Name for the pasted article"),
        required=False,
        max_length=200,
        help_text=_("A file name for it; by default pasted-<date and time>.txt."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("files") and not data.get("text", "").strip():
            raise forms.ValidationError(gettext("Choose at least one file or paste a text."))
        return data


def _checked_upload(upload) -> RawArticle | str:
    """An upload to import, read as the command-line import reads a file (`reading`), or the
    reason it cannot be imported."""
    # Django keeps an upload's name within 255 characters; an article's name holds 500.
    name = Path(upload.name).name
    if Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
        return gettext("%(name)s: not an article file (use .txt, .html or .htm).") % {"name": name}
    if upload.size > MAX_ARTICLE_BYTES:
        return f"{name}: {too_large(upload.size)}"
    data = upload.read()
    try:
        decode_article(data)
    except UnreadableArticle as error:
        return f"{name}: {error}"
    return RawArticle(name, data)


def _checked_paste(name: str, text: str) -> RawArticle | str:
    """A pasted article to import, checked as a file's text is, or the reason it cannot be."""
    name = Path(name.strip()).name or "pasted-" + timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
        name += ".txt"
    try:
        check_text(text)
    except UnreadableArticle as error:
        return f"{name}: {error}"
    return RawArticle(name, text)


def run_import(articles: list[RawArticle]) -> Summary:
    """The import_articles pipeline over uploaded and pasted articles, in memory."""
    # In a child process: the web worker's memory stays as it was, whatever the pages.
    return import_articles(articles, isolated=True)


def import_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    summary = None
    imported: list[Article] = []
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    # A request that brought nothing importable (an invalid form, only refused files) is the
    # client's error: 400, with the reasons on the page.
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        articles: list[RawArticle] = []
        for upload in form.cleaned_data["files"]:
            checked = _checked_upload(upload)
            if isinstance(checked, str):
                messages.error(request, checked)
            elif checked.name in {article.name for article in articles}:
                messages.error(
                    request,
                    gettext("%(name)s: uploaded twice; imported once.") % {"name": checked.name},
                )
            else:
                articles.append(checked)
        if form.cleaned_data["text"].strip():
            pasted = _checked_paste(form.cleaned_data["name"], form.cleaned_data["text"])
            if isinstance(pasted, str):
                messages.error(request, pasted)
            else:
                articles.append(pasted)
        if articles:
            status = 200
            summary = run_import(articles)
            for failure in summary.failures:
                messages.error(request, f"{failure.path}: {failure.reason}")
            names = [article.name for article in articles]
            imported = list(Article.objects.filter(name__in=names).defer("text"))
            if summary.skipped:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d article reports no meeting and was passed over.",
                        "%(count)d articles report no meeting and were passed over.",
                        summary.skipped,
                    )
                    % {"count": summary.skipped},
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Import articles"),
        "form": form,
        "summary": summary,
        "imported": imported,
        "queue_url": reverse("admin:tracker_commitment_review"),
    }
    return TemplateResponse(request, "tracker/admin/import.html", context, status=status)


# --- meeting split -----------------------------------------------------------------------------


class SplitForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new meeting"),
        max_length=500,
        help_text=_("As reported; it starts with the other details of this meeting."),
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments to move"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    move_participants = forms.ModelMultipleChoiceField(
        label=_("Participants to move"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    copy_participants = forms.ModelMultipleChoiceField(
        label=_("Participants who attended both"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Reporting articles to move"),
        queryset=MeetingSource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = meeting.commitments.order_by("article_id", "start")
        participants = meeting.participants.select_related("party", "meeting")
        self.fields["move_participants"].queryset = participants
        self.fields["copy_participants"].queryset = participants
        self.fields["sources"].queryset = meeting.sources.select_related("article")
        self.fields["commitments"].label_from_instance = lambda c: c.text
        self.fields["sources"].label_from_instance = lambda s: f"{s.article.name} ({s.key})"
        for name in ("move_participants", "copy_participants"):
            self.fields[name].label_from_instance = _participant_label

    def clean(self) -> dict:
        data = super().clean()
        moved = set(data.get("move_participants") or ())
        if moved & set(data.get("copy_participants") or ()):
            raise forms.ValidationError(
                gettext("A participant either moves or attended both, not both.")
            )
        return data


def _participant_label(participant: Participant) -> str:
    who = [participant.party.code, participant.person_name, participant.title]
    return " · ".join(part for part in who if part)


def split_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    meeting = object_or_404(Meeting, object_id)
    if not (
        model_admin.has_change_permission(request, meeting)
        and model_admin.has_add_permission(request)
    ):
        raise PermissionDenied
    form = SplitForm(request.POST or None, meeting=meeting, initial={"title": meeting.title})
    if request.method == "POST" and form.is_valid():
        try:
            new = meeting_split(meeting=meeting, **form.cleaned_data)
        except MeetingEditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext("Split off “%(new)s”: edit it below.") % {"new": new},
            )
            return HttpResponseRedirect(reverse("admin:tracker_meeting_change", args=[new.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "title": gettext("Split %(meeting)s") % {"meeting": meeting},
        "meeting": meeting,
        "original": meeting,
        "form": form,
    }
    return TemplateResponse(request, "tracker/admin/meeting_split.html", context)


# --- saved filters -----------------------------------------------------------------------------


def _links(base: str, rows, param: str) -> list[dict]:
    return [
        {"label": label, "count": count, "url": base + "?" + urlencode({param: value})}
        for value, label, count in rows
        if count
    ]


def saved_filters_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    base = reverse("admin:tracker_commitment_changelist")

    def by_choice(field: str, choices) -> list[dict]:
        counts = dict(Commitment.objects.values_list(field).annotate(n=Count("id")).order_by(field))
        rows = [(value, label, counts.get(value, 0)) for value, label in choices]
        return _links(base, rows, f"{field}__exact")

    actors = (
        Party.objects.annotate(n=Count("commitments_made")).filter(n__gt=0).order_by("-n", "code")
    )
    targets = (
        Party.objects.annotate(n=Count("commitments_received"))
        .filter(n__gt=0)
        .order_by("-n", "code")
    )
    topics = Topic.objects.annotate(n=Count("commitments")).filter(n__gt=0).order_by("-n")
    meetings = (
        Meeting.objects.annotate(n=Count("commitments")).filter(n__gt=0).order_by("-date", "id")
    )
    years = (
        Commitment.objects.filter(meeting__date__isnull=False)
        .values_list("meeting__date__year")
        .annotate(n=Count("id"))
        .order_by("-meeting__date__year")
    )
    groups = [
        (_("Review state"), by_choice("review_state", ReviewState.choices)),
        (_("Kind"), by_choice("kind", Commitment.Kind.choices)),
        (_("Status"), by_choice("status", Status.choices)),
        (
            _("Party committing"),
            _links(base, [(p.pk, str(p), p.n) for p in actors], "actors__id__exact"),
        ),
        (
            _("Party addressed"),
            _links(base, [(p.pk, str(p), p.n) for p in targets], "targets__id__exact"),
        ),
        (_("Topic"), _links(base, [(t.pk, str(t), t.n) for t in topics], "topics__id__exact")),
        (_("Meeting year"), _links(base, [(y, str(y), n) for y, n in years], "year")),
        (
            _("Meeting"),
            _links(base, [(m.pk, str(m), m.n) for m in meetings], "meeting__id__exact"),
        ),
    ]
    presets = [
        (
            _("Awaiting review, oldest article first"),
            reverse("admin:tracker_commitment_review"),
        ),
        (
            _("Confirmed pledges"),
            base + "?" + urlencode({"review_state__exact": "confirmed", "kind__exact": "pledge"}),
        ),
        (_("Priority commitments"), base + "?" + urlencode({"is_priority__exact": "1"})),
        (_("Overdue (target date passed, not fulfilled)"), base + "?overdue=yes"),
        (
            _("Confirmed, status not yet assessed"),
            base
            + "?"
            + urlencode({"review_state__exact": "confirmed", "status__exact": "not_assessed"}),
        ),
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Commitment._meta,
        "title": _("Saved filters"),
        "groups": groups,
        "presets": presets,
    }
    return TemplateResponse(request, "tracker/admin/saved_filters.html", context)
