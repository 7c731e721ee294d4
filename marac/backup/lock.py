"""`make run`'s lock (marac/run.py), taken so that `make run` cannot start on the embedded
server while a command uses it, and refused while `make run` holds it."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

from marac.backup.errors import BackupError
from marac.backup.settings import RUN_LOCK, var_dir


def _open_run_lock() -> int:
    path = var_dir() / RUN_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


def try_run_lock(stack: contextlib.ExitStack) -> bool:
    """Take `make run`'s lock until ``stack`` closes, if it is free; whether it was."""
    fd = _open_run_lock()
    stack.callback(os.close, fd)  # closing releases the lock
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    # As `make run` does: the holder's process id, which a refused `make run` names.
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return True


@contextlib.contextmanager
def run_lock() -> Iterator[None]:
    """Hold `make run`'s lock, so that it cannot start during a restore; refuse if it is running."""
    with contextlib.ExitStack() as stack:
        if not try_run_lock(stack):
            path = var_dir() / RUN_LOCK
            holder = path.read_text(errors="replace").strip()
            by = f" by process {holder}" if holder.isdigit() else ""
            raise BackupError(
                f"`make run` is running ({path} is locked{by}). Stop it first (Ctrl+C where it runs), "
                "then restore. Nothing was changed."
            )
        yield
