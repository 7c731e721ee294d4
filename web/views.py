"""The home dashboard: what each role needs first."""

from __future__ import annotations

from datetime import timedelta
from typing import TypedDict

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions import selectors as action_selectors
from actions.models import OUTSTANDING
from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.notifications import unread_notifications
from cases.referrals import selectors as referral_selectors
from governance.selectors import governance_areas
from marac import selectors
from marac.http import AuthenticatedHttpRequest
from marac.models import MaracArea, Role
from marac.outbox import selectors as outbox_selectors


class AreaSummary(TypedDict):
    """One of the user's areas on the home page: their roles there and, for
    those who see its cases, the area's case counts."""

    area: MaracArea
    roles: list[str]
    case_counts: dict[str, int] | None


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    memberships = list(selectors.memberships_for(user))
    roles = {m.role for m in memberships}
    areas: dict[int, AreaSummary] = {}
    for membership in memberships:
        entry = areas.setdefault(membership.area_id, {"area": membership.area, "roles": [], "case_counts": None})
        entry["roles"].append(membership.get_role_display())
    case_area_ids = [m.area_id for m in memberships if m.role in (Role.COORDINATOR, Role.CHAIR, Role.GOVERNANCE)]
    # Counts only: aggregate figures carry no personal data.
    counts = case_selectors.case_counts_by_area(area_ids=case_area_ids)
    for area_id, entry in areas.items():
        entry["case_counts"] = counts.get(area_id)
    lists = referral_selectors.referral_lists_for_user(user)
    referral_work = {
        "to_receive": lists["to_receive"].count(),
        "to_check": lists["to_check"].count(),
        "my_drafts": lists["my_drafts"].count(),
        "transfers": case_selectors.incoming_transfers(user).count(),
        "can_refer": referral_selectors.referral_areas_for(user).exists(),
    }
    today = timezone.localdate()
    own_actions = action_selectors.actions_for_user(user)
    if not any(m.role in (Role.COORDINATOR, Role.CHAIR) for m in memberships) and user.agency_id:
        own_actions = own_actions.filter(owner_agency_id=user.agency_id)
    action_counts = own_actions.filter(status__in=OUTSTANDING).aggregate(
        outstanding=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        due_soon=Count("id", filter=Q(due_date__gte=today, due_date__lte=today + timedelta(days=14))),
    )
    context = {
        "action_counts": action_counts,
        "governance": bool(governance_areas(user)),
        "upcoming_meetings": list(meeting_selectors.upcoming_meetings(user, coordinating_only=True, limit=5)),
        "research_due": list(meeting_selectors.research_due_for(user, limit=5)),
        "unread_notifications": unread_notifications(user).count(),
        "referral_work": referral_work,
        "areas": list(areas.values()),
        "roles": roles,
        "is_admin": selectors.is_system_administrator(user),
        "undelivered": outbox_selectors.undelivered_count(user),
        "Role": Role,
    }
    return render(request, "marac/home.html", context)
