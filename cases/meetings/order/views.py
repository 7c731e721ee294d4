"""The agenda's "Apply the suggested order" button (thin: ``cases.meetings.order.services`` decides)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cases.meetings import forms as meeting_forms
from cases.meetings import selectors as meeting_selectors
from cases.meetings.order import services
from cases.meetings.services import require_coordinator
from cases.meetings.views import agenda_change
from marac.http import AuthenticatedHttpRequest


@require_POST
def agenda_suggested_order(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    require_coordinator(request.user, meeting)  # 403 before the form: no one else learns what it wants
    failed, moved = agenda_change(
        request,
        meeting,
        meeting_forms.SuggestedOrderForm(request.POST),
        lambda data: services.agenda_apply_suggested_order(
            user=request.user, meeting=meeting, expected_version=data["version"]
        ),
    )
    if failed is not None:
        return failed
    if moved:
        messages.success(request, "The agenda is in the suggested order. You can still move cases up or down.")
    else:
        messages.success(request, "The agenda was already in the suggested order.")
    return redirect("meeting-detail", meeting_id=meeting.pk)
