"""The servers' processes: whether one is alive, the pid files naming them, and
the lock that lets one process at a time start a server."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process. A zombie (killed, not yet reaped by
    its parent, which for a daemonised server is init) is not: ``kill(pid, 0)``
    still succeeds for one, which made a killed server look as if it ran."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, but another user's (the postgres user's, when we are root)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # gone meanwhile; without /proc, trust kill()
    except (OSError, IndexError):
        return True
    return fields[0] not in ("Z", "X")


def read_pid(path: Path) -> int | None:
    """The process id on the first line of a pid file, if there is one."""
    try:
        return int(path.read_text().split("\n", 1)[0].strip())
    except (FileNotFoundError, ValueError):
        return None


def postgres_processes_in(directory: Path) -> list[int]:
    """Live PostgreSQL processes working in ``directory`` (a server's
    processes all run in its data directory)."""
    found = []
    target = str(directory.resolve())
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            in_directory = os.readlink(entry / "cwd") == target
            if in_directory and os.readlink(entry / "exe").endswith("/postgres") and process_alive(int(entry.name)):
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found
