"""The research tracker and its "Remind now" (thin: the selector reads, the service decides)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.models import Meeting
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest
from ppmt.tracker import selectors, services
from ppmt.tracker.forms import RemindForm, TrackerFilterForm


def _coordinated(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    """A meeting the user sees and coordinates; 404 otherwise, as for a tracker that is not there."""
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    if not case_selectors.user_coordinates(request.user, meeting.area_id):
        raise Http404
    return meeting


def _page(
    request: AuthenticatedHttpRequest, meeting: Meeting, remind: RemindForm | None = None, status: int = 200
) -> HttpResponse:
    form = TrackerFilterForm(request.GET, agencies=meeting.invited_agencies.order_by("name"))
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    tracker = selectors.research_tracker(
        meeting,
        request.user,
        agency=data.get("agency"),
        showing=data.get("showing") or "all",
        sort=data.get("sort") or "agenda",
    )
    audit.record_read(request, meeting, page="tracker", detail={"cases": [row.item.case_id for row in tracker.rows]})
    # ``form``: the one whose errors the summary (and the title) show, the reminder that was refused or the filters.
    context = {"meeting": meeting, "tracker": tracker, "filters": form, "form": remind or form}
    return render(request, "ppmt/research_tracker.html", context, status=status if valid else 400)


@require_GET
def research_tracker(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    return _page(request, _coordinated(request, meeting_id))


@require_POST
def research_remind(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Remind one agency now that its research is outstanding (once a day at most)."""
    meeting = _coordinated(request, meeting_id)
    form = RemindForm(request.POST, agencies=meeting.invited_agencies.all())
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        try:
            sent = services.research_remind_now(user=request.user, meeting=meeting, agency=agency)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            people = f"{sent.told} {'person' if sent.told == 1 else 'people'}"
            messages.success(request, f"{agency.name} reminded: {people} told by notice and email.")
            return redirect("research-tracker", meeting_id=meeting.pk)
    return _page(request, meeting, remind=form, status=400)
