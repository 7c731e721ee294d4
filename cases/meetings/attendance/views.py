"""The attendance page: every invited agency's attendance at one meeting, recorded by its coordinators (thin).

Attendance is part of the meeting's record: the form carries the meeting's version, and a save made from a
stale copy of the page is refused with 409, what was entered kept (``marac.versioning``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.attendance import forms as attendance_forms
from cases.meetings.attendance import services as attendance_services
from cases.models import Meeting
from marac import audit
from marac.forms import carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.models import User
from marac.versioning import StaleVersionError

STALE_ATTENDANCE = (
    "Someone else changed this meeting's record while you were recording attendance, so your changes were not "
    "saved. What you entered is below. Open this page in a new tab to see the attendance now saved; saving "
    "again replaces it with what is below."
)


def _attendance_save(user: User, meeting: Meeting, form: attendance_forms.AttendanceForm) -> int:
    """Record every agency's attendance as entered, in one transaction: 200 when saved, 400 when any agency's
    row is refused (nothing is saved, and every problem is shown), 409 when someone changed the meeting's
    record since the form was loaded."""
    try:
        attendance_services.attendance_record_all(
            user=user, meeting=meeting, rows=form.entries(), expected_version=form.cleaned_data["version"]
        )
    except StaleVersionError:
        meeting.refresh_from_db()
        carry_current_version(form, meeting.version)  # what they typed is kept
        form.add_error(None, STALE_ATTENDANCE)
        return 409
    except attendance_services.AttendanceRowsError as exc:
        for agency, problems in exc.rows.items():
            form.add_agency_errors(agency, problems)
        return 400
    return 200


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    if not selectors.user_coordinates(user, meeting.area_id):
        raise Http404
    form = attendance_forms.AttendanceForm(
        request.POST if request.method == "POST" else None,
        agencies=list(meeting.invited_agencies.order_by("name")),
        items=list(meeting_selectors.agenda_items_for_user(meeting, user).select_related("case").order_by("position")),
        existing={a.agency_id: a for a in meeting.attendance.prefetch_related("cases_attended")},
        initial={"version": meeting.version},
    )
    status = 200
    if request.method == "POST":
        status = _attendance_save(user, meeting, form) if form.is_valid() else 400
        if status == 200:
            messages.success(request, "Attendance saved.")
            return redirect("meeting-attendance", meeting_id=meeting.pk)
    audit.record_read(request, meeting, page="attendance")
    return render(
        request,
        "cases/meeting_attendance.html",
        {"meeting": meeting, "form": form, "conflicts": meeting_selectors.conflicts_to_review(user, meeting)},
        status=status,
    )
