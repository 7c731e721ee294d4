"""The national-scale benchmark (`make bench`).

    .venv/bin/python bench/run.py --cases 100000
    .venv/bin/python bench/run.py --cases 1000000

1. Starts an embedded PostgreSQL and Redis of its own under
   var/bench/cases-<N>/ (never the development or test data), with memory
   settings for a national data set (PG_SETTINGS), and generates the data
   set once with `manage.py generate_synthetic` (timed; reused afterwards).
2. Signs in one user per role (verified sessions, created directly) and
   picks the pages to measure: home per role, a case page, the city's
   agenda of 60 cases, its live meeting view, people search, my agency's
   actions, the governance dashboard for one area and for all areas, the
   agenda and minutes PDFs of 60 cases, the main API endpoints, and two
   minimal "hello" views (bench/urls.py) as the framework's floor.
3. Counts each page's queries and EXPLAINs every SELECT, reporting any
   sequential scan of a large table.
4. Serves the application with gunicorn (production settings, plain HTTP on
   loopback) and measures, per page, the median and 95th percentile of
   sequential requests, then throughput under concurrent load with wrk
   (bounded in time).
5. Times the reminder sweep over every action (cold, then again).
6. Writes the figures into bench/results.md (one section per data set
   size; other sections are kept) and prints them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

# Run as a script (bench/run.py): the repository's root must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

from bench.common import BASE, RESULTS, Target, log
from bench.load import measure_latency, measure_throughput
from bench.report import percentile, report, write_results
from bench.servers import ensure_data, start_gunicorn, start_servers
from marac import embedded


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    django.setup()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="sequential requests per page (PDFs: an eighth)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (PDFs: twice)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections under load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--no-write", action="store_true", help="print the results without writing results.md")
    parser.add_argument("--var-dir", type=Path, help="where the servers and data live (default var/bench/cases-N)")
    return parser.parse_args()


def measure_over_http(
    env: dict[str, str], targets: list[Target], cookies: dict[str, str], csrf: str, args: argparse.Namespace
) -> None:
    """Each page's latency, then its throughput, served by gunicorn."""
    log("Serving with gunicorn...")
    server = start_gunicorn(env, args.workers)
    try:
        for target in targets:
            measure_latency(target, cookies[target.user], csrf, args.requests, warm=2 * args.workers)
            measure_throughput(target, cookies[target.user], csrf, args.duration, args.connections)
            log(
                f"  {target.name}: median {statistics.median(target.latencies):.1f} ms, "
                f"p95 {percentile(target.latencies, 0.95):.1f} ms, {target.throughput or 0:.1f} req/s"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    args = parse_args()
    var = args.var_dir or BASE / "var" / "bench" / f"cases-{args.cases}"
    if var.exists() and not (var / "generated.json").exists():
        log(f"Removing {var}: its data set was never completed")
        embedded.remove(var)
    log(f"Embedded servers for the benchmark in {var}")
    env = start_servers(var)
    generated: dict[str, Any] = ensure_data(env, var, args.cases)
    django_setup(env)
    # Django's models load only once django.setup() has run with the servers just started.
    from bench import pages, queries  # noqa: PLC0415

    cookies, csrf, targets, facts = pages.sessions_and_targets()
    if args.only:
        targets = [t for t in targets if args.only.lower() in t.name.lower() or t.name.startswith("Hello")]
    log("Counting queries and explaining them...")
    queries.count_and_explain(targets, cookies, csrf)
    queries.close_connections()
    measure_over_http(env, targets, cookies, csrf, args)
    log("Reminder sweep...")
    sweep = queries.sweep_benchmark()
    rows = queries.table_rows(generated)
    section = report(args.cases, generated, targets, facts, sweep, rows, args, queries.server_version())
    print("\n" + section)
    if not args.no_write and not args.only:
        write_results(section, args.cases)
        log(f"Written to {RESULTS.relative_to(BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
