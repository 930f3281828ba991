import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corpus_import import pipeline
from corpus_import.pipeline import process_file
from corpus_import.scoring import Score, gold_files, is_recursive, samples, score_article

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Score the import pipeline against gold samples, each apart: the seed gold, dev/ and "
        "each round under frozen/. Prints precision, recall and F1 of items, kind and actor "
        "accuracy, meetings found, meeting sides and dates, and the errors counted by class."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--sample",
            action="append",
            dest="sample_names",
            metavar="NAME",
            help=(
                "seed, dev, frozen (every round) or frozen/<round>; repeat for several. "
                "Default: seed and dev. Frozen rounds are scored only when named."
            ),
        )
        parser.add_argument(
            "--gold",
            default=None,
            help="Score one folder of gold *.json instead of the named samples.",
        )
        parser.add_argument(
            "--articles",
            default=str(FIXTURES / "articles"),
            help="Where articles not beside their gold file are (the seed's are here).",
        )
        parser.add_argument(
            "--scorer",
            choices=pipeline.SCORERS,
            default=None,
            help="Which sentence scorer keeps items (default: the CORPUS_IMPORT_SCORER setting).",
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, gold, articles, sample_names, scorer, json, **options) -> None:
        if scorer:
            pipeline.use_scorer(scorer)
        gold_root = FIXTURES / "gold"
        if gold:
            chosen = [(Path(gold).name, Path(gold))]
        else:
            try:
                chosen = samples(gold_root, sample_names or ["seed", "dev"])
            except ValueError as error:
                raise CommandError(str(error)) from error
        results: dict[str, dict] = {}
        for name, folder in chosen:
            files = (
                gold_files(folder, Path(articles), recursive=is_recursive(name))
                if folder.is_dir()
                else []
            )
            if not files:
                if sample_names or gold:
                    raise CommandError(f"{name}: no gold files in {folder}")
                self.stdout.write(f"== {name}: no gold files in {folder} yet")
                continue
            score = Score()
            for entry in files:
                if not entry.article.exists():
                    raise CommandError(f"{entry.path.name}: article {entry.article} not found")
                score_article(entry.gold, process_file(entry.article).to_dict(), score)
            results[name] = {
                **score.as_dict(),
                "error_classes": dict(sorted(score.error_classes.items())),
            }
            if not json:
                self._print(name, score, options["verbosity"])
        if not results:
            raise CommandError("No gold files in any sample")
        if json:
            self.stdout.write(_dumps(results))

    def _print(self, name: str, score: Score, verbosity: int) -> None:
        self.stdout.write(f"== {name} ({score.articles} articles, scorer {pipeline.scorer()})")
        for key, value in score.as_dict().items():
            self.stdout.write(f"{key:>26}: {value}")
        self.stdout.write("  errors by class:")
        for error_class, count in sorted(score.error_classes.items(), key=lambda e: -e[1]):
            self.stdout.write(f"    {count:>4}  {error_class}")
        if verbosity >= 2:
            for error in score.errors:
                self.stdout.write("  " + error)


def _dumps(value: dict) -> str:
    return json.dumps(value, indent=2)
