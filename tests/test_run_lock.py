"""One `make run` (or `make dev`) per checkout: the run lock (marac/run.py).

A first run holds ``var/run-locks/make-run.lock``; a second, real
``python -m marac.run`` (its port taken, as when the first serves on it) says
so, naming the lock, and exits non-zero without starting or stopping
anything: the first run's embedded PostgreSQL and Redis keep running, the
same processes. A killed holder leaves no stale lock behind; one whose
processes outlive it (its web server, worker, beat) still holds it.

The first run here is a process holding the lock through ``run.run_lock``,
the function ``make run`` itself takes it with, beside the embedded servers
a first run would have started: a whole first ``make run`` takes minutes
to set up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from marac import embedded, run
from tests.test_embedded import _cleanup, _postmaster_pid, _process_gone, var_root

__all__ = ["var_root"]  # a fixture, imported to be used here

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 50

# Holds the run lock of the var/ directory given, then reports; with
# "--orphan", hands the lock to a child (as make run hands it to its web
# server, worker and beat) and the child outlives this process.
_HOLDER = """
import subprocess, sys, time
from pathlib import Path
from marac import run

with run.run_lock(Path(sys.argv[1])) as fd:
    if "--orphan" in sys.argv:
        child = subprocess.Popen(["sleep", "120"], pass_fds=(fd,))
        print("held", child.pid, flush=True)
    else:
        print("held", flush=True)
    time.sleep(120)
"""


@contextlib.contextmanager
def lock_holder(var_dir: Path, *extra: str) -> Iterator[tuple[subprocess.Popen[str], int | None]]:
    """A process holding the run lock (and its child holding it, with --orphan)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(var_dir), *extra],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    child: int | None = None
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline().split()
        assert line[:1] == ["held"], "the holder did not take the lock"
        child = int(line[1]) if len(line) > 1 else None
        yield holder, child
    finally:
        for pid in (holder.pid, child):
            if pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        holder.wait(timeout=10)


def _second_run(var_dir: Path, port: int, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m marac.run`` as ``make run`` starts it: on the embedded servers of ``var_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"MARAC_VAR_DIR": str(var_dir), "MARAC_PORT": str(port)}
    return subprocess.run(
        [sys.executable, "-m", "marac.run", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.mark.parametrize("args", [(), ("--dev",)], ids=["run", "dev"])
def test_a_second_run_refuses_and_leaves_the_first_runs_servers_alone(var_root: Path, args: tuple[str, ...]) -> None:
    var_dir = var_root / "var"
    pg = embedded.EmbeddedPostgres(var_dir)
    redis_server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, redis_server, pg), socket.socket() as taken:
        urls = embedded.start_all(var_dir)  # the first run's servers
        pg_pid, redis_pid = _postmaster_pid(pg), redis_server.pid()
        taken.bind(("127.0.0.1", 0))
        taken.listen()  # the first run's web server, on the port
        with lock_holder(var_dir) as (holder, _):
            result = _second_run(var_dir, taken.getsockname()[1], *args)

            assert result.returncode == run.ALREADY_RUNNING != 0
            assert "already running" in result.stderr
            assert str(run.lock_path(var_dir)) in result.stderr
            assert f"process {holder.pid}" in result.stderr
            assert "Starting the embedded" not in result.stdout
            assert holder.poll() is None  # the first run goes on
        assert not (var_dir / "celery").exists()  # no worker or beat was started
        # The same servers, still running and answering.
        assert _postmaster_pid(pg) == pg_pid
        assert redis_server.pid() == redis_pid
        assert redis_server.answers()
        with psycopg.connect(urls["DATABASE_URL"], connect_timeout=10) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_killed_run_leaves_no_stale_lock(var_root: Path) -> None:
    var_dir = var_root / "var"
    with lock_holder(var_dir) as (holder, _):
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        # Taken at once: the kernel dropped the lock with the process.
        with run.run_lock(var_dir):
            assert run.lock_path(var_dir).read_text() == f"{os.getpid()}\n"
            # Held now: another taker (even in this process) is refused.
            with pytest.raises(run.AlreadyRunningError, match="already running") as refused, run.run_lock(var_dir):
                pytest.fail("the lock was taken twice")
            assert refused.value.holder == str(os.getpid())
        # Released on leaving the block.
        with run.run_lock(var_dir):
            pass


def test_processes_a_killed_run_started_keep_the_lock(var_root: Path) -> None:
    """Its web server, worker and beat inherit the lock (and keep the port): a
    second run is refused until they end too, and says what holds it."""
    var_dir = var_root / "var"
    with lock_holder(var_dir, "--orphan") as (holder, child):
        assert child is not None
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        with pytest.raises(run.AlreadyRunningError) as refused, run.run_lock(var_dir):
            pytest.fail("the lock was free while the run's processes ran")
        assert f"process {holder.pid} (no longer running)" in str(refused.value)

        os.kill(child, signal.SIGKILL)
        assert _process_gone(child)
        with run.run_lock(var_dir):
            pass
