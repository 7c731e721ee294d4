"""Who is named on a case: the allocated IDAA, keyworkers, the fallback worker (thin views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors as case_selectors
from cases.grants import selectors, services
from cases.grants.forms import NameWorkerForm
from cases.models import Case, GrantKind
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest, int_or_404


def _forms(request: AuthenticatedHttpRequest, case: Case, bound: NameWorkerForm | None) -> list[NameWorkerForm]:
    forms = []
    for kind in GrantKind:
        if not selectors.may_name(request.user, case, kind):
            continue
        if bound is not None and bound.kind_value == kind:
            forms.append(bound)
        else:
            forms.append(NameWorkerForm(kind=kind, workers=selectors.eligible_workers(request.user, case, kind)))
    return forms


def _render(request: AuthenticatedHttpRequest, case: Case, bound: NameWorkerForm | None = None) -> HttpResponse:
    forms = _forms(request, case, bound)
    if not forms:
        raise PermissionDenied("Only the MARAC's coordinator, or an agency's representative, names people on a case.")
    grants = selectors.grants_on(case)
    context: dict[str, Any] = {
        "case": case,
        "forms": forms,
        "form": bound,
        "grants": [
            (grant, selectors.kind_of(grant).label, selectors.may_end(request.user, case, grant)) for grant in grants
        ],
    }
    return render(request, "cases/case_workers.html", context, status=400 if bound is not None else 200)


@require_http_methods(["GET", "POST"])
def case_workers(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_get_for_user(request.user, case_id)
    if request.method == "GET":
        response = _render(request, case)
        audit.record_read(request, case, page="workers")
        return response
    try:
        kind = GrantKind(request.POST.get("kind", ""))
    except ValueError as exc:
        raise Http404 from exc
    if not selectors.may_name(request.user, case, kind):
        raise PermissionDenied("Only the MARAC's coordinator, or the representative of the worker's agency, can.")
    form = NameWorkerForm(request.POST, kind=kind, workers=selectors.eligible_workers(request.user, case, kind))
    if form.is_valid():
        try:
            services.name_worker(actor=request.user, case=case, worker=form.cleaned_data["worker"], kind=kind)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['worker'].full_name} is named on this case.")
            return redirect("case-workers", case_id=case.pk)
    return _render(request, case, form)


@require_POST
def case_worker_end(request: AuthenticatedHttpRequest, case_id: int, grant_id: int) -> HttpResponse:
    case = case_selectors.case_get_for_user(request.user, case_id)
    grant = selectors.grant_get_on(case, int_or_404(grant_id))
    if grant is None:
        raise Http404
    services.end_grant(actor=request.user, case=case, grant=grant)
    messages.success(request, f"{grant.user.full_name} is no longer named on this case.")
    return redirect("case-workers", case_id=case.pk)
