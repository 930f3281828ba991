"""Benchmark: import ~1,000 distinct articles into fresh SQLite databases (or PostgreSQL ones)
and compare with underthesea's `word_tokenize` over the same text. A measurement, not a test."""

import contextlib
import random
import resource
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from corpus_import.loader import Summary, import_paths

FIXTURE_ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def build_corpus(target: Path, count: int, sources: list[Path], seed: int = 7) -> list[Path]:
    """`count` distinct articles: each a source with its body paragraphs in a different order
    and a numbered closing line, so every content hash differs."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sources]
    written = []
    for n in range(count):
        base = texts[n % len(texts)]
        paragraphs = base.split("\n\n")
        head, body = paragraphs[:2], paragraphs[2:]
        rng.shuffle(body)
        text = "\n\n".join([*head, *body, f"Bài tổng hợp số {n}."])
        path = target / f"bench_{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


class Command(BaseCommand):
    help = (
        "Import a generated corpus into fresh SQLite databases with 1 and 2 workers; print "
        "articles/s, memory, the word_tokenize baseline over the same text and the speed-up."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument(
            "--source",
            action="append",
            help="Folder of .txt articles to build from (default: fixtures/articles).",
        )
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
        parser.add_argument(
            "--postgresql",
            action="store_true",
            help="Use fresh PostgreSQL databases on the server DATABASE_URL names, created and "
            "dropped for each run, instead of SQLite files.",
        )

    def handle(
        self, *args, articles: int, source: list[str] | None, workers, postgresql: bool, **options
    ) -> None:
        if postgresql and connections["default"].vendor != "postgresql":
            raise CommandError("--postgresql needs DATABASE_URL to name a PostgreSQL server.")
        folders = [Path(s) for s in source] if source else [FIXTURE_ARTICLES]
        sources = sorted(p for folder in folders for p in folder.glob("*.txt"))
        if not sources:
            raise CommandError("No source articles found.")
        with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            files = build_corpus(corpus, articles, sources)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
            self.stdout.write(f"Corpus: {len(files)} articles, {chars / 1e6:.2f} M characters")
            baseline = self._baseline(files)
            self.stdout.write(f"Baseline word_tokenize over the same text: {baseline:.1f}s")
            timings = {}
            for count in workers:
                with self._fresh_database(Path(tmp), count, postgresql):
                    timings[count] = self._run(corpus, count)
            one = timings.get(1)
            if one:
                self.stdout.write(f"Import / baseline (1 worker): {one / baseline:.2f}x")
            for count, seconds in timings.items():
                if one and count != 1:
                    self.stdout.write(f"Speed-up with {count} workers: {one / seconds:.2f}x")

    def _baseline(self, files: list[Path]) -> float:
        from underthesea import word_tokenize

        word_tokenize("Khởi động mô hình.")
        started = time.perf_counter()
        for path in files:
            word_tokenize(path.read_text(encoding="utf-8"))
        return time.perf_counter() - started

    @contextlib.contextmanager
    def _fresh_database(self, tmp: Path, workers: int, postgresql: bool):
        connection = connections["default"]
        connection.close()
        original = dict(connection.settings_dict)
        name = f"{original['NAME']}_bench_{workers}"
        if postgresql:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
            connection.settings_dict["NAME"] = name
        else:
            connection.settings_dict.update(
                ENGINE="django.db.backends.sqlite3", NAME=str(tmp / f"bench-{workers}.sqlite3")
            )
        try:
            call_command("migrate", verbosity=0, interactive=False)
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(original)
            if postgresql:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def _run(self, corpus: Path, workers: int) -> float:
        checkpoints: list[tuple[int, float]] = []

        def progress(summary: Summary) -> None:
            if summary.total % 250 == 0:
                checkpoints.append((summary.total, _rss_mb()))

        summary = import_paths([corpus], workers=workers, on_progress=progress)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        rate = summary.total / summary.seconds
        memory = ", ".join(f"{n}: {mb:.0f} MB" for n, mb in checkpoints)
        self.stdout.write(
            f"{workers} worker(s): {summary.total} articles in {summary.seconds:.1f}s = "
            f"{rate:.1f} articles/s; new {summary.new}, failed {summary.failed}; "
            f"{summary.commitments} commitments; peak RSS {peak:.0f} MB; RSS by article {memory}"
        )
        return summary.seconds
