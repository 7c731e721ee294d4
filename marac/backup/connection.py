"""The database a command works on: ``DATABASE_URL``'s, or the embedded server's."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from marac import embedded
from marac.backup.errors import BackupError
from marac.backup.lock import try_run_lock
from marac.backup.settings import var_dir

# libpq connection parameters and the environment variables its programs read them from:
# passwords never go on a command line, where other users could read them.
_LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "sslmode": "PGSSLMODE",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcrl": "PGSSLCRL",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


@dataclass
class Database:
    """The database a command works on."""

    url: str
    where: str  # for messages: never a password
    embedded: bool

    def environment(self) -> dict[str, str]:
        """The environment for pg_dump, pg_restore and psql: the connection as PG* variables."""
        params = conninfo_to_dict(self.url)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        for key, value in params.items():
            if value is None:
                continue
            if key not in _LIBPQ_ENVIRONMENT:
                raise BackupError(f"DATABASE_URL has a parameter the backup tools cannot take: {key}")
            env[_LIBPQ_ENVIRONMENT[key]] = str(value)
        return env

    def connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=30)

    @property
    def name(self) -> str:
        return str(conninfo_to_dict(self.url).get("dbname") or "")


def _describe(url: str) -> str:
    params = conninfo_to_dict(url)
    host = str(params.get("host") or "localhost")
    port = f":{params['port']}" if params.get("port") else ""
    return f"database {params.get('dbname')!s} on {host}{port} as {params.get('user')!s}"


@contextlib.contextmanager
def database(*, need_existing: bool, holding_run_lock: bool = False) -> Iterator[Database]:
    """``DATABASE_URL``'s database, or the embedded one (as its owner), started if need be
    and then stopped again, unless `make run` started using it meanwhile."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield Database(url=url, where=_describe(url), embedded=False)
        return
    server = embedded.EmbeddedPostgres(var_dir())
    if need_existing and not (server.data_dir / "PG_VERSION").exists():
        raise BackupError(f"There is no embedded database in {server.data_dir} to back up (`make run` creates it).")
    with contextlib.ExitStack() as stack:
        # Ours to stop only if it was not running and `make run` cannot start on it meanwhile.
        ours = not server.is_running() and (holding_run_lock or try_run_lock(stack))
        server.start()
        try:
            owner_url = server.url(role=embedded.OWNER_ROLE)
            yield Database(url=owner_url, where=f"embedded {_describe(owner_url)}", embedded=True)
        finally:
            if ours:
                server.stop()
