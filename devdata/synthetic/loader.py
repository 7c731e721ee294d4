"""Bulk loading with PostgreSQL COPY, for the synthetic data generator.

Loading tens of millions of rows row by row through the ORM would take
hours; COPY into tables without their secondary indexes and foreign keys,
then building those once, takes minutes. So, for the tables being loaded:

1. ``prepare()`` records the definition of every secondary index, unique
   constraint and foreign key (``pg_get_indexdef``, ``pg_get_constraintdef``),
   saves them to a file, and drops them. Primary keys and CHECK constraints
   stay.
2. ``open()`` starts one COPY per table, each on its own connection, in a
   transaction that first truncates the (empty) table: with
   ``wal_level=minimal`` PostgreSQL then writes no WAL for the load.
3. ``close()`` commits; ``restore()`` builds the unique constraints and
   indexes again, re-adds the foreign keys (PostgreSQL validates every row:
   a generator bug fails here rather than leaving inconsistent data), sets
   the id sequences past the loaded ids and analyses the tables.

If a load fails half-way, ``restore()`` still runs (the command calls it in
``finally``), and the saved file lets ``restore_from_file()`` finish the job
after a crash.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

logger = logging.getLogger(__name__)

FLUSH_BYTES = 1 << 18


@dataclass
class Ddl:
    """What ``prepare`` dropped, in the order ``restore`` must re-create it."""

    constraints: list[tuple[str, str, str]] = field(default_factory=list)  # table, name, definition
    indexes: list[tuple[str, str]] = field(default_factory=list)  # name, CREATE INDEX ...
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # table, name, definition

    def to_json(self) -> str:
        return json.dumps(
            {"constraints": self.constraints, "indexes": self.indexes, "foreign_keys": self.foreign_keys}, indent=1
        )

    @classmethod
    def from_json(cls, text: str) -> Ddl:
        data = json.loads(text)
        return cls(
            constraints=[tuple(c) for c in data["constraints"]],
            indexes=[tuple(i) for i in data["indexes"]],
            foreign_keys=[tuple(f) for f in data["foreign_keys"]],
        )


def _secondary_ddl(conn: psycopg.Connection[Any], tables: Iterable[str]) -> Ddl:
    """Secondary indexes, unique constraints and foreign keys on ``tables``,
    including foreign keys on other tables that point at them."""
    names = list(tables)
    ddl = Ddl()
    rows = conn.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
        FROM pg_constraint c
        WHERE c.contype IN ('u', 'f')
          AND (c.conrelid::regclass::text = ANY(%(t)s) OR c.confrelid::regclass::text = ANY(%(t)s))
        ORDER BY c.contype DESC, c.conrelid::regclass::text, c.conname
        """,
        {"t": names},
    ).fetchall()
    for table, name, definition, kind in rows:
        if kind == "u":
            if table in names:
                ddl.constraints.append((table, name, definition))
        else:
            ddl.foreign_keys.append((table, name, definition))
    rows = conn.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid::regclass::text = ANY(%(t)s)
          AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1
        """,
        {"t": names},
    ).fetchall()
    ddl.indexes = [(name, definition) for name, definition in rows]
    return ddl


class BulkLoader:
    """COPY into ``tables`` (name -> column list), one connection per table."""

    def __init__(self, dsn: str, tables: dict[str, list[str]], state_file: Path) -> None:
        self.dsn = dsn
        self.tables = tables
        self.state_file = state_file
        self.ddl = Ddl()
        self.rows: dict[str, int] = dict.fromkeys(tables, 0)
        self._stack = ExitStack()
        self._copies: dict[str, Any] = {}
        self._buffers: dict[str, list[str]] = {t: [] for t in tables}
        self._sizes: dict[str, int] = dict.fromkeys(tables, 0)

    # -- before ----------------------------------------------------------------
    def prepare(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            self.ddl = _secondary_ddl(conn, self.tables)
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            self.state_file.write_text(self.ddl.to_json())
            for table, name, _ in self.ddl.foreign_keys:
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
                )
            for table, name, _ in self.ddl.constraints:
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name))
                )
            for name, _ in self.ddl.indexes:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))

    def open(self) -> None:
        for table, columns in self.tables.items():
            conn = self._stack.enter_context(psycopg.connect(self.dsn))
            conn.execute("SET synchronous_commit = off")
            # The rows carry what triggers would derive (Person.area_ids, say);
            # firing them per row would cost minutes. Needs a superuser (the
            # embedded server's); elsewhere the triggers run and agree.
            try:
                with conn.transaction():
                    conn.execute("SET session_replication_role = replica")
            except psycopg.errors.InsufficientPrivilege:
                logger.warning("not a superuser: triggers fire during the load")
            # Truncating in the load's own transaction lets PostgreSQL skip
            # WAL for the COPY when the server runs with wal_level=minimal.
            conn.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(table)))
            cursor = conn.cursor()
            # FREEZE (allowed on a table truncated in this transaction) writes
            # the rows frozen and all-visible, so no VACUUM is needed after.
            statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FREEZE)").format(
                sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            )
            copy = self._stack.enter_context(cursor.copy(statement, writer=QueuedLibpqWriter(cursor)))
            self._copies[table] = copy

    # -- during -----------------------------------------------------------------
    def writer(self, table: str) -> Callable[[str], None]:
        """A function that takes one COPY text line (ending in a newline)."""
        buffer = self._buffers[table]
        copy = self._copies[table]
        rows = self.rows
        sizes = self._sizes

        def write(line: str) -> None:
            buffer.append(line)
            rows[table] += 1
            sizes[table] += len(line)
            if sizes[table] > FLUSH_BYTES:
                copy.write("".join(buffer).encode())
                buffer.clear()
                sizes[table] = 0

        return write

    def close(self) -> None:
        """Finish every COPY and commit (leaving a connection's context commits it)."""
        for table, copy in self._copies.items():
            if self._buffers[table]:
                copy.write("".join(self._buffers[table]).encode())
                self._buffers[table].clear()
        self._copies = {}
        self._stack.close()

    def abort(self) -> None:
        """Cancel every COPY and roll back (called while an exception is handled)."""
        self._copies = {}
        try:
            self._stack.__exit__(*sys.exc_info())
        except Exception:  # noqa: BLE001 - the load has failed already; restore() still runs
            logger.warning("bulk load aborted")

    # -- after --------------------------------------------------------------------
    def restore(self, progress: Callable[[str], None] = logger.info) -> None:
        restore_ddl(self.dsn, self.ddl, progress)
        self.state_file.unlink(missing_ok=True)

    def reset_sequences(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            reset_sequences(conn, self.tables)


def restore_ddl(dsn: str, ddl: Ddl, progress: Callable[[str], None]) -> None:
    """Unique constraints first, then the other indexes, then the foreign keys
    (each validated against every row), timing each."""
    add_constraint = "ALTER TABLE {} ADD CONSTRAINT {} "
    steps: list[tuple[str, str, sql.SQL | sql.Composed]] = [
        ("unique", name, sql.SQL(add_constraint).format(sql.Identifier(table), sql.Identifier(name)) + sql.SQL(d))
        for table, name, d in ddl.constraints
    ]
    steps += [("index", name, sql.SQL(d)) for name, d in ddl.indexes]
    steps += [
        ("foreign key", name, sql.SQL(add_constraint).format(sql.Identifier(table), sql.Identifier(name)) + sql.SQL(d))
        for table, name, d in ddl.foreign_keys
    ]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET max_parallel_maintenance_workers = 1")
        for kind, name, statement in steps:
            started = time.monotonic()
            conn.execute(statement)
            progress(f"  {kind} {name} ({time.monotonic() - started:.1f} s)")


def restore_from_file(dsn: str, state_file: Path, progress: Callable[[str], None] = logger.info) -> bool:
    """Finish a load that crashed between ``prepare`` and ``restore``."""
    if not state_file.exists():
        return False
    ddl = Ddl.from_json(state_file.read_text())
    with psycopg.connect(dsn, autocommit=True) as conn:
        existing = {r[0] for r in conn.execute("SELECT conname FROM pg_constraint").fetchall()}
        existing |= {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes").fetchall()}
    ddl.constraints = [c for c in ddl.constraints if c[1] not in existing]
    ddl.indexes = [i for i in ddl.indexes if i[0].split(".")[-1] not in existing]
    ddl.foreign_keys = [f for f in ddl.foreign_keys if f[1] not in existing]
    restore_ddl(dsn, ddl, progress)
    state_file.unlink()
    return True


def reset_sequences(conn: psycopg.Connection[Any], tables: Iterable[str]) -> None:
    for table in tables:
        conn.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence({t}, 'id'), COALESCE((SELECT MAX(id) FROM {i}), 0) + 1, false)"
            ).format(t=sql.Literal(table), i=sql.Identifier(table))
        )
