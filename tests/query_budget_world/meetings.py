"""The meetings of a query-budget world: the last one held, the next one
circulated with its research, more meetings either side and more areas."""

from __future__ import annotations

import itertools
from datetime import time, timedelta

from actions import services as action_services
from actions.models import Action, ActionFocus, ActionStatus
from cases import services as case_services
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.meetings.minutes import services as minutes_services
from cases.meetings.schedule import meeting_add_extra, meetings_schedule_ahead
from cases.models import AgendaItem, AttendanceStatus, Case, Meeting, MeetingStatus, Referral
from marac.models import Role
from ppmt import services as research_services
from ppmt.models import LawfulBasis
from ppmt.stages import PpmtStage
from tests.builders import (
    circulated_meeting,
    finding,
    held_meeting,
    list_case,
    list_cases,
    meeting_on,
    past_action,
    record_attendance,
    submitted_research,
    survivor_voice,
)
from tests.factories import CaseFactory, MaracAreaFactory, MembershipFactory
from tests.query_budget_world.setting import BLAMING, Setting, police_action
from tests.referral_helpers import backdate_submission


def hold_last_meeting(s: Setting, cases: list[Case], received: list[Referral]) -> tuple[Meeting, Action]:
    """Held two weeks ago with every case: attendance of every agency, shared
    information, actions owned by police (later, due soon, overdue, completed,
    one with n updates), minutes approved and distributed."""
    n, today, coordinator, chair, rep = s.n, s.today, s.coordinator, s.users["chair"], s.users["representative"]
    # Scheduled two weeks ago: it is started, run and closed through the services below.
    last = meeting_on(s.area, s.held_on, agencies=s.agencies)
    items = list_cases(last, cases)
    for referral in received:
        backdate_submission(referral, s.held_on - timedelta(days=7))
    live_services.meeting_start(user=coordinator, meeting=last)
    others = itertools.cycle(
        [AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT]
    )
    for agency in s.agencies:
        status = {s.police: AttendanceStatus.PRESENT, s.housing: AttendanceStatus.PARTIAL}.get(agency) or next(others)
        meeting_services.attendance_record(
            user=coordinator,
            meeting=last,
            agency=agency,
            status=status,
            attendee_names="A representative",
            cases_attended=items[: max(1, n - 1)] if status == AttendanceStatus.PARTIAL else [],
        )
    stages = list(PpmtStage)
    for k in range(n):
        live_services.shared_add(
            user=chair, item=items[0], agency=s.police, stage=stages[k % 5], text=f"Shared at the last meeting {k}"
        )
    for item in items:
        police_action(s, item, today + timedelta(days=30), ActionFocus.PERPETRATOR)
    for _ in range(n):
        police_action(s, items[0], today + timedelta(days=3))
    overdue = [police_action(s, items[0], today) for _ in range(n)]
    Action.objects.filter(pk__in=[a.pk for a in overdue]).update(due_date=today - timedelta(days=10))
    for _ in range(n):
        police_action(
            s,
            items[0],
            today + timedelta(days=20),
            ActionFocus.CHILD,
            status=ActionStatus.COMPLETED,
            updated_by=rep,
            note="Visited.",
        )
    action = police_action(s, items[0], today + timedelta(days=40))
    for k in range(n):
        status = ActionStatus.IN_PROGRESS if k % 2 == 0 else ActionStatus.OPEN
        action_services.action_update(user=rep, action=action, status=status, note=f"Update {k}")
    minutes = live_services.meeting_close(user=coordinator, meeting=last)
    minutes_services.minutes_approve(user=chair, minutes=minutes)
    minutes_services.minutes_distribute(user=coordinator, minutes=minutes)
    return last, action


def research_every_stage(s: Setting, item: AgendaItem) -> None:
    """n - 1 police findings per stage (the second restricted, every other one
    amended) and one restricted housing finding per stage, both submitted."""
    rep, housing_rep = s.users["representative"], s.users["housing"]
    for stage in PpmtStage:
        for k in range(s.n - 1):
            entry = finding(
                item,
                by=rep,
                stage=stage,
                text=f"Police finding {k}. {BLAMING if k == 0 else ''}",
                information_date=s.today - timedelta(days=k + 1),
                restricted=k == 1,
                restricted_to=[s.housing, s.specialists[0]] if k == 1 else [],
                restriction_reason="A live investigation" if k == 1 else "",
            )
            if k % 2 == 0:  # amended: the earlier version is kept as history
                finding(item, by=rep, stage=stage, text=f"Police finding {k}, amended.", replaces=entry)
        finding(
            item,
            by=housing_rep,
            stage=stage,
            text=f"Housing finding ({stage}).",
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            restricted=True,
            restricted_to=[s.police],
            restriction_reason="Third-party information",
        )
    research_services.research_submit(user=rep, item=item)
    research_services.research_submit(user=housing_rep, item=item)


def prepare_next_meeting(s: Setting, case: Case) -> AgendaItem:
    """The next meeting (every case was listed on it when received), circulated:
    research on every stage for the first case and a line from police on the
    others, the survivor's voice on each, and n pieces of shared information and
    n actions on the first case."""
    users, stages = s.users, list(PpmtStage)
    rep, housing_rep = users["representative"], users["housing"]
    listed = AgendaItem.objects.select_related("meeting").get(case=case, meeting__status=MeetingStatus.SCHEDULED)
    meeting = circulated_meeting(s.area, by=s.coordinator, meeting=listed.meeting)
    item = AgendaItem.objects.select_related("meeting", "case").get(pk=listed.pk)
    research_every_stage(s, item)
    for other in meeting.items.exclude(pk=item.pk):
        submitted_research(other, by=rep, findings=[{"text": "Known to police."}])
        research_services.research_not_known(user=housing_rep, item=other, children_searched=True)
    for each in meeting.items.all():
        survivor_voice(
            each,
            by=users["idaa"],
            views_and_wishes="She wants to stay in her home.",
            fears="That he will find her.",
            strengths="She keeps a safe phone.",
            childrens_voice="The children want to stay at their school.",
        )
    for k in range(s.n):
        live_services.shared_add(
            user=users["chair"], item=item, agency=s.housing, stage=stages[k % 5], text=f"Shared now {k}. {BLAMING}"
        )
        focus = ActionFocus.PERPETRATOR if k % 2 else ActionFocus.SURVIVOR
        police_action(s, item, s.today + timedelta(days=14 + k), focus)
    return item


def more_meetings(s: Setting, cases: list[Case]) -> None:
    """n extra meetings ahead, circulated, and n - 1 more held in the weeks
    before the last one; the first case is on every one of them."""
    for k in range(s.n):
        extra = meeting_add_extra(
            user=s.coordinator,
            area=s.area,
            day=s.today + timedelta(days=70 + k),
            start_time=time(14, 0),
            planned_minutes=60,
        )
        circulated_meeting(s.area, by=s.coordinator, meeting=extra, cases=dict.fromkeys([cases[0], cases[k]]))
    for k in range(s.n - 1):
        earlier = held_meeting(
            s.area,
            s.held_on - timedelta(days=7 * (k + 1)),
            agencies=s.agencies,
            cases=dict.fromkeys([cases[0], cases[k]]),
        )
        record_attendance(earlier, {s.police: AttendanceStatus.PRESENT}, recorded_by=s.coordinator)


def more_areas(s: Setting) -> None:
    """n - 1 more areas, coordinated by the same coordinator and reviewed by the
    same governance member, each with a meeting held on the same day and a case
    sent to the first area (the victim moved)."""
    for _ in range(s.n - 1):
        area = MaracAreaFactory(meetings_ahead=2, adult_female_population=20_000)
        area.core_agencies.set([s.police, s.housing])
        meetings_schedule_ahead(area)
        MembershipFactory(user=s.coordinator, area=area, role=Role.COORDINATOR)
        MembershipFactory(user=s.users["governance"], area=area, role=Role.GOVERNANCE)
        held = held_meeting(area, s.held_on, agencies=[s.police, s.housing])
        item = list_case(held)
        record_attendance(held, {s.police: AttendanceStatus.PRESENT}, recorded_by=s.coordinator)
        past_action(item, owner=s.police, due=s.today, focus=ActionFocus.SURVIVOR, created_by=s.coordinator)
        moving = CaseFactory(area=area)
        case_services.case_transfer_request(user=s.coordinator, case=moving, to_area=s.area, note="She has moved.")
