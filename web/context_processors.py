from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from marac import selectors
from marac.http import AuthenticatedHttpRequest
from marac.middleware import two_factor_satisfied

CLASSIFICATION = "OFFICIAL-SENSITIVE"


def _navigation(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not two_factor_satisfied(user):
        return []
    items = [("Home", reverse("home"))]
    from cases.referrals import selectors as case_selectors

    if case_selectors.referral_areas_for(user).exists():
        # The roles that see case content (people_search.PEOPLE_SEARCH_ROLES are the referrers' roles).
        items.append(("Find a person", reverse("people-search")))
        items.append(("Referrals", reverse("referral-list")))
        items.append(("Meetings", reverse("meeting-list")))
        items.append(("Actions", reverse("action-list")))
    from governance.views import governance_areas

    if governance_areas(user):
        items.append(("Governance", reverse("governance-dashboard")))
    if selectors.is_system_administrator(user):
        items.append(("Audit log", reverse("audit-log")))
    if user.is_staff:
        items.append(("Administration", reverse("admin:index")))
    path = request.path
    return [
        {"label": label, "url": url, "active": path == url or (url != "/" and path.startswith(url))}
        for label, url in items
    ]


def service(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return {
        "service_name": "MARAC case management",
        "organisation_name": getattr(settings, "MARAC_ORGANISATION_NAME", "MARAC"),
        "classification": CLASSIFICATION,
        "demo": settings.MARAC_DEMO,
        "navigation": _navigation(request),
    }
