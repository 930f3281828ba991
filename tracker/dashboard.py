"""The public dashboard at `/`: confirmed data only, in Vietnamese or English, as SVG drawn on
the server. Each chart's numbers come from the same code as the API query it links to."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from tracker.api.filters import CommitmentFilter
from tracker.api.views import compliance_row, grouped_counts, party_summary
from tracker.charts import Bar, Series, bar_chart, line_chart, stacked_columns
from tracker.models import Commitment, Meeting, Party, ReviewState, Status, Topic
from tracker.querysets import YearOf

PUBLIC = [ReviewState.CONFIRMED]
TOP = 8


def api(path: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"/api/{path}" + (f"?{query}" if query else "")


def public_counts(query: str) -> list[dict]:
    """The rows `/api/stats/commitments/?<query>` answers the public, from the same code."""
    params = QueryDict(query)
    filterset = CommitmentFilter(params, queryset=Commitment.objects.visible(PUBLIC), states=PUBLIC)
    if not filterset.is_valid():
        raise ValueError(filterset.errors)
    dimensions = params["group_by"].split(",")
    groups, _total = grouped_counts(filterset, dimensions, PUBLIC)
    return [
        {name: row[f"_{name}"] for name in dimensions} | {"count": row["count"]} for row in groups
    ]


def _by_year(rows: list[dict], key: str) -> tuple[dict, list]:
    """{value: {year: count}} over dated rows, and the values by total, largest first."""
    per: dict = defaultdict(dict)
    totals: dict = defaultdict(int)
    for row in rows:
        if row[key] is None or row["year"] is None:
            continue
        per[row[key]][row["year"]] = row["count"]
        totals[row[key]] += row["count"]
    return per, sorted(totals, key=lambda value: (-totals[value], value))


def parties_over_time() -> dict:
    query = "group_by=actor,year"
    per, ranked = _by_year(public_counts(query), "actor")
    names = dict(Party.objects.filter(code__in=ranked).values_list("code", "name_en"))
    series = [
        Series(
            label=code,
            values=per[code],
            link=reverse("dashboard-party", args=[code]),
            point_links={year: api("commitments/", actor=code, year=year) for year in per[code]},
        )
        for code in ranked[:TOP]
    ]
    return {
        "svg": line_chart(series, label=_("Commitments per party and year")),
        "api": api("stats/commitments/", group_by="actor,year"),
        "list": api("commitments/"),
        "parties": [
            {"code": code, "name": names.get(code, code), "count": sum(per[code].values())}
            for code in ranked
        ],
    }


def topics_over_time() -> dict:
    per, ranked = _by_year(public_counts("group_by=topic,year"), "topic")
    names = {topic.slug: str(topic) for topic in Topic.objects.filter(slug__in=ranked[:TOP])}
    series = [
        Series(
            label=names.get(slug, slug),
            values=per[slug],
            link=api("commitments/", topic=slug),
            point_links={year: api("commitments/", topic=slug, year=year) for year in per[slug]},
        )
        for slug in ranked[:TOP]
    ]
    return {
        "svg": line_chart(series, label=_("Commitments per topic and year")),
        "api": api("stats/commitments/", group_by="topic,year"),
        "list": api("commitments/"),
    }


def compliance_by_party() -> dict:
    rows = [
        compliance_row(row)
        for row in Commitment.objects.filter(review_state__in=PUBLIC)
        .with_assessment()
        .compliance_by_actor()
    ]
    shown = sorted(rows, key=lambda row: -row["commitments"])[:12]
    scores = [
        Bar(
            label=row["party"],
            value=row["average_score"],
            link=reverse("dashboard-party", args=[row["party"]]),
            title=_("%(party)s: average score over %(assessed)s assessed commitments")
            % {"party": row["party"], "assessed": row["assessed"]},
        )
        for row in shown
        if row["average_score"] is not None
    ]
    shares = [
        Bar(
            label=row["party"],
            value=row["fulfilled_share"] or 0,
            link=api("commitments/", actor=row["party"], status=Status.FULFILLED),
            title=_("%(party)s: share fulfilled") % {"party": row["party"]},
        )
        for row in shown
    ]
    return {
        "scores": bar_chart(scores, label=_("Average compliance score"), low=-1, high=1, width=340),
        "shares": bar_chart(
            shares, label=_("Share fulfilled"), low=0, high=1, fmt="{:.0%}", width=340
        ),
        "api": api("stats/compliance/"),
        "list": api("commitments/", status=Status.FULFILLED),
    }


def meetings_timeline() -> dict:
    counts = (
        Meeting.objects.confirmed()
        .exclude(date=None)
        .annotate(year=YearOf("date"))
        .values("year", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    columns: dict = defaultdict(dict)
    for row in counts:
        columns[row["year"]][row["kind"]] = row["count"]
    keys = [(kind.value, str(kind.label)) for kind in Meeting.Kind]
    links = {
        (year, kind): api("meetings/", year=year, kind=kind)
        for year, kinds in columns.items()
        for kind in kinds
    }
    return {
        "svg": stacked_columns(columns, keys=keys, links=links, label=_("Meetings per year")),
        "api": api("meetings/"),
        "list": api("commitments/", date_from=f"{min(columns)}-01-01") if columns else "",
    }


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    known = dict(settings.LANGUAGES)
    return wanted if wanted in known else translation.get_language() or settings.LANGUAGE_CODE


def _page(request: HttpRequest, template: str, build) -> HttpResponse:
    with translation.override(_language(request)):
        context = build() | {"language": translation.get_language(), "path": request.path}
        response = render(request, template, context)
    # Public data, as cacheable as the API's public answers.
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
    return response


@require_safe
@cache_page(None, key_prefix="dashboard")
def index(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "tracker/dashboard/index.html",
        lambda: {
            "parties": parties_over_time(),
            "topics": topics_over_time(),
            "compliance": compliance_by_party(),
            "meetings": meetings_timeline(),
        },
    )


@require_safe
@cache_page(None, key_prefix="dashboard")
def party(request: HttpRequest, code: str) -> HttpResponse:
    chosen = get_object_or_404(Party, code=code.upper())
    return _page(request, "tracker/dashboard/party.html", lambda: party_context(chosen))


def party_context(chosen: Party) -> dict:
    summary = party_summary(chosen, PUBLIC)
    code = chosen.code
    by_year = {
        row["year"]: row["count"]
        for row in public_counts(f"group_by=year&actor={code}")
        if row["year"] is not None
    }
    statuses = [
        Bar(
            label=str(Status(status).label),
            value=count,
            link=api("commitments/", actor=code, status=status),
        )
        for status, count in sorted(summary["by_status"].items(), key=lambda item: -item[1])
    ]
    pledges = list(
        Commitment.objects.filter(review_state__in=PUBLIC, actors=chosen)
        .select_related("meeting")
        .only(
            "id",
            "kind",
            "text",
            "status",
            "meeting__title",
            "meeting__date",
            "meeting__review_state",
        )
        .order_by("-meeting__date", "-id")[:40]
    )
    for item in pledges:
        # An unreviewed meeting's date is not public, even beside a confirmed commitment.
        if item.meeting is not None and item.meeting.review_state not in PUBLIC:
            item.meeting = None
    return {
        "party": chosen,
        "summary": summary,
        "years": line_chart(
            [
                Series(
                    label=code,
                    values=by_year,
                    point_links={y: api("commitments/", actor=code, year=y) for y in by_year},
                )
            ],
            label=_("Commitments per year"),
        ),
        "years_api": api("stats/commitments/", group_by="year", actor=code),
        "statuses": bar_chart(statuses, label=_("Commitments by status"), fmt="{:d}"),
        "statuses_api": api("stats/commitments/", group_by="status", actor=code),
        "pledges": pledges,
        "api": api(f"parties/{code}/"),
        "list": api("commitments/", actor=code),
        "meetings_list": api("meetings/", party=code),
    }
