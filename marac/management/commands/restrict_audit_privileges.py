"""Limit the application's database role to SELECT and INSERT on the audit table.

The trigger from migration 0002 refuses UPDATE and DELETE for everyone; a
trigger cannot stop TRUNCATE, privileges can. Run after every migrate by
the role that owns the tables (docker-compose's migrate service does).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from psycopg import sql

from marac.models import AuditEvent


class Command(BaseCommand):
    help = "Revoke UPDATE, DELETE and TRUNCATE on the audit table from the application's database role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default=None, help="Application role (default: MARAC_DB_APP_ROLE)")

    def handle(self, *args: Any, **options: Any) -> None:

        role = options["role"] or os.environ.get("MARAC_DB_APP_ROLE")
        if not role:
            raise CommandError("Name the application's database role with --role or MARAC_DB_APP_ROLE.")
        table = sql.Identifier(AuditEvent._meta.db_table)
        who = sql.Identifier(role)
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(table, who).as_string())
            cursor.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(table, who).as_string())
        self.stdout.write(self.style.SUCCESS(f"{role} may now only read and append audit events."))
