"""The "Recirculate the agenda" button on the meeting's page (thin: the service decides)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cases.meetings import selectors as meeting_selectors
from cases.meetings.recirculation import services
from cases.meetings.recirculation.forms import RecirculateForm
from cases.meetings.services import require_coordinator
from cases.meetings.views import agenda_change
from marac.http import AuthenticatedHttpRequest


@require_POST
def agenda_recirculate(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Send the changed agenda out again; a refusal or a stale version shows the agenda with the reason."""
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    require_coordinator(request.user, meeting)  # 403 before the form: others never learn what it expects
    failed, told = agenda_change(
        request,
        meeting,
        RecirculateForm(request.POST),
        lambda data: services.agenda_recirculate(user=request.user, meeting=meeting, expected_version=data["version"]),
    )
    if failed is not None:
        return failed
    messages.success(request, f"Agenda recirculated: {told} representative{'s' if told != 1 else ''} told.")
    return redirect("meeting-detail", meeting_id=meeting.pk)
