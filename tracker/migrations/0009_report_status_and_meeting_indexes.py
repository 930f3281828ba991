"""Two more commitment indexes for the API's groupings and date filters, then fresh planner
statistics, so the planner weighs the new indexes at once rather than after the next ANALYZE.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0008_commitment_search_document"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["review_state", "status"], name="commitment_state_status"),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["meeting", "review_state", "kind", "status"],
                name="commitment_meeting_report",
            ),
        ),
        migrations.RunSQL("ANALYZE tracker_commitment", reverse_sql=migrations.RunSQL.noop),
    ]
