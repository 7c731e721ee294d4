"""`make backup` and `make restore`: the database to and from pg_dump's custom format.

    python -m marac.backup backup            # a new backup; the oldest beyond MARAC_BACKUP_KEEP removed
    python -m marac.backup list              # the backups there are, newest last
    python -m marac.backup restore latest    # or a file: overwrites the database, after saying what
    python -m marac.backup serve             # a backup every MARAC_BACKUP_INTERVAL (the Compose service)

The database is ``DATABASE_URL``'s when it is set (production, the Compose
``backup`` service); otherwise the embedded server's under ``var/`` (the one
``make run`` uses), started for the occasion and stopped again if it was not
running. Backups go to ``MARAC_BACKUP_DIR`` (default ``var/backups``), a
directory only its owner can open, one file each (0600), named by the UTC
time it was taken, so that names sort by age.

A restore overwrites the configured database with the backup in one
transaction: the tables the backup does not have (from migrations newer than
it) are dropped, then everything the backup holds is dropped and created
again (``pg_restore --clean --if-exists``). It refuses to start without a file
(or ``latest``), while other sessions are connected to the database, and on
the embedded server while ``make run`` holds its lock. Afterwards it checks
that the migration table is the backup's. Backups hold OFFICIAL-SENSITIVE
data: see "Backups" in the README and docs/adr/0010-backups.md.

No Django here: the package runs with nothing configured but the environment.

Its modules, by concern: ``settings`` (the environment, where things are),
``lock`` (`make run`'s lock), ``connection`` (which database), ``tools``
(pg_dump, pg_restore and psql of the server's version), ``files`` (the backups
on disk, ``list``), ``dump`` (``backup`` and retention), ``archive`` (what a
backup holds), ``restoring`` (``restore``), ``service`` (``serve``) and ``cli``
(the command line, run by ``__main__``).
"""

from __future__ import annotations

from marac.backup.archive import Archive, code_migrations, read_archive
from marac.backup.cli import main
from marac.backup.connection import Database, database
from marac.backup.dump import backup, prune
from marac.backup.errors import BackupError
from marac.backup.files import backups, resolve, show
from marac.backup.lock import run_lock
from marac.backup.restoring import restore
from marac.backup.service import serve
from marac.backup.settings import (
    DEFAULT_INTERVAL_SECONDS,
    DEFAULT_KEEP,
    MIGRATIONS_TABLE,
    MIN_INTERVAL_SECONDS,
    RUN_LOCK,
    backup_dir,
    interval_seconds,
    keep_count,
    var_dir,
)
from marac.backup.tools import Tools, find_tools

__all__ = [
    "DEFAULT_INTERVAL_SECONDS",
    "DEFAULT_KEEP",
    "MIGRATIONS_TABLE",
    "MIN_INTERVAL_SECONDS",
    "RUN_LOCK",
    "Archive",
    "BackupError",
    "Database",
    "Tools",
    "backup",
    "backup_dir",
    "backups",
    "code_migrations",
    "database",
    "find_tools",
    "interval_seconds",
    "keep_count",
    "main",
    "prune",
    "read_archive",
    "resolve",
    "restore",
    "run_lock",
    "serve",
    "show",
    "var_dir",
]
