"""Answer GET /health/ before any other middleware runs.

First in ``MIDDLEWARE``: the sessions, authentication and two-factor
middleware below it read the session and the user from the database, so
during a database outage a signed-in request to /health/ used to fail there
with the error page before the health view could say "degraded". Here the
health view answers (JSON, always) without the session or the user ever
being read. The view keeps its URL (web/urls.py) for ``reverse("health")``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from marac.views.health import health


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._path is None:
            self._path = reverse("health")
        if request.path == self._path:
            return health(request)
        return self.get_response(request)
