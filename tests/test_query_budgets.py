"""Query budgets: every main page and API endpoint reads in a constant number of queries.

Two worlds of the same shape are built once for this module by
``build_world(n)``: a small one (n = 2) and a large one (n = 7). The large one
has more of every row the pages list: cases on the agenda and people in each
case, referrals on a case and referrals waiting in each list, research entries
per PPMT stage, information shared at the meeting, actions and their updates,
invited agencies and their attendance, language prompts, notifications,
meetings, MARAC areas and audit events.

Each case below is one page (or API endpoint) seen by one user: it is
requested once in each world to warm up (the session, the two-factor device,
first-request caches), then again with the queries counted, and the two counts
must be exactly equal. A page whose count grows with the rows it lists has an
N+1: fix it in the selector or view (``select_related``, ``prefetch_related``,
one aggregate), never by loosening the budget here.

The worlds are built inside a transaction that is rolled back when the module
ends, and each test runs in a savepoint of its own (pytest-django's ``db``), so
whatever a request changes (an audit event, a notification read, a case's
timer started) is undone after each test and the worlds stay as built.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from actions import services as action_services
from actions.models import Action, ActionFocus, ActionStatus
from cases import services as case_services
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.meetings.minutes import services as minutes_services
from cases.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Case,
    Meeting,
    MeetingStatus,
    Notification,
    PartyRole,
    Person,
    Referral,
    ReferralStatus,
)
from cases.referrals import services
from governance.services import referral_review_record
from marac import audit
from marac.models import Agency, AgencyKind, AuditVerb, MaracArea, Role, User
from ppmt import services as research_services
from ppmt.models import ResearchEntry, SharedInformation
from ppmt.stages import PpmtStage
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, MembershipFactory
from tests.referral_helpers import (
    backdate_submission,
    draft_referral,
    fresh,
    member,
    perpetrator_details,
    received_referral,
    submitted_referral,
    unique_family_name,
    victim_details,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 7
SIZES = (SMALL, LARGE)

# Text the language check prompts about (so the worlds hold language prompt events).
BLAMING = "She allowed him back into the house."

_world_numbers = itertools.count(1)


@dataclass
class World:
    """One MARAC area and what its pages list, ``n`` of each."""

    n: int
    area: MaracArea
    users: dict[str, User]
    tokens: dict[str, str]
    case: Case  # on every meeting, with n referrals and n - 1 children
    perpetrator: Person  # causing harm in every case, with n aliases
    last_meeting: Meeting  # held two weeks ago: attendance recorded, minutes distributed
    next_meeting: Meeting  # circulated, research open
    item: AgendaItem  # the case on the next meeting: research, voice, shared information, actions
    received: Referral  # the case's first referral
    repeat: Referral  # the case's latest referral, a repeat of the n - 1 before it
    submitted: Referral  # waiting for the coordinator to receive it: n + 1 people to match
    draft: Referral  # the practitioner's draft: n + 1 people to match on the check page
    action: Action  # owned by police, with n updates
    quarter: str  # the quarter the last meeting was held in


@dataclass
class _Setting:
    """What every step of ``build_world`` needs."""

    n: int
    today: date
    held_on: date
    area: MaracArea
    police: Agency
    housing: Agency
    specialists: list[Agency]
    agencies: list[Agency]  # the area's core agencies, invited to every meeting
    users: dict[str, User]

    @property
    def coordinator(self) -> User:
        return self.users["coordinator"]


def _children(count: int, given_names: str = "Kim", stem: str = "Testchild") -> list[dict[str, Any]]:
    return [
        {
            "given_names": given_names,
            "family_name": unique_family_name(stem),
            "date_of_birth": date(2016, 5, 1 + k),
            "role": PartyRole.CHILD,
            "school": "Test primary school",
        }
        for k in range(count)
    ]


def _deadline(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day - timedelta(days=2), time(17, 0)))


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _held_meeting(area: MaracArea, day: date, agencies: list[Agency], *, status: str = MeetingStatus.HELD) -> Meeting:
    """A meeting in the past (the services only schedule meetings ahead)."""
    meeting = Meeting.objects.create(
        area=area, date=day, start_time=time(10, 0), research_deadline=_deadline(day), status=status
    )
    meeting.invited_agencies.set(agencies)
    return meeting


def _action(s: _Setting, item: AgendaItem, due: date, focus: str = ActionFocus.SURVIVOR) -> Action:
    return action_services.action_create(
        user=s.coordinator,
        case=item.case,
        item=item,
        description=f"Visit the survivor to review the safety plan. {BLAMING}",
        owner_agency=s.police,
        focus=focus,
        due_date=due,
        joint_agencies=[s.housing, s.specialists[0]],
    )


def _setting(n: int) -> _Setting:
    """The area, its agencies (n specialist services among them) and one user in each role."""
    tag = f"budget {next(_world_numbers)}"
    police = AgencyFactory(name=f"Police ({tag})", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=f"Housing ({tag})", kind=AgencyKind.HOUSING)
    idaa_service = AgencyFactory(name=f"IDAA service ({tag})", kind=AgencyKind.IDAA)
    childrens = AgencyFactory(name=f"Children and families ({tag})", kind=AgencyKind.CHILDREN_FAMILIES)
    specialists = [AgencyFactory(name=f"Specialist {k} ({tag})", kind=AgencyKind.SPECIALIST) for k in range(n)]
    coordination = AgencyFactory(name=f"MARAC coordination ({tag})", kind=AgencyKind.MARAC)
    area = MaracAreaFactory(meetings_ahead=2, adult_female_population=50_000)
    agencies = [police, housing, idaa_service, childrens, *specialists]
    area.core_agencies.set(agencies)
    meeting_services.meetings_schedule_ahead(area)
    today = timezone.localdate()
    return _Setting(
        n=n,
        today=today,
        held_on=today - timedelta(days=14),
        area=area,
        police=police,
        housing=housing,
        specialists=specialists,
        agencies=agencies,
        users={
            "coordinator": member(Role.COORDINATOR, area, agency=coordination),
            "chair": member(Role.CHAIR, area, agency=coordination),
            "representative": member(Role.REPRESENTATIVE, area, agency=police),
            "housing": member(Role.REPRESENTATIVE, area, agency=housing),
            "practitioner": member(Role.PRACTITIONER, area, agency=police),
            "idaa": member(Role.IDAA, area, agency=idaa_service),
            "governance": member(Role.GOVERNANCE, area),
            "administrator": member(Role.ADMINISTRATOR, area, is_staff=True),
        },
    )


def _referrals(s: _Setting) -> dict[str, list[Referral]]:
    """n cases, each naming the same person causing harm (so his pattern spans
    n cases), the first with n - 1 children and n referrals; n referrals in
    each of the lists (to receive, to check, drafts)."""
    n, users = s.n, s.users
    coordinator, rep, practitioner = s.coordinator, users["representative"], users["practitioner"]
    harm = perpetrator_details(aliases=[f"Benny {unique_family_name('Testalias')}" for _ in range(n)])
    victims = [victim_details() for _ in range(n)]
    received = [
        received_referral(
            practitioner,
            s.area,
            representative=rep,
            coordinator=coordinator,
            victim=victim,
            perpetrators=[harm],
            children=_children(n - 1 if i == 0 else 1),
            risks_to_professionals="He has threatened staff on home visits.",
        )
        for i, victim in enumerate(victims)
    ]
    repeats = [  # filed on the first case
        received_referral(
            practitioner, s.area, representative=rep, coordinator=coordinator, victim=victims[0], perpetrators=[harm]
        )
        for _ in range(n - 1)
    ]
    cases = [referral.case for referral in received]
    conflicted = member(Role.REPRESENTATIVE, s.area, agency=s.police)
    for case in cases[1:]:  # the agenda shows each as needing another representative
        meeting_services.conflict_declare(user=conflicted, case=case, connection="knows")
    for referral in received[1:]:
        referral_review_record(user=coordinator, referral=referral, inappropriate=True, feedback="See the criteria.")

    # Waiting to be received: the first names n - 1 children, whom the referrer
    # linked to the first case's children (names unlike theirs, so the
    # coordinator is offered the linked records as well as fuzzy matches).
    to_receive = draft_referral(
        practitioner, s.area, perpetrators=[harm], children=_children(n - 1, given_names="Lee", stem="Qvornchild")
    )
    known = Person.objects.filter(case_parties__case=cases[0], case_parties__role=PartyRole.CHILD).order_by("pk")
    described = to_receive.people.filter(role=PartyRole.CHILD).order_by("position", "id")
    for child, record in zip(described, known, strict=True):
        services.referral_person_link(
            user=practitioner, referral=fresh(to_receive), person=child, existing_id=record.pk
        )
    services.referral_mark_ready(user=practitioner, referral=fresh(to_receive))
    services.referral_submit(user=rep, referral=fresh(to_receive))
    submitted = [
        submitted_referral(practitioner, s.area, representative=rep, perpetrators=[harm]) for _ in range(n - 1)
    ]
    for _ in range(n):
        services.referral_mark_ready(user=practitioner, referral=draft_referral(practitioner, s.area))
    drafts = [draft_referral(practitioner, s.area, perpetrators=[harm], children=_children(n - 1)) for _ in range(n)]
    return {"received": received, "repeats": repeats, "submitted": [fresh(to_receive), *submitted], "drafts": drafts}


def _hold_last_meeting(s: _Setting, cases: list[Case], received: list[Referral]) -> tuple[Meeting, Action]:
    """Held two weeks ago with every case: attendance of every agency, shared
    information, actions owned by police (later, due soon, overdue, completed,
    one with n updates), minutes approved and distributed."""
    n, today, coordinator, chair, rep = s.n, s.today, s.coordinator, s.users["chair"], s.users["representative"]
    last = _held_meeting(s.area, s.held_on, s.agencies, status=MeetingStatus.SCHEDULED)
    items = [AgendaItem.objects.create(meeting=last, case=case, position=i + 1) for i, case in enumerate(cases)]
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
        _action(s, item, today + timedelta(days=30), ActionFocus.PERPETRATOR)
    for _ in range(n):
        _action(s, items[0], today + timedelta(days=3))
    overdue = [_action(s, items[0], today) for _ in range(n)]
    Action.objects.filter(pk__in=[a.pk for a in overdue]).update(due_date=today - timedelta(days=10))
    for _ in range(n):
        done = _action(s, items[0], today + timedelta(days=20), ActionFocus.CHILD)
        action_services.action_update(user=rep, action=done, status=ActionStatus.COMPLETED, note="Visited.")
    action = _action(s, items[0], today + timedelta(days=40))
    for k in range(n):
        status = ActionStatus.IN_PROGRESS if k % 2 == 0 else ActionStatus.OPEN
        action_services.action_update(user=rep, action=action, status=status, note=f"Update {k}")
    minutes = live_services.meeting_close(user=coordinator, meeting=last)
    minutes_services.minutes_approve(user=chair, minutes=minutes)
    minutes_services.minutes_distribute(user=coordinator, minutes=minutes)
    return last, action


def _prepare_next_meeting(s: _Setting, case: Case) -> AgendaItem:
    """The next meeting (every case was listed on it when received), circulated:
    n - 1 police findings per stage (some restricted, some amended), housing's
    restricted findings, the survivor's voice, and n pieces of shared
    information and n actions on the first case."""
    n, users, stages = s.n, s.users, list(PpmtStage)
    rep, housing_rep = users["representative"], users["housing"]
    listed = AgendaItem.objects.select_related("meeting").get(case=case, meeting__status=MeetingStatus.SCHEDULED)
    meeting = listed.meeting
    meeting_services.agenda_circulate(user=s.coordinator, meeting=meeting, expected_version=None)
    item = AgendaItem.objects.select_related("meeting", "case").get(pk=listed.pk)
    for stage in stages:
        for k in range(n - 1):
            entry = research_services.research_entry_save(
                user=rep,
                item=item,
                stage=stage,
                text=f"Police finding {k}. {BLAMING if k == 0 else ''}",
                lawful_basis="safeguarding",
                information_date=s.today - timedelta(days=k + 1),
                restricted=k == 1,
                restricted_to=[s.housing, s.specialists[0]] if k == 1 else [],
                restriction_reason="A live investigation" if k == 1 else "",
            )
            if k % 2 == 0:  # amended: the earlier version is kept as history
                research_services.research_entry_save(
                    user=rep,
                    item=item,
                    stage=stage,
                    text=f"Police finding {k}, amended.",
                    lawful_basis="safeguarding",
                    replaces=entry,
                )
        research_services.research_entry_save(
            user=housing_rep,
            item=item,
            stage=stage,
            text=f"Housing finding ({stage}).",
            lawful_basis="public_task",
            restricted=True,
            restricted_to=[s.police],
            restriction_reason="Third-party information",
        )
    research_services.research_submit(user=rep, item=item)
    research_services.research_submit(user=housing_rep, item=item)
    for other in meeting.items.exclude(pk=item.pk):
        research_services.research_entry_save(
            user=rep, item=other, stage=PpmtStage.PATTERN, text="Known to police.", lawful_basis="safeguarding"
        )
        research_services.research_submit(user=rep, item=other)
        research_services.research_not_known(user=housing_rep, item=other)
    for each in meeting.items.all():
        research_services.survivor_voice_save(
            user=users["idaa"],
            item=each,
            data={
                "contact_made": True,
                "views_and_wishes": "She wants to stay in her home.",
                "fears": "That he will find her.",
                "strengths": "She keeps a safe phone.",
                "childrens_voice": "The children want to stay at their school.",
            },
            expected_version=None,
        )
    for k in range(n):
        live_services.shared_add(
            user=users["chair"], item=item, agency=s.housing, stage=stages[k % 5], text=f"Shared now {k}. {BLAMING}"
        )
        focus = ActionFocus.PERPETRATOR if k % 2 else ActionFocus.SURVIVOR
        _action(s, item, s.today + timedelta(days=14 + k), focus)
    return item


def _more_meetings(s: _Setting, cases: list[Case]) -> None:
    """n extra meetings ahead, circulated, and n - 1 more held in the weeks
    before the last one; the first case is on every one of them."""
    for k in range(s.n):
        extra = meeting_services.meeting_add_extra(
            user=s.coordinator,
            area=s.area,
            day=s.today + timedelta(days=70 + k),
            start_time=time(14, 0),
            planned_minutes=60,
        )
        for position, case in enumerate(dict.fromkeys([cases[0], cases[k]]), start=1):
            AgendaItem.objects.create(meeting=extra, case=case, position=position)
        meeting_services.agenda_circulate(user=s.coordinator, meeting=extra, expected_version=None)
    for k in range(s.n - 1):
        earlier = _held_meeting(s.area, s.held_on - timedelta(days=7 * (k + 1)), s.agencies)
        for position, case in enumerate(dict.fromkeys([cases[0], cases[k]]), start=1):
            AgendaItem.objects.create(meeting=earlier, case=case, position=position)
        Attendance.objects.create(
            meeting=earlier, agency=s.police, status=AttendanceStatus.PRESENT, recorded_by=s.coordinator
        )


def _more_areas(s: _Setting) -> None:
    """n - 1 more areas, coordinated by the same coordinator and reviewed by the
    same governance member, each with a meeting held on the same day and a case
    sent to the first area (the victim moved)."""
    for _ in range(s.n - 1):
        area = MaracAreaFactory(meetings_ahead=2, adult_female_population=20_000)
        area.core_agencies.set([s.police, s.housing])
        meeting_services.meetings_schedule_ahead(area)
        MembershipFactory(user=s.coordinator, area=area, role=Role.COORDINATOR)
        MembershipFactory(user=s.users["governance"], area=area, role=Role.GOVERNANCE)
        held = _held_meeting(area, s.held_on, [s.police, s.housing])
        item = AgendaItem.objects.create(meeting=held, case=CaseFactory(area=area), position=1)
        Attendance.objects.create(
            meeting=held, agency=s.police, status=AttendanceStatus.PRESENT, recorded_by=s.coordinator
        )
        Action.objects.create(
            case=item.case,
            item=item,
            owner_agency=s.police,
            description="Visit",
            focus=ActionFocus.SURVIVOR,
            due_date=s.today,
            created_by=s.coordinator,
        )
        moving = CaseFactory(area=area)
        case_services.case_transfer_request(user=s.coordinator, case=moving, to_area=s.area, note="She has moved.")


def build_world(n: int) -> World:
    """The world of size ``n``, built through the services as the pages would."""
    s = _setting(n)
    referrals = _referrals(s)
    received = referrals["received"]
    cases = [referral.case for referral in received if referral.case is not None]
    last_meeting, action = _hold_last_meeting(s, cases, received)
    item = _prepare_next_meeting(s, cases[0])
    _more_meetings(s, cases)
    _more_areas(s)
    for user in s.users.values():  # notifications and sign-ins for everyone
        for k in range(n):
            Notification.objects.create(user=user, message=f"Notice {k}", link="/", dedupe_key=f"budget-{k}")
            audit.record(actor=user, verb=AuditVerb.SIGN_IN)
    return World(
        n=n,
        area=s.area,
        users=s.users,
        tokens={key: Token.objects.create(user=s.users[key]).key for key in ("representative", "governance")},
        case=cases[0],
        perpetrator=Person.objects.get(case_parties__case=cases[0], case_parties__role=PartyRole.PERPETRATOR),
        last_meeting=last_meeting,
        next_meeting=item.meeting,
        item=item,
        received=received[0],
        repeat=fresh(referrals["repeats"][-1]),
        submitted=referrals["submitted"][0],
        draft=referrals["drafts"][0],
        action=action,
        quarter=_quarter(s.held_on),
    )


@pytest.fixture(scope="module")
def worlds(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[int, World]]:
    """Both worlds, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {n: build_world(n) for n in SIZES}
        transaction.set_rollback(True)


# --- Measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page or endpoint, requested by one of the world's users."""

    name: str
    user: str
    url: Callable[[World], str]
    method: str = "get"
    data: dict[str, Any] | None = None
    status: int = 200


def _client(world: World, user: str, url: str) -> Client:
    """The API as agency systems use it (a token); the pages as a person does (signed in, two-factor done)."""
    if url.startswith("/api/"):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[user]}")
        return api
    return sign_in_verified(Client(), world.users[user])


def page_queries(world: World, page: Page) -> list[str]:
    """The SQL of one request to ``page`` in ``world``, after a warm-up request."""
    url = page.url(world)
    send = getattr(_client(world, page.user, url), page.method)
    kwargs = {"data": page.data, "format": "json"} if page.data is not None else {}
    assert send(url, **kwargs).status_code == page.status, url
    with CaptureQueriesContext(connection) as captured:
        response = send(url, **kwargs)
    assert response.status_code == page.status, url
    return [query["sql"] for query in captured.captured_queries]


def _shape(sql: str) -> str:
    """A query with its literal values (and savepoint names) taken out, to compare two worlds' queries."""
    sql = re.sub(r'"s\d+_x\d+"', "?", sql)
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(?...)", sql)


def _difference(small: list[str], large: list[str]) -> str:
    more = Counter(map(_shape, large)) - Counter(map(_shape, small))
    fewer = Counter(map(_shape, small)) - Counter(map(_shape, large))
    lines = [f"{count} more x {sql[:400]}" for sql, count in more.most_common()]
    lines += [f"{count} fewer x {sql[:400]}" for sql, count in fewer.most_common()]
    return "\n".join(lines)


def _meeting(name: str, *, last: bool = False) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[(w.last_meeting if last else w.next_meeting).pk])


def _item(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.next_meeting.pk, w.item.pk])


def _governance(name: str, area: str | None = None) -> Callable[[World], str]:
    return lambda w: f"{reverse(name)}?area={area or w.area.pk}&quarter={w.quarter}"


ROLES = ("coordinator", "chair", "representative", "practitioner", "idaa", "governance", "administrator")

PAGES = [
    *[Page(f"home-{role}", role, lambda w: reverse("home")) for role in ROLES],
    Page("case", "coordinator", lambda w: reverse("case-detail", args=[w.case.pk])),
    Page("case-representative", "representative", lambda w: reverse("case-detail", args=[w.case.pk])),
    Page("case-transfer", "coordinator", lambda w: reverse("case-transfer", args=[w.case.pk])),
    Page("meeting-list", "coordinator", lambda w: reverse("meeting-list")),
    Page("meeting-list-representative", "representative", lambda w: reverse("meeting-list")),
    Page("meeting", "coordinator", _meeting("meeting-detail")),
    Page("meeting-representative", "representative", _meeting("meeting-detail")),
    Page("attendance", "coordinator", _meeting("meeting-attendance", last=True)),
    Page("live-item", "chair", _item("live-item")),
    Page("agenda-item", "coordinator", _item("agenda-item")),
    Page("minutes", "coordinator", _meeting("meeting-minutes", last=True)),
    Page("minutes-representative", "representative", _meeting("meeting-minutes", last=True)),
    Page("minutes-partial-attendance", "housing", _meeting("meeting-minutes", last=True)),
    Page("agenda-pdf", "coordinator", _meeting("agenda-pdf")),
    Page("minutes-pdf", "coordinator", _meeting("minutes-pdf", last=True)),
    Page("research-tracker", "coordinator", _meeting("research-tracker")),
    Page("research-item", "representative", _item("research-item")),
    Page("survivor-voice", "idaa", _item("survivor-voice")),
    *[
        Page(f"actions-{show}", "representative", lambda w, show=show: f"{reverse('action-list')}?show={show}")
        for show in ("outstanding", "due", "overdue", "completed", "all")
    ],
    Page("actions-coordinator", "coordinator", lambda w: f"{reverse('action-list')}?show=all"),
    Page("action", "representative", lambda w: reverse("action-detail", args=[w.action.pk])),
    Page("actions-csv", "representative", lambda w: f"{reverse('action-export-csv')}?show=all"),
    Page("actions-pdf", "representative", lambda w: f"{reverse('action-export-pdf')}?show=all"),
    Page("referral-list", "coordinator", lambda w: reverse("referral-list")),
    Page("referral-list-representative", "representative", lambda w: reverse("referral-list")),
    Page("referral-list-practitioner", "practitioner", lambda w: reverse("referral-list")),
    Page("referral-received", "coordinator", lambda w: reverse("referral-detail", args=[w.received.public_id])),
    Page("referral-repeat", "coordinator", lambda w: reverse("referral-detail", args=[w.repeat.public_id])),
    Page("referral-to-receive", "coordinator", lambda w: reverse("referral-detail", args=[w.submitted.public_id])),
    Page("referral-check", "practitioner", lambda w: reverse("referral-check", args=[w.draft.public_id])),
    Page("person-pattern", "coordinator", lambda w: reverse("person-pattern", args=[w.perpetrator.pk])),
    Page("notifications", "representative", lambda w: reverse("notification-list")),
    Page("governance", "governance", _governance("governance-dashboard")),
    Page("governance-all-areas", "governance", _governance("governance-dashboard", "all")),
    Page("governance-csv", "governance", _governance("governance-csv", "all")),
    Page("governance-pdf", "governance", _governance("governance-pdf", "all")),
    Page("audit-log", "administrator", lambda w: reverse("audit-log")),
    Page("audit-log-sign-ins", "administrator", lambda w: f"{reverse('audit-log')}?verb={AuditVerb.SIGN_IN}"),
    Page("api-referrals", "representative", lambda w: reverse("api-referrals")),
    Page("api-referral", "representative", lambda w: reverse("api-referral", args=[w.received.public_id])),
    Page("api-meetings", "representative", lambda w: reverse("api-meetings")),
    Page("api-agenda", "representative", lambda w: reverse("api-agenda", args=[w.next_meeting.pk])),
    Page("api-research", "representative", lambda w: reverse("api-item-research", args=[w.next_meeting.pk, w.item.pk])),
    Page("api-actions", "representative", lambda w: f"{reverse('api-actions')}?show=all"),
    # The actions API has no GET on an action's updates: agency systems post them.
    Page(
        "api-action-update",
        "representative",
        lambda w: reverse("api-action-updates", args=[w.action.pk]),
        method="post",
        data={"status": ActionStatus.IN_PROGRESS, "note": "Still in hand"},
        status=201,
    ),
    Page("api-governance", "governance", _governance("api-governance", "all")),
]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_query_count_does_not_grow_with_rows(worlds: dict[int, World], page: Page) -> None:
    small, large = (page_queries(worlds[n], page) for n in SIZES)
    assert len(small) == len(large), (
        f"{page.name}: {len(small)} queries with n={SMALL}, {len(large)} with n={LARGE}\n{_difference(small, large)}"
    )


def test_the_large_world_has_more_of_every_row(worlds: dict[int, World]) -> None:
    """The budgets above mean something only if the large world lists more."""
    for n, world in worlds.items():
        assert world.next_meeting.items.count() == n
        assert world.last_meeting.minutes.cases.count() == n
        assert world.last_meeting.attendance.count() == 4 + n
        assert world.case.referrals.filter(status=ReferralStatus.RECEIVED).count() == n
        assert world.case.parties.filter(role=PartyRole.CHILD).count() == n - 1
        assert world.perpetrator.case_parties.count() == n
        assert world.submitted.people.count() == 2 + (n - 1)
        assert world.draft.people.count() == 2 + (n - 1)
        police_entries = ResearchEntry.objects.filter(
            submission__item=world.item, submission__agency=world.users["representative"].agency
        )
        assert police_entries.filter(stage=PpmtStage.PATTERN, superseded_by__isnull=True).count() == n - 1
        assert SharedInformation.objects.filter(item=world.item).count() == n
        assert Action.objects.filter(item=world.item).count() == n
        assert world.action.updates.count() == 1 + n
        assert world.case.language_prompts.count() >= n
        assert Notification.objects.filter(user=world.users["representative"]).count() >= n
        assert world.users["governance"].memberships.count() == n
        assert world.users["coordinator"].memberships.count() == n
        assert world.area.transfers_in.count() == n - 1
        assert world.perpetrator.aliases.count() == n
        assert world.case.agenda_items.count() == 2 + n + (n - 1)
        assert Referral.objects.filter(area=world.area, status=ReferralStatus.SUBMITTED).count() == n
