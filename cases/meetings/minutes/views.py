"""Minutes pages and the agenda and minutes PDFs (thin)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.minutes import services as minutes_services
from cases.meetings.minutes.forms import MinutesForm, MinutesScopeForm, MinutesStepForm
from cases.meetings.minutes.selectors import MinutesReceived, minutes_received
from cases.models import Meeting, MinutesStatus
from cases.people.research_details import research_details_for
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb
from marac.pdf import pdf_response
from marac.versioning import StaleVersionError

STALE_MINUTES = (
    "Someone else saved these minutes while you were editing them, so your changes were not saved. "
    "What you wrote is below. Open the minutes in a new tab to see the version now saved; saving again "
    "replaces it with what is below."
)


STALE_APPROVAL = (
    "The minutes were changed after you opened them, so they were not approved. "
    "Read the minutes below, then approve them again."
)


def _minutes_save(request: AuthenticatedHttpRequest, meeting: Meeting) -> tuple[forms.Form | None, int]:
    """Save the draft: ``(None, 200)`` when saved, else the form with the reason and the status to answer."""
    minutes, cases = meeting_selectors.minutes_for_user(request.user, meeting)
    form = MinutesForm(request.POST, cases=cases)
    if not form.is_valid():
        return form, 400
    try:
        minutes_services.minutes_update(
            user=request.user,
            minutes=minutes,
            general=form.cleaned_data["general"],
            case_texts=form.case_texts(),
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersionError:
        latest, _ = meeting_selectors.minutes_for_user(request.user, meeting)
        carry_current_version(form, latest.version)  # what they typed is kept
        form.add_error(None, STALE_MINUTES)
        return form, 409
    except ValidationError as exc:
        add_service_errors(form, exc)
        return form, 400
    messages.success(request, "Minutes saved.")
    return None, 200


STALE_SCOPE = (
    "Someone else changed these minutes while you were looking at them, so your choice of what the "
    "agencies receive was not saved. Check the minutes below, then choose again."
)


def _scope_save(request: AuthenticatedHttpRequest, meeting: Meeting) -> tuple[forms.Form | None, int]:
    """Save what the agencies receive: ``(None, 200)`` when saved, else the form with the reason and status."""
    form = MinutesScopeForm(request.POST)
    if not form.is_valid():
        return form, 400
    try:
        minutes_services.minutes_scope_set(
            user=request.user,
            meeting=meeting,
            scope=form.cleaned_data["minutes_scope"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersionError:
        latest, _ = meeting_selectors.minutes_for_user(request.user, meeting)
        carry_current_version(form, latest.version)  # the choice is kept
        form.add_error(None, STALE_SCOPE)
        return form, 409
    except ValidationError as exc:
        add_service_errors(form, exc)
        return form, 400
    messages.success(request, "What the agencies receive is saved.")
    return None, 200


def _minutes_step(request: AuthenticatedHttpRequest, meeting: Meeting) -> tuple[forms.Form | None, int]:
    """Save, approve or distribute the minutes, as the button pressed says."""
    step = MinutesStepForm(request.POST)
    if not step.is_valid():
        return step, 400
    if step.cleaned_data["action"] == "save":
        return _minutes_save(request, meeting)
    if step.cleaned_data["action"] == "scope":
        return _scope_save(request, meeting)
    minutes, _ = meeting_selectors.minutes_for_user(request.user, meeting)
    try:
        if step.cleaned_data["action"] == "approve":
            minutes_services.minutes_approve(
                user=request.user, minutes=minutes, expected_version=step.cleaned_data["version"]
            )
            messages.success(request, "Minutes approved.")
        else:
            told = minutes_services.minutes_distribute(user=request.user, minutes=minutes)
            messages.success(request, f"Minutes distributed: {told} representatives told.")
    except StaleVersionError:
        step.add_error(None, STALE_APPROVAL)
        return step, 409
    except ValidationError as exc:
        add_service_errors(step, exc)
        return step, 400
    return None, 200


def _page_context(received: MinutesReceived, failed: forms.Form | None, is_chair: bool) -> dict[str, object]:
    """The minutes page's forms: the draft's text and the scope (for the coordinator, while a draft)."""
    minutes, coordinating = received.minutes, received.coordinating
    editable = coordinating and minutes.status == MinutesStatus.DRAFT
    minutes_form = failed if isinstance(failed, MinutesForm) else None
    scope_form = failed if isinstance(failed, MinutesScopeForm) else None
    if editable:
        drafted = [case.minutes_case for case in received.cases]
        minutes_form = minutes_form or MinutesForm(cases=drafted, initial=MinutesForm.initial_for(minutes, drafted))
        scope_form = scope_form or MinutesScopeForm(
            initial={"version": minutes.version, "minutes_scope": received.scope}
        )
    fields: list[object] = [None] * len(received.cases)
    if minutes_form is not None:
        fields = [minutes_form[f"case-{case.minutes_case.item_id}"] for case in received.cases]
    return {
        "meeting": received.meeting,
        "minutes": minutes,
        "received": received,
        "cases": received.cases,
        "case_rows": list(zip(received.cases, fields, strict=True)),
        "coordinating": coordinating,
        "editable": editable,
        "is_chair": is_chair,
        "minutes_form": minutes_form,
        "scope_form": scope_form,
        "form": failed,
    }


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    coordinating = selectors.user_coordinates(user, meeting.area_id)
    failed, status = None, 200
    if request.method == "POST":
        if not coordinating:
            raise Http404
        failed, status = _minutes_step(request, meeting)
        if failed is None:
            return redirect("meeting-minutes", meeting_id=meeting.pk)
        meeting.refresh_from_db(fields=["minutes_scope"])
    received = minutes_received(user, meeting)
    audit.record_read(request, received.minutes, page="minutes", area=meeting.area, detail=received.audit_detail())
    if not coordinating:
        minutes_services.minutes_record_opened(user=user, minutes=received.minutes)
    context = _page_context(received, failed, meeting_selectors.is_chair(user, meeting))
    return render(request, "cases/meeting_minutes.html", context, status=status)


@require_GET
def agenda_pdf(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    agenda = meeting_selectors.agenda_for(meeting, request.user)
    details = research_details_for(request.user, meeting)
    audit.record_read(
        request,
        meeting,
        page="agenda-pdf",
        verb=AuditVerb.EXPORT,
        detail={"format": "pdf", "document": "agenda", "cases": [row.item.case_id for row in agenda.rows]},
    )
    return pdf_response(
        request,
        "cases/pdf/agenda.html",
        {"meeting": meeting, "agenda": agenda, "research_details": details},
        f"marac-agenda-{meeting.date:%Y-%m-%d}.pdf",
    )


@require_GET
def minutes_pdf(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    received = minutes_received(request.user, meeting)
    audit.record_read(
        request,
        received.minutes,
        page="minutes-pdf",
        verb=AuditVerb.EXPORT,
        area=meeting.area,
        detail=received.audit_detail(format="pdf", document="minutes"),
    )
    return pdf_response(
        request,
        "cases/pdf/minutes.html",
        {"meeting": meeting, "minutes": received.minutes, "received": received, "cases": received.cases},
        f"marac-minutes-{meeting.date:%Y-%m-%d}.pdf",
    )
