"""Two curators editing the same commitment: the second save does not overwrite the first."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def _value(bound):
    value = bound.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return value


def submitted_data(response) -> dict:
    """What a browser would post back from an admin change page, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        if (value := _value(form[name])) is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                if (value := _value(subform[name])) is not None:
                    data[subform.add_prefix(name)] = value
    return data


@pytest.fixture
def curators(django_user_model):
    clients = []
    for name in ("lan", "minh"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw-1!")
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_a_save_on_a_stale_copy_is_refused_and_the_first_save_kept(curators):
    first, second = curators
    commitment = CommitmentFactory()
    url = f"/admin/tracker/commitment/{commitment.pk}/change/"
    first_copy = submitted_data(first.get(url))
    second_copy = submitted_data(second.get(url))

    first_copy["text"] = "Nhật Bản cam kết hỗ trợ vaccine (bản của Lan)."
    saved = first.post(url, first_copy)
    second_copy["text"] = "Nhật Bản cam kết hỗ trợ (bản của Minh)."
    refused = second.post(url, second_copy)

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "Someone else saved this item" in refused.content.decode()
    commitment.refresh_from_db()
    assert commitment.text == "Nhật Bản cam kết hỗ trợ vaccine (bản của Lan)."
    assert commitment.version == 2


def test_saving_again_after_reloading_succeeds(curators):
    first, _ = curators
    commitment = CommitmentFactory()
    url = f"/admin/tracker/commitment/{commitment.pk}/change/"
    copy = submitted_data(first.get(url))
    first.post(url, copy)

    fresh = submitted_data(first.get(url))
    fresh["text"] = "Bản sửa lần hai."
    response = first.post(url, fresh)

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.text == "Bản sửa lần hai."
    assert commitment.version == 3


def test_an_edit_opened_before_a_review_click_is_refused(curators):
    from tracker.models import ReviewState
    from tracker.services import items_set_review_state

    editor, _ = curators
    commitment = CommitmentFactory(review_state=ReviewState.EXTRACTED)
    url = f"/admin/tracker/commitment/{commitment.pk}/change/"
    stale = submitted_data(editor.get(url))

    items_set_review_state(items=[commitment], state=ReviewState.CONFIRMED)
    stale["text"] = "Nhật Bản cam kết hỗ trợ (sửa trên bản cũ)."
    refused = editor.post(url, stale)

    assert refused.status_code == 200
    assert "Someone else saved this item" in refused.content.decode()
    commitment.refresh_from_db()
    assert commitment.review_state == ReviewState.CONFIRMED
    assert commitment.version == 2
