"""Stored statuses follow confirmed follow-ups only: recompute them for commitments that have
a dated confirmed follow-up, since linking or editing an unreviewed one used to set them."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def follow_confirmed_follow_ups(apps, schema_editor) -> None:
    Commitment = apps.get_model("tracker", "Commitment")
    FollowUp = apps.get_model("tracker", "FollowUp")
    counted = FollowUp.objects.filter(
        commitment=OuterRef("pk"), review_state="confirmed", date__isnull=False
    )
    latest = counted.order_by("-date", "-id").values("status")[:1]
    Commitment.objects.filter(Exists(counted)).update(status=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [("tracker", "0009_report_status_and_meeting_indexes")]

    operations = [migrations.RunPython(follow_confirmed_follow_ups, migrations.RunPython.noop)]
