"""GET /health/: can the service do its work right now?

Answers JSON, always, with per check whether it passed and its state:
200 with ``"status": "ok"`` when every check passes; 200 with ``"status":
"degraded"`` when the pages work but background work does not (Redis, the
worker, beat's heartbeat, or email: messages failing or waiting unsent);
503 with ``"status": "down"`` when the database is down (nothing works), so
a load balancer takes the instance out only then. Monitoring alerts on any
status but "ok". No personal data, no error text (which could name a
server or a path): states only.

The checks are the small functions in ``CHECKS``. A check is a callable
taking no argument and returning ``(name, ok, detail)``: its name in the
answer, whether it passed, and a JSON-ready dict of non-personal detail
(``state`` at least). Add one by appending it to ``CHECKS`` (from the
owning app's ``AppConfig.ready()`` when it sits above ``marac`` in the layers,
ADR 8); a check that raises counts as failed (``"state": "error"``), so one
broken check can never turn the answer into an error page.

``HealthCheckMiddleware`` (marac/health_middleware.py), first in the
middleware list, answers this view before any middleware can touch the
session or the user in the database, so that a signed-in probe also gets
this JSON during a database outage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marac.celery import app
from marac.outbox import selectors as outbox_selectors
from marac.tasks import HEARTBEAT_KEY, redis_client

logger = logging.getLogger(__name__)

# Beat schedules the heartbeat every minute and a worker runs it: three
# missed beats mean no scheduled work (reminders among it) is being done.
BEAT_STALE_SECONDS = 180
# Each check that talks to another server gives up after this long.
CHECK_TIMEOUT_SECONDS = 1.0

CheckResult = tuple[str, bool, dict[str, Any]]
Check = Callable[[], CheckResult]


def check_database() -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "database", False, {"state": "down"}
    return "database", True, {"state": "ok"}


def check_redis() -> CheckResult:
    try:
        client = redis_client(timeout=CHECK_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    except Exception:  # noqa: BLE001
        return "redis", False, {"state": "down"}
    return "redis", True, {"state": "ok"}


def check_beat() -> CheckResult:
    """The heartbeat that beat schedules and a worker writes to Redis."""
    try:
        client = redis_client(timeout=CHECK_TIMEOUT_SECONDS)
        try:
            raw = client.get(HEARTBEAT_KEY)
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - Redis down: the heartbeat cannot be read
        return "beat", False, {"state": "unknown"}
    if raw is None:
        return "beat", False, {"state": "no heartbeat", "stale_after_seconds": BEAT_STALE_SECONDS}
    age = max(0, round(time.time() - float(raw)))
    state = "ok" if age < BEAT_STALE_SECONDS else "stale"
    return "beat", state == "ok", {"state": state, "age_seconds": age, "stale_after_seconds": BEAT_STALE_SECONDS}


def check_worker() -> CheckResult:
    """A Celery worker answers a ping through the broker."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)
            replies = app.control.ping(timeout=CHECK_TIMEOUT_SECONDS, limit=1, connection=conn)
    except Exception:  # noqa: BLE001
        return "worker", False, {"state": "unknown"}
    return "worker", bool(replies), {"state": "ok" if replies else "down"}


def check_outbox() -> CheckResult:
    """Email: no message failing ``MARAC_OUTBOX_WARN_AFTER_ATTEMPTS`` times, none due and untried for long."""
    try:
        figures = outbox_selectors.health()
    except Exception:  # noqa: BLE001 - the database is down: check_database says so
        return "outbox", False, {"state": "unknown"}
    if figures.failing:
        state = "failing"
    elif not figures.ok:
        state = "stuck"
    else:
        state = "ok"
    oldest = None if figures.oldest_due_seconds is None else round(figures.oldest_due_seconds)
    return (
        "outbox",
        figures.ok,
        {"state": state, "due": figures.due, "failing": figures.failing, "oldest_due_seconds": oldest},
    )


CHECKS: list[Check] = [check_database, check_redis, check_beat, check_worker, check_outbox]


def run_checks(checks: list[Check]) -> dict[str, dict[str, Any]]:
    """Each check's outcome by name: ``{"ok": bool, **detail}``."""
    results: dict[str, dict[str, Any]] = {}
    for check in checks:
        try:
            name, ok, detail = check()
        except Exception:  # a broken check fails, it never breaks the answer
            logger.exception("health check %s raised", getattr(check, "__name__", "?"))
            name, ok, detail = getattr(check, "__name__", "check").removeprefix("check_"), False, {"state": "error"}
        results[name] = {"ok": bool(ok), **detail}
    return results


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = run_checks(CHECKS)
    healthy = all(result["ok"] for result in checks.values())
    database_up = checks.get("database", {}).get("ok", False)
    body = {
        "status": "ok" if healthy else ("degraded" if database_up else "down"),
        "checks": checks,
        "version": getattr(settings, "MARAC_VERSION", "unknown"),
    }
    response = JsonResponse(body, status=200 if database_up else 503)
    response["X-Content-Type-Options"] = "nosniff"
    if not healthy:
        # One line naming what failed, instead of Django's generic "Service
        # Unavailable" error for every probe.
        failed = sorted(name for name, result in checks.items() if not result["ok"])
        logger.warning("Health degraded: %s", ", ".join(failed))
        response._has_been_logged = True  # type: ignore[attr-defined]  # noqa: SLF001 - django.utils.log.log_response skips it
    return response
