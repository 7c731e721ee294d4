"""The embedded PostgreSQL and Redis servers (marac/embedded.py), for real.

Each test runs its own servers under tmp_path and stops them in a finally.
No Django database access: these tests do not use the test database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from marac import embedded
from marac.settings.base import celery_broker_url, database_config


def _postmaster_pid(pg: embedded.EmbeddedPostgres) -> int:
    return int((pg.data_dir / "postmaster.pid").read_text().splitlines()[0])


def _process_gone(pid: int, timeout: float = 5.0) -> bool:
    """True once ``pid`` no longer exists (zombies awaiting reaping count as gone)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(OSError):
            if "Z" in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@contextlib.contextmanager
def _cleanup(var_dir: Path, *servers: embedded.EmbeddedPostgres | embedded.EmbeddedRedis) -> Iterator[None]:
    """Stop the servers afterwards and remove a socket directory outside var_dir."""
    try:
        yield
    finally:
        for server in servers:
            with contextlib.suppress(Exception):
                server.stop()
        socket_dir = embedded.socket_dir_for(var_dir / "run")
        if not socket_dir.is_relative_to(var_dir):
            shutil.rmtree(socket_dir, ignore_errors=True)


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url, connect_timeout=10, autocommit=True)


def test_postgres_initialises_and_keeps_its_data_across_restarts(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    pg = embedded.EmbeddedPostgres(var_dir)
    with _cleanup(var_dir, pg):
        assert not pg.is_running()
        url = pg.start()
        assert url == pg.url()
        assert pg.is_running()
        pg_version = pg.data_dir / "PG_VERSION"
        mtime = pg_version.stat().st_mtime_ns
        # Unix socket only: the server listens on no TCP address.
        assert (pg.socket_dir / ".s.PGSQL.5432").is_socket()

        with _connect(url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("marac",)
            conn.execute("CREATE TABLE survivor (id int PRIMARY KEY, note text)")
            conn.execute("INSERT INTO survivor VALUES (1, 'still here')")
            listen = conn.execute("SHOW listen_addresses").fetchone()
            assert listen == ("",)

        first_pid = _postmaster_pid(pg)
        pg.stop()
        assert not pg.is_running()
        assert _process_gone(first_pid)

        # Same directory again: reused, never re-initialised or wiped.
        assert pg.start() == url
        assert pg_version.stat().st_mtime_ns == mtime
        with _connect(url) as conn:
            assert conn.execute("SELECT id, note FROM survivor").fetchall() == [(1, "still here")]
    assert not pg.is_running()


def test_postgres_start_reuses_a_running_server(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    with _cleanup(var_dir, pg):
        url = pg.start()
        pid = _postmaster_pid(pg)
        # A second start (also from another instance, as a second process would).
        assert pg.start() == url
        assert embedded.EmbeddedPostgres(var_dir, fast_unsafe=True).start() == url
        assert _postmaster_pid(pg) == pid
        with _connect(url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
            # Exactly one "marac" database was created.
            count = conn.execute("SELECT count(*) FROM pg_database WHERE datname = 'marac'").fetchone()
            assert count == (1,)


def test_redis_starts_persists_and_stops_cleanly(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, server):
        url = server.start()
        assert url.startswith("unix://")
        assert server.is_running()
        pid = server.pid()
        assert pid is not None
        client = redis.Redis.from_url(url, socket_timeout=5)
        assert client.ping() is True
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        assert client.config_get("port") == {"port": "0"}
        client.set("marac:test-key", "kept")
        client.close()

        # start() while running reuses the server.
        assert server.start() == url
        assert server.pid() == pid

        server.stop()
        assert _process_gone(pid)
        assert not server.is_running()
        assert not server.socket_path.exists()

        url_again = server.start()
        assert url_again == url
        assert server.pid() != pid
        client = redis.Redis.from_url(url, socket_timeout=5)
        assert client.get("marac:test-key") == b"kept"
        client.close()

        pid = server.pid()
        assert pid is not None
        server.stop()
        assert _process_gone(pid)
    assert not server.is_running()


def test_deep_paths_use_a_short_socket_directory(tmp_path: Path) -> None:
    var_dir = tmp_path / ("deep-" * 10) / ("deeper-" * 6) / "var"
    assert len(str(var_dir / "run")) > 80
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, server, pg):
        urls = embedded.start_all(var_dir, fast_unsafe=True)
        # Socket paths must fit the ~107-byte limit of sun_path.
        assert len(str(pg.socket_dir)) <= 80
        assert not pg.socket_dir.is_relative_to(var_dir)
        assert server.socket_path.parent == pg.socket_dir
        assert len(str(server.socket_path)) < 100

        with _connect(urls["DATABASE_URL"]) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        client = redis.Redis.from_url(urls["REDIS_URL"], socket_timeout=5)
        assert client.ping() is True
        client.close()

        # The settings helpers turn the URLs into what Django and Celery need.
        config = database_config(urls["DATABASE_URL"])
        assert config["HOST"] == str(pg.socket_dir)
        assert config["NAME"] == "marac"
        with psycopg.connect(
            host=str(config["HOST"]), dbname=str(config["NAME"]), user=str(config["USER"]), connect_timeout=10
        ) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert celery_broker_url(urls["REDIS_URL"]) == f"redis+socket://{server.socket_path}?virtual_host=0"

        embedded.stop_all(var_dir)
        assert not pg.is_running()
        assert not server.is_running()


def test_database_config_unquotes_the_socket_directory(tmp_path: Path) -> None:
    pg = embedded.EmbeddedPostgres(tmp_path / "var")
    config = database_config(pg.url())
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"] == str(pg.socket_dir)
    assert "%2F" not in str(config["HOST"])
    assert config["USER"] == "postgres"
    assert config["NAME"] == "marac"
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    ("redis_url", "broker_url"),
    [
        ("unix:///srv/run/redis.sock?db=0", "redis+socket:///srv/run/redis.sock?virtual_host=0"),
        ("unix:///srv/run/redis.sock?db=7", "redis+socket:///srv/run/redis.sock?virtual_host=7"),
        ("unix:///srv/run/redis.sock", "redis+socket:///srv/run/redis.sock?virtual_host=0"),
        ("redis://redis:6379/0", "redis://redis:6379/0"),
        ("rediss://cache.example.org:6380/1", "rediss://cache.example.org:6380/1"),
    ],
)
def test_celery_broker_url_maps_unix_sockets(redis_url: str, broker_url: str) -> None:
    assert celery_broker_url(redis_url) == broker_url
