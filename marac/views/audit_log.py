"""The audit log, for system administrators: who did what, when, where."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marac import audit, selectors
from marac.forms import AuditFilterForm
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb, MaracArea, Role

PAGE_SIZE = 50


@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.is_system_administrator(user):
        raise Http404
    events = selectors.audit_events_for(user)
    areas = selectors.areas_for(user, Role.ADMINISTRATOR) if not user.is_superuser else None
    if areas is None:
        areas = MaracArea.objects.all()
    form = AuditFilterForm(request.GET or None, areas=areas)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("verb"):
            events = events.filter(verb=data["verb"])
        if data.get("area"):
            events = events.filter(area=data["area"])
        if data.get("date_from"):
            events = events.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(created_at__date__lte=data["date_to"])
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # Read the rows before recording this viewing, so the page shows the log
    # as it stood when it was asked for.
    page.object_list = list(page.object_list)
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.LIST,
            object_type="marac.auditevent",
            detail={"page": page.number},
            request=request,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "marac/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
