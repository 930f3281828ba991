"""The public dashboard: confirmed data only, both languages, every chart tied to its API query,
and in Chromium a page that draws without scripts (screenshots under test-output/)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from tests.test_api_reporting import data  # noqa: F401  (the hand-counted data set, a fixture)
from tests.test_browser import CHROMIUM, SCREENSHOTS, sync_api

pytestmark = pytest.mark.django_db

POINT = re.compile(r"<title>([A-Z]+) (\d{4}): (\d+)</title>")


def sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([\w-]+)">(.*?)</section>', page, re.S))


def links(fragment: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', fragment)]


def test_the_dashboard_charts_the_numbers_its_api_query_answers(client, data):  # noqa: F811
    page = client.get("/?lang=en").content.decode()
    charts = sections(page)

    parties = charts["parties-over-time"]
    assert "/api/stats/commitments/?group_by=actor%2Cyear" in parties
    drawn = {(code, int(year)): int(n) for code, year, n in POINT.findall(parties)}
    answer = client.get("/api/stats/commitments/?group_by=actor,year").json()["results"]
    assert {(r["actor"], r["year"]): r["count"] for r in answer} == {
        key: n for key, n in drawn.items() if n
    }
    # Each point opens the list of its commitments.
    assert "/api/commitments/?actor=KR&year=2022" in links(parties)


def test_every_chart_links_to_its_api_query_and_its_commitments(client, data):  # noqa: F811
    charts = sections(client.get("/").content.decode())

    assert set(charts) >= {"parties-over-time", "topics-over-time", "compliance", "meetings"}
    for name in ("parties-over-time", "topics-over-time", "compliance", "meetings"):
        targets = links(charts[name])
        assert any(t.startswith("/api/") and "commitments/?" not in t for t in targets), name
        assert any(t.startswith("/api/commitments/") for t in targets), name
        for target in targets:
            if target.startswith("/api/"):
                assert client.get(target).status_code == 200, target


def test_the_public_sees_confirmed_commitments_only(client, data):  # noqa: F811
    page = client.get("/?lang=en").content.decode()
    party = client.get("/parties/KR/?lang=en").content.decode()

    assert "maritime-security" not in page  # the topic of c3, still awaiting review
    assert "Maritime" not in page
    assert "an ninh biển" not in party  # c3's statement
    assert "ủng hộ sáng kiến ứng phó biến đổi khí hậu" in party  # c4, confirmed


def test_the_dashboard_speaks_vietnamese_and_english(client, data):  # noqa: F811
    english = client.get("/?lang=en").content.decode()
    vietnamese = client.get("/?lang=vi").content.decode()
    by_browser = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/").content.decode()

    assert "Commitments per party and year" in english
    assert 'lang="vi"' in vietnamese
    assert "Cam kết theo bên và năm" in vietnamese
    assert "Cam kết theo bên và năm" in by_browser


def test_a_party_page_lists_its_meetings_pledges_and_statuses(client, data):  # noqa: F811
    page = client.get("/parties/jp/?lang=en").content.decode()
    parts = sections(page)

    assert "Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản" in parts["party-meetings"]
    assert "Fulfilled" in parts["party-pledges"] or "fulfilled" in parts["party-pledges"]
    assert "/api/stats/commitments/?group_by=status&amp;actor=JP" in parts["party-statuses"]
    assert client.get("/parties/XX/").status_code == 404


def test_the_dashboard_runs_no_script_and_keeps_the_csp(client, data):  # noqa: F811
    response = client.get("/")

    assert "<script" not in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed")
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_dashboard_in_chromium(live_server, data, language, monkeypatch):  # noqa: F811
    # Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text))
        page.goto(f"{base}/?lang={language}")
        page.wait_for_selector("#parties-over-time svg")
        assert page.locator("svg.chart").count() >= 4
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-{language}.png"), full_page=True)
        page.goto(f"{base}/parties/JP/?lang={language}")
        page.wait_for_selector("#party-pledges table")
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-party-{language}.png"), full_page=True)
        with page.expect_navigation():
            page.click("#party-statuses .links a >> nth=0")
        assert "/api/stats/commitments/" in page.url
        browser.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
