"""The application's URLs plus two minimal views for the benchmark's floor:
``/bench/hello/`` through the whole middleware stack as a signed-in user
(sessions, authentication, two-factor, CSP, no-store), and
``/bench/hello-anonymous/`` without sign-in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from web import urls as app_urls


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    path("bench/hello-anonymous/", login_not_required(hello), name="bench-hello-anonymous"),
    *app_urls.urlpatterns,
]
handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500
