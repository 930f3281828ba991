from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.database import refresh_planner_statistics
from tracker.summary import rebuild
from tracker.synthetic_data import generate


class Command(BaseCommand):
    help = (
        "Add a large realistic data set (meetings, participants, commitments, follow-ups) "
        "built from the gold files' vocabulary, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=5000)
        parser.add_argument("--commitments", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument(
            "--gold", type=Path, default=Path(settings.BASE_DIR) / "fixtures" / "gold"
        )

    def handle(self, *args, meetings, commitments, seed, gold, **options):
        if meetings < 1 or commitments < meetings:
            raise CommandError("Need at least one meeting and one commitment per meeting.")
        try:
            counts = generate(
                gold_dir=gold,
                meetings=meetings,
                commitments=commitments,
                seed=seed,
                progress=lambda message: (
                    self.stdout.write(message) if options["verbosity"] > 1 else None
                ),
            )
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        # Rebuilt once rather than refreshed per batch: each refresh would recount partitions
        # that every later batch makes stale again.
        rows = rebuild()
        refresh_planner_statistics()
        self.stdout.write(
            f"created {counts['meetings']} meetings, {counts['commitments']} commitments, "
            f"{counts['follow_ups']} follow-ups; {rows} commitment count rows"
        )
