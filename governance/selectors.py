"""Which areas' aggregate figures a user may see."""

from __future__ import annotations

from marac.models import MaracArea, Membership, User
from marac.roles import GOVERNANCE_ROLES


def governance_areas(user: User) -> list[MaracArea]:
    """Active areas where the user holds a role that sees the governance figures."""
    return list(
        MaracArea.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(user=user, is_active=True, role__in=GOVERNANCE_ROLES).values("area_id"),
        ).order_by("name")
    )
