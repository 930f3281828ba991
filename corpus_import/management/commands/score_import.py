import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corpus_import.pipeline import process_file
from corpus_import.scoring import score_all

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Score the import pipeline against gold files: precision, recall and F1 of items, kind "
        "and actor accuracy, meetings found, meeting-party and date accuracy."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--gold", default=str(FIXTURES / "gold"), help="Folder of gold *.json.")
        parser.add_argument(
            "--articles",
            default=str(FIXTURES / "articles"),
            help="Folder holding the articles the gold files name.",
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, gold: str, articles: str, json: bool, **options) -> None:
        gold_dir, article_dir = Path(gold), Path(articles)
        files = sorted(gold_dir.glob("*.json"))
        if not files:
            raise CommandError(f"No gold files in {gold_dir}")
        pairs = []
        for path in files:
            expected = _load(path)
            source = article_dir / expected["article"]
            if not source.exists():
                raise CommandError(f"{path.name}: article {source} not found")
            pairs.append((expected, process_file(source).to_dict()))
        score = score_all(pairs)
        figures = score.as_dict()
        if json:
            self.stdout.write(_dumps(figures))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key:>26}: {value}")
        if options["verbosity"] >= 2:
            for error in score.errors:
                self.stdout.write("  " + error)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dumps(value: dict) -> str:
    return json.dumps(value, indent=2)
