"""What a backup file holds (its tables and migrations, read with pg_restore), and this code's own migrations."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from marac import embedded
from marac.backup.errors import BackupError
from marac.backup.settings import APPS, MIGRATIONS_TABLE
from marac.backup.tools import Tools, run


@dataclass
class Archive:
    path: Path
    created: str
    dbname: str
    server_version: str
    tables: set[str]
    migrations: set[tuple[str, str]]


def read_archive(path: Path, tools: Tools) -> Archive:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    listing = run([tools["pg_restore"], "--list", str(path)], env, f"Reading {path}").stdout
    header = dict(re.findall(r"^;\s+([A-Za-z ]+): (.*)$", listing, flags=re.MULTILINE))
    created = re.search(r"^; Archive created at (.*)$", listing, flags=re.MULTILINE)
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE public (\S+)(?: |$)", listing, flags=re.MULTILINE))
    if MIGRATIONS_TABLE not in tables:
        raise BackupError(f"{path} has no migration table: it is not a backup of this service. Nothing was changed.")
    data = run(
        [tools["pg_restore"], "--data-only", "--table", MIGRATIONS_TABLE, "--file", "-", str(path)],
        env,
        f"Reading the migrations in {path}",
    ).stdout
    migrations = {
        (fields[1], fields[2])
        for line in data.split("COPY public.django_migrations", 1)[-1].split("\n\\.", 1)[0].splitlines()[1:]
        if len(fields := line.split("\t")) >= 3  # id, app, name, applied
    }
    return Archive(
        path=path,
        created=created.group(1).strip() if created else "at an unknown time",
        dbname=header.get("dbname", "?"),
        server_version=header.get("Dumped from database version", "?"),
        tables=tables,
        migrations=migrations,
    )


def code_migrations() -> set[tuple[str, str]]:
    """This code's own migrations (its apps only; Django's and other packages' are not counted)."""
    base = embedded.BASE_DIR
    return {(app, p.stem) for app in APPS for p in (base / app / "migrations").glob("[0-9]*.py")}
