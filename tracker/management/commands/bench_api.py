import http.client
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from rest_framework.views import APIView

from tracker.load_test import load, wait_until_up
from tracker.models import Commitment, Meeting, Party

HOST = "127.0.0.1"
TRIVIAL = ("trivial JSON view", ["/healthz"])
# Words of diplomatic reports, as typed with and without diacritics.
SEARCH_TERMS = [
    "hợp tác",
    "hop tac",
    "cam kết",
    "y tế",
    "y te",
    "kinh tế",
    "phục hồi",
    "an ninh",
    "thương mại",
    "thuong mai",
    "biến đổi khí hậu",
    "chuyển đổi số",
    "năng lượng",
    "vắc xin",
    "đầu tư",
    "hỗ trợ",
]
GROUPINGS = ["actor,year", "kind,year", "topic", "actor,kind", "status", "target,year"]
STATS_FILTERS = ["", "&kind=pledge", "&date_from=2020-01-01"]
# Queries per endpoint whose bare SQL and one-client latency are measured, best of ROUNDS.
FLOOR_PATHS = 8
ROUNDS = 5
PHASES = {
    "cold": ("every request reaches the database", "0"),
    "cached": ("public answers served from the server cache", None),
}


def scenarios() -> list[tuple[str, list[str]]]:
    """Each endpoint with varied queries built from the data present, as analysts send them;
    the first of each is the same in every run."""
    actors = list(
        Party.objects.annotate(n=Count("commitments_made"))
        .filter(n__gt=0)
        .order_by("-n", "code")
        .values_list("code", flat=True)[:8]
    )
    if "JP" in actors:
        actors.insert(0, actors.pop(actors.index("JP")))
    years = sorted(
        {date.year for date in Meeting.objects.exclude(date=None).dates("date", "year")}
    )[-3:] or [2020]
    kinds = ["pledge", "agreement", "support", "proposal"]
    lists = [
        f"/api/commitments/?actor={actor}&kind={kind}&date_from={year}-01-01"
        for year, kind, actor in itertools.product([2018, 2015, 2020], kinds, actors)
    ]
    exports = [
        f"/api/commitments/?format=csv&actor={actor}&year={year}&kind={kind}"
        for kind, year, actor in itertools.product(kinds, years, actors)
    ]
    return [
        ("filtered commitment list", lists),
        ("search", [f"/api/commitments/?q={quote(term)}" for term in SEARCH_TERMS]),
        (
            "stats grouping",
            [
                f"/api/stats/commitments/?group_by={grouping}{extra}"
                for extra, grouping in itertools.product(STATS_FILTERS, GROUPINGS)
            ],
        ),
        ("CSV export", exports),
    ]


class Command(BaseCommand):
    help = (
        "Serve the app with gunicorn and load it from this process over loopback; print "
        "requests/s and p50/p95/p99 latency per endpoint beside a trivial JSON view."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=10.0, help="Seconds per endpoint.")
        parser.add_argument("--clients", type=int, default=4, help="Concurrent clients.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument(
            "--with-import",
            type=Path,
            help="Import this folder of articles over and over while the load runs.",
        )
        parser.add_argument(
            "--phase",
            choices=[*PHASES, "both"],
            default="both",
            help="cold: the server cache off, so every request reaches the database; "
            "cached: the default configuration; both (default): one after the other.",
        )

    def handle(self, *args, duration, clients, workers, with_import, phase, **options):
        if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
            raise CommandError("An in-memory database cannot be shared with gunicorn.")
        if not Commitment.objects.exists():
            raise CommandError("The database is empty: run `manage.py generate_data` first.")
        endpoints = [TRIVIAL, *scenarios()]
        self.stdout.write(
            f"database: {connection.vendor}, {Commitment.objects.count()} commitments; "
            f"gunicorn {workers} workers, {clients} clients on loopback, {duration:g} s per "
            "endpoint; queries per endpoint: "
            + ", ".join(f"{name} {len(paths)}" for name, paths in endpoints[1:])
        )
        stop_import = threading.Event()
        importer = None
        imports = {"rounds": 0, "articles": 0, "failures": 0, "last_error": ""}
        failed = 0
        try:
            if with_import:
                importer = threading.Thread(
                    target=_import_repeatedly, args=(with_import, stop_import, imports), daemon=True
                )
                importer.start()
            for name in PHASES if phase == "both" else [phase]:
                results = self._run_phase(name, endpoints, duration, clients, workers)
                failed += sum(result.errors for result in results)
        finally:
            stop_import.set()
            if importer:
                importer.join(timeout=120)
        if with_import:
            self.stdout.write(
                f"imports during the load: {imports['rounds']} rounds, {imports['articles']} "
                f"articles, {imports['failures']} failed rounds {imports['last_error']}"
            )
        failed += imports["failures"]
        # Figures that include refused requests measure the refusal, not the endpoint: any
        # answer outside 2xx fails the run, whatever the phase.
        if failed:
            raise CommandError(f"{failed} requests or import rounds failed")

    def _run_phase(self, phase, endpoints, duration, clients, workers) -> list:
        description, cache_seconds = PHASES[phase]
        # The server shares this cache: start each phase without an earlier run's answers.
        cache.clear()
        environment = _server_environment()
        if cache_seconds is not None:
            environment["DJANGO_API_CACHE_SECONDS"] = cache_seconds
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tracker.wsgi",
                f"--workers={workers}",
                f"--bind={HOST}:{port}",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
        )
        try:
            wait_until_up(HOST, port, TRIVIAL[1][0])
            results = [
                load(HOST, port, name, paths, duration=duration, clients=clients)
                for name, paths in endpoints
            ]
            single = {name: one_client_ms(HOST, port, paths) for name, paths in endpoints}
        finally:
            server.terminate()
            server.wait(timeout=30)
        if not hasattr(self, "_floors"):
            # The same in both phases: measured once, after the first phase's server is gone
            # so the two do not compete for the cores.
            self._floors = {name: sql_floor_ms(paths) for name, paths in endpoints}
        self.stdout.write(f"\n{phase}: {description}")
        self._report(results, single, self._floors)
        self._report_failures(results)
        return results

    def _report(self, results, single: dict, floors: dict) -> None:
        ceiling = results[0].throughput
        self.stdout.write(
            f"{'endpoint':<26}{'requests':>9}{'errors':>7}{'5xx':>5}{'req/s':>9}"
            f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'of trivial':>12}"
            f"{'1 client':>10}{'SQL floor':>11}{'÷ floor':>9}"
        )
        for result in results:
            alone, floor = single[result.name], floors[result.name]
            ratio = f"{alone / floor:>8.2f}x" if floor else f"{'-':>9}"
            floor_text = f"{floor:>11.1f}" if floor is not None else f"{'-':>11}"
            self.stdout.write(
                f"{result.name:<26}{result.requests:>9}{result.errors:>7}{result.server_errors:>5}"
                f"{result.throughput:>9.1f}{result.percentile(0.5):>9.1f}"
                f"{result.percentile(0.95):>9.1f}{result.percentile(0.99):>9.1f}"
                f"{result.throughput / ceiling:>11.0%}"
                f"{alone:>10.1f}{floor_text}{ratio}"
            )
        self.stdout.write(
            f"1 client: ms per request from one client, and SQL floor: ms of the SQL statements "
            f"those requests run, executed directly; each the mean over the first "
            f"{FLOOR_PATHS} queries of the endpoint, best of {ROUNDS} per query."
        )

    def _report_failures(self, results) -> None:
        for result in results:
            if result.failures:
                counts = ", ".join(f"{n} × {status}" for status, n in result.failures.most_common())
                self.stdout.write(self.style.ERROR(f"{result.name}: failed answers: {counts}"))


def one_client_ms(host: str, port: int, paths: list[str]) -> float:
    """Latency of one client alone: the mean over the first queries, best of ROUNDS each."""
    bests = []
    for path in paths[:FLOOR_PATHS]:
        times = []
        for _ in range(ROUNDS):
            conn = http.client.HTTPConnection(host, port, timeout=60)
            began = time.perf_counter()
            conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            conn.getresponse().read()
            times.append(time.perf_counter() - began)
            conn.close()
        bests.append(min(times))
    return sum(bests) / len(bests) * 1000


def captured_statements(path: str) -> list[tuple[str, tuple]]:
    """The SQL statements (with parameters) that serving `path` runs, read in this process."""
    statements: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    # The floor counts the SQL an answer needs: no cached answers, no throttle bookkeeping;
    # and this process's settings may be production ones (hosts, HTTPS redirect).
    with (
        override_settings(API_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]),
        mock.patch.object(APIView, "check_throttles", lambda view, request: None),
        connection.execute_wrapper(record),
    ):
        response = Client().get(path, secure=True)
        if response.streaming:
            for _ in response.streaming_content:
                pass
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code} in process")
    return statements


def sql_floor_ms(paths: list[str]) -> float | None:
    """The bare SQL under an endpoint: its statements run directly and every row fetched,
    the mean over the first queries, best of ROUNDS each; None for a view without SQL."""
    bests = []
    for path in paths[:FLOOR_PATHS]:
        statements = captured_statements(path)
        if not statements:
            return None
        times = []
        for _ in range(ROUNDS):
            began = time.perf_counter()
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
            times.append(time.perf_counter() - began)
        bests.append(min(times))
    return sum(bests) / len(bests) * 1000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _server_environment() -> dict[str, str]:
    """Production settings on plain HTTP over loopback, with throttling out of the way."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        # Every throttle the load meets is lifted, or the bench measures 429s.
        DJANGO_API_ANON_RATE="100000000/minute",
        DJANGO_API_USER_RATE="100000000/minute",
        DATABASE_URL=os.environ.get("DATABASE_URL", ""),
    )
    if not env["DATABASE_URL"]:
        env["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
    return env


def _import_repeatedly(folder: Path, stop: threading.Event, outcome: dict) -> None:
    """Import fresh variants of the articles in `folder` until stopped, as a real feed would."""
    sources = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".html"})
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in itertools.count():
            if stop.is_set():
                break
            batch = Path(scratch) / str(round_number)
            batch.mkdir()
            for source in sources:
                text = source.read_text(encoding="utf-8")
                (batch / source.name).write_text(f"{text}\n\nBản cập nhật {round_number}.\n")
            finished = subprocess.run(
                [sys.executable, "manage.py", "import_articles", str(batch), "--verbosity=0"],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
            )
            outcome["rounds"] += 1
            outcome["articles"] += len(sources)
            if finished.returncode != 0:
                outcome["failures"] += 1
                outcome["last_error"] = finished.stderr.strip()[-500:]
