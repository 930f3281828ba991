"""The API side by side with Datasette over the same SQLite file, by hand (not a dependency).

Both serve the same database on loopback: the project with gunicorn as `bench_api` serves it,
the server cache off (every request reaches the database) and throttles lifted; Datasette
0.65 with one process, facet suggestions off and limits raised so it answers every query.
Each endpoint gets pairs of equivalent queries (the same ids and totals, the same groups):

- filtered list (actor, kind, date): the project's page of 50 with its count; Datasette's
  table view of `tracker_commitment` with the same conditions (its count included);
- search: the same full-text match on `tracker_commitment_fts`;
- stats: the same grouping, counted by Datasette with GROUP BY over the raw rows (the project
  reads its summary table; an analyst writing SQL against Datasette would not have one);
- CSV: the same rows with their actor, target and topic codes (`group_concat`).

Rounds alternate (project, Datasette, project, ...) with N clients each. One-client latency
is divided by each side's own bare SQL: the statements it ran for the first queries (the
project's captured in process, Datasette's from its `_trace`), executed directly with every
row fetched, best of 5.

    python3 -m venv /tmp/datasette-venv && /tmp/datasette-venv/bin/pip install 'datasette==0.65.*'
    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/bench.sqlite3 \\
        .venv/bin/python scripts/compare_datasette.py --datasette /tmp/datasette-venv/bin/datasette
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from tracker.load_test import load, wait_until_up  # noqa: E402
from tracker.management.commands.bench_api import (  # noqa: E402
    FLOOR_PATHS,
    HOST,
    ROUNDS,
    _free_port,
    _server_environment,
    one_client_ms,
    scenarios,
    sql_floor_ms,
)
from tracker.models import Party  # noqa: E402
from tracker.search import search_terms  # noqa: E402

CONFIRMED = "'confirmed'"
YEAR = "CAST(SUBSTR(m.date, 1, 4) AS INTEGER)"


def datasette_pairs(database: str) -> dict[str, list[tuple[str, str]]]:
    """(project path, Datasette path) per endpoint, built from `bench_api`'s own queries."""
    ids = dict(Party.objects.values_list("code", "pk"))
    pairs: dict[str, list[tuple[str, str]]] = {}
    for name, paths in scenarios():
        pairs[name] = [(path, _datasette_path(database, path, ids)) for path in paths]
    return pairs


def _params(path: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(path).query)


def _table(database: str, where: list[str], extra: dict) -> str:
    query = [("_shape", "objects"), ("_sort", "id"), ("review_state", "confirmed")]
    query += [(key, value) for key, value in extra.items()]
    query += [("_where", condition) for condition in where]
    return f"/{database}/tracker_commitment.json?" + urlencode(query)


def _sql(database: str, sql: str, extension: str = "json") -> str:
    shape = "&_shape=array" if extension == "json" else ""
    return f"/{database}.{extension}?sql={quote(sql)}{shape}"


def _datasette_path(database: str, path: str, ids: dict[str, int]) -> str:
    params = _params(path)
    if path.startswith("/api/stats/"):
        return _sql(database, grouping_sql(params["group_by"][0].split(","), params))
    if "format" in params:
        return _sql(database, export_sql(params, ids), "csv")
    if "q" in params:
        match = " ".join(f'"{term}"' for term in search_terms(params["q"][0]))
        where = [
            "id in (select rowid from tracker_commitment_fts "
            f"where tracker_commitment_fts match '{match}')"
        ]
        return _table(database, where, {"_size": "50"})
    where = [
        f"id in (select commitment_id from tracker_commitment_actors "
        f"where party_id = {ids[params['actor'][0]]})",
        f"meeting_id in (select id from tracker_meeting where review_state = {CONFIRMED} "
        f"and date >= '{params['date_from'][0]}')",
    ]
    return _table(database, where, {"_size": "50", "kind": params["kind"][0]})


def grouping_sql(dimensions: list[str], params: dict) -> str:
    """The project's grouping as one GROUP BY over the commitments (confirmed, as the public
    sees them: a meeting under review gives no year)."""
    columns, joins = [], []
    for name in dimensions:
        if name in ("actor", "target"):
            joins.append(
                f"LEFT JOIN tracker_commitment_{name}s {name}_l ON {name}_l.commitment_id = c.id "
                f"LEFT JOIN tracker_party {name}_p ON {name}_p.id = {name}_l.party_id"
            )
            columns.append(f"{name}_p.code AS {name}")
        elif name == "topic":
            joins.append(
                "LEFT JOIN tracker_commitment_topics topic_l ON topic_l.commitment_id = c.id "
                "LEFT JOIN tracker_topic topic_t ON topic_t.id = topic_l.topic_id"
            )
            columns.append("topic_t.slug AS topic")
        elif name == "year":
            columns.append(f"{YEAR} AS year")
        else:
            columns.append(f"c.{name} AS {name}")
    conditions = [f"c.review_state = {CONFIRMED}"]
    if "kind" in params:
        conditions.append(f"c.kind = '{params['kind'][0]}'")
    if "date_from" in params:
        conditions.append(f"m.date >= '{params['date_from'][0]}'")
    keys = ", ".join(str(n + 1) for n in range(len(columns)))
    return (
        f"SELECT {', '.join(columns)}, COUNT(*) AS count FROM tracker_commitment c "
        f"{' '.join(joins)} LEFT JOIN tracker_meeting m ON m.id = c.meeting_id "
        f"AND m.review_state = {CONFIRMED} WHERE {' AND '.join(conditions)} "
        f"GROUP BY {keys} ORDER BY {keys}"
    )


def export_sql(params: dict, ids: dict[str, int]) -> str:
    """The export's rows with their code lists, as the project's CSV holds them."""

    def codes(link: str, named: str, column: str, key: str) -> str:
        return (
            f"(SELECT group_concat({column}, '; ') FROM (SELECT n.{column} FROM {link} l "
            f"JOIN {named} n ON n.id = l.{key} WHERE l.commitment_id = c.id ORDER BY 1))"
        )

    return (
        "SELECT c.*, a.name AS article_name, "
        f"{codes('tracker_commitment_actors', 'tracker_party', 'code', 'party_id')} AS actors, "
        f"{codes('tracker_commitment_targets', 'tracker_party', 'code', 'party_id')} AS targets, "
        f"{codes('tracker_commitment_topics', 'tracker_topic', 'slug', 'topic_id')} AS topics "
        "FROM tracker_commitment c JOIN tracker_article a ON a.id = c.article_id "
        f"JOIN tracker_meeting m ON m.id = c.meeting_id AND m.review_state = {CONFIRMED} "
        f"WHERE c.review_state = {CONFIRMED} AND c.kind = '{params['kind'][0]}' "
        f"AND {YEAR} = {int(params['year'][0])} AND c.id IN (SELECT commitment_id "
        f"FROM tracker_commitment_actors WHERE party_id = {ids[params['actor'][0]]}) "
        "ORDER BY c.id"
    )


def fetch(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: {body[:300]!r}")
    return body


def answer_keys(port: int, path: str, side: str) -> tuple:
    """What must be equal between the two answers: ids and total, groups, or exported ids."""
    body = fetch(port, path)
    if ".csv" in path or "format=csv" in path:
        lines = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        return tuple(int(line["id"]) for line in lines)
    data = json.loads(body)
    if path.startswith("/api/stats/") or (side == "datasette" and "sql=" in path):
        rows = data["results"] if side == "project" else data
        return tuple(sorted((tuple(sorted(row.items())) for row in rows), key=repr))
    if side == "project":
        return tuple(row["id"] for row in data["results"]), data["count"]
    return tuple(row["id"] for row in data["rows"]), data["filtered_table_rows_count"]


def check_equivalence(pairs: dict, project_port: int, datasette_port: int) -> None:
    """Both sides give the same ids and totals, the same groups, for the measured queries."""
    for name, endpoint_pairs in pairs.items():
        for ours, theirs in endpoint_pairs[:FLOOR_PATHS]:
            mine = answer_keys(project_port, ours, "project")
            other = answer_keys(datasette_port, theirs, "datasette")
            if mine != other:
                raise SystemExit(f"{name}: {ours} and {theirs} differ")


def datasette_floor_ms(port: int, paths: list[str], database_file: str) -> float:
    """Datasette's bare SQL: the statements its `_trace` lists, run directly, best of ROUNDS."""
    bests = []
    db = sqlite3.connect(database_file)
    for path in paths[:FLOOR_PATHS]:
        traced = path.replace(".csv?", ".json?").replace("&_shape=array", "") + "&_trace=1"
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        conn.request("GET", traced)
        body = json.loads(conn.getresponse().read())
        conn.close()
        statements = [
            (trace["sql"], trace["params"] or ())
            for trace in body["_trace"]["traces"]
            if trace.get("sql")
            and trace.get("database") == Path(database_file).stem
            and not trace["sql"].lstrip().upper().startswith(("PRAGMA", "EXPLAIN"))
            and "sqlite_master" not in trace["sql"]
        ]
        times = []
        for _ in range(ROUNDS):
            began = time.perf_counter()
            for sql, params in statements:
                db.execute(sql, params).fetchall()
            times.append(time.perf_counter() - began)
        bests.append(min(times))
    db.close()
    return sum(bests) / len(bests) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasette", required=True, help="The datasette executable.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds per round.")
    parser.add_argument("--rounds", type=int, default=2, help="Rounds per side and endpoint.")
    parser.add_argument("--workers", type=int, default=2, help="The project's gunicorn workers.")
    options = parser.parse_args()
    if connection.vendor != "sqlite":
        raise SystemExit("Datasette serves SQLite: set DATABASE_URL=sqlite:////path/file.")
    database_file = str(connection.settings_dict["NAME"])
    database = Path(database_file).stem
    pairs = datasette_pairs(database)

    project_port, datasette_port = _free_port(), _free_port()
    environment = _server_environment() | {"DJANGO_API_CACHE_SECONDS": "0"}
    project = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.wsgi",
            f"--workers={options.workers}",
            f"--bind={HOST}:{project_port}",
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
    )
    datasette = subprocess.Popen(
        [
            options.datasette,
            "serve",
            database_file,
            "--host",
            HOST,
            "--port",
            str(datasette_port),
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "sql_time_limit_ms",
            "60000",
            "--setting",
            "max_returned_rows",
            "200000",
            "--setting",
            "trace_debug",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        wait_until_up(HOST, project_port, "/healthz")
        wait_until_up(HOST, datasette_port, "/-/versions.json")
        check_equivalence(pairs, project_port, datasette_port)
        print("equivalent answers: checked", flush=True)
        for name, endpoint_pairs in pairs.items():
            ours = [p for p, _ in endpoint_pairs]
            theirs = [d for _, d in endpoint_pairs]
            results = {"project": [], "datasette": []}
            for _ in range(options.rounds):
                for side, port, paths in (
                    ("project", project_port, ours),
                    ("datasette", datasette_port, theirs),
                ):
                    result = load(
                        HOST,
                        port,
                        f"{name} {side}",
                        paths,
                        duration=options.duration,
                        clients=options.clients,
                    )
                    if result.errors:
                        raise SystemExit(f"{name} {side}: failed answers {dict(result.failures)}")
                    results[side].append(result)
            alone = {
                "project": one_client_ms(HOST, project_port, ours),
                "datasette": one_client_ms(HOST, datasette_port, theirs),
            }
            floors = {"datasette": datasette_floor_ms(datasette_port, theirs, database_file)}
            rows.append((name, results, alone, floors))
    finally:
        for process in (project, datasette):
            process.terminate()
            process.wait(timeout=30)
    # The project's floor after its server is gone, as `bench_api` measures it.
    report = []
    for name, results, alone, floors in rows:
        floors["project"] = sql_floor_ms([p for p, _ in pairs[name]])
        ours = [r.throughput for r in results["project"]]
        theirs = [r.throughput for r in results["datasette"]]
        ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
        report.append(
            f"| {name} | {min(ours):.1f}–{max(ours):.1f} | {min(theirs):.1f}–{max(theirs):.1f} "
            f"| {min(ratios):.2f}–{max(ratios):.2f} "
            f"| {max(r.percentile(0.95) for r in results['project']):.0f} / "
            f"{max(r.percentile(0.95) for r in results['datasette']):.0f} "
            f"| {alone['project'] / floors['project']:.2f}× ({alone['project']:.1f} ms) "
            f"| {alone['datasette'] / floors['datasette']:.2f}× ({alone['datasette']:.1f} ms) |"
        )
    print(
        f"{database_file}: {options.clients} clients, {options.rounds} alternating rounds of "
        f"{options.duration:g} s per side and endpoint\n"
        "| endpoint | project req/s | Datasette req/s | project ÷ Datasette | p95 ms project / "
        "Datasette | project 1 client ÷ its SQL | Datasette 1 client ÷ its SQL |\n"
        "|---|---|---|---|---|---|---|"
    )
    print("\n".join(report))


if __name__ == "__main__":
    main()
