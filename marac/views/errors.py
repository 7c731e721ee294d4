"""Error pages that carry no personal data and no internals."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A request refused before the authentication middleware ran (a Host header
    # not in ALLOWED_HOSTS stops it in CommonMiddleware) has no user, which the
    # page's navigation needs: without one this 400 would become a 500.
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Objects a user may not see answer 404 (selectors raise Http404); this
    # page is for actions a user may not take on something they can see.
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # an API address that matches no endpoint: agency systems read JSON
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the error may have come from a context processor.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
