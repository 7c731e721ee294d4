"""Template context for every page: the service name, the protective marking and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from cases.referrals import selectors as referral_selectors
from governance.selectors import governance_areas
from marac import selectors
from marac.accounts import selectors as account_selectors
from marac.middleware import two_factor_satisfied
from marac.roles import COORDINATING_ROLES

CLASSIFICATION = "OFFICIAL-SENSITIVE"


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not two_factor_satisfied(user):
        return []
    items = [("Home", reverse("home"))]
    if selectors.area_ids_for(user, COORDINATING_ROLES):
        items.append(("Cases", reverse("case-list")))  # the coordinator's case list
    if referral_selectors.referral_areas_for(user).exists():
        # The roles that see case content (people_search.PEOPLE_SEARCH_ROLES are the referrers' roles).
        items.append(("Find a person", reverse("people-search")))
        items.append(("Referrals", reverse("referral-list")))
        items.append(("Meetings", reverse("meeting-list")))
        items.append(("Actions", reverse("action-list")))
    if governance_areas(user):
        items.append(("Governance", reverse("governance-dashboard")))
    if account_selectors.scope_for(user).manages_anything:
        items.append(("Accounts", reverse("account-list")))
    if selectors.is_system_administrator(user):
        items.append(("Audit log", reverse("audit-log")))
    if user.is_staff:
        items.append(("Administration", reverse("admin:index")))
    path = request.path
    return [
        {"label": label, "url": url, "active": path == url or (url != "/" and path.startswith(url))}
        for label, url in items
    ]


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": "MARAC case management",
        "organisation_name": getattr(settings, "MARAC_ORGANISATION_NAME", "MARAC"),
        "classification": CLASSIFICATION,
        "demo": settings.MARAC_DEMO,
        "navigation": _navigation(request),
        # The idle timeout the page's script warns of (two minutes before) and signs out at.
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
