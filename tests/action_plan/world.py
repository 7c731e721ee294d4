"""A case heard twice, with actions of several agencies, for the action plan's tests.

- ``first`` (60 days ago): police present, housing sent a deputy, health sent apologies, education was
  present for some cases (not this one); probation is never invited. Agreed there: a police action due
  30 days ago (still open), a housing action shared with health (due in 10 days), a health action, and
  a police action marked not completed.
- ``second`` (14 days ago): the case heard again, everyone present; nothing agreed.
- ``next``: the area's next meeting, circulated, with the case listed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from actions.models import Action, ActionFocus, ActionStatus
from cases.models import AttendanceStatus, Case, Meeting
from marac.models import Agency, AgencyKind, MaracArea, Role, User
from tests.builders import circulated_meeting, held_meeting, list_case, meeting_on, past_action, record_attendance
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member


@dataclass
class PlanWorld:
    area: MaracArea
    case: Case
    first: Meeting
    second: Meeting
    next: Meeting
    agencies: dict[str, Agency]
    users: dict[str, User]
    actions: dict[str, Action]
    today: date


def build_plan_world(today: date) -> PlanWorld:
    kinds = {
        "police": AgencyKind.POLICE,
        "housing": AgencyKind.HOUSING,
        "health": AgencyKind.HEALTH,
        "education": AgencyKind.EDUCATION,
        "probation": AgencyKind.JUSTICE,
        "coordination": AgencyKind.MARAC,
    }
    a = {key: AgencyFactory(name=f"Plan {key}", kind=kind) for key, kind in kinds.items()}
    area = MaracAreaFactory(meetings_ahead=0)
    invited = [a["police"], a["housing"], a["health"], a["education"]]
    area.core_agencies.set(invited)
    u = {
        "coordinator": member(Role.COORDINATOR, area, agency=a["coordination"]),
        "chair": member(Role.CHAIR, area, agency=a["coordination"]),
        **{key: member(Role.REPRESENTATIVE, area, agency=a[key]) for key in kinds if key != "coordination"},
    }
    u["housing_practitioner"] = member(Role.PRACTITIONER, area, agency=a["housing"])
    case = CaseFactory(area=area)
    first = held_meeting(area, today - timedelta(days=60), agencies=invited)
    item = list_case(first, case)
    other = list_case(first)
    statuses = {
        a["police"]: AttendanceStatus.PRESENT,
        a["housing"]: AttendanceStatus.DEPUTY,
        a["health"]: AttendanceStatus.APOLOGIES,
        a["education"]: AttendanceStatus.PARTIAL,
    }
    [*_, education] = record_attendance(first, statuses, recorded_by=u["coordinator"])
    education.cases_attended.set([other])
    second = held_meeting(area, today - timedelta(days=14), agencies=invited, cases=[case])
    record_attendance(second, dict.fromkeys(invited, AttendanceStatus.PRESENT), recorded_by=u["coordinator"])
    by = u["coordinator"]
    actions = {
        "police": past_action(
            item, owner=a["police"], due=today - timedelta(days=30), focus=ActionFocus.PERPETRATOR, created_by=by
        ),
        "housing": past_action(
            item, owner=a["housing"], due=today + timedelta(days=10), focus=ActionFocus.SURVIVOR, created_by=by
        ),
        "health": past_action(
            item, owner=a["health"], due=today + timedelta(days=20), focus=ActionFocus.CHILD, created_by=by
        ),
        "refused": past_action(
            item,
            owner=a["police"],
            due=today + timedelta(days=5),
            focus=ActionFocus.PERPETRATOR,
            created_by=by,
            status=ActionStatus.NOT_COMPLETED,
        ),
    }
    actions["housing"].joint_agencies.set([a["health"]])
    upcoming = meeting_on(area, today + timedelta(days=7), agencies=invited)
    upcoming = circulated_meeting(area, by=by, cases=[case], meeting=upcoming)
    return PlanWorld(area, case, first, second, upcoming, a, u, actions, today)
