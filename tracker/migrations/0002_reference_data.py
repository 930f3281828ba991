from django.db import migrations


def load_reference_data(apps, schema_editor):
    from tracker.reference_data import sync_reference_data

    sync_reference_data(
        apps.get_model("tracker", "Party"),
        apps.get_model("tracker", "PartyAlias"),
        apps.get_model("tracker", "Topic"),
    )


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
