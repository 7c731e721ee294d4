"""The action plan of a case (thin: the selector decides who sees what)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.plan import selectors
from marac import audit
from marac.http import AuthenticatedHttpRequest


@require_GET
def case_plan(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    today = timezone.localdate()
    plan = selectors.plan_for_user(request.user, case_id, today=today)
    audit.record_read(request, plan.case, page="plan", detail={"actions": plan.count})
    return render(request, "actions/plan/case_plan.html", {"plan": plan, "case": plan.case, "today": today})
