"""The undelivered messages page: what the service could not send, for the people who look after it.

Thin: the selectors decide what may be seen (a 404 for anyone who looks after
no messages), the service does the retry. The page shows no case data (a kind,
a staff recipient, counts and times), so it writes no read event; a retry
writes its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from marac.http import AuthenticatedHttpRequest
from marac.outbox import selectors, services


def _looks_after_messages(request: AuthenticatedHttpRequest) -> None:
    if not selectors.can_see_undelivered(request.user):
        raise Http404


@require_GET
def undelivered(request: AuthenticatedHttpRequest) -> HttpResponse:
    _looks_after_messages(request)
    rows = selectors.undelivered_page(request.user)
    context = {
        "rows": rows,
        "total": selectors.undelivered_for(request.user).count() if len(rows) >= 200 else len(rows),
        "warn_after": selectors.warn_after_attempts(),
    }
    return render(request, "marac/outbox/undelivered.html", context)


@require_POST
def undelivered_retry(request: AuthenticatedHttpRequest) -> HttpResponse:
    _looks_after_messages(request)
    try:
        count = services.retry_now(actor=request.user, request=request)
    except PermissionDenied as exc:
        raise Http404 from exc
    if count:
        messages.success(request, f"{count} message{'s' if count != 1 else ''} will be tried again now")
    else:
        messages.info(request, "There were no undelivered messages to try again")
    return redirect("outbox-undelivered")
