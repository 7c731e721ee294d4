"""GET /health/: is the database, Redis, the Celery worker and beat up?

Answers 200 while the database works (the web pages need nothing else),
503 when it does not. Carries no personal data.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marac.celery import app
from marac.tasks import HEARTBEAT_KEY, redis_client

BEAT_STALE_SECONDS = 180


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"
    return "ok"


def _redis() -> tuple[str, float | None]:
    try:
        client = redis_client(timeout=1.0)
        client.ping()
        raw = client.get(HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001
        return "down", None
    return "ok", float(raw) if raw else None


def _worker() -> str:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            replies = app.control.ping(timeout=1.0, connection=conn)
    except Exception:  # noqa: BLE001
        return "down"
    return "ok" if replies else "down"


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    redis_status, heartbeat = _redis()
    worker = _worker() if redis_status == "ok" else "unknown"
    if heartbeat is None:
        beat = "unknown" if redis_status != "ok" else "no heartbeat yet"
    else:
        beat = "ok" if time.time() - heartbeat < BEAT_STALE_SECONDS else "stale"
    body = {
        "status": "ok" if all(s == "ok" for s in (database, redis_status, worker)) else "degraded",
        "database": database,
        "redis": redis_status,
        "worker": worker,
        "beat": beat,
        "version": getattr(settings, "MARAC_VERSION", "unknown"),
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
