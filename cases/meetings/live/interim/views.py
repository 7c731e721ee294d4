"""Interim safety actions and urgent information sharing before the meeting (thin: the service decides)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.live.interim import services
from cases.meetings.live.interim.forms import InterimForm
from cases.models import AgendaItem
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest


def _item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> AgendaItem:
    """A case on an agenda the user coordinates (404 for a case they may not see; 403 for a reader)."""
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    item = meeting_selectors.agenda_item_get_for_user(meeting, user, item_id)
    if not selectors.cases_for_user(user).filter(pk=item.case_id).exists():
        raise Http404
    if not selectors.user_coordinates(user, meeting.area_id):
        raise PermissionDenied(services.NOT_COORDINATOR)
    return item


@require_http_methods(["GET", "POST"])
def item_interim(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = _item(request, meeting_id, item_id)
    agencies = item.meeting.invited_agencies.order_by("name")
    form = InterimForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.interim_record(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Recorded. The chair sees it with the case at the meeting.")
            return redirect("item-interim", meeting_id=item.meeting_id, item_id=item.pk)
    if request.method == "GET":
        audit.record_read(request, item.case, page="interim")
    context = {
        "item": item,
        "meeting": item.meeting,
        "form": form,
        "measures": item.interim_measures.prefetch_related("agencies").select_related("recorded_by"),
        "open": item.meeting.status in services.BEFORE_MEETING,
    }
    return render(request, "cases/item_interim.html", context, status=400 if form.errors else 200)
