"""Taking a backup (pg_dump's custom format, checked by reading it back) and keeping
only the newest ``MARAC_BACKUP_KEEP``."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from marac.backup.connection import database
from marac.backup.errors import BackupError
from marac.backup.files import backups, new_backup_path, prepare_directory
from marac.backup.settings import MIGRATIONS_TABLE, backup_dir, keep_count
from marac.backup.tools import find_tools, run, server_major


def prune(keep: int, directory: Path | None = None) -> list[Path]:
    """Remove all but the newest ``keep`` backups; the ones removed."""
    old = backups(directory)[:-keep]
    for path in old:
        path.unlink()
    return old


def backup(*, keep: int | None = None, out: TextIO = sys.stdout) -> Path:
    """Take a backup of the database, then remove the oldest beyond ``keep``; the new file."""
    keep = keep_count() if keep is None else keep
    directory = backup_dir()
    with database(need_existing=True) as db:
        with db.connect() as conn:
            tools = find_tools(server_major(conn), embedded_server=db.embedded, exact=False)
            if conn.execute("SELECT to_regclass(%s)", [MIGRATIONS_TABLE]).fetchone() == (None,):
                raise BackupError(f"The {db.where} has no migration table: it is not this service's database.")
        prepare_directory(directory)
        path = new_backup_path(directory, datetime.now(UTC))
        partial = path.with_name(path.name + ".partial")
        old_umask = os.umask(0o077)
        try:
            run(
                [tools["pg_dump"], "--format=custom", "--no-password", "--file", str(partial)],
                db.environment(),
                "pg_dump",
            )
            # Reading the archive's table of contents back proves it is complete and readable.
            run([tools["pg_restore"], "--list", str(partial)], db.environment(), "Checking the backup")
            partial.chmod(0o600)
            partial.rename(path)
        finally:
            os.umask(old_umask)
            partial.unlink(missing_ok=True)
    removed = prune(keep, directory)
    size = path.stat().st_size
    print(f"Backed up the {db.where} to {path} ({size / 1_000_000:.1f} MB).", file=out)
    print(f"Keeping the newest {keep} backups; removed {len(removed)} older.", file=out)
    return path
