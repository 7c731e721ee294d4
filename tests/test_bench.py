"""The benchmark runner works end to end (a small data set, a few requests):
it generates data, signs in every role, serves the pages with gunicorn, loads
them with wrk and reports every figure. The figures of a run this small mean
nothing; that the runner does not rot does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report as bench_report
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


def test_the_outbox_benchmark_runs_small(tmp_path: Path) -> None:
    """The outbox benchmark (python -m bench.outbox) end to end on a few messages and reminders, through locmem
    and the SMTP sink, with one and two senders: its own checks (every message sent once, every reminder marked
    sent) hold, and it reports every figure."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    var = tmp_path / "outbox"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.outbox", "--messages", "40", "--reminders", "200",
             "--repeat", "1", "--fast-unsafe", "--no-write", "--var-dir", str(var)],
            cwd=BASE, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        embedded.remove(var)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = result.stdout.split("## Outbox sender", 1)[1]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in report.splitlines() if line.startswith("| ")]
    throughput = [row for row in rows if row[0] in ("locmem", "SMTP sink")]
    assert [(row[0], row[1]) for row in throughput] == [
        ("locmem", "1"), ("locmem", "2"), ("SMTP sink", "1"), ("SMTP sink", "2"),
    ]  # fmt: skip
    for backend, senders, *_figures, by_sender, sent_all, twice in throughput:
        assert sum(int(n) for n in by_sender.split(" / ")) == 40, (backend, senders, by_sender)
        assert len(by_sender.split(" / ")) == int(senders)
        assert (sent_all, twice) == ("yes", "0")
    drains = [row for row in rows if row[0].isdigit()]
    assert [row[0] for row in drains] == ["1", "2"]
    for _senders, _sweep, reminders, messages, *_figures, by_sender in drains:
        assert reminders == "200"
        assert sum(int(n) for n in by_sender.split(" / ")) == int(messages) > 0


def test_writing_a_case_section_keeps_the_other_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/run.py rewrites the header and the `## N cases` sections (one replaced, sorted by size) and keeps
    every other section, such as the outbox sender's, as it was, after them."""
    results = tmp_path / "results.md"
    results.write_text(
        "# Old header\n\nOld text.\n\n"
        "## 1,000 cases\n\nOld thousand.\n\n"
        "## Outbox sender\n\nOutbox figures.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        "## 300 cases\n\nThree hundred.\n"
        "## Something else\n\nKept too.\n"
    )
    monkeypatch.setattr(bench_report, "RESULTS", results)
    bench_report.write_results("## 1,000 cases\n\nNew thousand.\n", 1000)
    text = results.read_text()
    assert text.startswith("# Benchmark results\n\n")
    assert "Old header" not in text
    assert "Old thousand" not in text
    body = text[text.index("\n## ") + 1 :]
    assert body == (
        "## 300 cases\n\nThree hundred.\n\n"
        "## 1,000 cases\n\nNew thousand.\n\n"
        "## Outbox sender\n\nOutbox figures.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "## Something else\n\nKept too.\n\n"
    )
