"""Forget the drafts of a form once it is accepted.

The page's script adds, to every form with a text box, one hidden ``_draft`` input per box ("<page> <field>").
A POST that comes back without an error (below 400) from a signed-in user was accepted: its drafts are done.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from marac.drafts import services

DRAFT_INPUT = "_draft"


class DraftsDoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code < 400 and request.user.is_authenticated:
            places = [tuple(value.split(" ", 1)) for value in request.POST.getlist(DRAFT_INPUT) if " " in value]
            if places:
                services.drafts_discard(user=request.user, places=places)  # type: ignore[arg-type]
        return response
