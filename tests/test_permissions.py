import importlib

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import (
    CommitmentFactory,
    FollowUpFactory,
    MeetingFactory,
    MeetingSourceFactory,
    ParticipantFactory,
)
from tracker.models import Commitment, MeetingMatch, ReviewState
from tracker.services import roles_sync

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "tracker"]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def roles():
    # Transactional tests flush the groups the migration made; put them back.
    roles_sync(group_model=Group, permission_model=Permission)


def login_as(client, django_user_model, group: str):
    user = django_user_model.objects.create_user(group.lower(), password="pw-123!", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def viewer(client, django_user_model, roles):
    return login_as(client, django_user_model, "Viewer")


@pytest.fixture
def curator(client, django_user_model, roles):
    return login_as(client, django_user_model, "Curator")


@pytest.fixture
def data():
    commitment = CommitmentFactory()
    MeetingSourceFactory(meeting=commitment.meeting, article=commitment.article)
    FollowUpFactory(commitment=commitment)
    ParticipantFactory(meeting=commitment.meeting)
    MeetingMatch.objects.create(meeting=MeetingFactory(), candidate=commitment.meeting, score=0.3)
    return commitment


def test_the_data_migration_creates_the_curator_and_viewer_groups():
    from django.apps import apps

    migration = importlib.import_module("tracker.migrations.0005_roles")
    Group.objects.filter(name__in=["Curator", "Viewer"]).delete()
    migration.create_roles(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) >= {"Curator", "Viewer"}
    curator = Group.objects.get(name="Curator").permissions.values_list("codename", flat=True)
    assert {"change_commitment", "view_commitment", "add_followup"} <= set(curator)
    assert not [codename for codename in curator if codename.endswith(("_user", "_group"))]
    viewer = Group.objects.get(name="Viewer").permissions.values_list("codename", flat=True)
    assert viewer and all(codename.startswith("view_") for codename in viewer)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_a_viewer_sees_every_list_and_record_but_cannot_add_or_change(viewer, data, model):
    assert viewer.get(admin_url(model, "changelist")).status_code == 200
    assert viewer.get(admin_url(model, "add")).status_code == 403
    obj = model.objects.first()
    page = viewer.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert viewer.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert viewer.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403


def test_a_viewer_cannot_run_the_review_actions(viewer, data):
    viewer.post(
        admin_url(Commitment, "changelist"),
        {"action": "confirm_selected", "_selected_action": [data.pk]},
    )
    data.refresh_from_db()
    assert data.review_state == ReviewState.EXTRACTED


def test_a_viewer_cannot_revert_history(viewer, data):
    history_id = data.history.earliest().history_id
    url = reverse("admin:tracker_commitment_simple_history", args=[data.pk, history_id])
    assert viewer.post(url, {"text": "Khác", "kind": "pledge"}).status_code == 403
    data.refresh_from_db()
    assert data.text != "Khác"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_a_curator_can_open_every_list_and_edit_page(curator, data, model):
    assert curator.get(admin_url(model, "changelist")).status_code == 200
    obj = model.objects.first()
    page = curator.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is True


def test_a_curator_can_confirm_commitments(curator, data):
    curator.post(
        admin_url(Commitment, "changelist"),
        {"action": "confirm_selected", "_selected_action": [data.pk]},
    )
    data.refresh_from_db()
    assert data.review_state == ReviewState.CONFIRMED


@pytest.mark.parametrize("view", ["changelist", "add"])
@pytest.mark.parametrize("model_name", ["user", "group"])
def test_a_curator_cannot_manage_users_or_groups(curator, view, model_name):
    assert curator.get(reverse(f"admin:auth_{model_name}_{view}")).status_code == 403


def test_a_curator_cannot_delete_commitments_only_reject_them(curator, data):
    assert (
        curator.post(admin_url(Commitment, "delete", data.pk), {"post": "yes"}).status_code == 403
    )
    assert Commitment.objects.filter(pk=data.pk).exists()
