"""The embedded PostgreSQL and Redis servers (marac/embedded/), for real.

Each test runs its own servers in a directory of its own (``var_root``) and
stops them in a finally. No Django database access: these tests do not use
the test database. tests/test_run_safe.py proves the roles `make run` uses.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from marac import embedded
from marac.settings.base import celery_broker_url, database_config


@pytest.fixture
def var_root() -> Iterator[Path]:
    """A directory for the servers' var/, outside pytest's tmp_path on purpose.

    Every pytest session that starts tightens /tmp/pytest-of-<user> back to 0700.
    As root the server runs as the embedded_postgres user, who must reach the
    data directory through that directory: a session starting beside this one
    locked it out halfway (initdb: "permission denied"), or left pg_ctl unable
    to see or stop its own server. /tmp itself is never tightened.
    """
    root = Path(tempfile.mkdtemp(prefix="marac-embedded-test-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


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


def test_postgres_initialises_and_keeps_its_data_across_restarts(var_root: Path) -> None:
    var_dir = var_root / "var"
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


def test_postgres_start_reuses_a_running_server(var_root: Path) -> None:
    var_dir = var_root / "var"
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


def test_redis_starts_persists_and_stops_cleanly(var_root: Path) -> None:
    var_dir = var_root / "var"
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


def test_deep_paths_use_a_short_socket_directory(var_root: Path) -> None:
    var_dir = var_root / ("deep-" * 10) / ("deeper-" * 6) / "var"
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


def test_database_config_unquotes_the_socket_directory(var_root: Path) -> None:
    pg = embedded.EmbeddedPostgres(var_root / "var")
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


def test_only_the_owner_reaches_the_server_and_every_role_needs_its_password(var_root: Path) -> None:
    var_dir = var_root / "var"
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, server, pg):
        urls = embedded.start_all(var_dir, fast_unsafe=True, role=embedded.APP_ROLE)
        for directory in (pg.socket_dir, pg.data_dir, pg.log_file.parent, pg.secrets_dir, server.data_dir):
            assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
        assert stat.S_IMODE((pg.socket_dir / ".s.PGSQL.5432").stat().st_mode) == 0o700
        for secret in pg.secrets_dir.iterdir():
            assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert "trust" not in (pg.data_dir / "pg_hba.conf").read_text()

        password = (pg.secrets_dir / f"postgres-{embedded.APP_ROLE}.password").read_text().strip()
        assert urls["DATABASE_URL"] == pg.url(role=embedded.APP_ROLE)
        assert f":{password}@" in urls["DATABASE_URL"]
        with _connect(urls["DATABASE_URL"]) as conn:
            assert conn.execute(
                "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone() == (
                embedded.APP_ROLE,
                False,
            )
        for role in (embedded.APP_ROLE, embedded.OWNER_ROLE):
            with pytest.raises(psycopg.OperationalError, match="no password supplied"):
                psycopg.connect(host=str(pg.socket_dir), user=role, dbname="marac", connect_timeout=10)
            with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
                psycopg.connect(
                    host=str(pg.socket_dir), user=role, password="guess", dbname="marac", connect_timeout=10
                )


@pytest.mark.skipif(os.geteuid() != 0, reason="runs a command as another user, which needs root")
def test_another_system_user_cannot_reach_the_servers(var_root: Path) -> None:
    var_dir = var_root / "var"
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    server = embedded.EmbeddedRedis(var_dir)
    with _cleanup(var_dir, server, pg):
        embedded.start_all(var_dir, fast_unsafe=True)
        # The superuser needs no password, but only from the user who runs the server.
        psql = [str(pg.bin_dir / "psql"), "-h", str(pg.socket_dir), "-U", "postgres", "-d", "marac", "-c", "SELECT 1"]
        as_root = subprocess.run(psql, capture_output=True, text=True, timeout=30, check=False)
        assert as_root.returncode == 0, as_root.stderr
        as_nobody = subprocess.run(psql, user="nobody", capture_output=True, text=True, timeout=30, check=False)
        assert as_nobody.returncode != 0
        assert "Permission denied" in as_nobody.stderr
        # Redis's socket sits in the same directory, which nobody else may enter.
        assert server.socket_path.parent == pg.socket_dir
        listing = subprocess.run(
            ["ls", str(pg.socket_dir)], user="nobody", capture_output=True, timeout=30, check=False
        )
        assert listing.returncode != 0


def _create_a_cluster_as_before(pg: embedded.EmbeddedPostgres) -> None:
    """What marac/embedded.py did until December 2026: trust authentication, a
    world-writable socket, and every object the superuser's; left running."""
    for directory in (pg.data_dir, pg.socket_dir, pg.log_file.parent):
        directory.mkdir(parents=True, exist_ok=True)
    pg.prepare_directories()
    data = str(pg.data_dir)
    assert pg.run_tool(["initdb", "-D", data, "-U", "postgres", "--auth=trust", "--locale=C.UTF-8"]).returncode == 0
    started = pg.run_tool(
        ["pg_ctl", "-D", data, "-l", str(pg.log_file), "-o", f"-h '' -k {pg.socket_dir}", "-w", "start"]
    )
    assert started.returncode == 0, started.stderr
    with _connect(pg.url("postgres")) as conn:
        conn.execute("CREATE DATABASE marac")
    with _connect(pg.url()) as conn:
        conn.execute("CREATE TABLE survivor (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text)")
        conn.execute("INSERT INTO survivor (note) VALUES ('still here')")
        conn.execute(
            "CREATE TABLE marac_auditevent (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, verb text)"
        )
        conn.execute("INSERT INTO marac_auditevent (verb) VALUES ('view')")
        conn.execute("CREATE SEQUENCE loose_numbers")
        conn.execute("CREATE VIEW survivor_notes AS SELECT note FROM survivor")
        conn.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")
        conn.execute("CREATE EXTENSION pg_trgm")


def test_a_cluster_from_before_is_upgraded_in_place(var_root: Path) -> None:
    var_dir = var_root / "var"
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    with _cleanup(var_dir, pg):
        _create_a_cluster_as_before(pg)
        pid = _postmaster_pid(pg)
        pg.start()  # reloads the running server with the new authentication
        assert _postmaster_pid(pg) == pid
        assert "trust" not in (pg.data_dir / "pg_hba.conf").read_text()
        assert stat.S_IMODE(pg.socket_dir.stat().st_mode) == 0o700
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(host=str(pg.socket_dir), user=embedded.APP_ROLE, dbname="marac", connect_timeout=10)
        with _connect(pg.url()) as conn:
            owners = conn.execute(
                "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            ).fetchall()
            assert owners == [(embedded.OWNER_ROLE,)]
            assert conn.execute(
                "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'refuse'"
            ).fetchone() == (embedded.OWNER_ROLE,)
            assert conn.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'marac'"
            ).fetchone() == (embedded.OWNER_ROLE,)
        with _connect(pg.url(role=embedded.APP_ROLE)) as app:
            assert app.execute("SELECT note FROM survivor_notes").fetchall() == [("still here",)]
            app.execute("INSERT INTO survivor (note) VALUES ('added')")
            app.execute("UPDATE survivor SET note = 'changed' WHERE note = 'added'")
            app.execute("DELETE FROM survivor WHERE note = 'changed'")
            app.execute("INSERT INTO marac_auditevent (verb) VALUES ('edit')")
            for statement in ("TRUNCATE marac_auditevent", "DELETE FROM marac_auditevent", "CREATE TABLE t (id int)"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
        with _connect(pg.url(role=embedded.OWNER_ROLE)) as owner:
            owner.execute("ALTER TABLE survivor ADD COLUMN later text")  # migrations still work

        # A restart with the new settings, then nothing left to hand over.
        pg.stop()
        pg.start()
        assert stat.S_IMODE((pg.socket_dir / ".s.PGSQL.5432").stat().st_mode) == 0o700
        with _connect(pg.url(role=embedded.APP_ROLE)) as app:
            assert app.execute("SELECT count(*) FROM marac_auditevent").fetchone() == (2,)
