"""Actions an agency has taken or proposes, recorded on its research page (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest, int_or_404
from ppmt import selectors
from ppmt.between import services
from ppmt.between.forms import AgencyActionForm
from ppmt.views import research_context


@require_POST
def research_agency_action(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Record (or, with ``withdraw``, remove) an action the user's agency has taken or proposes."""
    item = selectors.item_for_researcher(request.user, meeting_id, item_id)
    back = reverse("research-item", args=[item.meeting_id, item.pk]) + "#agency-actions"
    form = AgencyActionForm(request.POST)
    try:
        if withdraw := request.POST.get("withdraw"):
            services.agency_action_withdraw(user=request.user, item=item, action_id=int_or_404(withdraw))
            messages.success(request, "Action removed.")
            return redirect(back)
        if form.is_valid():
            services.agency_action_add(user=request.user, item=item, **form.cleaned_data)
            messages.success(request, "Action recorded. It is shared with the meeting when you submit your research.")
            return redirect(back)
    except ValidationError as exc:
        add_service_errors(form, exc)
    context = research_context(request, item, None, action_form=form)
    return render(request, "ppmt/research_item.html", context, status=400)
