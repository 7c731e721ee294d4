"""Limit the application's database role to SELECT and INSERT on the audit table.

The trigger from migration 0002 refuses UPDATE and DELETE for everyone; a
trigger cannot stop TRUNCATE, privileges can. Run after every migrate by
the role that owns the tables (docker-compose's migrate service does, and
so does `make run`, marac/run.py).

The command then checks the outcome and fails if the role could still
change the audit log: a superuser (who may also switch the trigger off with
session_replication_role), the table's owner or a member of the owner's
role, or a role that still holds UPDATE, DELETE or TRUNCATE through another
role.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from psycopg import sql

from marac.models import AuditEvent

_CHANGES = ("UPDATE", "DELETE", "TRUNCATE")


class Command(BaseCommand):
    help = "Revoke UPDATE, DELETE and TRUNCATE on the audit table from the application's database role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default=None, help="Application role (default: MARAC_DB_APP_ROLE)")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"] or os.environ.get("MARAC_DB_APP_ROLE")
        if not role:
            raise CommandError("Name the application's database role with --role or MARAC_DB_APP_ROLE.")
        db_table = AuditEvent._meta.db_table
        table = sql.Identifier(db_table)
        who = sql.Identifier(role)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"There is no database role {role}.")
            if row[0]:
                raise CommandError(f"{role} is a superuser: the application must not connect as one.")
            cursor.execute(
                "SELECT pg_has_role(%s, relowner, 'MEMBER') FROM pg_class WHERE oid = %s::regclass", [role, db_table]
            )
            if cursor.fetchone() == (True,):
                raise CommandError(f"{role} owns the audit table (or is a member of its owner's role).")
            for grantee in (who, sql.SQL("PUBLIC")):
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(table, grantee).as_string()
                )
            cursor.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(table, who).as_string())
            still = [privilege for privilege in _CHANGES if _has_table_privilege(cursor, role, db_table, privilege)]
        if still:
            raise CommandError(f"{role} still has {', '.join(still)} on the audit table, through another role.")
        self.stdout.write(self.style.SUCCESS(f"{role} may now only read and append audit events."))


def _has_table_privilege(cursor: Any, role: str, table: str, privilege: str) -> bool:
    cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
    return bool(cursor.fetchone()[0])
