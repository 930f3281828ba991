import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
    party,
)
from tracker.models import (
    Commitment,
    FollowUp,
    Meeting,
    MeetingMatch,
    Participant,
    ReviewState,
    Status,
)

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "tracker"]


def model_id(model) -> str:
    return model._meta.model_name


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:tracker_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def curated_data():
    commitment = CommitmentFactory(actors=["JP"], targets=["ASEAN"], topics=["health"])
    MeetingSourceFactory(meeting=commitment.meeting, article=commitment.article)
    ParticipantFactory(meeting=commitment.meeting, party=party("JP"))
    ParticipantFactory(meeting=commitment.meeting, party=party("VN"), person_name="Bùi Thanh Sơn")
    FollowUpFactory(commitment=commitment, party=party("JP"), article=commitment.article)
    return commitment


def test_every_domain_model_is_registered():
    names = {model.__name__ for model in MODELS}
    assert names == {
        "Party",
        "PartyAlias",
        "Topic",
        "Article",
        "Meeting",
        "MeetingSource",
        "Participant",
        "Commitment",
        "FollowUp",
        "MeetingMatch",
    }


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_changelist_add_and_change_pages_open_for_staff(staff_client, curated_data, model):
    if model is MeetingMatch:
        MeetingMatch.objects.create(
            meeting=MeetingFactory(), candidate=curated_data.meeting, score=0.3
        )
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    # Only the importer suggests meeting matches.
    added = 403 if model is MeetingMatch else 200
    assert staff_client.get(admin_url(model, "add")).status_code == added
    obj = model.objects.first()
    assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_search_and_every_filter_choice_open_for_staff(staff_client, curated_data, model):
    url = admin_url(model, "changelist")
    assert staff_client.get(url, {"q": "Nhật"}).status_code == 200
    response = staff_client.get(url)
    changelist = response.context["cl"]
    visited = 0
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            filtered = staff_client.get(url + choice["query_string"])
            assert filtered.status_code == 200, (spec.title, choice["query_string"])
            visited += 1
    assert visited >= len(changelist.filter_specs)


def test_commitments_are_found_by_their_source_sentence(staff_client, curated_data):
    sentence = "Hai bên nhất trí tăng cường hợp tác năng lượng."
    CommitmentFactory(sentence=sentence, article=ArticleFactory(text=f"Mở đầu. {sentence}"))
    response = staff_client.get(admin_url(Commitment, "changelist"), {"q": "đại dịch Covid"})
    assert list(response.context["cl"].result_list) == [curated_data]


def test_meeting_changelist_has_a_date_hierarchy(staff_client, curated_data):
    response = staff_client.get(admin_url(Meeting, "changelist"), {"date__year": "2021"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [curated_data.meeting]


def test_meeting_change_page_shows_participants_and_commitments_inline(staff_client, curated_data):
    response = staff_client.get(admin_url(Meeting, "change", curated_data.meeting.pk))
    content = response.content.decode()
    assert "Bùi Thanh Sơn" in content
    assert curated_data.text in content
    formsets = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert formsets == {"sources", "participants", "commitments"}


def test_commitment_source_is_read_only_on_the_change_page(staff_client, curated_data):
    response = staff_client.get(admin_url(Commitment, "change", curated_data.pk))
    form = response.context["adminform"].form
    for name in ["article", "sentence", "start", "end"]:
        assert name not in form.fields
    assert curated_data.sentence in response.content.decode()


def test_posting_a_changed_source_does_not_change_it(staff_client, curated_data):
    data = change_form_data(staff_client, curated_data)
    data.update({"sentence": "Khác.", "start": "0", "end": "5", "text": "Sửa lại."})
    response = staff_client.post(admin_url(Commitment, "change", curated_data.pk), data)
    assert response.status_code == 302
    curated_data.refresh_from_db()
    assert curated_data.text == "Sửa lại."
    assert curated_data.article.text[curated_data.start : curated_data.end] == (
        curated_data.sentence
    )


def change_form_data(client, obj) -> dict:
    """The change form's current values, as a browser would post them back."""
    response = client.get(admin_url(type(obj), "change", obj.pk))
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [getattr(v, "pk", v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = getattr(value, "pk", value)
    return data


def test_saving_a_commitment_in_the_admin_marks_it_curated(staff_client, curated_data):
    assert curated_data.curated_at is None
    data = change_form_data(staff_client, curated_data)
    response = staff_client.post(admin_url(Commitment, "change", curated_data.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    curated_data.refresh_from_db()
    assert curated_data.curated_at is not None
    assert curated_data.is_curated


def test_saving_a_meeting_marks_it_and_its_edited_participants_curated(staff_client, curated_data):
    meeting = curated_data.meeting
    data = change_form_data(staff_client, meeting)
    data["participants-0-title"] = "Bộ trưởng Ngoại giao"
    response = staff_client.post(admin_url(Meeting, "change", meeting.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    meeting.refresh_from_db()
    assert meeting.curated_at is not None
    edited = Participant.objects.get(meeting=meeting, title="Bộ trưởng Ngoại giao")
    assert edited.curated_at is not None


def test_a_follow_up_added_inline_sets_the_commitment_status(staff_client, curated_data):
    data = change_form_data(staff_client, curated_data)
    total = int(data["follow_ups-TOTAL_FORMS"])
    prefix = f"follow_ups-{total}-"
    data.update(
        {
            "follow_ups-TOTAL_FORMS": total + 1,
            prefix + "date": "2023-05-01",
            prefix + "status": Status.FULFILLED,
            prefix + "score": "1",
            prefix + "reason": "Đã giao đủ vaccine.",
            prefix + "review_state": ReviewState.CONFIRMED,
        }
    )
    response = staff_client.post(admin_url(Commitment, "change", curated_data.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    curated_data.refresh_from_db()
    assert curated_data.status == Status.FULFILLED
    assert curated_data.follow_ups.get(date="2023-05-01").curated_at is not None


@pytest.mark.parametrize(
    ("action", "state"),
    [("confirm_selected", ReviewState.CONFIRMED), ("reject_selected", ReviewState.REJECTED)],
)
def test_bulk_review_actions_report_how_many_rows_changed(staff_client, action, state):
    first, second, third = CommitmentFactory.create_batch(3)
    third.review_state = state
    third.save()
    response = staff_client.post(
        admin_url(Commitment, "changelist"),
        {"action": action, "_selected_action": [first.pk, second.pk, third.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("2 items") for m in messages), messages
    assert set(Commitment.objects.values_list("review_state", flat=True)) == {state}
    first.refresh_from_db()
    assert first.curated_at is not None


def test_rejecting_a_follow_up_takes_it_out_of_the_status(staff_client):
    commitment = CommitmentFactory()
    FollowUpFactory(
        review_state="confirmed",
        commitment=commitment,
        date="2022-01-01",
        status=Status.IN_PROGRESS,
    )
    latest = FollowUpFactory(
        review_state="confirmed", commitment=commitment, date="2023-01-01", status=Status.BROKEN
    )
    commitment.refresh_status()
    assert commitment.status == Status.BROKEN
    staff_client.post(
        admin_url(FollowUp, "changelist"),
        {"action": "reject_selected", "_selected_action": [latest.pk]},
    )
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS


def test_meeting_confirm_action_works(staff_client):
    meetings = MeetingFactory.create_batch(2)
    staff_client.post(
        admin_url(Meeting, "changelist"),
        {"action": "confirm_selected", "_selected_action": [m.pk for m in meetings]},
    )
    assert Meeting.objects.filter(review_state=ReviewState.CONFIRMED).count() == 2


def make_rows(model, count: int) -> None:
    for _ in range(count):
        commitment = CommitmentFactory(actors=["JP", "VN"], targets=["ASEAN"], topics=["health"])
        MeetingSourceFactory(meeting=commitment.meeting, article=commitment.article)
        ParticipantFactory(meeting=commitment.meeting, party=party("JP"))
        FollowUpFactory(commitment=commitment, party=party("JP"))


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_changelist_query_count_does_not_grow_with_rows(
    staff_client, model, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = admin_url(model, "changelist")
    make_rows(model, 2)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).status_code == 200
    make_rows(model, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_article_text_is_read_only_once_imported(staff_client):
    article = ArticleFactory()
    response = staff_client.get(admin_url(type(article), "change", article.pk))
    assert "text" not in response.context["adminform"].form.fields


def test_a_commitment_added_in_the_admin_gets_its_source_checked(staff_client):
    article = ArticleFactory()
    sentence = article.text.split(". ")[-1]
    start = article.text.index(sentence)
    data = {
        "kind": Commitment.Kind.PLEDGE,
        "text": "Nhật Bản hỗ trợ ASEAN.",
        "actors": [party("JP").pk],
        "review_state": ReviewState.CONFIRMED,
        "status": Status.NOT_ASSESSED,
        "target_date_precision": "unknown",
        "article": article.pk,
        "sentence": sentence,
        "start": start,
        "end": start + len(sentence),
        "follow_ups-TOTAL_FORMS": 0,
        "follow_ups-INITIAL_FORMS": 0,
    }
    url = admin_url(Commitment, "add")
    wrong = staff_client.post(url, {**data, "start": start + 1})
    assert wrong.status_code == 200
    assert "sentence" in wrong.context["adminform"].form.errors
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    commitment = Commitment.objects.get()
    assert commitment.sentence_key
    assert commitment.curated_at is not None


def test_history_shows_who_changed_a_commitment_and_can_revert_it(staff_client, curated_data):
    original = curated_data.text
    data = change_form_data(staff_client, curated_data)
    data["text"] = "Nhật Bản cam kết hỗ trợ ASEAN."
    staff_client.post(admin_url(Commitment, "change", curated_data.pk), data)
    history = staff_client.get(admin_url(Commitment, "history", curated_data.pk))
    assert history.status_code == 200
    assert "curator" in history.content.decode()
    first = curated_data.history.earliest()
    assert first.text == original
    revert_url = reverse(
        "admin:tracker_commitment_simple_history", args=[curated_data.pk, first.pk]
    )
    form = staff_client.get(revert_url)
    assert form.status_code == 200
    data["text"] = original
    # The revert form, like any change form, carries the version it was opened on.
    data["edit_version"] = form.context["adminform"].form["edit_version"].value()
    versions = curated_data.history.count()
    assert staff_client.post(revert_url, data).status_code == 302
    curated_data.refresh_from_db()
    assert curated_data.text == original
    assert curated_data.history.count() > versions
    assert curated_data.history.latest().history_user.username == "curator"


def test_reverting_a_commitment_restores_its_actors_targets_and_topics(staff_client, curated_data):
    from tests.factories import party, topic

    curated_data.actors.set([party("JP")])
    curated_data.targets.set([party("ASEAN")])
    curated_data.topics.set([topic("health")])
    curated_data.save()  # a version with these links
    version = curated_data.history.latest()
    data = change_form_data(staff_client, curated_data)
    data["actors"] = [party("KR").pk]
    data["targets"] = []
    data["topics"] = [topic("digital").pk]
    staff_client.post(admin_url(Commitment, "change", curated_data.pk), data)
    assert [p.code for p in curated_data.actors.all()] == ["KR"]

    revert_url = reverse(
        "admin:tracker_commitment_simple_history", args=[curated_data.pk, version.pk]
    )
    form = staff_client.get(revert_url).context["adminform"].form
    assert form["actors"].value() == [party("JP").pk]
    assert form["targets"].value() == [party("ASEAN").pk]
    assert form["topics"].value() == [topic("health").pk]
    # Post the revert form back as the browser shows it.
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    assert staff_client.post(revert_url, data).status_code == 302
    assert [p.code for p in curated_data.actors.all()] == ["JP"]
    assert [p.code for p in curated_data.targets.all()] == ["ASEAN"]
    assert [t.slug for t in curated_data.topics.all()] == ["health"]


def test_the_commitment_picker_shows_each_commitments_meeting_and_date(staff_client):
    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "",
            "app_label": "tracker",
            "model_name": "followup",
            "field_name": "commitment",
        },
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == str(commitment.pk)
    assert result["text"].endswith(f"· {commitment.meeting.title} (2021-08-03)")


def test_the_meeting_page_lists_its_commitments_with_actors_and_targets(staff_client):
    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory(actors=["JP"], targets=["ASEAN"])
    page = staff_client.get(admin_url(Meeting, "change", commitment.meeting_id))
    assert "JP → ASEAN" in page.content.decode()
