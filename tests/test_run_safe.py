"""`make run` is safe as shipped (marac/run.py, marac/settings/development.py).

* DEBUG is off, so a missing page or a server error shows the service's own
  page: no list of URLs, no traceback, no settings (DATABASE_URL among them).
* On the embedded PostgreSQL the migrations run as the database's owner and
  the application as a restricted role, which cannot empty, change or delete
  audit events, nor switch the audit table's trigger off.

The settings tests run the development settings in a subprocess, with the
environment `make run` gives its processes; the database tests start their
own embedded servers, as `make run` does, and migrate for real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from marac import embedded, run

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 300

# Asks for a missing page, a page that fails, a static file and the sign-in
# page (also with a Host header not allowed), through the whole middleware
# stack, with DEBUG as the settings have it.
_PROBE = """
import json, os, django
django.setup()
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path
import web.urls

def fail(request):
    raise RuntimeError("probe-failure " + os.environ["DATABASE_URL"])

web.urls.urlpatterns.append(path("run-safe-probe-failure/", login_not_required(fail)))
client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1:" + os.environ["MARAC_PORT"])
pages = {name: client.get(url, **headers) for name, url, headers in [
    ("missing", "/no-such-page/", {}), ("failure", "/run-safe-probe-failure/", {}),
    ("static", "/static/css/app.css", {}), ("sign_in", "/sign-in/", {}),
    ("bad_host", "/sign-in/", {"HTTP_HOST": "evil.example"}),
]}
print(json.dumps({
    "debug": settings.DEBUG,
    **{name: [r.status_code, b"".join(r).decode() if r.streaming else r.content.decode()] for name, r in pages.items()},
}))
"""


@pytest.fixture
def var_root() -> Iterator[Path]:
    """Outside pytest's tmp_path, as in tests/test_embedded.py (see its var_root)."""
    root = Path(tempfile.mkdtemp(prefix="marac-run-safe-test-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _shell_env() -> dict[str, str]:
    """The environment of someone typing `make run`, with DEBUG on in their shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MARAC_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env["DJANGO_DEBUG"] = "true"
    return env


def _probe(dev: bool) -> dict[str, object]:
    env = run.run_environment(dev=dev, base=_shell_env())
    # The test run's servers: these requests need no tables.
    env.update({"DATABASE_URL": os.environ["DATABASE_URL"], "REDIS_URL": os.environ["REDIS_URL"], "MARAC_PORT": "8765"})
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stderr
    probe: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return probe


def test_make_run_has_debug_off_and_shows_the_services_own_error_pages() -> None:
    probe = _probe(dev=False)
    assert probe["debug"] is False
    status, body = probe["missing"]  # type: ignore[misc]
    assert status == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    # Django's technical 404 lists every URL pattern.
    for leak in ("Using the URLconf", "web.urls", "sign-in/", "api/v1/", "DEBUG = True"):
        assert leak not in body
    status, body = probe["failure"]  # type: ignore[misc]
    assert status == 500
    assert "Sorry, there is a problem with the service" in body
    for leak in ("Traceback", "probe-failure", "RuntimeError", "DATABASE_URL", os.environ["DATABASE_URL"]):
        assert leak not in body
    # Static files still served (WhiteNoise, from the source folders), and pages render.
    status, body = probe["static"]  # type: ignore[misc]
    assert status == 200
    assert body == (BASE_DIR / "static" / "css" / "app.css").read_text()
    assert probe["sign_in"][0] == 200  # type: ignore[index]
    status, body = probe["bad_host"]  # type: ignore[misc]
    assert status == 400
    assert "There is a problem with your request" in body
    assert "ALLOWED_HOSTS" not in body


def test_make_dev_has_debug_on_and_make_run_serves_with_gunicorn() -> None:
    probe = _probe(dev=True)
    assert probe["debug"] is True
    assert "Using the URLconf" in probe["missing"][1]  # type: ignore[index]  # the probe can tell
    assert run.run_environment(dev=False, base={"DJANGO_DEBUG": "1"})["DJANGO_DEBUG"] == "false"
    assert run.web_server_command("8765", dev=False)[1:4] == ["-m", "gunicorn", "marac.wsgi:application"]
    assert "127.0.0.1:8765" in run.web_server_command("8765", dev=False)
    assert "runserver" in run.web_server_command("8765", dev=True)


def _refused(conn: psycopg.Connection, statement: str) -> bool:
    try:
        with conn.transaction():
            conn.execute(statement)
    except errors.InsufficientPrivilege:
        return True
    return False


def test_make_run_migrates_as_the_owner_and_the_application_cannot_touch_the_audit_log(var_root: Path) -> None:
    var_dir = var_root / "var"
    base = {**_shell_env(), "MARAC_DEMO": "0", "MARAC_VAR_DIR": str(var_dir)}
    try:
        embedded.start_all(var_dir, fast_unsafe=True)
        # What `make run` does (marac/run.py main): servers, migrate as the owner,
        # restrict_audit_privileges, then the application's DATABASE_URL.
        env, migrate_env = run.with_servers(run.run_environment(dev=False, base=base), var_dir)
        assert env["DATABASE_URL"].startswith(f"postgres://{embedded.APP_ROLE}:")
        assert migrate_env["DATABASE_URL"].startswith(f"postgres://{embedded.OWNER_ROLE}:")
        run.prepare_database(env, migrate_env)

        with psycopg.connect(env["DATABASE_URL"], autocommit=True, connect_timeout=10) as app:
            row = app.execute("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")
            assert row.fetchone() == (False, False, False)
            owner = app.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'marac_auditevent'").fetchone()
            assert owner == (embedded.OWNER_ROLE,)
            # It appends audit events and reads them.
            inserted = app.execute(
                "INSERT INTO marac_auditevent (created_at, verb, object_type, object_id, detail)"
                " VALUES (now(), 'view', 'test', '1', '{}') RETURNING id"
            ).fetchone()
            assert inserted is not None
            assert app.execute("SELECT count(*) FROM marac_auditevent").fetchone() == (1,)
            # It cannot empty, change or delete them, nor silence the trigger.
            assert _refused(app, "TRUNCATE marac_auditevent")
            assert _refused(app, "DELETE FROM marac_auditevent")
            assert _refused(app, "UPDATE marac_auditevent SET verb = 'edit'")
            assert _refused(app, "SET session_replication_role = replica")
            assert _refused(app, "ALTER TABLE marac_auditevent DISABLE TRIGGER ALL")
            assert _refused(app, "CREATE TABLE intruder (id int)")
            assert app.execute("SELECT count(*) FROM marac_auditevent").fetchone() == (1,)
            # Ordinary tables: read and write.
            app.execute("INSERT INTO django_session VALUES ('run-safe', 'one', now() + interval '1 hour')")
            app.execute("UPDATE django_session SET session_data = 'two' WHERE session_key = 'run-safe'")
            assert app.execute("SELECT session_data FROM django_session").fetchall() == [("two",)]
            app.execute("DELETE FROM django_session WHERE session_key = 'run-safe'")

        # The command refuses a role that could still change the audit log.
        for role, reason in ((embedded.OWNER_ROLE, "owns the audit table"), ("postgres", "is a superuser")):
            refused = subprocess.run(
                [sys.executable, "manage.py", "restrict_audit_privileges", "--role", role],
                cwd=BASE_DIR,
                env=migrate_env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
            assert refused.returncode != 0
            assert reason in refused.stderr

        # A second run changes nothing and still refuses.
        env, migrate_env = run.with_servers(run.run_environment(dev=False, base=base), var_dir)
        run.prepare_database(env, migrate_env)
        with psycopg.connect(env["DATABASE_URL"], autocommit=True, connect_timeout=10) as app:
            assert _refused(app, "TRUNCATE marac_auditevent")
    finally:
        embedded.stop_all(var_dir)
