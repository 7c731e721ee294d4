"""What the benchmark's modules share: where things are, the port the
application is served on, and the pages measured (``Target``)."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("MARAC_BENCH_PORT", "8765"))
LARGE_TABLE_ROWS = 100_000
RESULTS = BASE / "bench" / "results.md"


@dataclass
class Target:
    name: str
    user: str
    path: str
    method: str = "GET"
    body: dict[str, str] | None = None
    target: str = ""  # the target, in words
    limit_ms: float | None = None  # p95 target
    kind: str = "page"  # page, pdf, hello
    queries: int = 0
    seq_scans: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    status: int = 0
    latencies: list[float] = field(default_factory=list)
    throughput: float | None = None
    load_p50: float | None = None
    load_p99: float | None = None
    headers: dict[str, str] = field(default_factory=dict)  # for example HX-Request for an in-place save


def log(message: str) -> None:
    print(message, flush=True)


def write_section(heading: str, section: str) -> None:
    """Replace the section of results.md that starts with ``heading`` (a ``## `` line), or add it at the end,
    keeping every other section."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    chunks = re.split(r"(?m)^(?=## )", text)
    kept = [chunk for chunk in chunks if not chunk.startswith(heading)]
    RESULTS.write_text("".join(c.rstrip() + "\n\n" for c in kept) + section.rstrip() + "\n")
