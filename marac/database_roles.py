"""The embedded PostgreSQL's roles, set up as production's (deploy/postgres/10-roles.sh).

* ``marac_owner`` owns the database and everything in it: it runs the migrations.
* ``marac_app`` is what the application connects as: it may read and write data
  in existing tables, but not change the schema, and (once
  ``restrict_audit_privileges`` has run) only read and append audit events.

Neither is a superuser, so neither can ``SET session_replication_role`` to
silence the audit table's trigger. ``provision`` creates or updates both on
every start of the embedded server (marac/embedded/postgres.py), and upgrades a
database from before the roles existed, whose objects the superuser owns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)

PG_DATABASE = "marac"
PG_SUPERUSER = "postgres"  # peer authentication only: setting up, and the test suite
OWNER_ROLE = "marac_owner"  # owns the database: migrations
APP_ROLE = "marac_app"  # the application: data only, no DDL
# The append-only audit table (marac.models.AuditEvent; restrict_audit_privileges).
AUDIT_TABLE = "marac_auditevent"

Connection = psycopg.Connection[tuple[Any, ...]]

# Objects in schema public owned by the superuser (a database created before the
# roles existed), except extension members and the sequences of identity columns,
# which follow their table.
_SUPERUSER_OBJECTS = """
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
       ELSE 'TABLE' END, c.oid::regclass::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relowner = %(superuser)s::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                   AND d.deptype IN ('e', 'a', 'i'))
UNION ALL
SELECT 'ROUTINE', p.oid::regprocedure::text
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proowner = %(superuser)s::regrole AND p.prokind IN ('f', 'p')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                   AND d.deptype = 'e')
"""

# On every start: what production's init script grants, no more.
_GRANTS = (
    "REVOKE ALL ON DATABASE {db} FROM PUBLIC",
    "GRANT CONNECT ON DATABASE {db} TO {app}",
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    "GRANT USAGE ON SCHEMA public TO {app}",
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public"
    " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
    "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
)


def provision(connect: Callable[[str], Connection], password: Callable[[str], str]) -> None:
    """Create or update both roles (with ``password(role)``) and the database.

    ``connect(database)`` opens an autocommit connection as the superuser.
    """
    with connect("postgres") as conn:
        for role in (OWNER_ROLE, APP_ROLE):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is None:
                conn.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
            # Hashed here, so the password itself never reaches the server (or its log).
            verifier = conn.pgconn.encrypt_password(password(role).encode(), role.encode(), b"scram-sha-256")
            conn.execute(
                sql.SQL(
                    "ALTER ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {}"
                ).format(sql.Identifier(role), sql.Literal(verifier.decode()))
            )
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone() is None:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(PG_DATABASE), sql.Identifier(OWNER_ROLE))
            )
    names = {"db": sql.Identifier(PG_DATABASE), "owner": sql.Identifier(OWNER_ROLE), "app": sql.Identifier(APP_ROLE)}
    with connect(PG_DATABASE) as conn, conn.transaction():
        conn.execute("SET LOCAL lock_timeout = '30s'")
        _hand_over_to_owner(conn)
        for statement in _GRANTS:
            conn.execute(sql.SQL(statement).format(**names))


def _hand_over_to_owner(conn: Connection) -> None:
    """Upgrade a database from before the roles existed, whose tables the
    superuser created: the database and its objects go to OWNER_ROLE, and
    APP_ROLE gets what the default privileges give it on new tables."""
    owner = sql.Identifier(OWNER_ROLE)
    row = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()").fetchone()
    if row != (OWNER_ROLE,):
        conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(PG_DATABASE), owner))
    objects = conn.execute(_SUPERUSER_OBJECTS, {"superuser": PG_SUPERUSER}).fetchall()
    for kind, name in objects:
        # Both come from the catalogue: a keyword, and a quoted (qualified if need be) name.
        conn.execute(sql.SQL("ALTER {} {} OWNER TO {}").format(sql.SQL(kind), sql.SQL(name), owner))
    if not objects:
        return
    logger.info("Handed %d database objects over to %s", len(objects), OWNER_ROLE)
    app = sql.Identifier(APP_ROLE)
    conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(app))
    conn.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app))
    # Never more than restrict_audit_privileges leaves it, even before that runs.
    if conn.execute("SELECT to_regclass(%s)", [AUDIT_TABLE]).fetchone() != (None,):
        conn.execute(sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(AUDIT_TABLE), app))
