from django.core.management.base import BaseCommand

from tracker import summary


class Command(BaseCommand):
    help = (
        "Recompute the stale partitions of the commitment counts summary behind "
        "/api/stats/commitments/, or with --rebuild all of it (after loading data in bulk)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Recount every commitment, not only stale ones."
        )

    def handle(self, *args, rebuild, **options):
        if rebuild:
            rows = summary.rebuild()
            self.stdout.write(f"rebuilt: {rows} rows")
        else:
            partitions = summary.refresh()
            self.stdout.write(f"refreshed: {partitions} stale partitions")
