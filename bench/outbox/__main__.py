"""The outbox benchmark's command line: ``python -m bench.outbox`` (see bench/outbox/__init__.py)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# Run as a directory (python bench/outbox) as well as a module: the repository's root must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

import bench.outbox
from bench.common import BASE, RESULTS
from bench.outbox.cluster import start
from bench.outbox.reminders import drain_reminders
from bench.outbox.report import report, write_results
from bench.outbox.throughput import throughput
from bench.outbox.world import REPS_PER_AGENCY_AND_AREA
from marac import embedded


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.outbox",
        description=bench.outbox.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--messages", type=int, default=5_000, help="notices for the throughput runs")
    parser.add_argument("--reminders", type=int, default=100_000, help="due action reminders to drain (even)")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs of each configuration (median)")
    parser.add_argument("--no-smtp", action="store_true", help="locmem backend only (no SMTP sink runs)")
    parser.add_argument("--no-write", action="store_true", help="print the results without writing results.md")
    parser.add_argument("--var-dir", type=Path, default=BASE / "var" / "bench" / "outbox")
    parser.add_argument(
        "--fast-unsafe", action="store_true", help="PostgreSQL without fsync: for the bench's own test (figures void)"
    )
    args = parser.parse_args()
    if args.messages < 1 or args.reminders < 2 or args.reminders % REPS_PER_AGENCY_AND_AREA:
        parser.error("--messages must be positive and --reminders a positive even number")
    return args


def main() -> int:
    args = parse_args()
    print(f"Embedded servers for the outbox benchmark in {args.var_dir}", flush=True)
    started = time.perf_counter()
    start(args.var_dir, fast_unsafe=args.fast_unsafe)
    print(f"  started and migrated in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        load_before = os.getloadavg()[0]
        print(f"Throughput: {args.messages:,} notices...", flush=True)
        through = throughput(args.messages, smtp=not args.no_smtp, repeat=args.repeat)
        print(f"Drain: {args.reminders:,} due action reminders...", flush=True)
        drained = drain_reminders(args.reminders)
        section = report(
            through,
            drained,
            smtp=not args.no_smtp,
            load=(load_before, os.getloadavg()[0]),
            fast_unsafe=args.fast_unsafe,
        )
    finally:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        embedded.remove(args.var_dir)
    print("\n" + section)
    if not args.no_write:
        write_results(section)
        print(f"Written to {RESULTS.relative_to(BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
