"""Where the backups and the embedded server live, and the settings read from the environment."""

from __future__ import annotations

import os
import re
from pathlib import Path

from marac import embedded
from marac.backup.errors import BackupError

DEFAULT_KEEP = 14
DEFAULT_INTERVAL_SECONDS = 24 * 60 * 60
MIN_INTERVAL_SECONDS = 60
MIGRATIONS_TABLE = "django_migrations"
# The lock `make run` holds while it runs (marac/run.py).
RUN_LOCK = Path("run-locks") / "make-run.lock"
# The apps whose migrations are this code's own.
APPS = ("marac", "cases", "ppmt", "actions", "governance")


def var_dir() -> Path:
    return Path(os.environ.get("MARAC_VAR_DIR", embedded.DEFAULT_VAR_DIR))


def backup_dir() -> Path:
    return Path(os.environ.get("MARAC_BACKUP_DIR", var_dir() / "backups"))


def keep_count(value: str | None = None) -> int:
    raw = os.environ.get("MARAC_BACKUP_KEEP", str(DEFAULT_KEEP)) if value is None else value
    try:
        keep = int(raw)
    except ValueError:
        raise BackupError(f"MARAC_BACKUP_KEEP must be a whole number of backups, not {raw!r}") from None
    if keep < 1:
        raise BackupError("MARAC_BACKUP_KEEP must be at least 1: a backup is never removed to make room for none")
    return keep


def interval_seconds(value: str | None = None) -> int:
    """``MARAC_BACKUP_INTERVAL``: seconds, or a number with s, m, h or d (``24h``, ``1d``)."""
    raw = (os.environ.get("MARAC_BACKUP_INTERVAL", "") if value is None else value).strip().lower()
    if not raw:
        return DEFAULT_INTERVAL_SECONDS
    match = re.fullmatch(r"(\d+)\s*([smhd]?)", raw)
    if match is None:
        raise BackupError(f"MARAC_BACKUP_INTERVAL must be like 86400, 30m, 24h or 1d, not {raw!r}")
    seconds = int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if seconds < MIN_INTERVAL_SECONDS:
        raise BackupError(f"MARAC_BACKUP_INTERVAL must be at least {MIN_INTERVAL_SECONDS} seconds")
    return seconds
