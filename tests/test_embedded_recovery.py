"""The embedded servers start afresh at once after being killed (marac/embedded/).

A SIGKILLed server leaves its pid file (naming a zombie until init reaps
it), its socket file and, for PostgreSQL, its postmaster.pid and socket lock
file behind. None of that may pass for a running server: ``start()`` right
after the kill starts a new one, which answers. Each test kills and restarts
a real server several times in a row, and prints how long each start took
(printed, not asserted).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psycopg
import redis

from marac import embedded
from tests.test_embedded import _cleanup, _connect, _postmaster_pid, _process_gone, var_root
from tests.test_health import time_limit

__all__ = ["var_root"]  # a fixture, imported to be used here

CYCLES = 4


def test_redis_starts_afresh_right_after_a_kill(var_root: Path) -> None:
    var_dir = var_root / "var"
    server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, server):
        url = server.start()
        for cycle in range(CYCLES):
            old_pid = server.pid()
            assert old_pid is not None
            os.kill(old_pid, signal.SIGKILL)
            if cycle % 2:
                # Once it has died: its pid file and socket file are still
                # there, and its pid may still exist as a zombie; none of it
                # is a running server. (Other cycles start while it dies.)
                assert _process_gone(old_pid)
                assert server.pid_file.exists()
                assert server.socket_path.exists()
                assert server.pid() is None
                assert not server.answers()

            started = time.monotonic()
            with time_limit(15):
                assert server.start() == url
            print(f"redis start after kill {cycle + 1}: {time.monotonic() - started:.3f} s")
            new_pid = server.pid()
            assert new_pid is not None
            assert new_pid != old_pid
            client = redis.Redis.from_url(url, socket_timeout=5)
            assert client.ping() is True
            client.set("marac:recovery", cycle)
            assert client.get("marac:recovery") == str(cycle).encode()
            client.close()

        # A clean stop after all that still works.
        pid = server.pid()
        assert pid is not None
        server.stop()
        assert _process_gone(pid)
        assert not server.is_running()


def test_postgres_starts_afresh_right_after_a_kill(var_root: Path) -> None:
    var_dir = var_root / "var"
    # Durable, as for make run: committed rows survive the kills.
    pg = embedded.EmbeddedPostgres(var_dir)
    with _cleanup(var_dir, pg):
        url = pg.start()
        with _connect(url) as conn:
            conn.execute("CREATE TABLE kept (id int PRIMARY KEY)")
            conn.execute("INSERT INTO kept VALUES (1)")
        for cycle in range(CYCLES):
            old_pid = _postmaster_pid(pg)
            os.kill(old_pid, signal.SIGKILL)
            if cycle % 2:
                # Once it has died: postmaster.pid and the socket's lock file
                # still name it (a zombie until init reaps it), yet it is not
                # a running server. (Other cycles start while it dies.)
                assert _process_gone(old_pid)
                assert (pg.data_dir / "postmaster.pid").exists()
                assert not pg.is_running()

            started = time.monotonic()
            with time_limit(40):
                assert pg.start() == url
            print(f"postgres start after kill {cycle + 1}: {time.monotonic() - started:.3f} s")
            assert pg.is_running()
            assert _postmaster_pid(pg) != old_pid
            with _connect(url) as conn:
                # Every row committed before a kill is still there.
                assert conn.execute("SELECT id FROM kept ORDER BY id").fetchall() == [(i,) for i in range(1, cycle + 2)]
                conn.execute("INSERT INTO kept VALUES (%s)", [cycle + 2])

        pid = _postmaster_pid(pg)
        pg.stop()
        assert _process_gone(pid)
        assert not pg.is_running()


def test_stop_after_a_kill_returns_at_once_and_start_recovers(var_root: Path) -> None:
    """stop() on a killed server has nothing to wait for (pg_ctl would wait a
    minute for a zombie); start() afterwards still recovers."""
    var_dir = var_root / "var"
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, server, pg):
        urls = embedded.start_all(var_dir, fast_unsafe=True)
        redis_pid = server.pid()
        assert redis_pid is not None
        os.kill(redis_pid, signal.SIGKILL)
        os.kill(_postmaster_pid(pg), signal.SIGKILL)

        with time_limit(10):
            embedded.stop_all(var_dir)
        assert not pg.is_running()
        assert not server.is_running()

        assert embedded.start_all(var_dir, fast_unsafe=True) == urls
        with psycopg.connect(urls["DATABASE_URL"], connect_timeout=10) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        client = redis.Redis.from_url(urls["REDIS_URL"], socket_timeout=5)
        assert client.ping() is True
        client.close()
