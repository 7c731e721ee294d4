"""The "Move this meeting" and "Cancel this meeting" pages (thin: the services decide)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.meetings import schedule
from cases.meetings import selectors as meeting_selectors
from cases.meetings.schedule_changes import services
from cases.meetings.schedule_changes.forms import CancelMeetingForm, MoveMeetingForm
from cases.meetings.services import require_coordinator
from cases.models import Meeting, MeetingStatus
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.versioning import StaleVersionError

STALE_MEETING = (
    "Someone else changed this meeting while you were looking at it, so your change was not saved. "
    "This page now shows the meeting as it is now: check it and try again."
)


def _coordinated(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    """A meeting the user sees (else 404) and coordinates (else 403)."""
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    require_coordinator(request.user, meeting)
    return meeting


def _refusal(meeting: Meeting, verb: str) -> str | None:
    """Why the meeting cannot be moved or cancelled any more, if it cannot."""
    if meeting.status == MeetingStatus.CANCELLED:
        return services.ALREADY_CANCELLED
    if meeting.status not in schedule.OPEN_STATUSES or meeting.date < timezone.localdate():
        return services.STARTED.format(verb=verb)
    return None


def _targets(meeting: Meeting) -> QuerySet[Meeting]:
    """The area's open meetings ahead the cases of a cancelled meeting can move to (the next few)."""
    upcoming = (
        Meeting.objects.filter(
            area_id=meeting.area_id, date__gte=timezone.localdate(), status__in=schedule.OPEN_STATUSES
        )
        .exclude(pk=meeting.pk)
        .order_by("date", "start_time")
    )
    return Meeting.objects.filter(pk__in=upcoming.values("pk")[:12]).order_by("date", "start_time")


def _page(
    request: AuthenticatedHttpRequest, template: str, meeting: Meeting, form: forms.Form, status: int = 200
) -> HttpResponse:
    verb = "moved" if template.endswith("move.html") else "cancelled"
    context = {"meeting": meeting, "form": form, "refusal": _refusal(meeting, verb), "cases": meeting.items.count()}
    return render(request, template, context, status=status)


def _stale(form: forms.Form, meeting: Meeting) -> int:
    meeting.refresh_from_db()
    carry_current_version(form, meeting.version)
    form.add_error(None, STALE_MEETING)
    return 409


@require_http_methods(["GET", "POST"])
def meeting_move(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Move the meeting to a new date, time, place or video link; the invited agencies are told."""
    meeting = _coordinated(request, meeting_id)
    template = "cases/meeting_move.html"
    if request.method == "GET":
        audit.record_read(request, meeting, page="meeting-move")
        initial = {
            "version": meeting.version,
            "day": meeting.date,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "video_link": meeting.video_link,
        }
        return _page(request, template, meeting, MoveMeetingForm(initial=initial))
    form = MoveMeetingForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_move(
                user=request.user,
                meeting=meeting,
                day=data["day"],
                start_time=data["start_time"],
                place=data["place"],
                video_link=data["video_link"],
                expected_version=data["version"],
            )
        except StaleVersionError:
            status = _stale(form, meeting)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The meeting has been moved and the invited agencies told.")
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return _page(request, template, meeting, form, status=status)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Cancel the meeting with a reason; its cases are moved to another meeting or taken off."""
    meeting = _coordinated(request, meeting_id)
    template = "cases/meeting_cancel.html"
    if request.method == "GET":
        audit.record_read(request, meeting, page="meeting-cancel")
        form = CancelMeetingForm(meetings=_targets(meeting), initial={"version": meeting.version})
        return _page(request, template, meeting, form)
    form = CancelMeetingForm(request.POST, meetings=_targets(meeting))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.meeting_cancel(
                user=request.user,
                meeting=meeting,
                reason=data["reason"],
                cases=data["cases"],
                to_meeting=data["to_meeting"] if data["cases"] == services.MOVE else None,
                expected_version=data["version"],
            )
        except StaleVersionError:
            status = _stale(form, meeting)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            what = "moved" if data["cases"] == services.MOVE else "taken off the agenda"
            messages.success(request, f"The meeting is cancelled: {changed} case{'s' if changed != 1 else ''} {what}.")
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return _page(request, template, meeting, form, status=status)
