"""The outcome page of a hearing (thin: the selectors read, the service decides).

Linked from the email that tells the referrer and the keyworkers the case was heard: the date it was
heard, the actions agreed that involve the viewer's agency, the coordinator's contact, and the record
that the agency's frontline staff were told. Nothing else of the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import selectors as case_selectors
from cases.feedback import providers, selectors, services
from cases.feedback.forms import FrontlineInformedForm
from cases.models import Case, Meeting
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest

RECORDED = "Recorded: your agency's frontline staff were told of the outcome."


def _page(
    request: AuthenticatedHttpRequest, case: Case, meeting: Meeting, form: FrontlineInformedForm, status: int = 200
) -> HttpResponse:
    user = request.user
    records = selectors.frontline_records(case, meeting)
    coordinates = case_selectors.user_coordinates(user, case.area_id)
    context = {
        "case": case,
        "meeting": meeting,
        "form": form,
        "actions": providers.agency_actions(case, meeting, user.agency_id),
        "agency": user.agency,
        "contacts": selectors.coordinator_contacts(case.area_id),
        "may_record": selectors.may_record_frontline(user, case, meeting),
        "own_record": next((r for r in records if r.agency_id == user.agency_id), None),
        "agencies_told": selectors.agencies_told(meeting, records) if coordinates else None,
    }
    return render(request, "cases/case_outcome.html", context, status=status)


@require_http_methods(["GET", "POST"])
def case_outcome(request: AuthenticatedHttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    """What a hearing decided for the viewer's agency; a representative records that frontline staff were told."""
    case = case_selectors.case_get_for_user(request.user, case_id)
    meeting = selectors.heard_meeting_get(case, meeting_id)
    if request.method == "GET":
        audit.record_read(request, case, page="case-outcome", detail={"meeting": meeting.pk})
        return _page(request, case, meeting, FrontlineInformedForm())
    if not selectors.may_record_frontline(request.user, case, meeting):
        raise PermissionDenied(services.NOT_RECORDER)
    form = FrontlineInformedForm(request.POST)
    if not form.is_valid():
        return _page(request, case, meeting, form, status=400)
    try:
        services.frontline_informed_record(user=request.user, case=case, meeting=meeting)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _page(request, case, meeting, form, status=400)
    messages.success(request, RECORDED)
    return redirect("case-outcome", case_id=case.pk, meeting_id=meeting.pk)
