"""Minutes pages and the agenda and minutes PDFs (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.minutes import services as minutes_services
from cases.models import MinutesRead, MinutesStatus
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    minutes, cases = meeting_selectors.minutes_for_user(user, meeting)
    coordinating = selectors.user_coordinates(user, meeting.area_id)
    error = ""
    status = 200
    if request.method == "POST":
        if not coordinating:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "save":
                texts = {c.item_id: request.POST.get(f"case-{c.item_id}", c.text) for c in cases}
                version = request.POST.get("version", "")
                minutes_services.minutes_update(
                    user=user,
                    minutes=minutes,
                    general=request.POST.get("general", ""),
                    case_texts=texts,
                    expected_version=int(version) if version.isdigit() else None,
                )
                messages.success(request, "Minutes saved.")
            elif action == "approve":
                minutes_services.minutes_approve(user=user, minutes=minutes)
                messages.success(request, "Minutes approved.")
            elif action == "distribute":
                told = minutes_services.minutes_distribute(user=user, minutes=minutes)
                messages.success(request, f"Minutes distributed: {told} representatives told.")
            return redirect("meeting-minutes", meeting_id=meeting.pk)
        except minutes_services.StaleMinutesError:
            error = (
                "Someone else saved these minutes while you were editing them, so your changes were not "
                "saved. The latest version is below."
            )
            status = 409
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        minutes, cases = meeting_selectors.minutes_for_user(user, meeting)
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.VIEW,
            obj=minutes,
            area=meeting.area,
            request=request,
            detail={"cases": len(cases)},
        )
    if minutes.status == MinutesStatus.DISTRIBUTED and not coordinating:
        MinutesRead.objects.get_or_create(minutes=minutes, user=user)
    return render(
        request,
        "cases/meeting_minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "cases": cases,
            "coordinating": coordinating,
            "editable": coordinating and minutes.status == MinutesStatus.DRAFT,
            "is_chair": meeting_selectors.is_chair(user, meeting),
            "error": error,
        },
        status=status,
    )


def _pdf(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def agenda_pdf(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    agenda = meeting_selectors.agenda_for(meeting, user)
    html = render_to_string("cases/pdf/agenda.html", {"meeting": meeting, "agenda": agenda})
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.EXPORT,
            obj=meeting,
            request=request,
            detail={"format": "pdf", "document": "agenda", "cases": len(agenda.rows)},
        )
    return _pdf(html, f"marac-agenda-{meeting.date:%Y-%m-%d}.pdf")


@require_GET
def minutes_pdf(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    minutes, cases = meeting_selectors.minutes_for_user(user, meeting)
    html = render_to_string("cases/pdf/minutes.html", {"meeting": meeting, "minutes": minutes, "cases": cases})
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.EXPORT,
            obj=minutes,
            area=meeting.area,
            request=request,
            detail={"format": "pdf", "document": "minutes", "cases": len(cases)},
        )
    return _pdf(html, f"marac-minutes-{meeting.date:%Y-%m-%d}.pdf")
