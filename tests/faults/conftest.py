"""Fixtures of the fault-injection tests: a slow mail sink, and Redis and PostgreSQL servers of a scenario's
own (under its tmp_path), which it may stop and start without touching the session's servers."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from marac.embedded import EmbeddedPostgres, EmbeddedRedis


@dataclass(frozen=True)
class Sink:
    file: Path
    fail_flag: Path

    def env(self) -> dict[str, str]:
        return {"FAULTS_MAIL_SINK": str(self.file), "FAULTS_MAIL_FAIL_FLAG": str(self.fail_flag)}

    def fail(self) -> None:
        self.fail_flag.touch()

    def recover(self) -> None:
        self.fail_flag.unlink(missing_ok=True)


@pytest.fixture
def sink(tmp_path: Path) -> Sink:
    return Sink(file=tmp_path / "delivered.jsonl", fail_flag=tmp_path / "mail-server-down")


@pytest.fixture
def sink_in_process(sink: Sink, settings: Any) -> Sink:
    """This process's mail goes to the sink, at once (no delay)."""
    settings.EMAIL_BACKEND = "tests.faults.mailsink.SinkBackend"
    settings.FAULTS_MAIL_SINK = str(sink.file)
    settings.FAULTS_MAIL_FAIL_FLAG = str(sink.fail_flag)
    settings.FAULTS_MAIL_DELAY_MS = (0, 0)
    return sink


@pytest.fixture
def scenario_redis(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A Redis server of the scenario's own, stopped and removed afterwards whatever happened."""
    server = EmbeddedRedis(tmp_path / "redis")
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.socket_path.parent, ignore_errors=True)


@pytest.fixture
def scenario_postgres() -> Iterator[EmbeddedPostgres]:
    """A PostgreSQL cluster of the scenario's own (empty: the scenario migrates it), stopped and removed.

    In a directory of its own under the system's temporary directory, not tmp_path: as root the server runs
    as another user, who must be able to reach its data directory, and a second pytest session (of another
    helper, say) makes pytest's own directory private again while this one runs.

    Without fsync (nothing here survives the machine), but with ``synchronous_commit`` on as in production:
    the test clusters' ``off`` lets a server stopped at once lose its last fraction of a second of commits,
    so messages already marked sent are sent again (2 and 5 duplicates measured for one stop)."""
    var_dir = Path(tempfile.mkdtemp(prefix="marac-faults-"))
    server = EmbeddedPostgres(var_dir, fast_unsafe=True, settings={"synchronous_commit": "on"})
    try:
        server.start()
        yield server
    finally:
        server.run_tool(["pg_ctl", "-D", str(server.data_dir), "-m", "immediate", "-w", "stop"])
        pid = server.postmaster_pid()
        if pid is not None:  # pg_ctl could not reach it: the immediate shutdown by signal
            os.kill(pid, signal.SIGQUIT)
            deadline = time.monotonic() + 30
            while server.postmaster_pid() is not None and time.monotonic() < deadline:
                time.sleep(0.05)
        shutil.rmtree(server.socket_dir, ignore_errors=True)
        shutil.rmtree(var_dir, ignore_errors=True)
