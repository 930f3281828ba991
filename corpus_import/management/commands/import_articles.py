import argparse
import datetime
import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corpus_import.loader import Summary, import_paths
from corpus_import.pipeline import ARTICLE_SUFFIXES, iter_article_paths

PROGRESS_EVERY_SECONDS = 2.0


class Command(BaseCommand):
    help = (
        "Import Vietnamese articles (.txt, or .html saved from a browser) from files or folders: "
        "meetings, participants, commitments and follow-up evidence, ready for curation. "
        "Text may be UTF-8, UTF-16/32 with a BOM or Windows-1258. Empty, binary, undecodable, "
        "legacy TCVN3/VNI and over-5 MB files are refused, each with its reason, and the "
        "command then exits non-zero; the other files still import."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Article files or folders.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Extract and print what would be stored, as JSON; write nothing.",
        )
        parser.add_argument(
            "--workers", type=int, default=1, help="Processes for the language processing."
        )
        parser.add_argument(
            "--published-on",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help=(
                "The day the articles were published: dates 'chiều nay', 'ngày 6/6' and years "
                "the text leaves out. Default: the page's markup, or a 'date' line."
            ),
        )

    def handle(
        self, *args, paths: list[str], dry_run: bool, workers: int, published_on, **options
    ) -> None:
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError("No such file or folder: " + ", ".join(missing))
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        # Inside a folder, other files are passed over; a file named on the command line was
        # meant to be imported, so one that cannot be is an error before anything is stored.
        unsupported = [
            p for p in paths if Path(p).is_file() and Path(p).suffix.lower() not in ARTICLE_SUFFIXES
        ]
        if unsupported:
            raise CommandError(
                f"Not article files ({', '.join(ARTICLE_SUFFIXES)}): {', '.join(unsupported)}; "
                "nothing was imported."
            )
        if not iter_article_paths(paths):
            raise CommandError(
                f"No article files ({', '.join(ARTICLE_SUFFIXES)}) under: " + ", ".join(paths)
            )
        verbosity = options["verbosity"]
        state = {"last": time.perf_counter(), "first": True}

        def progress(summary: Summary) -> None:
            now = time.perf_counter()
            if verbosity >= 1 and now - state["last"] >= PROGRESS_EVERY_SECONDS:
                state["last"] = now
                rate = summary.total / summary.seconds if summary.seconds else 0.0
                sys.stderr.write(f"\r{summary.total} articles, {rate:.1f}/s ")
                sys.stderr.flush()

        def emit(doc) -> None:
            self.stdout.write(
                ("[" if state["first"] else ",") + json.dumps(doc.to_dict(), ensure_ascii=False)
            )
            state["first"] = False

        summary = import_paths(
            paths,
            published_on=published_on,
            workers=workers,
            dry_run=dry_run,
            on_progress=progress,
            on_document=emit if dry_run else None,
            on_retry=lambda message: self.stderr.write(message) if verbosity >= 1 else None,
        )
        if dry_run:
            self.stdout.write("[]" if state["first"] else "]")
        out = self.stderr if dry_run else self.stdout
        if summary.seconds >= PROGRESS_EVERY_SECONDS and verbosity >= 1:
            sys.stderr.write("\n")
        out.write(
            f"Articles: {summary.new} new, {summary.unchanged} unchanged, "
            f"{summary.updated} updated, {summary.skipped} passed over (no meeting reported), "
            f"{summary.failed} failed in {summary.seconds:.1f}s."
        )
        verb = "Would create" if dry_run else "Created"
        out.write(
            f"{verb}: {summary.meetings} meetings, {summary.participants} participants, "
            f"{summary.commitments} commitments, {summary.follow_ups} follow-ups."
        )
        for failure in summary.failures:
            self.stderr.write(f"FAILED {failure.path}: {failure.reason}")
        if summary.failed:
            raise CommandError(f"{summary.failed} article(s) failed to import.")


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {value}") from error
