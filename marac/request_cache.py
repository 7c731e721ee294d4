"""A cache that lives for one request, for facts a request asks for many
times (which areas the user holds which roles in).

Outside a request (Celery tasks, the shell, tests calling selectors
directly) nothing is cached, so a change is always seen at once there; a
request sees the facts as they were when it first asked.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_cache: ContextVar[dict[Hashable, Any] | None] = ContextVar("marac_request_cache", default=None)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    store = _cache.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    value: T = store[key]  # the value compute() gave for this key
    return value


class RequestCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)
