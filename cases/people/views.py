"""Find a person (thin view; POST only, so names never reach a URL)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from cases.people import forms
from cases.people import search as selectors
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb


# The search terms are names of people at risk: they travel only in the POST body,
# and are hidden from error reports (request body and every frame's variables).
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def people_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.people_search_allowed(user):
        raise Http404
    form = forms.PeopleSearchForm(request.POST if request.method == "POST" else None)
    if not form.is_bound:
        return render(request, "cases/people_search.html", {"form": form})
    if not form.is_valid():
        return render(request, "cases/people_search.html", {"form": form}, status=400)
    results = selectors.people_search_for_user(user, **form.search_terms())
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.SEARCH,
            object_type="cases.person",
            # Which fields were used and who was shown: never what was typed.
            detail={
                "by": list(results.by),
                "results": len(results.people),
                "more": results.more,
                "people": [found.person_id for found in results.people],
            },
            request=request,
        )
    return render(
        request,
        "cases/people_search.html",
        {"form": form, "results": results, "limit": selectors.PEOPLE_SEARCH_LIMIT},
    )
