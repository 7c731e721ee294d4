"""Read queries for a case's needs and the specialist services they suggest inviting.

The case itself is read through ``cases.selectors.case_get_for_user`` (404 to
anyone who may not see it); these answer what the page then shows, and who
may change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from cases.models import Case, CaseInvitation, CaseNeed, Meeting, NeedKind
from cases.needs.kinds import SHAPES, flag_text
from marac.models import Agency, Membership, Role, User
from marac.roles import INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for, user_coordinates


def may_set_needs(user: User, case: Case) -> bool:
    """The agencies at a case record its needs: its area's coordinators and chairs, and the
    representatives in its area of an agency that sees it (invited to its meeting, to the case
    alone, or its referrer). The caller has read the case through the visibility selector."""
    if user_coordinates(user, case.area_id):
        return True
    return user.agency_id is not None and case.area_id in area_ids_for(user, INVITED_AGENCY_ROLES)


def may_invite(user: User, case: Case) -> bool:
    """The area's coordinators and chairs invite an agency to a case."""
    return user_coordinates(user, case.area_id)


def needs_on(case: Case) -> list[CaseNeed]:
    """Every need recorded on the case, those in force first."""
    needs = CaseNeed.objects.filter(case=case).select_related("set_by", "set_by_agency", "ended_by")
    return sorted(needs, key=lambda need: (need.ended_at is not None, list(NeedKind).index(NeedKind(need.kind))))


def need_get_on(case: Case, kind: str) -> CaseNeed | None:
    return CaseNeed.objects.filter(case=case, kind=kind).first()


def active_flags(case_ids: Iterable[int]) -> dict[int, list[str]]:
    """The needs in force on each case, as flags in the order of ``NeedKind`` (one query)."""
    order = {str(kind): n for n, kind in enumerate(NeedKind)}
    rows = CaseNeed.objects.filter(case_id__in=list(case_ids), ended_at__isnull=True).values_list(
        "case_id", "kind", "detail", "harm_by_carer"
    )
    flags: dict[int, list[str]] = {}
    for case_id, kind, detail, harm_by_carer in sorted(rows, key=lambda row: (row[0], order[row[1]])):
        flags.setdefault(case_id, []).append(flag_text(kind, detail, harm_by_carer))
    return flags


def invitations_on(case: Case) -> list[CaseInvitation]:
    return list(
        CaseInvitation.objects.filter(case=case).select_related("agency", "invited_by").order_by("invited_at", "pk")
    )


@dataclass(frozen=True)
class Suggestion:
    """A specialist or "by and for" service a need on a case suggests inviting to it."""

    case_id: int
    need: NeedKind
    agency: Agency


def suggestions(area_id: int, case_ids: Iterable[int], meeting: Meeting | None = None) -> dict[int, list[Suggestion]]:
    """For each case, the area's services of the kinds its needs suggest that are not yet at the case
    (invited to it, or to ``meeting``), in three queries whatever the number of cases."""
    ids = list(case_ids)
    needs = list(
        CaseNeed.objects.filter(case_id__in=ids, ended_at__isnull=True).values_list("case_id", "kind").order_by("kind")
    )
    kinds = {kind for _, need in needs for kind in SHAPES[NeedKind(need)].suggests}
    if not kinds:
        return {}
    represented = Membership.objects.filter(
        area_id=area_id, role=Role.REPRESENTATIVE, is_active=True, user__agency_id=OuterRef("pk")
    )
    agencies = list(
        Agency.objects.filter(Q(core_for_areas=area_id) | Q(Exists(represented)), kind__in=kinds, is_active=True)
        .distinct()
        .order_by("name")
    )
    present = set(CaseInvitation.objects.filter(case_id__in=ids).values_list("case_id", "agency_id"))
    at_meeting = {agency.pk for agency in meeting.invited_agencies.all()} if meeting is not None else set()
    found: dict[int, list[Suggestion]] = {}
    for case_id, need in needs:
        seen = {s.agency.pk for s in found.get(case_id, [])}
        for kind in SHAPES[NeedKind(need)].suggests:
            for agency in agencies:
                if agency.kind != kind or agency.pk in seen or agency.pk in at_meeting:
                    continue
                if (case_id, agency.pk) in present:
                    continue
                found.setdefault(case_id, []).append(Suggestion(case_id, NeedKind(need), agency))
                seen.add(agency.pk)
    return found


def invitable_agency(area_id: int, agency_id: int) -> Agency | None:
    """An active agency of the area (on its list, or with a representative there) that can be invited."""
    represented = Membership.objects.filter(
        area_id=area_id, role=Role.REPRESENTATIVE, is_active=True, user__agency_id=OuterRef("pk")
    )
    return (
        Agency.objects.filter(Q(core_for_areas=area_id) | Q(Exists(represented)), pk=agency_id, is_active=True)
        .distinct()
        .first()
    )
