"""The benchmark runner works end to end (a small data set, a few requests):
it generates data, signs in every role, serves the pages with gunicorn, loads
them with wrk and reports every figure. The figures of a run this small mean
nothing; that the runner does not rot does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from marac import embedded

BASE = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["MARAC_BENCH_PORT"] = str(20_000 + os.getpid() % 10_000)
    var = tmp_path / "bench"
    try:
        result = subprocess.run(
            [sys.executable, str(BASE / "bench" / "run.py"), "--cases", "300", "--requests", "2", "--duration", "1",
             "--connections", "2", "--workers", "2", "--no-write", "--var-dir", str(var)],
            cwd=BASE, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    finally:
        embedded.remove(var)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = result.stdout.split("## 300 cases", 1)[1]
    for page in ("Hello (signed in)", "Agenda of", "Live meeting view", "People search", "Governance: all areas"):
        assert f"| {page}" in report, page
    assert "Reminder sweep over" in report
