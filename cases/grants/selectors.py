"""Read queries for the per-case grants (who is named on a case).

The visibility rules (``cases.selectors``, the meeting, research and action
selectors) ask ``granted_case_ids`` for the cases a user holds a grant on: a
subquery over the unique (user, permission, case) index, which PostgreSQL
evaluates once per query, not once per case.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from cases.models import SEEING_GRANTS, Case, CaseGrant, CaseInvitation, ConflictOfInterest, GrantKind
from marac import request_cache
from marac.models import AgencyKind, Membership, Role, User
from marac.roles import AGENCY_STAFF_ROLES, INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for, user_coordinates


def granted_case_ids(user: User, kinds: Iterable[GrantKind] = SEEING_GRANTS) -> QuerySet[CaseGrant, int]:
    """Ids of the cases ``user`` is named on with any of ``kinds`` (a subquery)."""
    if not user.is_authenticated:
        return CaseGrant.objects.none().values_list("content_object_id", flat=True)
    return CaseGrant.objects.filter(
        user=user, user__is_active=True, permission__codename__in=[str(kind) for kind in kinds]
    ).values_list("content_object_id", flat=True)


def invited_case_ids(user: User) -> QuerySet[CaseInvitation, int]:
    """Ids of the cases the user's agency is invited to one by one (``CaseInvitation``: a specialist or
    "by and for" service asked to one case, not to the whole meeting), for its representatives in the
    case's area (a subquery)."""
    if not user.is_authenticated or user.agency_id is None:
        return CaseInvitation.objects.none().values_list("case_id", flat=True)
    areas = area_ids_for(user, INVITED_AGENCY_ROLES)
    return CaseInvitation.objects.filter(agency_id=user.agency_id, case__area_id__in=areas).values_list(
        "case_id", flat=True
    )


def invited_agency_ids(case_id: int) -> QuerySet[CaseInvitation, int]:
    """Ids of the agencies invited to this case alone (a subquery)."""
    return CaseInvitation.objects.filter(case_id=case_id).values_list("agency_id", flat=True)


def agency_invited_to_case(agency_id: int | None, case_id: int) -> bool:
    return agency_id is not None and CaseInvitation.objects.filter(agency_id=agency_id, case_id=case_id).exists()


def granted_area_ids(user: User) -> list[int]:
    """Ids of the areas of the cases ``user`` is named on (any seeing grant): a list, so a visibility rule can
    bound its rows by area with an index as ``area_ids_for`` does. One query, once a request."""
    if not user.is_authenticated:
        return []
    return request_cache.cached(
        ("granted-areas", user.pk),
        lambda: sorted(set(Case.objects.filter(pk__in=granted_case_ids(user)).values_list("area_id", flat=True))),
    )


def holds_grant(user: User, case_id: int, kinds: Iterable[GrantKind] = SEEING_GRANTS) -> bool:
    return granted_case_ids(user, kinds).filter(content_object_id=case_id).exists()


def grants_on(case: Case) -> list[CaseGrant]:
    """The people named on the case, for its workers page."""
    return list(
        CaseGrant.objects.filter(content_object=case)
        .select_related("user", "user__agency", "permission", "granted_by")
        .order_by("permission__codename", "granted_at", "pk")
    )


def grant_get_on(case: Case, grant_id: int) -> CaseGrant | None:
    return CaseGrant.objects.filter(content_object=case, pk=grant_id).select_related("user", "permission").first()


def kind_of(grant: CaseGrant) -> GrantKind:
    return GrantKind(grant.permission.codename)


def may_name(actor: User, case: Case, kind: GrantKind) -> bool:
    """May ``actor`` name people on ``case`` for ``kind`` (and end such grants)?

    The area's coordinators and chairs name anyone; an agency's representative
    in the case's area names people of their own agency: keyworkers from any
    agency, the allocated IDAA and the fallback worker from the IDAA service.
    """
    if user_coordinates(actor, case.area_id):
        return True
    if actor.agency_id is None or case.area_id not in area_ids_for(actor, INVITED_AGENCY_ROLES):
        return False
    if kind == GrantKind.KEYWORKER:
        return True
    return actor.agency is not None and actor.agency.kind == AgencyKind.IDAA


# The roles a person must hold in the case's area to be named for each grant.
ELIGIBLE_ROLES = {
    GrantKind.IDAA: (Role.IDAA,),
    GrantKind.KEYWORKER: (Role.PRACTITIONER,),
    GrantKind.VOICE_FALLBACK: AGENCY_STAFF_ROLES,
}


def eligible_workers(actor: User, case: Case, kind: GrantKind) -> QuerySet[User]:
    """The people ``actor`` may name on ``case`` for ``kind``: active, holding the
    role in the case's area, of the actor's agency unless the actor coordinates,
    not already named for it, and without a declared conflict on the case."""
    members = Membership.objects.filter(
        area_id=case.area_id, role__in=ELIGIBLE_ROLES[kind], is_active=True, user=OuterRef("pk")
    )
    named = CaseGrant.objects.filter(content_object=case, permission__codename=str(kind), user=OuterRef("pk"))
    conflicted = ConflictOfInterest.objects.active().filter(case=case, user=OuterRef("pk"))
    workers = User.objects.filter(Exists(members), is_active=True, agency__isnull=False).exclude(
        Exists(named) | Exists(conflicted)
    )
    if not user_coordinates(actor, case.area_id):
        workers = workers.filter(agency_id=actor.agency_id or 0)
    return workers.select_related("agency").order_by("full_name", "pk")


def may_end(actor: User, case: Case, grant: CaseGrant) -> bool:
    """A representative ends only the grants of their own agency's people; coordinators any."""
    if user_coordinates(actor, case.area_id):
        return True
    return may_name(actor, case, kind_of(grant)) and grant.user.agency_id == actor.agency_id
