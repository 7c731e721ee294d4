"""The command line: ``python -m marac.backup backup | list | restore FILE|latest | serve``."""

from __future__ import annotations

import argparse
import sys

from marac.backup.dump import backup
from marac.backup.errors import BackupError
from marac.backup.files import show
from marac.backup.restoring import restore
from marac.backup.service import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m marac.backup", description="Back up and restore the database (make backup, make restore)."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="take a backup now; remove the oldest beyond MARAC_BACKUP_KEEP")
    commands.add_parser("list", help="the backups there are, newest last")
    restore_parser = commands.add_parser("restore", help="overwrite the database with a backup")
    restore_parser.add_argument("file", nargs="?", help="a backup file, or `latest`")
    restore_parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    commands.add_parser("serve", help="a backup every MARAC_BACKUP_INTERVAL (the Compose service)")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            backup()
        elif args.command == "list":
            show()
        elif args.command == "restore":
            restore(args.file, assume_yes=args.yes)
        else:
            return serve()
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
