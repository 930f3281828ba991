"""Stored statuses follow undated confirmed follow-ups too.

A commitment's status used to follow its latest dated confirmed follow-up only, while its score
and compliance also read undated ones: a commitment whose only confirmed follow-up was undated
counted as fulfilled in compliance and not in the status grouping, or the other way round.
Undated follow-ups now count everywhere as the oldest evidence (`FollowUpQuerySet.deciding`),
so the stored status of a commitment whose confirmed follow-ups are all undated becomes its
latest recorded one's. Others keep theirs. The stats summary is brought up to date after.
"""

from django.db import migrations


def recompute_statuses(apps, schema_editor):
    FollowUp = apps.get_model("tracker", "FollowUp")
    Commitment = apps.get_model("tracker", "Commitment")
    using = schema_editor.connection.alias
    counted = FollowUp.objects.using(using).filter(
        review_state="confirmed", commitment__isnull=False
    )
    dated = counted.filter(date__isnull=False).values("commitment")
    undated_only = counted.filter(date__isnull=True).exclude(commitment__in=dated)
    deciding: dict[int, str] = {}
    for commitment, status in undated_only.order_by("commitment", "-id").values_list(
        "commitment", "status"
    ):
        deciding.setdefault(commitment, status)
    by_status: dict[str, list[int]] = {}
    for commitment, status in deciding.items():
        by_status.setdefault(status, []).append(commitment)
    for status, ids in by_status.items():
        Commitment.objects.using(using).filter(pk__in=ids).exclude(status=status).update(
            status=status
        )
    # The triggers of 0012 marked the partitions these updates moved rows between as stale.
    from tracker.summary import refresh

    refresh(using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0018_commitment_restated_index"),
    ]

    operations = [
        migrations.RunPython(recompute_statuses, migrations.RunPython.noop),
    ]
