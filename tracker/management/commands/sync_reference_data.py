from django.core.management.base import BaseCommand

from tracker.models import Party, PartyAlias, Topic
from tracker.reference_data import sync_reference_data


class Command(BaseCommand):
    help = "Add parties, aliases and topics from the built-in catalog that the database lacks."

    def handle(self, *args, **options) -> None:
        created = sync_reference_data(Party, PartyAlias, Topic)
        self.stdout.write(
            "Reference data: {parties} parties, {aliases} aliases, {topics} topics added.".format(
                **created
            )
        )
