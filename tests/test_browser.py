"""End to end in Debian's Chromium: a curator's day in the admin, checked through the read API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from tests.conftest import ARTICLES_DIR

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "test-output"
PASSWORD = "curator-pw-123!"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]

# A second report of the ASEAN–Japan foreign ministers' meeting of 3/8/2021 (article 003), as a
# curator would paste it: the import makes a second meeting, which the curator then merges.
SECOND_REPORT = """ASEAN và Nhật Bản nhất trí đẩy mạnh hợp tác phục hồi sau đại dịch

Chiều 3/8/2021, Bộ trưởng Ngoại giao Bùi Thanh Sơn dự Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản lần thứ 54 theo hình thức trực tuyến.

Nhật Bản cam kết tiếp tục hỗ trợ ASEAN ứng phó đại dịch Covid-19, trong đó có việc cung cấp thêm vaccine cho các nước ASEAN.

Các Bộ trưởng nhất trí đẩy mạnh hợp tác kinh tế, thương mại và đầu tư nhằm phục hồi bền vững sau đại dịch.
"""  # noqa: E501


@pytest.fixture
def browser_page(request, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(exist_ok=True)
    locale = getattr(request, "param", "en-US")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(
            locale=locale, viewport={"width": 1440, "height": 1000}, accept_downloads=False
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page
        # While Playwright's loop runs, the test's ORM calls get connections of their own
        # (asgiref keeps them per context): close them here, or PostgreSQL still counts a
        # session on the test database when pytest goes to drop it.
        connections.close_all()
        context.close()
        browser.close()


@pytest.fixture
def curator(transactional_db, django_user_model):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from tracker.services import roles_sync

    # The previous transactional test flushed permissions and groups; the content type cache
    # may still hold rows from before the flush, so start from a clean cache.
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    roles_sync(group_model=Group, permission_model=Permission)
    user = django_user_model.objects.create_user("hoa", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    assert user.has_perm("tracker.change_commitment")
    return user


class Clicks:
    """Counts the clicks a curator makes, so the report can say how long a review takes."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def __call__(self, locator) -> None:
        locator.click()
        self.count += 1

    def submit(self, locator) -> None:
        """A click that sends a form: wait for the page it leads to."""
        with self.page.expect_navigation():
            locator.click()
        self.count += 1


def log_in(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator("#curator-desk").count() == 1, page.inner_text("#content")


def import_files(page, click: Clicks, paths: list[Path]) -> None:
    click.submit(page.locator("#import-link"))
    page.set_input_files("#id_files", [str(p) for p in paths])
    click.submit(page.locator("#import-submit"))
    page.wait_for_selector("#import-summary")


def test_a_curator_imports_reviews_merges_and_records_a_follow_up(
    live_server, curator, browser_page
):
    from tracker.models import Commitment, Meeting, ReviewState, Status

    page, base = browser_page, live_server.url
    click = Clicks(page)
    log_in(page, base, curator)

    # Import one article as a file, and a second report of the same meeting as pasted text.
    article = sorted(ARTICLES_DIR.glob("*.txt"))[3]
    import_files(page, click, [article])
    assert "1 new" in page.inner_text("#import-summary")
    page.fill("#id_text", SECOND_REPORT)
    page.fill("#id_name", "bao-the-gioi-asean-nhat-ban")
    click.submit(page.locator("#import-submit"))
    assert "1 new" in page.inner_text("#import-summary")

    # The review queue opens on the oldest article, with what is left to do.
    page.goto(f"{base}/admin/")
    click.submit(page.locator("#review-queue-link"))
    remaining = page.inner_text("#remaining")
    assert re.search(r"Left to review: \d+ commitments", remaining)
    first, second = page.locator(".ct-commitment").nth(0), page.locator(".ct-commitment").nth(1)
    first_id = int(first.get_attribute("id").split("-")[1])
    second_id = int(second.get_attribute("id").split("-")[1])
    page.screenshot(path=str(SCREENSHOTS / "review-queue.png"), full_page=True)

    # Confirm one with a click, without a page load; focus moves on, and the next one is
    # rejected by keyboard.
    click(first.locator(".ct-decide button[value=confirm]"))
    page.wait_for_selector(f"#commitment-{first_id}[data-state=confirmed]")
    page.locator(f"#commitment-{second_id}").focus()
    page.keyboard.press("x")
    page.wait_for_selector(f"#commitment-{second_id}[data-state=rejected]")
    assert Commitment.objects.get(pk=first_id).review_state == ReviewState.CONFIRMED
    assert Commitment.objects.get(pk=second_id).review_state == ReviewState.REJECTED

    # The second report of the ASEAN–Japan meeting (the same 54th meeting, the same day) was
    # recognised at import: one meeting with two sources, nothing for the curator to merge.
    meetings = list(Meeting.objects.filter(date="2021-08-03").order_by("pk"))
    assert len(meetings) == 1
    assert meetings[0].sources.count() == 2

    # Record a follow-up on the confirmed commitment; its status follows.
    page.goto(f"{base}/admin/tracker/commitment/{first_id}/change/")
    assert page.locator("mark.ct-source").count() == 1
    row = page.input_value("#id_follow_ups-TOTAL_FORMS")
    click(page.locator("#follow_ups-group .add-row a"))
    page.fill(f"#id_follow_ups-{row}-date", "2022-01-15")
    page.select_option(f"#id_follow_ups-{row}-status", Status.IN_PROGRESS)
    page.select_option(f"#id_follow_ups-{row}-score", "0")
    page.fill(f"#id_follow_ups-{row}-reason", "Nhật Bản đã bàn giao lô vaccine đầu tiên.")
    page.fill(f"#id_follow_ups-{row}-url", "https://example.org/vaccine-asean")
    click.submit(page.locator("input[name=_continue]"))
    assert page.locator(".messagelist .success").count() == 1, page.inner_text("#content")
    assert "+0.00 from 1 assessment" in page.inner_text(".field-compliance_summary")
    page.screenshot(path=str(SCREENSHOTS / "commitment-source.png"), full_page=True)

    # The whole article with every extracted sentence marked, the commitment's in focus.
    click.submit(page.locator("a", has_text="whole article, every extracted sentence marked"))
    page.wait_for_selector(f"#commitment-{first_id}")
    assert page.locator("#article-text .ct-span").count() >= 2

    # What the read API now says.
    api = page.request
    public = api.get(f"{base}/api/commitments/{first_id}/").json()
    assert public["review_state"] == "confirmed"
    assert public["status"] == Status.IN_PROGRESS
    # Its meeting still awaits review: named only to those who ask for unreviewed items.
    assert public["meeting"] is None
    everything = api.get(f"{base}/api/commitments/{first_id}/?review_state=all").json()
    assert everything["meeting"] == meetings[0].pk
    rejected = api.get(f"{base}/api/commitments/{second_id}/?review_state=all").json()
    assert rejected["review_state"] == "rejected"
    meeting = api.get(f"{base}/api/meetings/{meetings[0].pk}/?review_state=all").json()
    assert len(meeting["sources"]) == 2
    follow_ups = api.get(f"{base}/api/follow-ups/?commitment={first_id}&review_state=all").json()
    assert [f["status"] for f in follow_ups["results"]] == [Status.IN_PROGRESS]
    assert click.count > 0


@pytest.mark.parametrize("browser_page", ["vi-VN"], indirect=True)
def test_a_vietnamese_browser_gets_the_curator_pages_in_vietnamese(
    live_server, curator, browser_page
):
    from tests.factories import CommitmentFactory, MeetingSourceFactory

    commitment = CommitmentFactory(actors=["JP"], targets=["ASEAN"], topics=["health"])
    MeetingSourceFactory(meeting=commitment.meeting, article=commitment.article)
    page, base = browser_page, live_server.url
    log_in(page, base, curator)
    assert "Bàn làm việc của biên tập viên" in page.inner_text("#curator-desk")
    page.click("#review-queue-link")
    assert "Còn phải duyệt: 1 cam kết, 1 hội nghị, 0 diễn biến" in page.inner_text("#remaining")
    assert page.get_by_role("button", name="Xác nhận c", exact=True).count() == 1
    page.screenshot(path=str(SCREENSHOTS / "review-queue-vi.png"), full_page=True)
