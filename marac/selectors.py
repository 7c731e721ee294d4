"""Read queries about users, areas and roles. Views read through these."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from marac import request_cache
from marac.models import AuditEvent, MaracArea, Membership, Role, User
from marac.roles import COORDINATING_ROLES


def memberships_for(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True, area__is_active=True)
        .select_related("area")
        .order_by("area__name", "role")
    )


def roles_for(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    return request_cache.cached(("roles", user.pk), lambda: set(memberships_for(user).values_list("role", flat=True)))


def area_ids_for(user: User, roles: Iterable[str]) -> list[int]:
    """Ids of the areas where ``user`` actively holds any of ``roles``.

    A list, not a subquery: visibility rules put these ids into the main
    query as constants, so PostgreSQL sees how few areas they are and uses
    the (area, ...) indexes instead of planning for every area in the
    country (a subquery's selectivity is unknown to the planner).
    """
    if not user.is_authenticated:
        return []
    wanted = set(roles)
    held = request_cache.cached(
        ("memberships", user.pk),
        lambda: list(Membership.objects.filter(user=user, is_active=True).values_list("area_id", "role")),
    )
    return sorted({area_id for area_id, role in held if role in wanted})


def user_coordinates(user: User, area_id: int) -> bool:
    """Is the user a coordinator or chair of the area? (No query within a request.)"""
    return area_id in area_ids_for(user, COORDINATING_ROLES)


def areas_for(user: User, *roles: str) -> QuerySet[MaracArea]:
    """Areas where the user holds any of ``roles`` (any role if none given)."""
    memberships = Membership.objects.filter(user=user, is_active=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return MaracArea.objects.filter(is_active=True, memberships__in=memberships).distinct().order_by("name")


def is_system_administrator(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or Role.ADMINISTRATOR in roles_for(user)))


def audit_events_for(user: User) -> QuerySet[AuditEvent]:
    """Audit events a system administrator may review: all of them for a
    superuser, otherwise those of the areas they administer plus area-less
    events (sign-ins) of users who belong to those areas."""
    events = AuditEvent.objects.select_related("actor", "area")
    if user.is_superuser:
        return events
    if not is_system_administrator(user):
        return events.none()
    areas = areas_for(user, Role.ADMINISTRATOR)
    members = User.objects.filter(memberships__area__in=areas)
    return events.filter(Q(area__in=areas) | Q(area__isnull=True, actor__in=members))
