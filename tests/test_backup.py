"""Backups (the marac/backup/ package): back up, change the data, restore, compare, for real.

The module's own embedded PostgreSQL (the way `make run` sets it up: migrated
as marac_owner, the audit table restricted for marac_app) in a directory of its
own, and the command line exactly as `make backup` and `make restore` run it,
without DATABASE_URL. No Django database access: these tests do not use the
test database. Bounded: the server starts and is migrated once (about 20 s);
each command takes about a second.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from marac import backup, embedded, run
from marac.backup import files

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 60
# Tables compared before and after (all but auth_permission are changed after the backup).
TABLES = ("auth_group", "auth_group_permissions", "auth_permission", "django_content_type", "django_migrations")


@pytest.fixture(scope="module")
def server() -> Iterator[embedded.EmbeddedPostgres]:
    """A migrated embedded server under a directory of its own (/tmp, not tmp_path: see test_embedded.py)."""
    var_dir = Path(tempfile.mkdtemp(prefix="marac-backup-test-"))
    pg = embedded.EmbeddedPostgres(var_dir, fast_unsafe=True)
    try:
        pg.start()
        env = {
            **_cli_env(var_dir),
            "DJANGO_SETTINGS_MODULE": "marac.settings.development",
            "DATABASE_URL": pg.url(role=embedded.OWNER_ROLE),
            "REDIS_URL": "redis://localhost:1/0",
            "MARAC_DB_APP_ROLE": embedded.APP_ROLE,
        }
        # As `make run` prepares it (marac/run.py), in one process: Django starts once.
        prepare = (
            "import django; django.setup(); from django.core.management import call_command; "
            "call_command('migrate', interactive=False, verbosity=0); call_command('restrict_audit_privileges')"
        )
        result = subprocess.run(
            [sys.executable, "-c", prepare],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield pg
    finally:
        with contextlib.suppress(Exception):
            pg.stop()
        if not pg.socket_dir.is_relative_to(var_dir):
            shutil.rmtree(pg.socket_dir, ignore_errors=True)
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture
def backups_dir(server: embedded.EmbeddedPostgres) -> Iterator[Path]:
    directory = server.var_dir / "backups"
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _cli_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """`make backup`'s environment: no DATABASE_URL (the embedded default), the test's var/."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"} and not k.startswith("MARAC_")}
    return {**env, "MARAC_VAR_DIR": str(var_dir), **extra}


def _cli(server: embedded.EmbeddedPostgres, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marac.backup", *args],
        cwd=BASE_DIR,
        env=_cli_env(server.var_dir, **extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _connect(server: embedded.EmbeddedPostgres) -> psycopg.Connection[tuple[Any, ...]]:
    return psycopg.connect(server.url(role=embedded.OWNER_ROLE), autocommit=True, connect_timeout=10)


def _fingerprint(server: embedded.EmbeddedPostgres) -> dict[str, object]:
    """Row counts and a checksum of every row of each table, the tables there are, a
    sequence, and the application role's rights on the audit table."""
    result: dict[str, object] = {}
    with _connect(server) as conn:
        for table in TABLES:
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t"  # noqa: S608 - constant names
            ).fetchone()
            result[table] = row
        result["tables"] = sorted(
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        result["auth_group_id_seq"] = conn.execute("SELECT last_value FROM auth_group_id_seq").fetchone()
        result["audit rights"] = conn.execute(
            "SELECT has_table_privilege(%(app)s, 'marac_auditevent', 'INSERT'),"
            " has_table_privilege(%(app)s, 'marac_auditevent', 'UPDATE'),"
            " has_table_privilege(%(app)s, 'marac_auditevent', 'DELETE')",
            {"app": embedded.APP_ROLE},
        ).fetchone()
    return result


def _seed(server: embedded.EmbeddedPostgres, prefix: str, count: int) -> None:
    with _connect(server) as conn:
        conn.execute(
            "INSERT INTO auth_group (name) SELECT %s || n FROM generate_series(1, %s) n", [f"{prefix} group ", count]
        )
        conn.execute(
            "INSERT INTO auth_group_permissions (group_id, permission_id)"
            " SELECT g.id, p.id FROM auth_group g CROSS JOIN auth_permission p"
            " WHERE g.name LIKE %s AND p.id %% 7 = g.id %% 7",
            [f"{prefix} group %"],
        )


def _change_everything(server: embedded.EmbeddedPostgres) -> None:
    """What happens after a backup: rows added, changed and deleted, and a newer migration's
    table (with a foreign key into the backup's tables) and its row in the migration table."""
    _seed(server, "later", 5)
    with _connect(server) as conn:
        conn.execute("DELETE FROM auth_group_permissions WHERE id % 3 = 0")
        conn.execute("UPDATE auth_group SET name = name || ' (renamed)' WHERE id % 2 = 0")
        conn.execute(
            "UPDATE django_content_type SET model = model || 'x' WHERE id = (SELECT min(id) FROM django_content_type)"
        )
        conn.execute("CREATE TABLE marac_newerthing (id serial PRIMARY KEY, grp integer REFERENCES auth_group(id))")
        conn.execute("INSERT INTO marac_newerthing (grp) SELECT id FROM auth_group LIMIT 3")
        conn.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('marac', '9999_newer_thing', now())")


def test_backup_change_restore_gives_back_exactly_what_was_backed_up(
    server: embedded.EmbeddedPostgres, backups_dir: Path
) -> None:
    _seed(server, "first", 40)
    before = _fingerprint(server)
    assert before["auth_group"][0] >= 40  # type: ignore[index]
    assert before["auth_group_permissions"][0] > 0  # type: ignore[index]
    assert before["audit rights"] == (True, False, False)

    taken = _cli(server, "backup")
    assert taken.returncode == 0, taken.stderr
    (path,) = backup.backups(backups_dir)
    assert f"to {path}" in taken.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups_dir.stat().st_mode) == 0o700

    _change_everything(server)
    changed = _fingerprint(server)
    for key in (*TABLES, "tables", "auth_group_id_seq"):
        if key == "auth_permission":
            continue
        assert changed[key] != before[key], key

    restored = _cli(server, "restore", "latest", "--yes")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    # It said what it would overwrite, what it would drop, and checked the migration table.
    assert f"This OVERWRITES the embedded database {embedded.PG_DATABASE}" in restored.stdout
    assert f"with: {path}" in restored.stdout
    assert "not in the backup and will be dropped: marac_newerthing" in restored.stdout
    assert "Checked: the migration table matches the backup's" in restored.stdout
    assert _fingerprint(server) == before


def test_backups_beyond_the_retention_count_are_removed_oldest_first(
    server: embedded.EmbeddedPostgres, backups_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In this process (the command line is the other tests'): the embedded default, the test's var/.
    for name, value in _cli_env(server.var_dir).items():
        monkeypatch.setenv(name, value)
    for name in ("DATABASE_URL", "MARAC_BACKUP_DIR"):
        monkeypatch.delenv(name, raising=False)
    out = io.StringIO()
    made = [backup.backup(keep=2, out=out) for _ in range(3)]
    assert backup.backups(backups_dir) == made[1:]
    assert not made[0].exists()
    assert "removed 1 older" in out.getvalue()
    # Other files in the directory are never counted or removed.
    (backups_dir / "notes.txt").write_text("kept")
    monkeypatch.setenv("MARAC_BACKUP_KEEP", "1")
    newest = backup.backup(out=out)
    assert backup.backups(backups_dir) == [newest]
    assert (backups_dir / "notes.txt").exists()
    listing = _cli(server, "list")
    assert f"`latest` is {newest.name}" in listing.stdout


def test_restore_refuses_and_changes_nothing_without_a_file_a_confirmation_or_while_make_run_runs(
    server: embedded.EmbeddedPostgres, backups_dir: Path
) -> None:
    assert _cli(server, "backup").returncode == 0
    _seed(server, "after", 3)
    after = _fingerprint(server)

    no_file = _cli(server, "restore")
    assert no_file.returncode == 1
    assert "Say which backup to restore: `make restore FILE=latest`" in no_file.stderr

    no_such_file = _cli(server, "restore", str(backups_dir / "nothing.dump"), "--yes")
    assert no_such_file.returncode == 1
    assert "There is no backup file" in no_such_file.stderr

    unconfirmed = _cli(server, "restore", "latest")
    assert unconfirmed.returncode == 1
    assert "This OVERWRITES" in unconfirmed.stdout
    assert "Not restoring without a confirmation" in unconfirmed.stderr

    # `make run`'s own lock (marac/run.py), held as a running `make run` holds it.
    assert run.lock_path(server.var_dir) == server.var_dir / backup.RUN_LOCK
    with run.run_lock(server.var_dir):
        while_running = _cli(server, "restore", "latest", "--yes")
    assert while_running.returncode == 1
    assert f"`make run` is running ({server.var_dir / backup.RUN_LOCK} is locked by process {os.getpid()})" in (
        while_running.stderr
    )

    with _connect(server):
        connected = _cli(server, "restore", "latest", "--yes")
    assert connected.returncode == 1
    assert "other session(s) are connected" in connected.stderr

    assert _fingerprint(server) == after


def test_settings_are_checked() -> None:
    assert backup.interval_seconds("") == backup.DEFAULT_INTERVAL_SECONDS
    assert backup.interval_seconds("90") == 90
    assert backup.interval_seconds("30m") == 1800
    assert backup.interval_seconds("24h") == 86400
    assert backup.interval_seconds("1d") == 86400
    for wrong in ("10", "often", "1w", "-5m"):
        with pytest.raises(backup.BackupError):
            backup.interval_seconds(wrong)
    assert backup.keep_count("14") == 14
    for wrong in ("0", "-1", "many"):
        with pytest.raises(backup.BackupError):
            backup.keep_count(wrong)


def test_with_database_url_as_in_production_it_backs_up_as_the_application_and_restores_as_the_owner(
    server: embedded.EmbeddedPostgres, backups_dir: Path
) -> None:
    """The Compose `backup` service's way: DATABASE_URL (a password in it) instead of the
    embedded default; the application's role may take a backup, only the owner restores one."""
    app_url = server.url(role=embedded.APP_ROLE)
    owner_url = server.url(role=embedded.OWNER_ROLE)
    _seed(server, "production", 4)
    before = _fingerprint(server)

    taken = _cli(server, "backup", DATABASE_URL=app_url, MARAC_BACKUP_DIR=str(backups_dir))
    assert taken.returncode == 0, taken.stderr
    assert f"database {embedded.PG_DATABASE} on" in taken.stdout
    assert embedded.APP_ROLE in taken.stdout
    assert server.password(embedded.APP_ROLE) not in taken.stdout + taken.stderr

    _change_everything(server)
    changed = _fingerprint(server)
    refused = _cli(server, "restore", "latest", "--yes", DATABASE_URL=app_url, MARAC_BACKUP_DIR=str(backups_dir))
    assert refused.returncode == 1
    assert "rolled back: the database is as it was" in refused.stderr
    assert _fingerprint(server) == changed != before

    restored = _cli(server, "restore", "latest", "--yes", DATABASE_URL=owner_url, MARAC_BACKUP_DIR=str(backups_dir))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert _fingerprint(server) == before


def test_the_compose_service_backs_up_at_once_and_stops_cleanly_on_sigterm(
    server: embedded.EmbeddedPostgres, backups_dir: Path
) -> None:
    service = subprocess.Popen(
        [sys.executable, "-m", "marac.backup", "serve"],
        cwd=BASE_DIR,
        env=_cli_env(server.var_dir, MARAC_BACKUP_INTERVAL="1h", MARAC_BACKUP_KEEP="3"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not backup.backups(backups_dir) and time.monotonic() < deadline and service.poll() is None:
            time.sleep(0.1)
        assert len(backup.backups(backups_dir)) == 1
        service.send_signal(signal.SIGTERM)
        out, err = service.communicate(timeout=10)
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()
    assert service.returncode == 0, err
    assert "Backing up every 3600 seconds" in out
    assert "BACKUP FAILED" not in err


def test_make_backup_and_restore_start_a_stopped_server_and_stop_it_again(
    server: embedded.EmbeddedPostgres, backups_dir: Path
) -> None:
    """The usual case on a developer's machine: `make run` is not running."""
    _seed(server, "stopped", 2)
    before = _fingerprint(server)
    try:
        server.stop()
        taken = _cli(server, "backup")
        assert taken.returncode == 0, taken.stderr
        assert not server.is_running()
        server.start()
        _change_everything(server)
        server.stop()
        restored = _cli(server, "restore", "latest", "--yes")
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert not server.is_running()
    finally:
        server.start()
    assert _fingerprint(server) == before


def test_make_run_refuses_to_start_while_a_restore_holds_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARAC_VAR_DIR", str(tmp_path))
    refused = pytest.raises(run.AlreadyRunningError, match=f"held by process {os.getpid()}")
    with backup.run_lock(), refused, run.run_lock(tmp_path):
        pass
    with run.run_lock(tmp_path):  # released afterwards
        pass


def test_a_new_name_sorts_after_every_backup_of_the_same_second(tmp_path: Path) -> None:
    """The first backup of a second was removed by retention: the next of that second must not take its name back
    (it would sort first and be the next one removed)."""
    now = datetime(2026, 12, 3, 8, 46, 56, tzinfo=UTC)
    first = tmp_path / "marac-20261203T084656Z.dump"
    assert files.new_backup_path(tmp_path, now) == first
    for name in ("marac-20261203T084656Z-2.dump", "marac-20261203T084656Z-3.dump"):
        (tmp_path / name).touch()
    newest = files.new_backup_path(tmp_path, now)
    assert newest.name == "marac-20261203T084656Z-4.dump"
    newest.touch()
    assert backup.backups(tmp_path)[-1] == newest
