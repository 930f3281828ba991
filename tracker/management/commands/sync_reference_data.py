from django.core.management.base import BaseCommand

from tracker.models import Party, PartyAlias, Topic
from tracker.reference_data import sync_reference_data


class Command(BaseCommand):
    help = "Add parties, aliases and topics from the built-in catalog that the database lacks."

    def handle(self, *args, **options) -> None:
        created = sync_reference_data(Party, PartyAlias, Topic)
        # What the database holds, then what this run added: on a fresh install the migrations
        # already loaded the catalog, and "0 parties added" alone read as if none existed.
        self.stdout.write(
            f"Reference data: {Party.objects.count()} parties, {PartyAlias.objects.count()} "
            f"aliases, {Topic.objects.count()} topics ({created['parties']} parties, "
            f"{created['aliases']} aliases, {created['topics']} topics added now)."
        )
