"""The curator's pages: review queue, sources in context, import, merge, split, saved filters."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import ARTICLES_DIR
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tracker.admin.views import Span, marked_paragraphs, source_in_context
from tracker.models import Article, Commitment, FollowUp, Meeting, ReviewState
from tracker.services import roles_sync

pytestmark = pytest.mark.django_db

QUEUE = "admin:tracker_commitment_review"

TEXT = (
    "Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản\n\n"
    "Chiều 3/8, hội nghị diễn ra trực tuyến. Nhật Bản cam kết hỗ trợ ASEAN 1 triệu liều vaccine. "
    "Hai bên nhất trí tăng cường hợp tác biển.\n\n"
    "ASEAN đề nghị Nhật Bản hỗ trợ chuyển đổi số."
)
SENTENCES = [
    "Nhật Bản cam kết hỗ trợ ASEAN 1 triệu liều vaccine.",
    "Hai bên nhất trí tăng cường hợp tác biển.",
    "ASEAN đề nghị Nhật Bản hỗ trợ chuyển đổi số.",
]


def article_with_items(name: str = "a.txt", published=datetime.date(2021, 8, 3)):
    article = ArticleFactory(name=name, text=f"{name}\n{TEXT}", published_on=published)
    meeting = MeetingFactory()
    MeetingSourceFactory(meeting=meeting, article=article)
    ParticipantFactory(meeting=meeting, party=party("JP"), person_name="Motegi Toshimitsu")
    commitments = [
        CommitmentFactory(article=article, meeting=meeting, sentence=sentence)
        for sentence in SENTENCES
    ]
    return article, meeting, commitments


def states(*objects) -> list[str]:
    return [type(o).objects.get(pk=o.pk).review_state for o in objects]


# --- review queue ------------------------------------------------------------------------------


def test_the_queue_opens_on_the_oldest_article_and_says_what_is_left(staff_client):
    _newer, _, _ = article_with_items("newer.txt", datetime.date(2022, 1, 1))
    older, _, _ = article_with_items("older.txt", datetime.date(2021, 1, 1))
    response = staff_client.get(reverse(QUEUE))
    assert response.status_code == 200
    assert response.context["article"] == older
    assert [a.name for a in response.context["articles"]] == ["older.txt", "newer.txt"]
    assert response.context["remaining"] == {"commitments": 6, "meetings": 2, "follow_ups": 0}
    content = response.content.decode()
    assert "Left to review" in content
    assert '<mark class="ct-source">Nhật Bản cam kết hỗ trợ ASEAN 1 triệu liều vaccine.</mark>' in (
        content
    )


def test_one_click_confirms_or_rejects_a_commitment(staff_client):
    article, _, (first, second, third) = article_with_items()
    response = staff_client.post(
        reverse(QUEUE),
        {
            "scope": "commitment",
            "pk": first.pk,
            "action": "confirm",
            "article": article.pk,
            "next": f"commitment-{second.pk}",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith(f"?article={article.pk}#commitment-{second.pk}")
    staff_client.post(reverse(QUEUE), {"scope": "commitment", "pk": second.pk, "action": "reject"})
    assert states(first, second, third) == ["confirmed", "rejected", "extracted"]
    assert Commitment.objects.get(pk=first.pk).curated_at is not None
    queue = staff_client.get(reverse(QUEUE))
    assert [c.pk for c in queue.context["commitments"]] == [third.pk]


def test_confirming_a_meeting_decides_the_meeting_alone(staff_client):
    _, meeting, commitments = article_with_items()
    staff_client.post(reverse(QUEUE), {"scope": "meeting", "pk": meeting.pk, "action": "reject"})
    assert states(meeting, *commitments) == ["rejected"] + ["extracted"] * 3


def test_a_meetings_commitments_are_confirmed_by_their_own_bulk_button(staff_client):
    _, meeting, commitments = article_with_items()
    staff_client.post(
        reverse(QUEUE), {"scope": "meeting-commitments", "pk": meeting.pk, "action": "confirm"}
    )
    assert states(meeting, *commitments) == ["extracted"] + ["confirmed"] * 3
    page = staff_client.get(reverse(QUEUE)).content.decode()
    assert "Confirm all its 3 commitments" not in page


def test_the_queue_offers_the_bulk_button_with_its_count(staff_client):
    article_with_items()
    page = staff_client.get(reverse(QUEUE)).content.decode()
    assert "Confirm all its 3 commitments" in page
    assert "Confirm meeting" in page


JSON = {"HTTP_ACCEPT": "application/json"}


def test_a_decision_answers_json_with_the_changed_card_and_can_be_undone(staff_client):
    from django.contrib.auth import get_user_model

    article, _meeting, (first, *_) = article_with_items()
    data = {"scope": "commitment", "pk": first.pk, "action": "reject", "article": article.pk}
    answer = staff_client.post(reverse(QUEUE), data, **JSON).json()
    assert answer["ok"] and answer["undo"]
    assert answer["message"] == "1 item rejected."
    assert answer["states"][f"commitment-{first.pk}"] == {
        "state": "rejected",
        "label": "rejected",
        "version": first.version + 1,
    }
    assert "2 commitments" in answer["remaining"]
    assert states(first) == ["rejected"]

    undone = staff_client.post(reverse(QUEUE), {"action": "undo", "article": article.pk}, **JSON)
    assert undone.json()["message"] == "Undone: 1 item rejected."
    assert undone.json()["states"][f"commitment-{first.pk}"]["state"] == "extracted"
    assert states(first) == ["extracted"]
    assert Commitment.objects.get(pk=first.pk).curated_at is None
    user = get_user_model().objects.get(username="curator")
    rows = list(Commitment.history.filter(id=first.pk).order_by("history_id"))
    assert [r.review_state for r in rows][-2:] == ["rejected", "extracted"]
    assert {r.history_user for r in rows[-2:]} == {user}
    nothing = staff_client.post(reverse(QUEUE), {"action": "undo"}, **JSON)
    assert nothing.status_code == 400


def test_undo_takes_back_a_whole_bulk_decision(staff_client):
    article, meeting, commitments = article_with_items()
    FollowUpFactory(commitment=commitments[0], article=article)
    staff_client.post(
        reverse(QUEUE), {"scope": "commitment", "pk": commitments[0].pk, "action": "reject"}, **JSON
    )
    answer = staff_client.post(
        reverse(QUEUE), {"scope": "article", "pk": article.pk, "action": "confirm"}, **JSON
    ).json()
    assert answer["message"] == "4 items confirmed."
    staff_client.post(reverse(QUEUE), {"action": "undo"}, **JSON)
    assert states(meeting, *commitments) == ["extracted", "rejected", "extracted", "extracted"]
    staff_client.post(reverse(QUEUE), {"action": "undo"}, **JSON)
    assert states(meeting, *commitments) == ["extracted"] * 4


def test_a_card_is_edited_in_place(staff_client):
    article, _, (first, *_) = article_with_items()
    answer = staff_client.post(
        reverse(QUEUE),
        {
            "action": "edit",
            "pk": first.pk,
            "version": first.version,
            "article": article.pk,
            "kind": "support",
            "actors": "JP,KR",
            "targets": "ASEAN",
            "topics": "health",
            "amount": "1000000",
            "currency": "usd",
            "target_date": "2025-06",
        },
        **JSON,
    ).json()
    assert answer["ok"], answer
    first.refresh_from_db()
    assert first.kind == "support"
    assert sorted(p.code for p in first.actors.all()) == ["JP", "KR"]
    assert [p.code for p in first.targets.all()] == ["ASEAN"]
    assert [t.slug for t in first.topics.all()] == ["health"]
    assert (first.amount, first.currency) == (1_000_000, "USD")
    assert (first.target_date, first.target_date_precision) == (datetime.date(2025, 6, 1), "month")
    assert first.curated_at is not None and first.review_state == "extracted"
    assert ">KR<" in answer["cards"][f"commitment-{first.pk}"]


def test_an_edit_on_a_stale_card_or_with_bad_values_is_refused(staff_client):
    _article, _, (first, *_) = article_with_items()
    stale = staff_client.post(
        reverse(QUEUE), {"action": "edit", "pk": first.pk, "version": 99, "kind": "support"}, **JSON
    )
    bad = staff_client.post(
        reverse(QUEUE),
        {"action": "edit", "pk": first.pk, "actors": "XX", "target_date": "soon"},
        **JSON,
    )
    assert stale.status_code == bad.status_code == 400
    assert "Unknown party: XX" in bad.json()["message"]
    first.refresh_from_db()
    assert first.kind == "pledge"


def test_save_and_confirm_from_the_card_can_be_undone(staff_client):
    _article, _, (first, *_) = article_with_items()
    staff_client.post(
        reverse(QUEUE),
        {"action": "edit", "pk": first.pk, "kind": "agreement", "then": "confirm"},
        **JSON,
    )
    assert states(first) == ["confirmed"]
    staff_client.post(reverse(QUEUE), {"action": "undo"}, **JSON)
    first.refresh_from_db()
    assert (first.review_state, first.kind) == ("extracted", "agreement")


@pytest.mark.parametrize(
    "query, first",
    [
        ("ASEAN", "ASEAN"),
        ("asean", "ASEAN"),
        ("Hoa Ky", "US"),
        ("hoa kỳ", "US"),
        ("JP", "JP"),
        ("nhat ban", "JP"),
        ("Japan", "JP"),
    ],
)
def test_the_party_lookup_ranks_exact_codes_and_names_before_aliases(staff_client, query, first):
    url = reverse("admin:tracker_commitment_lookup")
    results = staff_client.get(url, {"field": "parties", "q": query}).json()["results"]
    assert results[0]["value"] == first


def test_the_topic_lookup_ignores_accents(staff_client):
    url = reverse("admin:tracker_commitment_lookup")
    results = staff_client.get(url, {"field": "topics", "q": "y te"}).json()["results"]
    assert results[0]["value"] == "health"


def test_the_queue_orders_and_filters_commitments(staff_client):
    _article, _meeting, (first, second, third) = article_with_items()
    Commitment.objects.filter(pk=first.pk).update(confidence=0.9, kind="pledge")
    Commitment.objects.filter(pk=second.pk).update(confidence=0.3, kind="agreement")
    Commitment.objects.filter(pk=third.pk).update(confidence=0.6, kind="proposal")

    def shown(**params):
        response = staff_client.get(reverse(QUEUE), params)
        return [c.pk for c in response.context["commitments"]]

    assert shown() == [second.pk, third.pk, first.pk]
    assert shown(order="-confidence") == [first.pk, third.pk, second.pk]
    assert shown(order="position") == [first.pk, second.pk, third.pk]
    assert shown(kind="proposal") == [third.pk]
    other = MeetingFactory()
    Commitment.objects.filter(pk=first.pk).update(meeting=other)
    assert shown(meeting=other.pk) == [first.pk]


def test_after_an_article_the_next_one_opens_not_the_oldest(staff_client):
    first_article, _, _ = article_with_items("a.txt", datetime.date(2021, 1, 1))
    second_article, _, _ = article_with_items("b.txt", datetime.date(2021, 2, 1))
    third_article, _, _ = article_with_items("c.txt", datetime.date(2021, 3, 1))
    response = staff_client.get(reverse(QUEUE), {"after": second_article.pk})
    assert response.context["article"] == third_article
    response = staff_client.get(reverse(QUEUE), {"after": third_article.pk})
    assert response.context["article"] == first_article


def test_participants_are_listed_once_per_party(staff_client):
    _, meeting, _ = article_with_items()
    ParticipantFactory(meeting=meeting, party=party("JP"))
    page = staff_client.get(reverse(QUEUE)).content.decode()
    assert "JP (Motegi Toshimitsu)" in page
    assert "JP, JP" not in page


def test_a_whole_article_is_rejected_in_one_click(staff_client):
    article, meeting, commitments = article_with_items()
    follow_up = FollowUpFactory(commitment=commitments[0], article=article)
    other_article, _, others = article_with_items("other.txt")
    response = staff_client.post(
        reverse(QUEUE), {"scope": "article", "pk": article.pk, "action": "reject"}, follow=True
    )
    assert "5 items rejected." in [str(m) for m in response.context["messages"]]
    assert states(meeting, follow_up, *commitments) == ["rejected"] * 5
    assert states(*others) == ["extracted"] * 3
    assert response.context["article"] == other_article


def test_an_empty_queue_says_so(staff_client):
    response = staff_client.get(reverse(QUEUE))
    assert response.context["article"] is None
    assert "Nothing left to review." in response.content.decode()


def test_unknown_actions_change_nothing(staff_client):
    _, _, (first, *_) = article_with_items()
    staff_client.post(reverse(QUEUE), {"scope": "commitment", "pk": first.pk, "action": "delete"})
    staff_client.post(reverse(QUEUE), {"scope": "party", "pk": first.pk, "action": "confirm"})
    assert states(first) == ["extracted"]


def test_the_queue_query_count_does_not_grow_with_items(
    staff_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article, meeting, _ = article_with_items()
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse(QUEUE))
    for i in range(5):
        sentence = f"Việt Nam sẽ hỗ trợ số {i}."
        article.text += " " + sentence
        article.save()
        CommitmentFactory(article=article, meeting=meeting, sentence=sentence, actors=["VN"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse(QUEUE))


def test_editing_from_the_queue_returns_to_it(staff_client):
    from tests.test_admin import change_form_data

    article, _, (first, *_) = article_with_items()
    data = change_form_data(staff_client, first)
    data["text"] = "Nhật Bản cam kết hỗ trợ 1 triệu liều vaccine."
    data["_confirm"] = "Save and confirm"
    url = reverse("admin:tracker_commitment_change", args=[first.pk]) + f"?_queue={article.pk}"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse(QUEUE) + f"?article={article.pk}")
    first.refresh_from_db()
    assert (first.text, first.review_state) == (data["text"], ReviewState.CONFIRMED)


# --- sources in context ------------------------------------------------------------------------


def test_source_in_context_highlights_the_sentence_inside_its_paragraph():
    start = TEXT.index(SENTENCES[1])
    html = str(source_in_context(TEXT, start, start + len(SENTENCES[1])))
    assert TEXT.startswith("Hội nghị")
    assert html == (
        "Chiều 3/8, hội nghị diễn ra trực tuyến. Nhật Bản cam kết hỗ trợ ASEAN 1 triệu liều "
        'vaccine. <mark class="ct-source">Hai bên nhất trí tăng cường hợp tác biển.</mark>'
    )


def test_source_in_context_escapes_html_and_cuts_long_paragraphs():
    text = "<b>" + "x" * 1000 + " Câu nguồn. " + "y" * 1000
    start = text.index("Câu nguồn.")
    html = str(source_in_context(text, start, start + len("Câu nguồn.")))
    assert "<b>" not in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 1000


def test_marked_paragraphs_mark_every_span_and_skip_overlaps():
    spans = [
        Span(TEXT.index(s), TEXT.index(s) + len(s), "c", f"/c/{i}", "kind", f"c-{i}")
        for i, s in enumerate(SENTENCES)
    ]
    spans.append(Span(spans[0].start, spans[0].end, "f", "/f", "follow-up", "f-1"))
    paragraphs = [str(p) for p in marked_paragraphs(TEXT, spans)]
    assert len(paragraphs) == 3
    joined = "".join(paragraphs)
    assert all(f'id="c-{i}"' in joined for i in range(3))
    assert 'id="f-1"' not in joined
    assert re.sub(r"<[^>]+>", "", joined) == TEXT.replace("\n", "")


def test_the_commitment_page_shows_its_source_in_context_with_the_article(staff_client):
    article, _, (first, *_) = article_with_items()
    response = staff_client.get(reverse("admin:tracker_commitment_change", args=[first.pk]))
    content = response.content.decode()
    assert f'<mark class="ct-source">{SENTENCES[0]}</mark>' in content
    assert article.name in content and article.publisher in content and "2021-08-03" in content
    sentences_url = reverse("admin:tracker_article_sentences", args=[article.pk])
    assert f"{sentences_url}#commitment-{first.pk}" in content


def test_the_whole_article_marks_every_extracted_sentence(staff_client):
    article, _, commitments = article_with_items()
    start = article.text.index(SENTENCES[2])
    FollowUpFactory(
        commitment=commitments[0],
        article=article,
        quote=SENTENCES[2],
        start=start,
        end=start + len(SENTENCES[2]),
    )
    response = staff_client.get(reverse("admin:tracker_article_sentences", args=[article.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for commitment in commitments:
        assert f'id="commitment-{commitment.pk}"' in content
        assert reverse("admin:tracker_commitment_change", args=[commitment.pk]) in content


# --- import ------------------------------------------------------------------------------------

IMPORT = "admin:tracker_article_import"


@pytest.mark.slow
def test_uploading_an_article_runs_the_import_pipeline(staff_client):
    path = sorted(ARTICLES_DIR.glob("*.txt"))[3]
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    response = staff_client.post(reverse(IMPORT), {"files": [upload]})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.new, summary.failed) == (1, 0)
    article = Article.objects.get(name=path.name)
    assert article.commitments.count() == summary.commitments > 0
    assert "Import finished" in response.content.decode()
    again = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    assert staff_client.post(reverse(IMPORT), {"files": [again]}).context["summary"].unchanged == 1


@pytest.mark.slow
def test_a_pasted_article_is_imported_under_the_given_name(staff_client):
    text = (ARTICLES_DIR / sorted(p.name for p in ARTICLES_DIR.glob("*.txt"))[2]).read_text()
    response = staff_client.post(reverse(IMPORT), {"text": text, "name": "dan-tri-asean-uk"})
    assert response.context["summary"].new == 1
    assert Article.objects.filter(name="dan-tri-asean-uk.txt").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.4", "not an article file"),
        ("latin1.txt", b"Gi\x81\x8d\x90 h\x9d\x9ei ngh\xe9", "not valid UTF-8, UTF-16 or"),
        ("empty.txt", b"  \n", "empty file"),
    ],
)
def test_bad_files_get_a_clear_message_and_are_not_imported(staff_client, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = staff_client.post(reverse(IMPORT), {"files": [upload]})
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(name) and message in m for m in messages), messages
    assert not Article.objects.exists()


def test_an_empty_import_form_asks_for_a_file_or_text(staff_client):
    response = staff_client.post(reverse(IMPORT), {})
    assert "Choose at least one file or paste a text." in response.content.decode()


# --- merge and split ---------------------------------------------------------------------------


def test_merging_asks_which_meeting_to_keep_then_merges(staff_client):
    _, first, _ = article_with_items("one.txt")
    _, second, _second_commitments = article_with_items("two.txt")
    url = reverse("admin:tracker_meeting_changelist")
    selected = {"action": "merge_meetings", "_selected_action": [first.pk, second.pk]}
    page = staff_client.post(url, selected)
    assert page.status_code == 200
    assert "Choose the meeting to keep." in page.content.decode()
    response = staff_client.post(url, {**selected, "apply": "1", "target": second.pk})
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=first.pk).exists()
    assert Commitment.objects.filter(meeting=second).count() == 6
    assert second.sources.count() == 2


def test_merging_needs_two_meetings(staff_client):
    _, meeting, _ = article_with_items()
    response = staff_client.post(
        reverse("admin:tracker_meeting_changelist"),
        {"action": "merge_meetings", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert "Select two or more meetings to merge." in response.content.decode()


def test_splitting_from_the_meeting_page(staff_client):
    _, meeting, (_first, second, _third) = article_with_items()
    url = reverse("admin:tracker_meeting_split", args=[meeting.pk])
    assert staff_client.get(url).status_code == 200
    japan = meeting.participants.get()
    response = staff_client.post(
        url,
        {"title": "Đối thoại biển", "commitments": [second.pk], "copy_participants": [japan.pk]},
    )
    assert response.status_code == 302
    new = Meeting.objects.get(title="Đối thoại biển")
    assert response.url == reverse("admin:tracker_meeting_change", args=[new.pk])
    assert list(new.commitments.all()) == [second]
    assert meeting.commitments.count() == 2
    assert new.participants.get().person_name == "Motegi Toshimitsu"


def test_a_split_with_nothing_chosen_is_refused(staff_client):
    _, meeting, _ = article_with_items()
    response = staff_client.post(
        reverse("admin:tracker_meeting_split", args=[meeting.pk]), {"title": "Khác"}
    )
    assert response.status_code == 200
    assert "Choose at least one" in response.content.decode()
    assert Meeting.objects.count() == 1


# --- saved filters -----------------------------------------------------------------------------


def test_every_saved_filter_link_opens_a_filtered_list(staff_client):
    _article, _meeting, commitments = article_with_items()
    commitments[0].topics.set([])
    CommitmentFactory(actors=["KR"], targets=["ASEAN"], topics=["health"])
    response = staff_client.get(reverse("admin:tracker_commitment_filters"))
    assert response.status_code == 200
    links = [link for _, group in response.context["groups"] for link in group]
    links += [{"url": url, "count": None} for _, url in response.context["presets"]]
    assert len(links) > 10
    for link in links:
        page = staff_client.get(link["url"])
        assert page.status_code == 200, link
        if link["count"] is not None:
            assert page.context["cl"].result_count == link["count"], link


# --- permissions on the curator pages ----------------------------------------------------------


@pytest.fixture
def viewer(client, django_user_model):
    roles_sync(group_model=Group, permission_model=Permission)
    user = django_user_model.objects.create_user("viewer", password="pw-123!", is_staff=True)
    user.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(user)
    return client


def test_a_viewer_sees_the_queue_but_cannot_review_import_or_split(viewer):
    article, meeting, (first, *_) = article_with_items()
    page = viewer.get(reverse(QUEUE))
    assert page.status_code == 200
    assert 'value="confirm"' not in page.content.decode()
    response = viewer.post(
        reverse(QUEUE), {"scope": "commitment", "pk": first.pk, "action": "confirm"}
    )
    assert response.status_code == 403
    assert states(first) == ["extracted"]
    assert viewer.get(reverse(IMPORT)).status_code == 403
    assert viewer.get(reverse("admin:tracker_meeting_split", args=[meeting.pk])).status_code == 403
    assert (
        viewer.get(reverse("admin:tracker_article_sentences", args=[article.pk])).status_code == 200
    )


def test_follow_up_without_article_is_counted_but_not_in_an_article(staff_client):
    FollowUpFactory(commitment=None)
    response = staff_client.get(reverse(QUEUE))
    assert response.context["remaining"]["follow_ups"] == 1
    assert FollowUp.objects.count() == 1


def test_editing_a_meeting_from_the_queue_returns_to_it(staff_client):
    from tests.test_admin import change_form_data

    article, meeting, _ = article_with_items()
    data = change_form_data(staff_client, meeting)
    data["location"] = "Hà Nội"
    url = reverse("admin:tracker_meeting_change", args=[meeting.pk]) + f"?_queue={article.pk}"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse(QUEUE) + f"?article={article.pk}#meeting-{meeting.pk}"


def test_party_and_topic_names_follow_the_language():
    from django.utils import translation

    from tests.factories import topic

    with translation.override("vi"):
        assert (str(party("JP")), str(topic("health"))) == ("JP – Nhật Bản", "Y tế")
    with translation.override("en"):
        assert (str(party("JP")), str(topic("health"))) == ("JP – Japan", "Health")


@pytest.mark.slow
def test_the_five_fixture_articles_are_reviewed_in_five_bulk_clicks(staff_client):
    from corpus_import.loader import import_paths

    import_paths(sorted(ARTICLES_DIR.glob("*.txt")))
    clicks = 0
    while (article := staff_client.get(reverse(QUEUE)).context["article"]) is not None:
        staff_client.post(
            reverse(QUEUE), {"scope": "article", "pk": article.pk, "action": "confirm"}
        )
        clicks += 1
    assert clicks == 5
    assert not Commitment.objects.filter(review_state=ReviewState.EXTRACTED).exists()
    assert not Meeting.objects.filter(review_state=ReviewState.EXTRACTED).exists()


# --- the missed sentence -----------------------------------------------------------------------


def sentences_url(article) -> str:
    return reverse("admin:tracker_article_sentences", args=[article.pk])


def test_every_unmarked_sentence_of_the_article_can_be_clicked(staff_client):
    article, _, (first, *_) = article_with_items()
    first.delete()
    page = staff_client.get(sentences_url(article)).content.decode()
    sentence = "Nhật Bản cam kết hỗ trợ ASEAN 1 triệu liều vaccine."
    start = article.text.index(sentence)
    assert (
        f'<span class="ct-sentence" tabindex="0" role="button" data-start="{start}" '
        f'data-end="{start + len(sentence)}">{sentence}</span>'
    ) in page
    assert 'class="ct-lead" id="article-lead"' in page


def test_a_missed_sentence_becomes_a_commitment_prefilled_from_the_best_guess(staff_client):
    article, meeting, (_first, second, _third) = article_with_items()
    sentence = "Hai bên nhất trí tăng cường hợp tác biển."
    second.delete()
    start, end = article.text.index(sentence), article.text.index(sentence) + len(sentence)
    guess = staff_client.get(sentences_url(article), {"guess": 1, "start": start, "end": end})
    assert guess.json()["kind"] == "agreement"
    assert guess.json()["meeting"] == meeting.pk
    sentence = "ASEAN đề nghị Nhật Bản hỗ trợ chuyển đổi số."
    Commitment.objects.filter(sentence=sentence).delete()
    start = article.text.index(sentence)
    guess = staff_client.get(
        sentences_url(article), {"guess": 1, "start": start, "end": start + len(sentence)}
    ).json()
    assert (guess["kind"], [a["value"] for a in guess["actors"]]) == ("proposal", ["ASEAN"])
    assert [t["value"] for t in guess["targets"]] == ["JP"]

    answer = staff_client.post(
        sentences_url(article),
        {
            "action": "commitment",
            "start": start,
            "end": start + len(sentence),
            "kind": "proposal",
            "meeting": meeting.pk,
            "actors": "ASEAN",
            "targets": "JP",
        },
        **JSON,
    ).json()
    assert answer["ok"], answer
    added = Commitment.objects.get(sentence=sentence)
    assert article.text[added.start : added.end] == added.sentence
    assert (added.kind, added.meeting, added.review_state) == ("proposal", meeting, "confirmed")
    assert [p.code for p in added.actors.all()] == ["ASEAN"]
    assert f'id="commitment-{added.pk}"' in answer["html"]
    again = staff_client.post(
        sentences_url(article),
        {"action": "commitment", "start": start, "end": start + len(sentence), "kind": "pledge"},
        **JSON,
    )
    assert again.status_code == 400


def test_a_stretch_of_the_lead_becomes_a_meeting_in_the_queue(staff_client):
    article, _, _ = article_with_items()
    words = "Hội nghị Bộ trưởng Ngoại giao ASEAN - Nhật Bản"
    start = article.text.index(words)
    answer = staff_client.post(
        sentences_url(article),
        {"action": "meeting", "start": start, "end": start + len(words)},
        **JSON,
    ).json()
    assert answer["ok"], answer
    meeting = Meeting.objects.get(pk=answer["meeting"]["value"])
    assert (meeting.title, meeting.kind, meeting.review_state) == (
        words,
        "foreign_ministers",
        "extracted",
    )
    assert list(meeting.articles.all()) == [article]
    queue = staff_client.get(reverse(QUEUE), {"article": article.pk})
    assert meeting in [g.meeting for g in queue.context["groups"]]


def test_a_meeting_no_article_reports_is_still_listed_in_the_queue(staff_client):
    lost = MeetingFactory(title="Hội nghị không nguồn")
    response = staff_client.get(reverse(QUEUE))
    assert response.context["orphans"] == [lost]
    assert "Hội nghị không nguồn" in response.content.decode()


def test_undoing_a_decision_on_another_article_says_which_article_to_open(staff_client):
    first_article, _, (first, *_) = article_with_items("a.txt")
    second_article, _, _ = article_with_items("b.txt")
    data = {"scope": "commitment", "pk": first.pk, "action": "confirm", "article": first_article.pk}
    staff_client.post(reverse(QUEUE), data, **JSON)
    undone = staff_client.post(
        reverse(QUEUE), {"action": "undo", "article": second_article.pk}, **JSON
    ).json()
    assert undone["article"] == first_article.pk
    assert list(undone["states"]) == [f"commitment-{first.pk}"]
    assert states(first) == ["extracted"]
