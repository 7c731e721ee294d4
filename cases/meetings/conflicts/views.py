"""Withdrawing a conflict of interest: a page of its own, reached from the attendance page (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases.meetings import forms as meeting_forms
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def conflict_withdraw(request: AuthenticatedHttpRequest, meeting_id: int, conflict_id: int) -> HttpResponse:
    """For the area's coordinators and chairs; 404 for anyone else, for the person who declared the
    conflict, and for a coordinator with a conflict of their own on the case."""
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    conflict = meeting_selectors.conflict_get_to_review(user, meeting, conflict_id)
    form = meeting_forms.ConflictWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.conflict_withdraw(user=user, conflict=conflict, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Conflict of interest on case {conflict.case.reference} withdrawn.")
            response = redirect("meeting-attendance", meeting_id=meeting.pk)
            response["Location"] += "#conflicts"
            return response
    audit.record_read(request, conflict, page="conflict-withdraw", area=meeting.area)
    return render(
        request,
        "cases/conflict_withdraw.html",
        {"meeting": meeting, "conflict": conflict, "form": form},
        status=400 if form.errors else 200,
    )
