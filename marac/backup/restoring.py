"""Restoring a backup: overwrite the configured database with it in one transaction, after
refusing while anything else uses the database and saying what will happen, then check it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from typing import Any, TextIO

import psycopg
from psycopg import sql

from marac.backup.archive import Archive, code_migrations, read_archive
from marac.backup.connection import Database, database
from marac.backup.errors import BackupError
from marac.backup.files import resolve
from marac.backup.lock import run_lock
from marac.backup.settings import APPS, MIGRATIONS_TABLE
from marac.backup.tools import Tools, find_tools, server_major


def _public_tables(conn: psycopg.Connection[tuple[Any, ...]]) -> set[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


def _migrations(conn: psycopg.Connection[tuple[Any, ...]]) -> set[tuple[str, str]]:
    if conn.execute("SELECT to_regclass(%s)", [MIGRATIONS_TABLE]).fetchone() == (None,):
        return set()
    return {(app, name) for app, name in conn.execute("SELECT app, name FROM django_migrations").fetchall()}


def _other_sessions(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'"
    ).fetchone()
    return int(row[0]) if row else 0


def _confirm(db: Database, assume_yes: bool, stdin: TextIO, out: TextIO) -> None:
    if assume_yes:
        return
    if not stdin.isatty():
        raise BackupError("Not restoring without a confirmation: run it in a terminal, or add --yes.")
    print(f"Type the database's name ({db.name}) to overwrite it, or anything else to stop: ", end="", file=out)
    out.flush()
    if stdin.readline().strip() != db.name:
        raise BackupError("Stopped. Nothing was changed.")


def restore(spec: str | None, *, assume_yes: bool = False, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Overwrite the configured database with the backup ``spec`` names (a path or ``latest``)."""
    path = resolve(spec)
    on_embedded = not os.environ.get("DATABASE_URL")
    lock = run_lock() if on_embedded else contextlib.nullcontext()
    with lock, database(need_existing=False, holding_run_lock=on_embedded) as db:
        with db.connect() as conn:
            tools = find_tools(server_major(conn), embedded_server=db.embedded, exact=True)
            archive = read_archive(path, tools)
            current_tables = _public_tables(conn)
            current_migrations = _migrations(conn)
            sessions = _other_sessions(conn)
        if sessions:
            raise BackupError(
                f"{sessions} other session(s) are connected to the {db.where}. Stop the application "
                "(web, worker, beat, and the backup service) before restoring. Nothing was changed."
            )
        extra = sorted(current_tables - archive.tables)
        _say_what_will_happen(db, archive, current_tables, current_migrations, extra, out)
        _confirm(db, assume_yes, stdin, out)
        _restore_archive(db, tools, archive, extra)
        with db.connect() as conn:
            restored = _migrations(conn)
            tables = _public_tables(conn)
        _check_migrations(archive, restored, tables, out)
    print(f"Restored {path} into the {db.where}.", file=out)


def _say_what_will_happen(
    db: Database,
    archive: Archive,
    tables: set[str],
    migrations: set[tuple[str, str]],
    extra: list[str],
    out: TextIO,
) -> None:
    print(f"This OVERWRITES the {db.where}:", file=out)
    print(f"  now: {len(tables)} tables, {len(migrations)} migrations applied", file=out)
    print(
        f"  with: {archive.path} (taken {archive.created} from database {archive.dbname}, PostgreSQL "
        f"{archive.server_version}): {len(archive.tables)} tables, {len(archive.migrations)} migrations",
        file=out,
    )
    print("Everything written to the database since that backup was taken will be lost.", file=out)
    if extra:
        print(f"These {len(extra)} tables are not in the backup and will be dropped: {', '.join(extra)}", file=out)
    newer = {f"{app}.{name}" for app, name in archive.migrations - code_migrations() if app in APPS}
    if newer:
        print(f"The backup has migrations this code does not: {', '.join(sorted(newer))}.", file=out)
        print("It was taken by a newer version of the service: restore it with that version.", file=out)


# pg_default_acl's object types, as ALTER DEFAULT PRIVILEGES names them.
_DEFAULT_ACL_KINDS = {"r": "TABLES", "S": "SEQUENCES", "f": "FUNCTIONS", "T": "TYPES", "n": "SCHEMAS"}


def _default_privileges(conn: psycopg.Connection[tuple[Any, ...]]) -> list[sql.Composed]:
    """Statements that set aside the database's per-schema default privileges for the
    restore, which the backup sets again at its end.

    Otherwise every table the restore creates would first get what they grant (all
    of SELECT, INSERT, UPDATE, DELETE for the application's role), and the backup's
    own grants, which only add, would leave the audit table changeable again.
    """
    rows = conn.execute(
        "SELECT DISTINCT pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype,"
        " CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END"
        " FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace,"
        " LATERAL aclexplode(d.defaclacl) a ORDER BY 1, 2, 3, 4"
    ).fetchall()
    statements = []
    for role, schema, kind, grantee in rows:
        grantee_name = sql.SQL("PUBLIC") if grantee is None else sql.Identifier(grantee)
        statements.append(
            sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} REVOKE ALL ON {} FROM {}").format(
                sql.Identifier(role), sql.Identifier(schema), sql.SQL(_DEFAULT_ACL_KINDS[kind]), grantee_name
            )
        )
    return statements


def _restore_archive(db: Database, tools: Tools, archive: Archive, extra: list[str]) -> None:
    """In one transaction: drop the tables the backup lacks, set the default privileges
    aside, then pg_restore's script (drop and create everything the backup holds, its
    data, its grants and its default privileges)."""
    env = db.environment()
    psql = [tools["psql"], "--no-psqlrc", "--quiet", "--no-password", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
    with db.connect() as conn:
        statements = _default_privileges(conn)
        if extra:
            statements.insert(
                0,
                sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(
                    sql.SQL(", ").join(sql.Identifier("public", name) for name in extra)
                ),
            )
        for statement in statements:
            psql += ["--command", statement.as_string(conn)]
    psql += ["--file", "-"]
    script = [tools["pg_restore"], "--clean", "--if-exists", "--file", "-", str(archive.path)]
    with tempfile.TemporaryFile() as dump_errors:
        dump = subprocess.Popen(script, env=env, stdout=subprocess.PIPE, stderr=dump_errors)  # noqa: S603
        apply = subprocess.Popen(psql, env=env, stdin=dump.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
        assert dump.stdout is not None
        dump.stdout.close()  # psql alone reads it: if psql stops, pg_restore stops too
        _, apply_errors = apply.communicate()
        dump.wait()
        dump_errors.seek(0)
        dump_message = dump_errors.read().decode(errors="replace").strip()
    if apply.returncode != 0:
        raise BackupError(
            "The restore failed and was rolled back: the database is as it was. "
            + apply_errors.decode(errors="replace").strip()[-2000:]
        )
    if dump.returncode != 0:
        raise BackupError(f"pg_restore could not read {archive.path}: {dump_message[-2000:]}")


def _check_migrations(archive: Archive, restored: set[tuple[str, str]], tables: set[str], out: TextIO) -> None:
    if restored != archive.migrations or tables != archive.tables:
        raise BackupError(
            f"After the restore the database has {len(restored)} migrations and {len(tables)} tables; "
            f"the backup has {len(archive.migrations)} and {len(archive.tables)}. Check it before using it."
        )
    print(f"Checked: the migration table matches the backup's ({len(restored)} migrations).", file=out)
    missing = {f"{app}.{name}" for app, name in code_migrations() - restored}
    if missing:
        print(
            f"This code has {len(missing)} migrations the backup has not: `make run` applies them "
            "(in production, the migrate service).",
            file=out,
        )
