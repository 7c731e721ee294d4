"""Read queries for meetings and agendas (visibility decided here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from cases.grants.selectors import granted_area_ids, granted_case_ids, invited_case_ids
from cases.meetings.order.rules import hearing_flag
from cases.meetings.providers import outstanding_counts, persistent_since
from cases.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CaseParty,
    CaseTransfer,
    ConflictOfInterest,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesCase,
    MinutesScope,
    MinutesStatus,
    PartyRole,
    Referral,
    ReferralStatus,
    TransferStatus,
)
from cases.needs import selectors as needs_selectors
from cases.needs.selectors import Suggestion, active_flags
from cases.selectors import VISIBLE_TO_AGENCIES, case_still_with_agencies, cases_for_user, user_coordinates
from marac import request_cache
from marac.http import int_or_404
from marac.models import Agency, AgencyKind, MaracArea, Membership, Role, User
from marac.roles import AGENCY_CASE_ROLES, COORDINATING_ROLES, INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for


def meetings_for_user(user: User) -> QuerySet[Meeting]:
    """Coordinators and chairs see their areas' meetings; an agency's
    representatives the circulated meetings it is invited to, in their areas;
    people named on a case (``cases.models.grants``), and the representatives of an agency invited to
    one case (``cases.models.needs``), the circulated meetings where that case is listed, and on them
    only that case (``agenda_items_for_user``)."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    coordinated = area_ids_for(user, COORDINATING_ROLES)
    member = area_ids_for(user, AGENCY_CASE_ROLES)
    rule = Q(area_id__in=coordinated)
    if user.agency_id:
        invited = Meeting.invited_agencies.through.objects.filter(meeting=OuterRef("pk"), agency_id=user.agency_id)
        rule |= Q(Exists(invited), area_id__in=member, status__in=VISIBLE_TO_AGENCIES)
        # An agency invited to one case on the agenda (a specialist service): that case only.
        asked = AgendaItem.objects.filter(meeting=OuterRef("pk"), case_id__in=invited_case_ids(user))
        rule |= Q(Exists(asked), area_id__in=member, status__in=VISIBLE_TO_AGENCIES)
    named = AgendaItem.objects.filter(meeting=OuterRef("pk"), case_id__in=granted_case_ids(user))
    rule |= Q(Exists(named), status__in=VISIBLE_TO_AGENCIES)
    # An agenda lists only its own area's cases, so every meeting the rule lets through is in one of these
    # areas: said first, as constants, the (area, date) index is read for them alone (measured at 1,000,000
    # cases: the past meetings of the list were looked for in every area of the country, 47 ms).
    areas = sorted({*coordinated, *member, *granted_area_ids(user)})
    return Meeting.objects.filter(Q(area_id__in=areas) & rule).select_related("area")


def invited_to_a_case_on(user: User, meeting: Meeting) -> bool:
    """Is the user's agency invited to one of the meeting's cases alone (a specialist service)?"""
    return meeting.items.filter(case_id__in=invited_case_ids(user)).exists()


def sees_whole_agenda(user: User, meeting: Meeting) -> bool:
    """Does the user see every case on the meeting's agenda (less their conflicts)?
    The area's coordinators and chairs, and the representatives of an invited
    agency; anyone else who sees the meeting sees only the cases they are named on."""
    if user_coordinates(user, meeting.area_id):
        return True
    agency_id = user.agency_id
    if agency_id is None or meeting.area_id not in area_ids_for(user, INVITED_AGENCY_ROLES):
        return False
    return request_cache.cached(
        ("invited", meeting.pk, agency_id), lambda: meeting.invited_agencies.filter(pk=agency_id).exists()
    )


def meeting_get_for_user(user: User, meeting_id: int | str) -> Meeting:
    try:
        return meetings_for_user(user).get(pk=int_or_404(meeting_id))
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def upcoming_meetings(user: User, *, coordinating_only: bool = False, limit: int = 10) -> QuerySet[Meeting]:
    meetings = meetings_for_user(user)
    if coordinating_only:
        meetings = meetings.filter(area_id__in=area_ids_for(user, COORDINATING_ROLES))
    return (
        meetings.filter(date__gte=timezone.localdate())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")[:limit]
    )


@dataclass
class AgendaRow:
    item: AgendaItem
    starts_at: datetime
    minutes: int
    flags: list[str] = field(default_factory=list)
    needs_cover: bool = False
    # Specialist services the case's needs suggest inviting (for the coordinators only).
    suggested: list[Suggestion] = field(default_factory=list)


@dataclass
class Agenda:
    meeting: Meeting
    rows: list[AgendaRow]
    total_minutes: int
    over_by: int
    ends_at: datetime


def _not_conflicted(user: User) -> Q:
    """Agenda items whose case the user has no conflict of interest in force on."""
    return ~Q(Exists(ConflictOfInterest.objects.active().filter(user=user, case=OuterRef("case_id"))))


def agenda_items_for_user(meeting: Meeting, user: User) -> QuerySet[AgendaItem]:
    """The meeting's items the user may see: all of them for those who see the whole agenda, the cases
    they are named on for anyone else, never those they declared a conflict on. The agenda, the
    attendance page and every change to one case on the agenda start from these (a hidden case answers
    404)."""
    items = meeting.items.filter(_not_conflicted(user))
    if user_coordinates(user, meeting.area_id):
        return items
    # Everyone else loses a case closed longer ago than the access period (ADR 0005).
    items = items.filter(case_still_with_agencies())
    if not sees_whole_agenda(user, meeting):
        items = items.filter(Q(case_id__in=granted_case_ids(user)) | Q(case_id__in=invited_case_ids(user)))
    return items


def agenda_item_get_for_user(meeting: Meeting, user: User, item_id: int | str) -> AgendaItem:
    try:
        items = agenda_items_for_user(meeting, user).select_related("meeting", "case__victim", "mapping_agency")
        return items.get(pk=int_or_404(item_id))
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


def conflicts_to_review(user: User, meeting: Meeting) -> QuerySet[ConflictOfInterest]:
    """The conflicts in force on the meeting's cases, for the area's coordinators and chairs to review or
    withdraw. None on a case the viewer declared a conflict on (its reference is not shown to them), so
    never their own."""
    if not user_coordinates(user, meeting.area_id):
        return ConflictOfInterest.objects.none()
    return (
        ConflictOfInterest.objects.active()
        .filter(case__agenda_items__in=agenda_items_for_user(meeting, user).values("pk"))
        .select_related("case", "user", "user__agency")
        .order_by("case__reference", "declared_at", "id")
    )


def conflict_get_to_review(user: User, meeting: Meeting, conflict_id: int | str) -> ConflictOfInterest:
    try:
        return conflicts_to_review(user, meeting).get(pk=int_or_404(conflict_id))
    except ConflictOfInterest.DoesNotExist as exc:
        raise Http404 from exc


def _agenda_items(meeting: Meeting, user: User) -> list[Any]:
    """The meeting's items in order, less those the user declared a conflict on, with what the flags need."""
    transferred = CaseTransfer.objects.filter(new_case=OuterRef("case_id"), status=TransferStatus.ACCEPTED)
    return list(
        agenda_items_for_user(meeting, user)
        .annotate(transferred_from=Subquery(transferred.values("from_area__name")[:1]))
        .select_related("case", "case__victim", "mapping_agency")
        .prefetch_related(
            Prefetch("case__parties", queryset=CaseParty.objects.only("id", "case_id", "role")),
            Prefetch(
                "case__referrals",
                queryset=Referral.objects.filter(status=ReferralStatus.RECEIVED).only(
                    "id", "case_id", "is_repeat", "submitted_at"
                ),
                to_attr="received_referrals",
            ),
        )
        .order_by("position", "id")
    )


def _items_needing_cover(meeting: Meeting) -> set[int]:
    """Items whose case someone declared a conflict of interest on: their agency may need cover."""
    return {
        row[0]
        for row in ConflictOfInterest.objects.active()
        .filter(case__agenda_items__meeting=meeting)
        .values_list("case__agenda_items__id")
    }


def _item_flags(
    item: Any, outstanding: int, meeting_date: date, since: date | None = None, needs: tuple[str, ...] = ()
) -> list[str]:
    """What the chair should know before a case is heard (an item from ``_agenda_items``)."""
    referrals: list[Any] = getattr(item.case, "received_referrals", [])
    flags = []
    heard = hearing_flag(item.case.last_heard_on, meeting_date)
    if heard is not None:
        flags.append(heard)  # "Repeat: heard <date>", or "12 months since last MARAC"
    if any(r.is_repeat for r in referrals) and not (heard or "").startswith("Repeat"):
        flags.append("Repeat")
    if any(p.role == PartyRole.CHILD for p in item.case.parties.all()):
        flags.append("Children in the household")
    if item.ppmt_mapping:
        flags.append(f"Full PPMT mapping: {item.mapping_agency.name}" if item.mapping_agency else "Full PPMT mapping")
    if item.transferred_from:
        flags.append(f"Transferred in from {item.transferred_from}")
    # The survivor's needs (interpreter, honour-based abuse...): cases.needs, set at receipt and by the agencies.
    flags.extend(needs)
    if outstanding:
        flags.append(f"{outstanding} outstanding action{'s' if outstanding != 1 else ''} from earlier meetings")
    if since is not None:
        flags.append(not_completed_flag(since))
    return flags


def not_completed_flag(since: date) -> str:
    """The flag of a case with an action persistently not completed (agreed on ``since``)."""
    return f"Not completed since {date_format(since, 'j F Y')}"


def agenda_for(meeting: Meeting, user: User) -> Agenda:
    """The agenda with time slots and flags, in a constant number of queries.

    Cases the user has declared a conflict of interest on are left out.
    """
    cover = _items_needing_cover(meeting)
    items = _agenda_items(meeting, user)
    outstanding = outstanding_counts(items)
    # Persistent non-completion: for the chair and the coordinators, who take it up.
    coordinating = user_coordinates(user, meeting.area_id)
    persistent = persistent_since(items) if coordinating else {}
    case_ids = [item.case_id for item in items]
    needs = active_flags(case_ids)
    suggested = needs_selectors.suggestions(meeting.area_id, case_ids, meeting) if coordinating else {}
    rows: list[AgendaRow] = []
    clock = timezone.make_aware(datetime.combine(meeting.date, meeting.start_time))
    for item in items:
        minutes = item.minutes or meeting.minutes_per_case
        flags = _item_flags(
            item, outstanding.get(item.pk, 0), meeting.date, persistent.get(item.pk), tuple(needs.get(item.case_id, []))
        )
        rows.append(
            AgendaRow(
                item=item,
                starts_at=clock,
                minutes=minutes,
                flags=flags,
                needs_cover=item.pk in cover,
                suggested=suggested.get(item.case_id, []),
            )
        )
        clock += timedelta(minutes=minutes)
    total = sum(row.minutes for row in rows)
    return Agenda(
        meeting=meeting,
        rows=rows,
        total_minutes=total,
        over_by=max(0, total - meeting.planned_minutes),
        ends_at=clock,
    )


def invitable_agencies(meeting: Meeting) -> QuerySet[Agency]:
    """Agencies a coordinator may invite to ``meeting``: the area's core
    agencies, agencies whose staff hold a role in the area, specialist
    services (often regional or national), and those already invited. Not
    every agency in the country: a national deployment has thousands."""
    members = Membership.objects.filter(area_id=meeting.area_id, is_active=True, user__agency_id=OuterRef("pk"))
    invited = Meeting.invited_agencies.through.objects.filter(meeting_id=meeting.pk, agency_id=OuterRef("pk"))
    core = MaracArea.core_agencies.through.objects.filter(maracarea_id=meeting.area_id, agency_id=OuterRef("pk"))
    return Agency.objects.filter(is_active=True).filter(
        Q(Exists(core)) | Q(Exists(members)) | Q(Exists(invited)) | Q(kind=AgencyKind.SPECIALIST)
    )


def research_due_for(user: User, *, limit: int = 10) -> QuerySet[Meeting]:
    """Circulated meetings the user's agency is invited to whose research deadline is ahead."""
    return (
        meetings_for_user(user)
        .filter(status=MeetingStatus.CIRCULATED, research_deadline__gte=timezone.now())
        .order_by("research_deadline")[:limit]
    )


def minuted_items_for_user(user: User, *, shared: bool = False) -> QuerySet[AgendaItem]:
    """The agenda items whose minutes, and what agencies shared at the meeting, the user may read.

    The minutes' rule, decided here and nowhere else (the minutes and the perpetrator's pattern read
    through it): the area's coordinators and chairs, every item; the representatives of an agency that
    sees the meeting, once its minutes are distributed, the items their agency attended (all of them if
    present or deputising, the ticked ones if present for some, none after apologies or absence); the
    people named on a case, its items once the minutes are distributed. Never a case the user declared
    a conflict of interest on.

    With ``shared``, the items whose shared information the user may read wherever it is shown (the
    perpetrator's pattern): the same, less, for everyone but the coordinators and chairs, the meetings
    whose minutes go out as actions only (``Meeting.minutes_scope``), whose readers receive the actions
    and never what was shared.
    """
    if not user.is_authenticated:
        return AgendaItem.objects.none()
    rule = Q(meeting__area_id__in=area_ids_for(user, COORDINATING_ROLES))
    distributed = Q(meeting__minutes__status=MinutesStatus.DISTRIBUTED)
    if shared:
        distributed &= Q(meeting__minutes_scope=MinutesScope.FULL)
    representing = area_ids_for(user, INVITED_AGENCY_ROLES)
    if user.agency_id and representing:
        attended = Attendance.objects.filter(meeting=OuterRef("meeting_id"), agency_id=user.agency_id)
        rule |= Q(
            Q(Exists(attended.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY])))
            | Q(Exists(attended.filter(status=AttendanceStatus.PARTIAL, cases_attended=OuterRef("pk")))),
            distributed,
            case_still_with_agencies(),
            meeting__area_id__in=representing,
            meeting__in=meetings_for_user(user).values("pk"),
        )
    # The people named on a case follow its plan: its items, once the minutes are distributed.
    rule |= Q(distributed, case_still_with_agencies(), case_id__in=granted_case_ids(user))
    return AgendaItem.objects.filter(rule & _not_conflicted(user))


def minutes_for_user(user: User, meeting: Meeting) -> tuple[Minutes, list[MinutesCase]]:
    """The minutes a user may read: the general section for the area's coordinators and chairs, and
    once distributed for everyone else invited; the cases ``minuted_items_for_user`` allows."""
    try:
        minutes = Minutes.objects.get(meeting=meeting)
    except Minutes.DoesNotExist as exc:
        raise Http404 from exc
    if not user_coordinates(user, meeting.area_id) and (
        minutes.status != MinutesStatus.DISTRIBUTED or not user.agency_id
    ):
        raise Http404
    cases = list(
        minutes.cases.filter(item__in=minuted_items_for_user(user).filter(meeting=meeting).values("pk"))
        .select_related("item", "item__case")
        .order_by("item__position")
    )
    return minutes, cases


def require_running_meeting(user: User, meeting: Meeting) -> None:
    if not meetings_for_user(user).filter(pk=meeting.pk).exists():
        raise Http404
    if not user_coordinates(user, meeting.area_id):
        raise Http404  # the live meeting is the chair's and coordinator's page


def require_running_item(user: User, item: AgendaItem) -> None:
    """The chair's and coordinator's, and never a case they declared a conflict on."""
    require_running_meeting(user, item.meeting)
    if not cases_for_user(user).filter(pk=item.case_id).exists():
        raise Http404


def is_chair(user: User, meeting: Meeting) -> bool:
    return Membership.objects.filter(user=user, area_id=meeting.area_id, role=Role.CHAIR, is_active=True).exists()
