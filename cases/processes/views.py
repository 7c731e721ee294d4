"""A case's links to other processes (thin: ``cases.processes.services`` decides)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors as case_selectors
from cases.models import Case, ProcessLink
from cases.processes import selectors, services
from cases.processes.forms import ProcessEndForm, ProcessLinkForm
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest, int_or_404
from marac.versioning import StaleVersionError

STALE_END = (
    "Someone else changed this link while you were looking at it, so it was not ended. "
    "This page now shows it as it is now: check it and try again."
)


def _case(request: AuthenticatedHttpRequest, case_id: int) -> Case:
    case = case_selectors.case_get_for_user(request.user, case_id)
    if not selectors.may_record_processes(request.user, case):
        raise PermissionDenied(services.NOT_RECORDER)
    return case


def _render(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: ProcessLinkForm | None = None,
    ended: tuple[int, ProcessEndForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    links = list(selectors.process_links(case))
    rows: list[tuple[ProcessLink, ProcessEndForm]] = []
    for link in links:
        if ended is not None and ended[0] == link.pk:
            end_form = ended[1]
        else:
            initial = {"version": link.version, "ended_on": link.ended_on}
            end_form = ProcessEndForm(initial=initial, prefix=f"end-{link.pk}")
        rows.append((link, end_form))
    context: dict[str, Any] = {
        "case": case,
        "rows": rows,
        "form": form or ProcessLinkForm(),
        "failed": ended[1] if ended is not None else form,
    }
    return render(request, "cases/case_processes.html", context, status=status)


@require_http_methods(["GET", "POST"])
def case_processes(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The links (open and ended) and the form that records a new one."""
    case = _case(request, case_id)
    if request.method == "GET":
        audit.record_read(request, case, page="processes")
        return _render(request, case)
    form = ProcessLinkForm(request.POST)
    if form.is_valid():
        try:
            link = services.process_link_add(user=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The link to {link.get_process_display()} is recorded.")
            return redirect("case-processes", case_id=case.pk)
    return _render(request, case, form=form, status=400)


@require_POST
def case_process_end(request: AuthenticatedHttpRequest, case_id: int, link_id: int) -> HttpResponse:
    case = _case(request, case_id)
    link = case.process_links.filter(pk=int_or_404(link_id)).first()
    if link is None:
        raise Http404
    form = ProcessEndForm(request.POST, prefix=f"end-{link.pk}")
    if form.is_valid():
        try:
            services.process_link_end(
                user=request.user,
                link=link,
                ended_on=form.cleaned_data["ended_on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError:
            link.refresh_from_db()
            carry_current_version(form, link.version)
            form.add_error(None, STALE_END)
            return _render(request, case, ended=(link.pk, form), status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The link to {link.get_process_display()} has ended.")
            return redirect("case-processes", case_id=case.pk)
    return _render(request, case, ended=(link.pk, form), status=400)
