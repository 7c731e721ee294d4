"""The "Close this case" page (thin: the service decides). Re-opening is no button: a new referral or
a repeat received on the case re-opens it (``cases.referrals.receive``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import selectors
from cases.models import Case, CaseStatus
from cases.status import providers, services, transitions
from cases.status.forms import CloseCaseForm
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.versioning import StaleVersionError

STALE_CLOSE = (
    "Someone else changed this case while you were looking at it, so it was not closed. "
    "This page now shows the case as it is now: check it and try again."
)


# A listed case is heard first, or taken off its agenda; a closed or transferred one cannot be closed.
CLOSABLE = (CaseStatus.REFERRED, CaseStatus.HEARD)


def may_close(user: Any, case: Case) -> bool:
    """Whether "Close this case" is offered: to the area's coordinator or chair, on a referred or heard case."""
    return case.status in CLOSABLE and selectors.user_coordinates(user, case.area_id)


def _page(request: AuthenticatedHttpRequest, case: Case, form: CloseCaseForm, status: int = 200) -> HttpResponse:
    actions = providers.open_actions(case)
    context = {"case": case, "form": form, "open_actions": actions, "open_actions_seen": providers.seen(actions)}
    return render(request, "cases/case_close.html", context, status=status)


@require_http_methods(["GET", "POST"])
def case_close(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The coordinator or chair closes the case with a reason; open actions are listed and acknowledged."""
    case = selectors.case_get_for_user(request.user, case_id)
    if not selectors.user_coordinates(request.user, case.area_id):
        raise PermissionDenied(services.NOT_CLOSER)
    if request.method == "GET":
        audit.record_read(request, case, page="case-close")
        if case.status not in CLOSABLE:  # say why, rather than a form that cannot succeed
            refusal = transitions.refusal(case.status, CaseStatus.CLOSED)
            return render(request, "cases/case_close.html", {"case": case, "refusal": refusal})
        return _page(request, case, CloseCaseForm(initial={"version": case.version}))
    form = CloseCaseForm(request.POST)
    if not form.is_valid():
        return _page(request, case, form, status=400)
    try:
        services.case_close(
            user=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            reason_text=form.cleaned_data["reason_text"],
            expected_version=form.cleaned_data["version"],
            open_actions_understood=form.cleaned_data["understood"],
            open_actions_seen=request.POST.get("open_actions_seen"),  # absent: no check, as a version
        )
    except StaleVersionError:
        case.refresh_from_db()
        carry_current_version(form, case.version)
        form.add_error(None, STALE_CLOSE)
        return _page(request, case, form, status=409)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _page(request, case, form, status=400)
    messages.success(request, f"Case {case.reference} is closed.")
    return redirect("case-detail", case_id=case.pk)
