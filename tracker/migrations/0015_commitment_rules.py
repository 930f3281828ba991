import importlib

from django.db import migrations, models

# SQLite adds a column with a default by copying the table: the triggers of 0003 (search) and
# 0012 (stats summary) are dropped around it and restored, as 0013 does.
resolution = importlib.import_module("tracker.migrations.0013_resolution")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0014_commitment_initial_history"),
    ]

    operations = [
        migrations.RunPython(
            resolution.drop_sqlite_count_triggers,
            resolution.install_sqlite_count_triggers,
            elidable=False,
        ),
        migrations.AddField(
            model_name="commitment",
            name="rules",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="Names of the import's rule table rows that made this item.",
                verbose_name="rules that fired",
            ),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="rules",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="Names of the import's rule table rows that made this item.",
                verbose_name="rules that fired",
            ),
        ),
        migrations.RunPython(
            resolution.restore_sqlite_search, migrations.RunPython.noop, elidable=False
        ),
        migrations.RunPython(
            resolution.install_sqlite_count_triggers,
            resolution.drop_sqlite_count_triggers,
            elidable=False,
        ),
    ]
