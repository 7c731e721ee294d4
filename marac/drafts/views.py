"""Drafts and staying signed in (thin: JSON for the page's script; every field of one's own only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from marac.drafts import selectors, services
from marac.http import AuthenticatedHttpRequest


@never_cache
@require_http_methods(["GET", "POST"])
def drafts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET ``?page=/path/``: the user's drafts on that page. POST ``page``, ``field``, ``text``: keep a
    draft (empty text forgets it); with ``discard``, forget the page's drafts of ``field`` (all: every one)."""
    if request.method == "GET":
        page = request.GET.get("page", "")
        if not page.startswith("/") or len(page) > services.MAX_PAGE:
            return JsonResponse({"error": "Give the page's path"}, status=400)
        rows = selectors.drafts_on_page(request.user, page)
        return JsonResponse(
            {"drafts": [{"field": d.field, "text": d.text, "saved_at": d.saved_at.isoformat()} for d in rows]}
        )
    page, field, text = (request.POST.get(key, "") for key in ("page", "field", "text"))
    try:
        if request.POST.get("discard"):
            places = [(d.page, d.field) for d in selectors.drafts_on_page(request.user, page)]
            services.drafts_discard(user=request.user, places=[p for p in places if field in ("all", p[1])])
        else:
            services.draft_save(user=request.user, page=page, field=field, text=text)
    except ValidationError as exc:
        return JsonResponse({"errors": exc.message_dict}, status=400)
    return HttpResponse(status=204)


@require_POST
def session_extend(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Stay signed in": any request keeps the session (``SESSION_SAVE_EVERY_REQUEST``); this one does nothing else."""
    return HttpResponse(status=204)
