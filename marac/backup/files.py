"""The backups on disk: one file each in the backup directory, named by the UTC time it was
taken so that names sort by age; which one a restore means; the `list` command."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from marac.backup.errors import BackupError
from marac.backup.settings import backup_dir

# marac-20261203T071500Z.dump, or marac-20261203T071500Z-2.dump for a second one in the same second.
_NAME = re.compile(r"^marac-(\d{8}T\d{6}Z)(?:-(\d+))?\.dump$")


def backups(directory: Path | None = None) -> list[Path]:
    """The backups in ``directory``, oldest first (the names sort by the time taken)."""
    directory = backup_dir() if directory is None else directory
    if not directory.is_dir():
        return []
    found = [(m.group(1), int(m.group(2) or 0), p) for p in directory.iterdir() if (m := _NAME.match(p.name))]
    return [path for _, _, path in sorted(found)]


def new_backup_path(directory: Path, now: datetime) -> Path:
    """A name that sorts after every backup already there, also those of the same second (even when the first
    of that second has since been removed: its number is never reused below a later one's)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    same_second = [
        int(m.group(2) or 1) for p in directory.iterdir() if (m := _NAME.match(p.name)) and m.group(1) == stamp
    ]
    if not same_second:
        return directory / f"marac-{stamp}.dump"
    return directory / f"marac-{stamp}-{max(same_second) + 1}.dump"


def prepare_directory(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)


def resolve(spec: str | None, directory: Path | None = None) -> Path:
    """The file ``spec`` names: ``latest``, or a path. Refuses anything else."""
    directory = backup_dir() if directory is None else directory
    if not spec:
        raise BackupError(
            "Say which backup to restore: `make restore FILE=latest` (the newest in "
            f"{directory}) or `make restore FILE=path/to/backup.dump`. Nothing was changed."
        )
    if spec == "latest":
        found = backups(directory)
        if not found:
            raise BackupError(f"There are no backups in {directory}. Nothing was changed.")
        return found[-1]
    path = Path(spec)
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}. Nothing was changed.")
    return path


def show(out: TextIO = sys.stdout) -> None:
    found = backups()
    if not found:
        print(f"No backups in {backup_dir()}.", file=out)
        return
    for path in found:
        print(f"{path}  {path.stat().st_size / 1_000_000:.1f} MB", file=out)
    print(f"{len(found)} backups; `latest` is {found[-1].name}.", file=out)
