"""Reads for the feedback after a hearing. The outcome page's caller has already checked the user may
see the case (``cases.selectors.case_get_for_user``); the meeting must be one that heard it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from cases.models import (
    Attendance,
    Case,
    CaseGrant,
    ConflictOfInterest,
    FrontlineInformed,
    GrantKind,
    Meeting,
    MeetingStatus,
    Referral,
    ReferralStatus,
)
from marac.http import int_or_404
from marac.models import Agency, Membership, Role, User
from marac.roles import INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for


def heard_meeting_get(case: Case, meeting_id: int | str) -> Meeting:
    """The meeting ``meeting_id`` if it heard ``case`` (held, with the case on its agenda); 404 otherwise."""
    try:
        return Meeting.objects.select_related("area").get(
            pk=int_or_404(meeting_id), area_id=case.area_id, status=MeetingStatus.HELD, items__case=case
        )
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def hearings_of(case: Case) -> list[Meeting]:
    """The held meetings that heard ``case``, newest first: the case page links each to its outcome page.
    One query."""
    return list(
        Meeting.objects.filter(area_id=case.area_id, status=MeetingStatus.HELD, items__case=case).order_by(
            "-date", "-pk"
        )
    )


def hearing_recipients(meeting: Meeting) -> dict[int, list[int]]:
    """Who is told each case on ``meeting``'s agenda was heard, by case id: the practitioners who drafted
    (and the representatives who sent) the referrals received on it, and its keyworkers; each once,
    active accounts only, none who declared a conflict of interest on the case. Four queries."""
    case_ids = list(meeting.items.values_list("case_id", flat=True))
    wanted: dict[int, set[int]] = defaultdict(set)
    referrals = Referral.objects.filter(case_id__in=case_ids, status=ReferralStatus.RECEIVED)
    for case_id, drafted_by, submitted_by in referrals.values_list("case_id", "drafted_by_id", "submitted_by_id"):
        assert case_id is not None
        wanted[case_id].update(pk for pk in (drafted_by, submitted_by) if pk is not None)
    keyworkers = CaseGrant.objects.filter(content_object_id__in=case_ids, permission__codename=str(GrantKind.KEYWORKER))
    for case_id, user_id in keyworkers.values_list("content_object_id", "user_id"):
        wanted[case_id].add(user_id)
    everyone = {pk for users in wanted.values() for pk in users}
    active = set(User.objects.filter(pk__in=everyone, is_active=True).values_list("pk", flat=True))
    conflicted = set(ConflictOfInterest.objects.active().filter(case_id__in=case_ids).values_list("case_id", "user_id"))
    told = {
        case_id: sorted(pk for pk in users if pk in active and (case_id, pk) not in conflicted)
        for case_id, users in wanted.items()
    }
    return {case_id: users for case_id, users in told.items() if users}


def coordinator_contacts(area_id: int) -> list[User]:
    """The area's coordinators (active), whom the outcome page names as the contact: one query."""
    coordinates = Membership.objects.filter(user=OuterRef("pk"), area_id=area_id, role=Role.COORDINATOR, is_active=True)
    return list(User.objects.filter(Exists(coordinates), is_active=True).order_by("full_name", "pk")[:5])


def table_agencies(meeting: Meeting) -> list[Agency]:
    """The agencies invited to ``meeting`` or recorded as attending it: one query."""
    attended = Attendance.objects.filter(meeting=meeting, agency=OuterRef("pk"))
    invited = Meeting.invited_agencies.through.objects.filter(meeting=meeting, agency=OuterRef("pk"))
    return list(Agency.objects.filter(Q(Exists(invited)) | Q(Exists(attended))).order_by("name", "pk"))


def at_the_table(meeting: Meeting, agency_id: int) -> bool:
    """Whether the agency was invited to ``meeting`` or attended it."""
    return (
        meeting.invited_agencies.filter(pk=agency_id).exists()
        or Attendance.objects.filter(meeting=meeting, agency_id=agency_id).exists()
    )


def may_record_frontline(user: User, case: Case, meeting: Meeting) -> bool:
    """A representative in the case's area, of an agency invited to (or attending) the meeting."""
    if user.agency_id is None or case.area_id not in area_ids_for(user, INVITED_AGENCY_ROLES):
        return False
    return at_the_table(meeting, user.agency_id)


def frontline_records(case: Case, meeting: Meeting) -> list[FrontlineInformed]:
    """Every agency's record that its frontline staff were told, with who recorded it: one query."""
    return list(
        FrontlineInformed.objects.filter(case=case, meeting=meeting)
        .select_related("agency", "recorded_by")
        .order_by("agency__name", "pk")
    )


@dataclass(frozen=True)
class AgencyTold:
    """One agency at the table, and its record that frontline staff were told (None: not yet)."""

    agency: Agency
    record: FrontlineInformed | None


def agencies_told(meeting: Meeting, records: list[FrontlineInformed]) -> list[AgencyTold]:
    """For the coordinators: each agency at the table (and any other that recorded), recorded or not."""
    by_agency = {record.agency_id: record for record in records}
    agencies = table_agencies(meeting)
    seen = {agency.pk for agency in agencies}
    agencies += [record.agency for record in records if record.agency_id not in seen]
    return [AgencyTold(agency, by_agency.get(agency.pk)) for agency in agencies]
