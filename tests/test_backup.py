import datetime

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from tests.factories import CommitmentFactory, FollowUpFactory, ParticipantFactory, party
from tracker.models import (
    Article,
    Commitment,
    FollowUp,
    Meeting,
    Participant,
    Party,
    PartyAlias,
    Status,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    def rows(model):
        result = []
        for obj in model.objects.order_by("pk"):
            values = model_to_dict(obj)
            for key, value in values.items():
                if isinstance(value, list):
                    values[key] = sorted(getattr(item, "pk", item) for item in value)
            result.append(values)
        return result

    return {
        model.__name__: rows(model)
        for model in (Article, Meeting, Participant, Commitment, FollowUp, Party, PartyAlias)
    }


def make_curated_data(django_user_model) -> None:
    commitment = CommitmentFactory(actors=["JP"], targets=["ASEAN"], topics=["health"])
    commitment.review_state = "confirmed"
    commitment.mark_curated()
    commitment.save()
    ParticipantFactory(meeting=commitment.meeting, party=party("ASEAN"), role="co_chair")
    FollowUpFactory(commitment=commitment, date=datetime.date(2022, 5, 1), status=Status.FULFILLED)
    PartyAlias.objects.create(party=party("JP"), text="Đất nước Mặt trời mọc")
    django_user_model.objects.create_user("viewer", "v@example.org", "pw-abc-123")


def wipe() -> None:
    FollowUp.objects.all().delete()
    Commitment.objects.all().delete()
    Meeting.objects.all().delete()
    Article.objects.all().delete()


def test_a_backup_restores_everything_into_an_empty_database(tmp_path, django_user_model):
    make_curated_data(django_user_model)
    before = snapshot()
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))
    wipe()
    django_user_model.objects.all().delete()
    call_command("backup", "restore", str(path))
    assert snapshot() == before
    assert django_user_model.objects.filter(username="viewer").exists()
    restored = Commitment.objects.get()
    assert restored.article.text[restored.start : restored.end] == restored.sentence
    new = Party.objects.create(code="ZZTEST", name_en="x", name_vi="x", kind="state")
    assert new.pk > max(row["id"] for row in before["Party"]), "sequences were reset"


def test_restoring_into_a_database_with_content_changes_nothing(tmp_path, django_user_model):
    make_curated_data(django_user_model)
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))
    before = snapshot()
    with pytest.raises(CommandError, match="empty"):
        call_command("backup", "restore", str(path))
    assert snapshot() == before


def test_restoring_a_file_that_is_not_a_backup_fails_clearly(tmp_path):
    path = tmp_path / "not-a-backup.xml.gz"
    path.write_bytes(b"plain text")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("backup", "restore", str(path))
    assert Party.objects.filter(code="JP").exists(), "reference data untouched"


API_URLS = [
    "/api/meetings/?review_state=all",
    "/api/commitments/?review_state=all",
    "/api/commitments/?review_state=all&q=cam ket",
    "/api/follow-ups/?review_state=all",
    "/api/articles/",
    "/api/parties/JP/",
    "/api/stats/commitments/?group_by=actor,topic,status&review_state=all",
    "/api/stats/compliance/?review_state=all",
]


def test_a_restored_backup_serves_identical_api_output(tmp_path, django_user_model, client):
    make_curated_data(django_user_model)
    staff = django_user_model.objects.create_superuser("auditor", "a@example.org", "pw-xyz-789")
    client.force_login(staff)
    before = {url: client.get(url).json() for url in API_URLS}
    path = tmp_path / "backup.xml.gz"
    call_command("backup", "export", str(path))
    wipe()
    django_user_model.objects.all().delete()

    call_command("backup", "restore", str(path))
    client.force_login(django_user_model.objects.get(username="auditor"))
    after = {url: client.get(url).json() for url in API_URLS}

    assert before["/api/commitments/?review_state=all&q=cam ket"]["count"] == 1
    assert after == before
