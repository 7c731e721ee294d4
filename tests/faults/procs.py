"""Real processes for the fault-injection tests: Celery workers and beat as subprocesses, each in its own
process group (killed whole), their output kept in a log file that a failing test prints."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

T = TypeVar("T")

SETTINGS_MODULE = "tests.faults.settings"
BASE_DIR = Path(__file__).resolve().parents[2]  # the checkout: manage.py, marac/, tests/


def wait_for(what: str, predicate: Callable[[], T], timeout: float, interval: float = 0.02) -> T:
    """Poll ``predicate`` until it returns something truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def with_database(url: str, name: str) -> str:
    """``url`` naming database ``name`` (the test database pytest-django created, not the one named in it)."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@dataclass
class Counts:
    """What a scenario wrote and what the mail server received, printed for ``pytest -s`` and the report."""

    scenario: str
    written: int
    delivered: list[str]
    faults: int
    started: float = field(default_factory=time.monotonic)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def unique(self) -> int:
        return len(set(self.delivered))

    @property
    def duplicates(self) -> int:
        return len(self.delivered) - self.unique

    def lost(self, expected: set[str]) -> int:
        return len(expected - set(self.delivered))

    def report(self, expected: set[str]) -> str:
        extra = "".join(f" {key}={value}" for key, value in self.extra.items())
        line = (
            f"[faults] {self.scenario}: written={self.written} delivered={len(self.delivered)}"
            f" unique={self.unique} duplicates={self.duplicates} lost={self.lost(expected)}"
            f" faults={self.faults}{extra} seconds={time.monotonic() - self.started:.1f}"
        )
        print(line)
        return line


class Processes:
    """Starts Celery workers and beat against the given database and Redis; kills every process group it
    started when closed (also when the test fails, printing their logs)."""

    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        self.directory = directory
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONPATH": str(BASE_DIR), **env}
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = self.directory / f"{name}-{len(self.started)}.log"
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [sys.executable, *args],
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed whole
            )
        self.started.append((process, log))
        return process

    def worker(self) -> subprocess.Popen[bytes]:
        """``celery -A marac worker --pool=solo``: one message at a time, as the production worker's child."""
        name = f"faults-{uuid.uuid4().hex[:8]}@%h"
        args = ["-m", "celery", "-A", "marac", "worker", "--pool=solo", "--concurrency=1", "-n", name]
        return self._spawn("worker", [*args, "--without-gossip", "--without-mingle", "--loglevel=INFO"])

    def beat(self) -> subprocess.Popen[bytes]:
        """``celery -A marac beat`` with the settings' short schedule of the outbox sender alone."""
        schedule = self.directory / f"beat-schedule-{uuid.uuid4().hex[:8]}"
        args = ["-m", "celery", "-A", "marac", "beat", "--schedule", str(schedule), "--max-interval", "1"]
        return self._spawn("beat", [*args, "--pidfile", f"{schedule}.pid", "--loglevel=INFO"])

    def run(self, args: list[str], timeout: float) -> str:
        """A Python module run to completion (set-up steps); its output, or a failure with it."""
        result = subprocess.run(
            [sys.executable, *args], cwd=BASE_DIR, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process's whole group (a prefork pool's children too) and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def close(self, *, failed: bool) -> None:
        for process, log in self.started:
            if process.poll() is None:
                self.kill(process)
            if failed:
                print(f"--- {log.name} (exit {process.returncode}) ---\n{log.read_text(errors='replace')[-4000:]}")

    def logs(self) -> str:
        return "\n".join(log.read_text(errors="replace") for _, log in self.started)


@contextlib.contextmanager
def processes(directory: Path, env: dict[str, str]) -> Iterator[Processes]:
    started = Processes(directory, env)
    failed = True
    try:
        yield started
        failed = False
    finally:
        started.close(failed=failed)
