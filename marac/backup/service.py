"""The Compose ``backup`` service: a backup now and every ``MARAC_BACKUP_INTERVAL``."""

from __future__ import annotations

import signal
import sys
import threading
from typing import TextIO

import psycopg

from marac.backup.dump import backup
from marac.backup.errors import BackupError
from marac.backup.settings import backup_dir, interval_seconds, keep_count


def serve(out: TextIO = sys.stdout) -> int:
    """A backup now and every ``MARAC_BACKUP_INTERVAL``, until SIGTERM or SIGINT."""
    interval = interval_seconds()
    keep = keep_count()
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    print(f"Backing up every {interval} seconds into {backup_dir()}, keeping {keep}.", file=out, flush=True)
    while not stopping.is_set():
        try:
            backup(keep=keep, out=out)
        except (BackupError, psycopg.Error, OSError) as error:
            # Loud in the service's log; the next attempt is at the next interval.
            print(f"BACKUP FAILED: {error}", file=sys.stderr, flush=True)
        out.flush()
        stopping.wait(interval)
    return 0
