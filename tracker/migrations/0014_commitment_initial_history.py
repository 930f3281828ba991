"""Commitments imported before the import recorded history get a first history record, with
their actors, targets and topics, so that reverting can go back to what the import found."""

from django.db import migrations
from django.utils import timezone


def record_initial_history(apps, schema_editor):
    Commitment = apps.get_model("tracker", "Commitment")
    History = apps.get_model("tracker", "HistoricalCommitment")
    recorded = History.objects.values("id")
    columns = [
        f.attname
        for f in History._meta.concrete_fields
        if not f.name.startswith("history_") and f.attname != "history_id"
    ]
    pending = Commitment.objects.exclude(pk__in=recorded).order_by("pk")
    for start in range(0, pending.count(), 1000):
        batch = list(pending[:1000])
        if not batch:
            break
        records = History.objects.bulk_create(
            History(
                history_type="+",
                history_date=row.created_at or timezone.now(),
                history_change_reason="",
                **{name: getattr(row, name) for name in columns},
            )
            for row in batch
        )
        by_commitment = {record.id: record for record in records}
        for name, other in (("actors", "party_id"), ("targets", "party_id"), ("topics", "topic_id")):
            through = getattr(Commitment, name).through
            links = apps.get_model("tracker", f"HistoricalCommitment_{name}")
            links.objects.bulk_create(
                links(
                    id=row.id,
                    commitment_id=row.commitment_id,
                    history=by_commitment[row.commitment_id],
                    **{other: getattr(row, other)},
                )
                for row in through.objects.filter(commitment_id__in=list(by_commitment))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0013_resolution"),
    ]

    operations = [
        migrations.RunPython(record_initial_history, migrations.RunPython.noop),
    ]
