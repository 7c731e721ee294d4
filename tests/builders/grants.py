"""People named on a case (the allocated IDAA, a keyworker, the fallback voice worker), through the service.

named_on(case, idaa)                                  # allocated IDAA, named by the area's coordinator
named_on(case, practitioner, GrantKind.KEYWORKER, by=representative)
"""

from __future__ import annotations

from cases.grants import services as grant_services
from cases.grants.selectors import holds_grant
from cases.models import VOICE_GRANTS, Case, CaseGrant, GrantKind
from marac.models import Role, User


def named_on(case: Case, user: User, kind: GrantKind = GrantKind.IDAA, *, by: User | None = None) -> CaseGrant:
    """``user`` named on ``case`` for ``kind`` by ``by``, or else by an active coordinator of its area."""
    actor = by or (
        User.objects.filter(
            memberships__area_id=case.area_id, memberships__role=Role.COORDINATOR, memberships__is_active=True
        )
        .order_by("pk")
        .first()
    )
    assert actor is not None, "the case's area needs a coordinator to name people on its cases"
    return grant_services.name_worker(actor=actor, case=case, worker=user, kind=kind)


def voice_recorder(case: Case, user: User) -> None:
    """Make ``user`` someone who may record the survivor's voice on ``case``, if not already: the
    allocated IDAA when they hold the IDAA role in its area, else the named fallback worker."""
    if holds_grant(user, case.pk, VOICE_GRANTS):
        return
    is_idaa = user.memberships.filter(area_id=case.area_id, role=Role.IDAA, is_active=True).exists()
    named_on(case, user, GrantKind.IDAA if is_idaa else GrantKind.VOICE_FALLBACK)
