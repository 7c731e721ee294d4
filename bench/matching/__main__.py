"""The matching benchmark's command line: ``python -m bench.matching`` (see bench/matching/__init__.py)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# Run as a directory (python bench/matching) as well as a module: the repository's root must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

import bench.matching
from bench.common import BASE, RESULTS, write_section
from marac import embedded


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching",
        description=bench.matching.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--seeds", default="20,7,99", help="the labelled sets' seeds: the first (the tests' set) is shown by kind"
    )
    parser.add_argument("--per-kind", type=int, default=12, help="pairs of each true kind (twice of the others)")
    parser.add_argument("--database-url", default="", help="a migrated database to use instead of a cluster")
    parser.add_argument("--no-write", action="store_true", help="print the results without writing results.md")
    parser.add_argument("--var-dir", type=Path, default=BASE / "var" / "bench" / "matching")
    return parser.parse_args()


def _setup(args: argparse.Namespace) -> None:
    if args.database_url:
        os.environ.update(
            {
                "DATABASE_URL": args.database_url,
                "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                "DJANGO_SETTINGS_MODULE": "marac.settings.development",
                "DJANGO_LOG_LEVEL": "WARNING",
            }
        )
        import django  # noqa: PLC0415

        django.setup()
        return
    from bench.outbox.cluster import start  # noqa: PLC0415

    start(args.var_dir, fast_unsafe=True)  # figures of quality, not of speed: no fsync needed


def _run(args: argparse.Namespace) -> str:
    from django.db import transaction  # noqa: PLC0415

    from bench.matching.measure import load, measure  # noqa: PLC0415
    from bench.matching.pairs import labelled_set  # noqa: PLC0415
    from bench.matching.report import report  # noqa: PLC0415

    runs = []
    for n, seed in enumerate(int(seed) for seed in args.seeds.split(",")):
        pairs = labelled_set(seed, args.per_kind)
        with transaction.atomic():
            figures = measure(pairs, load(pairs, code=f"MT{n}"))
            transaction.set_rollback(True)
        print(f"  seed {seed}: precision {figures.precision:.3f}, recall {figures.recall:.3f}", flush=True)
        runs.append((seed, pairs, figures))
    return report(runs)


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    print(f"Matching benchmark on {'the given database' if args.database_url else args.var_dir}", flush=True)
    _setup(args)
    print(f"  ready in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        section = _run(args)
    finally:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        if not args.database_url:
            embedded.remove(args.var_dir)
    print("\n" + section)
    if not args.no_write:
        write_section(section.splitlines()[0], section)
        print(f"Written to {RESULTS.relative_to(BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
