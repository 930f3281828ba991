import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corpus_import import resolution as rules
from corpus_import.loader import import_paths
from tracker.resolution import reaffirmation_model_fit, resolution_score, similarity_tables

GOLD = Path(settings.BASE_DIR) / "fixtures" / "gold" / "resolution"


class Command(BaseCommand):
    help = (
        "Score meeting and statement resolution against fixtures/gold/resolution: imports the "
        "gold articles in a transaction it rolls back, then prints pairwise precision and recall."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", default=str(GOLD))
        parser.add_argument(
            "--thresholds",
            action="store_true",
            help="Also print each similarity method's precision and recall by threshold.",
        )

        parser.add_argument(
            "--same-meeting-statement",
            type=float,
            help="Score with this SAME_MEETING_STATEMENT instead of the chosen one (to pick it).",
        )
        parser.add_argument(
            "--strong-statement",
            type=float,
            help="Score with this STRONG_STATEMENT instead of the chosen one (to pick it).",
        )
        parser.add_argument(
            "--reaffirms",
            type=float,
            help="Score with this REAFFIRMS (probability) instead of the chosen one (to pick it).",
        )
        parser.add_argument(
            "--fit-reaffirmation",
            nargs="?",
            const=str(rules.REAFFIRMATION_MODEL_PATH),
            metavar="PATH",
            help=f"Fit the reaffirmation weights on the tune pairs and write them to PATH "
            f"(default {rules.REAFFIRMATION_MODEL_PATH.name}, which the import reads; score "
            f"again to see their effect).",
        )

    def handle(
        self,
        *args,
        gold: str,
        thresholds: bool,
        same_meeting_statement: float | None,
        strong_statement: float | None,
        reaffirms: float | None,
        fit_reaffirmation: str | None,
        **options,
    ) -> None:
        folder = Path(gold)
        if not (folder / "gold.json").is_file():
            raise CommandError(f"No gold.json in {folder}")
        data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        if same_meeting_statement is not None:
            rules.SAME_MEETING_STATEMENT = same_meeting_statement
        if strong_statement is not None:
            rules.STRONG_STATEMENT = strong_statement
        if reaffirms is not None:
            rules.REAFFIRMS = reaffirms
        with transaction.atomic():
            summary = import_paths([folder / "articles"])
            if fit_reaffirmation:
                model = reaffirmation_model_fit(data)
            result = resolution_score(data)
            transaction.set_rollback(True)
        if fit_reaffirmation:
            Path(fit_reaffirmation).write_text(json.dumps(model, indent=1) + "\n", "utf-8")
            self.stdout.write(f"Wrote {fit_reaffirmation}")
            return
        result["import"] = {
            "new": summary.new,
            "skipped": summary.skipped,
            "failed": summary.failed,
            "meetings": summary.meetings,
            "commitments": summary.commitments,
        }
        if thresholds:
            steps = [round(0.05 * i, 2) for i in range(4, 19)]
            result["similarity"] = similarity_tables(data, steps)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
