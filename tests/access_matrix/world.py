"""The world of the access matrix: one MARAC area with a case in each situation.

Built once for the test module through the services (as the pages would), and
rolled back at its end. The personas are in ``personas.py``; the situations:

- ``draft``: a referral the practitioner is drafting (no case yet);
- ``submitted``: a referral drafted by the practitioner and sent by the police
  representative, waiting for the coordinator;
- ``listed``: a case (from a received referral the practitioner drafted) on the
  next meeting's circulated agenda, with police research, an action owned by
  police; the keyworker practitioner and the allocated IDAA are given it;
- ``heard``: a case heard at a meeting held two weeks ago (attendance recorded,
  minutes distributed), with an action owned by police;
- ``closed``: a case heard at that meeting and then closed;
- ``expired``: a case heard at that meeting and closed longer ago than the
  access period (``MARAC_ACCESS_AFTER_CLOSURE_MONTHS``): only the area's
  coordinators and chairs still hold it;
- ``transferred``: a case of a third area being transferred to this one;
- ``restricted``: a case on the circulated agenda with housing's finding
  restricted to health (no persona's agency may read it);
- ``conflict``: a case on the circulated agenda on which the coordinator and
  the conflicted representative declared a conflict of interest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from actions.models import Action
from cases import services as case_services
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.meetings.minutes import services as minutes_services
from cases.models import (
    AgendaItem,
    AttendanceStatus,
    Case,
    CaseStatus,
    CaseTransfer,
    CloseReason,
    GrantKind,
    Meeting,
    PartyRole,
    Person,
    Process,
    ProcessLink,
    Referral,
)
from cases.selectors import months_before
from cases.status import services as status_services
from marac.accounts import services as account_services
from marac.models import Agency, AgencyKind, MaracArea, Role, User
from marac.tokens import services as token_services
from ppmt import services as research_services
from tests.builders import action_for, circulated_meeting, finding, list_cases, meeting_on, person_in_case
from tests.builders.grants import named_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import draft_referral, fresh, member, received_referral, submitted_referral

SITUATIONS = ("draft", "submitted", "listed", "heard", "closed", "expired", "transferred", "restricted", "conflict")

# Housing's finding on the restricted case, restricted to health: its text must appear to no persona.
RESTRICTED_TEXT = "Qzrestricted finding: he is under a live covert investigation."


def grant_keyworker(case: Case, user: User) -> None:
    """Name ``user`` (a practitioner) keyworker on ``case``: THE ONE PLACE the matrix makes this grant,
    through the per-case grants service (named by the area's coordinator)."""
    named_on(case, user, GrantKind.KEYWORKER)


def allocate_idaa(case: Case, user: User) -> None:
    """Allocate ``user`` (an IDAA) to ``case``: THE ONE PLACE the matrix makes this allocation, through
    the per-case grants service (by the area's coordinator)."""
    named_on(case, user, GrantKind.IDAA)


@dataclass
class Situation:
    """The objects of one situation (those it has)."""

    name: str
    referral: Referral | None = None
    case: Case | None = None
    meeting: Meeting | None = None
    item: AgendaItem | None = None
    action: Action | None = None
    transfer: CaseTransfer | None = None
    person: Person | None = None  # the person causing harm


@dataclass
class MatrixWorld:
    area: MaracArea
    other_area: MaracArea
    users: dict[str, User]
    situations: dict[str, Situation]
    agencies: dict[str, Agency] = field(default_factory=dict)
    # Account pages' objects: the representative's API token, a police service account, an invitation.
    accounts: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Situation:
        return self.situations[name]


def _agencies() -> dict[str, Agency]:
    kinds = {
        "police": AgencyKind.POLICE,
        "housing": AgencyKind.HOUSING,
        "idaa": AgencyKind.IDAA,
        "health": AgencyKind.HEALTH,
        "education": AgencyKind.EDUCATION,
        "coordination": AgencyKind.MARAC,
    }
    return {key: AgencyFactory(name=f"Matrix {key}", kind=kind) for key, kind in kinds.items()}


def _people(area: MaracArea, other: MaracArea, a: dict[str, Agency]) -> dict[str, User]:
    return {
        "coordinator": member(Role.COORDINATOR, area, agency=a["coordination"]),
        "chair": member(Role.CHAIR, area, agency=a["coordination"]),
        "representative": member(Role.REPRESENTATIVE, area, agency=a["police"]),
        "uninvited_rep": member(Role.REPRESENTATIVE, area, agency=a["education"]),
        "practitioner": member(Role.PRACTITIONER, area, agency=a["police"]),
        "keyworker": member(Role.PRACTITIONER, area, agency=a["police"]),
        "idaa": member(Role.IDAA, area, agency=a["idaa"]),
        "idaa_unallocated": member(Role.IDAA, area, agency=a["idaa"]),
        "governance": member(Role.GOVERNANCE, area),
        # As the demo's: a superuser with the administrator role (a superuser passes every
        # django-guardian check, so this persona guards against "superusers see every case").
        "administrator": member(Role.ADMINISTRATOR, area, is_staff=True, is_superuser=True),
        "other_coordinator": member(Role.COORDINATOR, other, agency=a["coordination"]),
        "other_rep": member(Role.REPRESENTATIVE, other, agency=a["police"]),  # same agency, other area
        "conflicted": member(Role.REPRESENTATIVE, area, agency=a["police"]),
        # Helpers, not personas: housing writes the restricted finding.
        "housing_rep": member(Role.REPRESENTATIVE, area, agency=a["housing"]),
    }


def _held_meeting(area: MaracArea, invited: list[Agency], u: dict[str, User], cases: list[Case]) -> Meeting:
    """Held two weeks ago, run and closed through the services: attendance, actions, minutes distributed."""
    held = meeting_on(area, timezone.localdate() - timedelta(days=14), agencies=invited)
    list_cases(held, cases)
    live_services.meeting_start(user=u["coordinator"], meeting=held)
    for agency in invited:
        meeting_services.attendance_record(
            user=u["coordinator"],
            meeting=held,
            agency=agency,
            status=AttendanceStatus.PRESENT,
            attendee_names="A representative",
            cases_attended=[],
        )
    return held


def _close_held(held: Meeting, u: dict[str, User]) -> None:
    minutes = live_services.meeting_close(user=u["coordinator"], meeting=held)
    minutes_services.minutes_approve(user=u["chair"], minutes=minutes)
    minutes_services.minutes_distribute(user=u["coordinator"], minutes=minutes)


def _access_period_passes(case: Case) -> None:
    """The clock moves on: the case was closed a day longer ago than the agencies' access period."""
    closed_at = months_before(timezone.now(), settings.MARAC_ACCESS_AFTER_CLOSURE_MONTHS) - timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(closed_at=closed_at)


def _harm(case: Case, area: MaracArea) -> Person:
    return person_in_case(area, case=case, role=PartyRole.PERPETRATOR)


def build_matrix_world() -> MatrixWorld:
    """The area, its people and one case (or referral) in each situation."""
    a = _agencies()
    area, other, third = (MaracAreaFactory(meetings_ahead=2) for _ in range(3))
    invited = [a["police"], a["housing"], a["idaa"], a["health"]]
    area.core_agencies.set(invited)  # invited to every meeting; education never is
    u = _people(area, other, a)
    rep, practitioner, coordinator = u["representative"], u["practitioner"], u["coordinator"]
    s = {name: Situation(name) for name in SITUATIONS}

    s["draft"].referral = draft_referral(practitioner, area)
    s["submitted"].referral = submitted_referral(practitioner, area, representative=rep)
    received = received_referral(practitioner, area, representative=rep, coordinator=coordinator)
    assert received.case is not None
    listed = AgendaItem.objects.select_related("meeting").get(case=received.case)
    on_agenda = {name: CaseFactory(area=area, status=CaseStatus.LISTED) for name in ("restricted", "conflict")}
    items = dict(zip(on_agenda, list_cases(listed.meeting, on_agenda.values()), strict=True))
    meeting = circulated_meeting(area, by=coordinator, meeting=listed.meeting)
    items["listed"] = AgendaItem.objects.select_related("meeting", "case").get(pk=listed.pk)
    s["listed"].referral = received
    for name, item in items.items():
        s[name].case, s[name].meeting, s[name].item = item.case, meeting, item
        s[name].person = _harm(item.case, area) if name != "listed" else None
    s["listed"].person = Person.objects.get(case_parties__case=received.case, case_parties__role=PartyRole.PERPETRATOR)
    finding(items["listed"], by=rep, text="Police know him: two call-outs this year.")
    finding(
        items["restricted"],
        by=u["housing_rep"],
        text=RESTRICTED_TEXT,
        restricted=True,
        restricted_to=[a["health"]],
        restriction_reason="A live investigation",
    )
    research_services.research_submit(user=u["housing_rep"], item=items["restricted"])
    due = timezone.localdate() + timedelta(days=21)
    for name in ("listed", "conflict"):
        s[name].action = action_for(items[name], by=coordinator, owner=a["police"], due=due)
    for who in (coordinator, u["conflicted"]):
        meeting_services.conflict_declare(user=who, case=items["conflict"].case, connection="knows", meeting=meeting)
    grant_keyworker(received.case, u["keyworker"])
    allocate_idaa(received.case, u["idaa"])

    heard_cases = {name: CaseFactory(area=area, status=CaseStatus.LISTED) for name in ("heard", "closed", "expired")}
    held = _held_meeting(area, invited, u, list(heard_cases.values()))
    for name, case in heard_cases.items():
        item = AgendaItem.objects.select_related("meeting", "case").get(meeting=held, case=case)
        s[name].case, s[name].meeting, s[name].item, s[name].person = case, held, item, _harm(case, area)
        s[name].action = action_for(item, by=coordinator, owner=a["police"], due=due)
    _close_held(held, u)
    # Heard at the held meeting (its close marked the cases heard), then closed by the coordinator.
    for name in ("closed", "expired"):
        closed = heard_cases[name]
        closed.refresh_from_db()
        status_services.case_close(
            user=coordinator,
            case=closed,
            reason=CloseReason.PLAN_COMPLETE,
            reason_text="",
            expected_version=closed.version,
            open_actions_understood=True,
        )
    _access_period_passes(heard_cases["expired"])

    moving = CaseFactory(area=third)
    third_coordinator = member(Role.COORDINATOR, third, agency=a["coordination"])
    s["transferred"].transfer = case_services.case_transfer_request(
        user=third_coordinator, case=moving, to_area=area, note="She has moved."
    )
    s["transferred"].case, s["transferred"].person = moving, _harm(moving, third)
    for situation in s.values():
        if situation.case is not None:  # an open link to another process (the page that ends it)
            ProcessLink.objects.create(
                case=situation.case, process=Process.MAPPA, started_on=timezone.localdate(), recorded_by=coordinator
            )
        if situation.referral is not None:
            situation.referral = fresh(situation.referral)
        if situation.case is not None:
            situation.case.refresh_from_db()
    return MatrixWorld(area=area, other_area=other, users=u, situations=s, agencies=a, accounts=_accounts(area, u, a))


def _accounts(area: MaracArea, u: dict[str, User], a: dict[str, Agency]) -> dict[str, Any]:
    """The representative's own API token, a police service account and an invitation they sent."""
    rep = u["representative"]
    token, _ = token_services.issue_token(
        actor=rep, owner=rep, name="Case system", scopes=["actions:read"], verified=True
    )
    service = member(Role.REPRESENTATIVE, area, agency=a["police"], is_service_account=True)
    invitation = account_services.invite_user(
        actor=rep,
        email="new.officer@police.example",
        full_name="New Officer",
        job_title="Constable",
        agency=a["police"],
        area=area,
        role=Role.PRACTITIONER,
    )
    return {"token": token, "service": service, "invitation": invitation}
