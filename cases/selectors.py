"""Read queries for cases and transfers.

Visibility is decided here and nowhere else. Anything a user may not see
answers 404 (``Http404``), never 403, so its existence is not revealed.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import GreaterThanOrEqual, IsNull
from django.http import Http404
from django.utils import timezone

from cases.grants.selectors import granted_case_ids, invited_case_ids
from cases.models import (
    AgendaItem,
    Case,
    CaseTransfer,
    ConflictOfInterest,
    Meeting,
    MeetingStatus,
    Referral,
    ReferralStatus,
    TransferStatus,
)
from cases.status.transitions import OPEN
from marac.http import int_or_404
from marac.models import User
from marac.roles import AGENCY_CASE_ROLES, COORDINATING_ROLES, QUALITY_ASSURER_ROLES
from marac.selectors import area_ids_for
from marac.selectors import user_coordinates as user_coordinates  # one rule, used through this module too

# Meetings a listed case can still be heard at (not started, held or cancelled).
UPCOMING_MEETINGS = (MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED)
# Meetings whose agendas the invited agencies see (circulated, running or held).
VISIBLE_TO_AGENCIES = (MeetingStatus.CIRCULATED, MeetingStatus.IN_PROGRESS, MeetingStatus.HELD)


def case_counts_by_area(*, area_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Aggregate counts per area (no personal data): open cases (neither closed nor transferred out) and all."""
    ids = list(area_ids)
    if not ids:
        return {}
    rows = (
        Case.objects.filter(area_id__in=ids)
        .values("area_id")
        .annotate(total=Count("id"), open=Count("id", filter=Q(status__in=OPEN)))
    )
    return {row["area_id"]: {"total": row["total"], "open": row["open"]} for row in rows}


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` less ``months`` calendar months (the 31st of May less 3 months is the 28th or 29th of
    February)."""
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def access_after_closure_ends() -> datetime:
    """A case closed (or transferred out) before this moment is no longer the agencies' (ADR 0005)."""
    return months_before(timezone.now(), settings.MARAC_ACCESS_AFTER_CLOSURE_MONTHS)


def still_with_agencies(prefix: str = "") -> Q:
    """Cases the invited agencies, the referrer and the people named on it still hold: open, or closed
    (or transferred out) less than ``MARAC_ACCESS_AFTER_CLOSURE_MONTHS`` ago. ``prefix`` is the path to the
    case from the model queried (``"case__"``). The area's coordinators and chairs are never limited by it."""
    return Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gte": access_after_closure_ends()})


def case_still_with_agencies(case_field: str = "case_id") -> Q:
    """``still_with_agencies`` for a row that refers to a case by ``case_field``, as a scalar sub-select of
    the case's ``closed_at``: OR-ed after the coordinators' area rule, PostgreSQL probes the case's primary
    key only for the rows that rule leaves. A join hashed every case in the country (measured at 1,000,000
    cases: the home page's action counts went from 44 ms to 650 ms), and an EXISTS was planned as a hashed
    sub-plan over the whole table; a LIMIT 1 sub-select cannot be hashed."""
    closed = Subquery(Case.objects.filter(pk=OuterRef(case_field)).values("closed_at")[:1])
    return Q(IsNull(closed, True)) | Q(GreaterThanOrEqual(closed, access_after_closure_ends()))


def case_visibility(user: User) -> Q:
    """Cases the user may see (this grows with meetings and actions).

    - coordinators and chairs of the case's area, and of an area it is being
      (or was) transferred to;
    - the practitioner who drafted a referral on it, and the referring
      agency's representatives in the case's area;
    - the representatives of agencies invited to a circulated meeting of the
      case's area where it is listed;
    - the people named on the case (``cases.models.grants``): the allocated
      IDAA, a keyworker, the worker recording the survivor's voice;
    - the representatives of an agency invited to the case alone
      (``cases.models.needs.CaseInvitation``).

    Everyone but the coordinators and chairs loses the case once it has been
    closed (or transferred out) for ``MARAC_ACCESS_AFTER_CLOSURE_MONTHS``
    (``still_with_agencies``).

    A referral is filed on a case of its own area and an agenda lists only its
    own area's cases, so the agency rules are bounded by the case's area
    first: PostgreSQL then tests the EXISTS only for cases in the user's areas,
    not for every case in the country.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    coordinated = area_ids_for(user, COORDINATING_ROLES)
    rule = Q(area_id__in=coordinated)
    if coordinated:
        # A case transferred (or being transferred) to an area stays readable there.
        transferred = CaseTransfer.objects.filter(
            case=OuterRef("pk"),
            to_area_id__in=coordinated,
            status__in=[TransferStatus.PENDING, TransferStatus.ACCEPTED],
        )
        rule |= Q(Exists(transferred))
    drafted = Referral.objects.filter(case=OuterRef("pk"), status=ReferralStatus.RECEIVED, drafted_by=user)
    agencies = Q(Exists(drafted))
    checked = area_ids_for(user, QUALITY_ASSURER_ROLES) if user.agency_id else []
    if checked:
        referred = Referral.objects.filter(
            case=OuterRef("pk"), status=ReferralStatus.RECEIVED, referring_agency_id=user.agency_id
        )
        agencies |= Q(area_id__in=checked) & Q(Exists(referred))
    if user.agency_id:
        # Representatives of agencies invited to a circulated meeting where the case is listed.
        member = area_ids_for(user, AGENCY_CASE_ROLES)
        if member:
            listed = AgendaItem.objects.filter(
                case=OuterRef("pk"),
                meeting__status__in=VISIBLE_TO_AGENCIES,
                meeting__invited_agencies=user.agency_id,
            )
            agencies |= Q(area_id__in=member) & Q(Exists(listed))
    # People named on the case (the allocated IDAA, a keyworker, the fallback worker for the voice), and
    # the representatives of an agency invited to this one case (a specialist service).
    agencies |= Q(pk__in=granted_case_ids(user)) | Q(pk__in=invited_case_ids(user))
    rule |= agencies & still_with_agencies()
    # A declared conflict of interest removes access everywhere.
    conflicted = ConflictOfInterest.objects.active().filter(user=user, case=OuterRef("pk"))
    return rule & ~Q(Exists(conflicted))


def cases_for_user(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(user)).select_related("area", "victim")


def case_get_for_user(user: User, case_id: int | str) -> Case:
    try:
        return cases_for_user(user).get(pk=int_or_404(case_id))
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def case_history(case: Case) -> QuerySet[Referral]:
    return (
        case.referrals.filter(status=ReferralStatus.RECEIVED)
        .select_related("referring_agency", "checklist__instrument")
        .order_by("-submitted_at")
    )


def incoming_transfers(user: User) -> QuerySet[CaseTransfer]:
    return (
        CaseTransfer.objects.filter(
            status=TransferStatus.PENDING, to_area_id__in=area_ids_for(user, COORDINATING_ROLES)
        )
        .select_related("case", "from_area", "to_area", "requested_by")
        .order_by("requested_at")
    )


def transfer_get_for_user(user: User, transfer_id: int | str) -> CaseTransfer:
    """The sending or receiving coordinators may see a transfer."""
    areas = area_ids_for(user, COORDINATING_ROLES)
    try:
        return (
            CaseTransfer.objects.filter(Q(to_area_id__in=areas) | Q(from_area_id__in=areas))
            .select_related("case", "from_area", "to_area", "new_case")
            .get(pk=int_or_404(transfer_id))
        )
    except CaseTransfer.DoesNotExist as exc:
        raise Http404 from exc


def listed_meeting(case: Case) -> Meeting | None:
    """The next meeting ``case`` is listed for (the case page says which), or None. One query."""
    return Meeting.objects.filter(items__case=case, status__in=UPCOMING_MEETINGS).order_by("date", "pk").first()
