#!/usr/bin/env bash
# Init script for the official postgres image: run once, by the image's
# entrypoint, on the first start with an empty data directory (it is mounted
# into /docker-entrypoint-initdb.d by docker-compose.yml). Changing the
# passwords in .env later does NOT change them here: use ALTER ROLE.
#
# Creates:
#   marac_owner  LOGIN, owner of database `marac`; runs the migrations.
#   marac_app    LOGIN, the restricted role the application connects as:
#                SELECT/INSERT/UPDATE/DELETE on tables and USAGE/SELECT
#                on sequences that marac_owner creates in schema public,
#                through default privileges. No CREATE anywhere.
#
# The audit table is narrowed further (no UPDATE/DELETE/TRUNCATE for
# marac_app) by `python manage.py restrict_audit_privileges`, which the
# migrate service runs after every migrate.
#
# Passwords come from MARAC_OWNER_PASSWORD and MARAC_APP_PASSWORD; they are
# passed to psql as variables (:'var'), so they are quoted as SQL literals.
set -euo pipefail

: "${MARAC_OWNER_PASSWORD:?MARAC_OWNER_PASSWORD must be set}"
: "${MARAC_APP_PASSWORD:?MARAC_APP_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --no-psqlrc \
    --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v owner_password="$MARAC_OWNER_PASSWORD" \
    -v app_password="$MARAC_APP_PASSWORD" <<'EOSQL'
CREATE ROLE marac_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE marac_app LOGIN PASSWORD :'app_password';
CREATE DATABASE marac OWNER marac_owner;
REVOKE ALL ON DATABASE marac FROM PUBLIC;
GRANT CONNECT ON DATABASE marac TO marac_app;
EOSQL

psql -v ON_ERROR_STOP=1 --no-psqlrc \
    --username "${POSTGRES_USER:-postgres}" --dbname marac <<'EOSQL'
-- PostgreSQL 15+ already keeps CREATE on schema public from PUBLIC; be explicit.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO marac_app;

ALTER DEFAULT PRIVILEGES FOR ROLE marac_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO marac_app;
ALTER DEFAULT PRIVILEGES FOR ROLE marac_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO marac_app;
EOSQL
