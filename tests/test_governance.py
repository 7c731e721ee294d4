"""Governance: every figure, worked out by hand from a small hand-built data set.

The data set (``build_world``) has explicit dates in 2026-Q3 (1 July to 30
September 2026, 92 days) and some deliberately outside it, in another area, at
a cancelled meeting, or in an unreceived referral, so that a figure that
counted them would come out wrong. Each expected value below is worked out in
a comment from the table of cases in ``build_world``.

Also: suppression ("fewer than 5") and the ``percent`` rules, the data return
per meeting and its CSV, the API (same figures as ``figures_json``), the PDF,
quarter bounds, access (404 for an area without a governance role), and that a
governance member gets 404 for every case, referral, meeting and action page
and sees no names or case references anywhere in the governance outputs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from actions.models import Action, ActionFocus, ActionStatus
from cases.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Case,
    CaseParty,
    Gender,
    Meeting,
    MeetingStatus,
    PartyRole,
    Person,
    Referral,
    ReferralStatus,
)
from cases.models.transfers import CaseTransfer
from governance.data_return import COLUMNS, data_return_rows
from governance.figures import Figure, Figures, governance_figures, percent
from governance.models import ReferralReview
from governance.views import figures_json, quarter_bounds
from marac.models import Agency, AgencyKind, AuditEvent, AuditVerb, MaracArea, Role, User
from ppmt.models import LanguagePromptEvent, ResearchEntry, ResearchSubmission, SurvivorVoice
from tests.conftest import sign_in_verified
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    MaracAreaFactory,
    MembershipFactory,
    PersonFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.url_helpers import flat_patterns

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
Q3_START, Q3_END = date(2026, 7, 1), date(2026, 9, 30)
QUARTER = "2026-Q3"
FEWER = "fewer than 5"

POLICE = "Police (governance test)"
HOUSING = "Housing (governance test)"
HEALTH = "Health (governance test)"
SCHOOL = "School (governance test)"

# Every person's name carries one of these, every case reference starts with REF_PREFIX:
# none may appear in any governance output.
NAME_MARKERS = ("Vicgiven", "Vicfamily", "Kidgiven", "Kidfamily", "Harmgiven", "Harmfamily")
REF_PREFIX = "GOVT-"


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on a day, London time (``__date`` lookups use the London date)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def unsuppressed(n: int) -> Figure:
    return Figure(n, suppress=False)


@dataclass
class World:
    area: MaracArea
    other_area: MaracArea
    agencies: dict[str, Agency]
    meetings: dict[str, Meeting]
    cases: dict[str, Case]
    items: dict[str, AgendaItem]
    referrals: dict[str, Referral]
    actions: dict[str, Action]
    coordinator: User
    governance: User
    people: list[Person] = field(default_factory=list)
    transfer: CaseTransfer | None = None


def build_world() -> World:
    """The hand-built data set. Meeting dates: M0 17 Jun (held, Q2), M1 15 Jul (held),
    M2 19 Aug (held), MX 16 Sep (cancelled). Ages are at the meeting date.

    case  heard  victim                               latest received referral ≤ meeting   children  perpetrator
    C1    M1     woman 30, bme no                     police 30 Jun 23:30 (15 days)         2         adult
    C2    M1     woman 17, bme yes                    police 1 Jul 00:30 BST (14 days)      0         aged 17
    C3    M1     man 40, lgbt yes                     housing 5 Jul REPEAT (10 days)        0         no dob
    C4    M1     woman 34 (35 tomorrow), bme prefer   health 8 Jul REPEAT (7 days)          1
                 not, disabled yes
    C5    M1     woman 28                             police 10 Jul (5 days)                0         17 at M1 only
    C6    M0+M1  woman 32, lgbt prefer not            police 3 Jul REPEAT (12 days)         1
                                                      (also 1 Jun before M0; 20 Jul after M1)
    C7    M1     gender prefer not, no dob, blanks    school 13 Jul (2 days)                0
    C8    M1     gender blank, 45, bme yes            police 14 Jul REPEAT (1 day)          2
    C9    M2     woman 26                             police 5 Aug REPEAT (14 days)         1
    C10   M2     woman 56, disabled yes               housing 10 Aug (9 days)               0
    C11   M2     woman 16                             health 12 Aug (7 days)                0
    C12   M2     woman 66                             none (transferred in)                 0
    C13   MX     man 17, bme yes (cancelled: out)     police 1 Sep REPEAT                   2
    C14   M0     man 17 (Q2 only: out)                police 2 Jun REPEAT                   1         aged 15
    C15   -      (not heard)                          police 30 Sep 23:30 BST (in Q3)
    C16   -      (not heard)                          police 1 Oct 00:30 BST (= 30 Sep UTC: out)
    Other area: one held meeting in Q3 with a male victim, received referral, action, prompt.
    """
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    health = AgencyFactory(name=HEALTH, kind=AgencyKind.HEALTH)
    school = AgencyFactory(name=SCHOOL, kind=AgencyKind.EDUCATION)
    area = MaracAreaFactory(name="Governance test MARAC", adult_female_population=50_000, action_escalation_days=7)
    other_area = MaracAreaFactory(name="Another test MARAC", adult_female_population=90_000)
    area.core_agencies.set([police, housing, health])

    coordinator = UserFactory(agency=police)
    MembershipFactory(user=coordinator, area=area, role=Role.COORDINATOR)
    other_coordinator = UserFactory(agency=police)
    MembershipFactory(user=other_coordinator, area=other_area, role=Role.COORDINATOR)
    # The governance member works for the police, the agency that referred most of these
    # cases and is invited to every meeting: still no case page may open for them.
    governance = UserFactory(agency=police, full_name="Governance Member")
    MembershipFactory(user=governance, area=area, role=Role.GOVERNANCE)
    TOTPDeviceFactory(user=governance)

    people: list[Person] = []

    def meeting(day: date, status: str = MeetingStatus.HELD, *, where: MaracArea = area) -> Meeting:
        m = Meeting.objects.create(
            area=where,
            date=day,
            start_time=time(10, 0),
            research_deadline=at(day - timedelta(days=2), 17),
            status=status,
        )
        m.invited_agencies.set([police, housing, health])
        return m

    m0 = meeting(date(2026, 6, 17))
    m1 = meeting(date(2026, 7, 15))
    m2 = meeting(date(2026, 8, 19))
    mx = meeting(date(2026, 9, 16), MeetingStatus.CANCELLED)
    mb = meeting(date(2026, 7, 22), where=other_area)

    def person(prefix: str, key: str, **fields: Any) -> Person:
        p = PersonFactory(given_names=f"{prefix}given{key}", family_name=f"{prefix}family{key}", **fields)
        people.append(p)
        return p

    def case(
        key: str,
        *,
        gender: str = Gender.WOMAN,
        born: date | None,
        bme: str = "no",
        lgbt: str = "no",
        disabled: str = "no",
        children: int = 0,
        where: MaracArea = area,
    ) -> Case:
        victim = person(
            "Vic", key, gender=gender, date_of_birth=born, black_or_minoritised=bme, lgbt=lgbt, disabled=disabled
        )
        c = CaseFactory(area=where, reference=f"{REF_PREFIX}{key}", victim=victim)
        for n in range(children):
            kid = person("Kid", f"{key}x{n}", date_of_birth=date(2018, 1, 1 + n), gender="")
            CaseParty.objects.create(case=c, person=kid, role=PartyRole.CHILD)
        return c

    def perpetrator(c: Case, key: str, born: date | None) -> Person:
        p = person("Harm", key, gender=Gender.MAN, date_of_birth=born)
        CaseParty.objects.create(case=c, person=p, role=PartyRole.PERPETRATOR)
        return p

    cases = {
        "C1": case("C1", born=date(1996, 3, 10), children=2),
        "C2": case("C2", born=date(2009, 1, 20), bme="yes"),
        "C3": case("C3", gender=Gender.MAN, born=date(1986, 5, 1), lgbt="yes"),
        "C4": case("C4", born=date(1991, 7, 16), bme="prefer_not", disabled="yes", children=1),
        "C5": case("C5", born=date(1998, 1, 1)),
        "C6": case("C6", born=date(1994, 2, 2), lgbt="prefer_not", children=1),
        "C7": case("C7", gender=Gender.PREFER_NOT, born=None, bme="", lgbt="", disabled=""),
        "C8": case("C8", gender=Gender.NOT_RECORDED, born=date(1980, 9, 9), bme="yes", children=2),
        "C9": case("C9", born=date(1999, 12, 12), children=1),
        "C10": case("C10", born=date(1970, 1, 1), disabled="yes"),
        "C11": case("C11", born=date(2010, 3, 3)),
        "C12": case("C12", born=date(1960, 6, 6)),
        "C13": case("C13", gender=Gender.MAN, born=date(2009, 1, 1), bme="yes", children=2),
        "C14": case("C14", gender=Gender.MAN, born=date(2009, 2, 2), children=1),
        "C15": case("C15", born=date(1990, 1, 1)),
        "C16": case("C16", born=date(1990, 1, 1)),
        "B1": case("B1", gender=Gender.MAN, born=date(2009, 4, 4), bme="yes", children=3, where=other_area),
    }
    perpetrator(cases["C1"], "P3", date(1990, 1, 1))  # adult
    perpetrator(cases["C2"], "P1", date(2009, 5, 5))  # 17 at M1 and at 30 Sep
    perpetrator(cases["C3"], "P4", None)  # age not recorded
    perpetrator(cases["C5"], "P2", date(2008, 8, 1))  # 17 at M1 (15 Jul), 18 from 1 Aug
    perpetrator(cases["C14"], "P5", date(2011, 1, 1))  # 15, but heard only in Q2
    perpetrator(cases["B1"], "P6", date(2010, 1, 1))  # 16, another area

    items: dict[str, AgendaItem] = {}
    for position, key in enumerate(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"], start=1):
        items[key] = AgendaItem.objects.create(meeting=m1, case=cases[key], position=position)
    for position, key in enumerate(["C9", "C10", "C11", "C12"], start=1):
        items[key] = AgendaItem.objects.create(meeting=m2, case=cases[key], position=position)
    items["C6@M0"] = AgendaItem.objects.create(meeting=m0, case=cases["C6"], position=1)
    items["C14@M0"] = AgendaItem.objects.create(meeting=m0, case=cases["C14"], position=2)
    items["C13@MX"] = AgendaItem.objects.create(meeting=mx, case=cases["C13"], position=1)
    items["B1"] = AgendaItem.objects.create(meeting=mb, case=cases["B1"], position=1)

    def referral(
        key: str,
        agency: Agency,
        sent: datetime,
        *,
        repeat: bool = False,
        status: str = ReferralStatus.RECEIVED,
        case_key: str | None = None,
    ) -> Referral:
        c = cases[case_key or key]
        return Referral.objects.create(
            area=c.area,
            case=c if status == ReferralStatus.RECEIVED else None,
            status=status,
            referring_agency=agency,
            drafted_by=coordinator if c.area == area else other_coordinator,
            submitted_at=sent,
            received_at=sent + timedelta(hours=1) if status == ReferralStatus.RECEIVED else None,
            is_repeat=repeat,
        )

    referrals = {
        "C1": referral("C1", police, at(date(2026, 6, 30), 23, 30)),
        "C2": referral("C2", police, at(date(2026, 7, 1), 0, 30)),
        "C3": referral("C3", housing, at(date(2026, 7, 5)), repeat=True),
        "C4": referral("C4", health, at(date(2026, 7, 8)), repeat=True),
        "C5": referral("C5", police, at(date(2026, 7, 10))),
        "C6 first": referral("C6", police, at(date(2026, 6, 1))),
        "C6": referral("C6", police, at(date(2026, 7, 3)), repeat=True),
        "C6 later": referral("C6", police, at(date(2026, 7, 20))),
        "C7": referral("C7", school, at(date(2026, 7, 13))),
        "C8": referral("C8", police, at(date(2026, 7, 14)), repeat=True),
        "C9": referral("C9", police, at(date(2026, 8, 5)), repeat=True),
        "C10": referral("C10", housing, at(date(2026, 8, 10))),
        "C11": referral("C11", health, at(date(2026, 8, 12))),
        "C13": referral("C13", police, at(date(2026, 9, 1)), repeat=True),
        "C14": referral("C14", police, at(date(2026, 6, 2)), repeat=True),
        "C15": referral("C15", police, at(date(2026, 9, 30), 23, 30)),
        "C16": referral("C16", police, at(date(2026, 10, 1), 0, 30)),
        "submitted": referral("C15", police, at(date(2026, 8, 1)), status=ReferralStatus.SUBMITTED),
        "returned": referral("C15", housing, at(date(2026, 8, 2)), status=ReferralStatus.RETURNED),
        "B1": referral("B1", police, at(date(2026, 7, 10)), repeat=True),
    }

    # Attendance: M1 police present, housing partial, health apologies; M2 police present,
    # housing apologies, health invited but nothing recorded. Outside: M0 health absent,
    # the cancelled meeting police absent, the other area's meeting housing absent.
    for m, agency, status in [
        (m1, police, AttendanceStatus.PRESENT),
        (m1, housing, AttendanceStatus.PARTIAL),
        (m1, health, AttendanceStatus.APOLOGIES),
        (m2, police, AttendanceStatus.PRESENT),
        (m2, housing, AttendanceStatus.APOLOGIES),
        (m0, health, AttendanceStatus.ABSENT),
        (mx, police, AttendanceStatus.ABSENT),
        (mb, housing, AttendanceStatus.ABSENT),
    ]:
        Attendance.objects.create(meeting=m, agency=agency, status=status, recorded_by=coordinator)

    def action(
        key: str,
        item_key: str,
        agency: Agency,
        *,
        created: datetime,
        due: date,
        focus: str,
        status: str = ActionStatus.OPEN,
        closed: datetime | None = None,
    ) -> Action:
        item = items[item_key]
        return Action.objects.create(
            case=item.case,
            item=item,
            owner_agency=agency,
            description=f"Action {key}",
            focus=focus,
            due_date=due,
            status=status,
            created_by=coordinator,
            created_at=created,
            closed_at=closed,
        )

    done, gone = ActionStatus.COMPLETED, ActionStatus.NOT_COMPLETED
    m1_at, m2_at = at(m1.date, 11), at(m2.date, 11)
    perp, surv = ActionFocus.PERPETRATOR, ActionFocus.SURVIVOR
    actions = {
        # Police: 6 agreed.
        "A1": action("A1", "C1", police, created=m1_at, due=date(2026, 7, 29), focus=perp, status=done,
                     closed=at(date(2026, 7, 25))),  # on time
        "A2": action("A2", "C2", police, created=m1_at, due=date(2026, 7, 22), focus=perp, status=done,
                     closed=at(date(2026, 7, 23), 0, 30)),  # late: 23 Jul in London (22 Jul in UTC)
        "A3": action("A3", "C3", police, created=m1_at, due=date(2026, 8, 1), focus=perp, status=done,
                     closed=at(date(2026, 8, 10))),  # late
        "A4": action("A4", "C9", police, created=m2_at, due=date(2026, 9, 1), focus=perp),  # overdue, persistent
        "A5": action("A5", "C9", police, created=m2_at, due=date(2026, 10, 15), focus=surv,
                     status=ActionStatus.IN_PROGRESS),  # outstanding, not yet due at 30 Sep
        "A6": action("A6", "C10", police, created=m2_at, due=date(2026, 9, 10), focus=perp, status=gone,
                     closed=at(date(2026, 9, 12))),  # not completed
        # Housing: 3 agreed.
        "H1": action("H1", "C4", housing, created=m1_at, due=date(2026, 7, 31), focus=surv, status=done,
                     closed=at(date(2026, 7, 30))),  # on time
        "H2": action("H2", "C4", housing, created=m1_at, due=date(2026, 8, 15), focus=ActionFocus.CHILD),
        "H3": action("H3", "C10", housing, created=m2_at, due=date(2026, 9, 25), focus=ActionFocus.FAMILY),
        # Health: 2 agreed.
        "X1": action("X1", "C5", health, created=m1_at, due=date(2026, 7, 20), focus=surv,
                     status=ActionStatus.SUPERSEDED),
        "X2": action("X2", "C11", health, created=m2_at, due=date(2026, 9, 23), focus=ActionFocus.PROFESSIONALS),
        # Not agreed in Q3.
        "O1": action("O1", "C6@M0", police, created=at(m0.date, 11), due=date(2026, 6, 20), focus=perp),
        "O2": action("O2", "C9", police, created=at(date(2026, 10, 2)), due=date(2026, 10, 10), focus=perp),
        "B1": action("B1", "B1", police, created=at(mb.date, 11), due=date(2026, 5, 1), focus=perp),
    }  # fmt: skip

    # Survivor's voice and research (the Safe & Together practice indicators).
    def voice(item_key: str, *, strengths: str = "", childrens_voice: str = "") -> None:
        SurvivorVoice.objects.create(
            item=items[item_key],
            contact_made=True,
            strengths=strengths,
            childrens_voice=childrens_voice,
            recorded_by=coordinator,
            recorded_by_agency=police,
        )

    voice("C1", strengths="Keeps a safety plan", childrens_voice="Wants to stay at school")
    voice("C2", strengths="Told a teacher")
    voice("C3", strengths="Changed the locks")
    voice("C4", childrens_voice="Feels safe at nan's")
    voice("C9", strengths="Moved the car")
    voice("C10", strengths="Saved money")
    voice("C13@MX", strengths="Out of the quarter", childrens_voice="Out of the quarter")

    def research(item_key: str, stage: str, *, withdrawn: bool = False) -> ResearchEntry:
        submission, _ = ResearchSubmission.objects.get_or_create(
            item=items[item_key], agency=housing, defaults={"status": "submitted"}
        )
        return ResearchEntry.objects.create(
            submission=submission,
            stage=stage,
            text="Finding",
            lawful_basis="safeguarding",
            created_by=coordinator,
            withdrawn=withdrawn,
        )

    research("C11", "protective")  # counts as strengths recorded
    research("C12", "protective", withdrawn=True)  # withdrawn: does not count
    old = research("C5", "protective")  # superseded by an entry under another stage: does not count
    old.superseded_by = research("C5", "pattern")
    old.save()

    # Language prompts: 5 raised in Q3 (3 reframed); outside: 30 Jun, 1 Oct, the other area.
    for case_key, raised, reframed in [
        ("C1", at(date(2026, 7, 10)), at(date(2026, 7, 11))),
        ("C2", at(date(2026, 7, 14)), at(date(2026, 7, 14), 15)),
        ("C3", at(date(2026, 8, 1)), None),
        ("C9", at(date(2026, 8, 18)), at(date(2026, 8, 18), 16)),
        ("C10", at(date(2026, 9, 30), 23, 30), None),
        ("C1", at(date(2026, 6, 30), 23, 30), at(date(2026, 7, 1))),
        ("C9", at(date(2026, 10, 1), 0, 30), None),
        ("B1", at(date(2026, 7, 22)), at(date(2026, 7, 22))),
    ]:
        LanguagePromptEvent.objects.create(
            case=cases[case_key],
            source="research",
            source_id=1,
            field="text",
            code="why-stay",
            matched="why does she stay",
            raised_by=coordinator,
            raised_at=raised,
            reframed_at=reframed,
        )

    # The governance group's review: 3 inappropriate in Q3 (housing 2, school 1), feedback sent on 2.
    for ref_key, inappropriate, recorded, sent in [
        ("C3", True, at(date(2026, 7, 20)), at(date(2026, 7, 20), 14)),
        ("C10", True, at(date(2026, 8, 25)), None),
        ("C7", True, at(date(2026, 7, 20)), at(date(2026, 7, 21))),
        ("C5", False, at(date(2026, 7, 20)), at(date(2026, 7, 20))),  # judged appropriate
        ("C1", True, at(date(2026, 10, 2)), None),  # recorded after the quarter
        ("B1", True, at(date(2026, 7, 25)), None),  # another area
    ]:
        ReferralReview.objects.create(
            referral=referrals[ref_key],
            inappropriate=inappropriate,
            feedback="Feedback in strengths-based language",
            recorded_by=coordinator,
            recorded_at=recorded,
            feedback_sent_at=sent,
        )

    transfer = CaseTransfer.objects.create(
        case=cases["C12"], from_area=area, to_area=other_area, note="Moving", requested_by=coordinator
    )

    return World(
        area=area,
        other_area=other_area,
        agencies={"police": police, "housing": housing, "health": health, "school": school},
        meetings={"M0": m0, "M1": m1, "M2": m2, "MX": mx, "MB": mb},
        cases=cases,
        items=items,
        referrals=referrals,
        actions=actions,
        coordinator=coordinator,
        governance=governance,
        people=people,
        transfer=transfer,
    )


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def figures(world: World) -> Figures:
    return governance_figures(areas=[world.area], start=Q3_START, end=Q3_END)


# --- Suppression and percentages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "suppress", "display", "suppressed"),
    [
        (0, True, "0", False),
        (1, True, FEWER, True),
        (4, True, FEWER, True),
        (5, True, "5", False),
        (1234, True, "1,234", False),
        (3, False, "3", False),
        (0, False, "0", False),
    ],
)
def test_figure_suppresses_counts_from_1_to_4(value: int, suppress: bool, display: str, suppressed: bool) -> None:
    figure = Figure(value, suppress=suppress)
    assert figure.display == display
    assert str(figure) == display
    assert figure.suppressed is suppressed


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (0, 0, "none"),  # nothing to divide
        (0, 4, "not shown (base fewer than 5)"),
        (3, 4, "not shown (base fewer than 5)"),
        (4, 4, "not shown (base fewer than 5)"),
        (0, 5, "0%"),  # a zero is no one: shown
        (1, 5, "not shown (fewer than 5)"),
        (4, 100, "not shown (fewer than 5)"),
        (5, 5, "100%"),
        (5, 12, "42%"),  # 41.7
        (7, 12, "58%"),  # 58.3
        (6, 12, "50%"),
        (5, 11, "45%"),  # 45.45
        (200, 300, "67%"),
    ],
)
def test_percent_rules(part: int, whole: int, shown: str) -> None:
    assert percent(part, whole) == shown


# --- Every figure, by hand ------------------------------------------------------------------------------


def test_period_and_areas(world: World, figures: Figures) -> None:
    assert figures.areas == [world.area]
    assert (figures.start, figures.end) == (Q3_START, Q3_END)


def test_volumes(figures: Figures) -> None:
    # Held in Q3: M1 and M2 (M0 is in June, MX was cancelled, MB is another area's).
    assert figures.meetings_held == unsuppressed(2)
    # Agenda items at held Q3 meetings: C1..C8 at M1, C9..C12 at M2.
    assert figures.cases_heard == Figure(12)
    # The latest received referral sent on or before the meeting is a repeat for C3, C4, C6
    # (3 Jul, not the 20 Jul one after M1), C8 and C9; C12 has no referral.
    assert figures.repeats == Figure(5)
    assert figures.repeat_rate == "42%"  # 5 / 12 = 41.7%
    # Children of the 12 cases: C1 2, C4 1, C6 1, C8 2, C9 1 (C13, C14 and B1 not heard in Q3).
    assert figures.children == Figure(7)
    # 50,000 / 10,000 * 40 a year * 92 days / 365 = 50.4
    assert figures.expected_cases == round(50_000 / 10_000 * 40 * 92 / 365) == 50


def test_referrals_by_agency(figures: Figures) -> None:
    # Received, sent in Q3 by the London date: police C2 (1 Jul 00:30 BST), C5, C6 (3 Jul),
    # C6 (20 Jul), C8, C9, C13 (1 Sep; its meeting was cancelled), C15 (30 Sep 23:30 BST) = 8;
    # housing C3, C10 = 2; health C4, C11 = 2; school C7 = 1. Not: C1 (30 Jun 23:30), C6 (1 Jun),
    # C14 (2 Jun), C16 (1 Oct 00:30 BST), the submitted and the returned referral, the other area's.
    assert figures.referrals_total == Figure(13)
    assert dict(figures.referrals_by_agency) == {
        POLICE: Figure(8),
        HOUSING: Figure(2),
        HEALTH: Figure(2),
        SCHOOL: Figure(1),
    }
    # Largest first.
    assert figures.referrals_by_agency[0][0] == POLICE
    assert [f.value for _, f in figures.referrals_by_agency] == sorted(
        (f.value for _, f in figures.referrals_by_agency), reverse=True
    )
    assert figures.police_share == "62%"  # 8 / 13 = 61.5%


def test_referrals_by_agency_ties_are_in_a_stable_order(figures: Figures) -> None:
    """Housing and health both referred 2: the page, the PDF and the API list them in one order."""
    assert [name for name, _ in figures.referrals_by_agency] == [POLICE, HEALTH, HOUSING, SCHOOL]


def test_days_from_referral_to_meeting(figures: Figures) -> None:
    # M1 (15 Jul): C1 15 (30 Jun), C2 14 (1 Jul, London date), C3 10, C4 7, C5 5, C6 12 (3 Jul),
    # C7 2, C8 1; M2 (19 Aug): C9 14, C10 9, C11 7; C12 has no referral.
    # Sorted: 1 2 5 7 7 9 10 12 14 14 15 -> median 9; mean 96 / 11 = 8.7
    assert figures.days_to_meeting_median == 9.0
    assert figures.days_to_meeting_mean == 8.7


def test_attendance_by_agency(figures: Figures) -> None:
    # Invited to M1 and M2: police, housing, health (sorted by name).
    assert figures.attendance == [
        {
            "agency": HEALTH,  # M1 apologies, M2 nothing recorded
            "invited": 2,
            "present": unsuppressed(0),
            "partial": unsuppressed(0),
            "deputy": unsuppressed(0),
            "apologies": unsuppressed(1),
            "absent": unsuppressed(0),
            "not_recorded": unsuppressed(1),
        },
        {
            "agency": HOUSING,  # M1 partial, M2 apologies
            "invited": 2,
            "present": unsuppressed(0),
            "partial": unsuppressed(1),
            "deputy": unsuppressed(0),
            "apologies": unsuppressed(1),
            "absent": unsuppressed(0),
            "not_recorded": unsuppressed(0),
        },
        {
            "agency": POLICE,  # present at both (absent at the cancelled meeting does not count)
            "invited": 2,
            "present": unsuppressed(2),
            "partial": unsuppressed(0),
            "deputy": unsuppressed(0),
            "apologies": unsuppressed(0),
            "absent": unsuppressed(0),
            "not_recorded": unsuppressed(0),
        },
    ]
    # Absent + apologies + not recorded >= 2: health (1 + 1); housing has 1.
    assert figures.missing_repeatedly == [HEALTH]


def test_actions_by_agency(figures: Figures) -> None:
    # Agreed (created) in Q3, status as recorded; overdue = outstanding and due before 30 Sep.
    assert figures.actions_by_agency == [
        {
            "agency": HEALTH,  # X1 superseded, X2 open due 23 Sep
            "agreed": unsuppressed(2),
            "on_time": unsuppressed(0),
            "late": unsuppressed(0),
            "outstanding": unsuppressed(1),
            "overdue": unsuppressed(1),
            "not_completed": unsuppressed(0),
        },
        {
            "agency": HOUSING,  # H1 on time, H2 open due 15 Aug, H3 open due 25 Sep
            "agreed": unsuppressed(3),
            "on_time": unsuppressed(1),
            "late": unsuppressed(0),
            "outstanding": unsuppressed(2),
            "overdue": unsuppressed(2),
            "not_completed": unsuppressed(0),
        },
        {
            # A1 on time; A2 late (closed 23 Jul 00:30 BST, due 22 Jul); A3 late;
            # A4 open due 1 Sep (overdue); A5 in progress due 15 Oct; A6 not completed.
            # Not O1 (agreed in June) or O2 (agreed in October).
            "agency": POLICE,
            "agreed": unsuppressed(6),
            "on_time": unsuppressed(1),
            "late": unsuppressed(2),
            "outstanding": unsuppressed(2),
            "overdue": unsuppressed(1),
            "not_completed": unsuppressed(1),
        },
    ]
    # The area's outstanding actions due before 30 Sep, whenever agreed: O1 (20 Jun) is the oldest.
    assert figures.oldest_overdue == date(2026, 6, 20)
    # Due more than 7 days before 30 Sep (before 23 Sep): O1, H2 (15 Aug), A4 (1 Sep).
    # Not X2 (23 Sep, exactly 7 days) or H3 (25 Sep); not the other area's B1.
    assert figures.persistent_overdue == unsuppressed(3)


def test_victims_profile(figures: Figures) -> None:
    assert figures.profile == {
        # Women: C1, C2, C4, C5, C6, C9, C10, C11, C12; man C3; C7 prefers not to say; C8 blank.
        "Gender": [
            ("Woman or girl", Figure(9)),
            ("Man or boy", Figure(1)),
            ("Non-binary", Figure(0)),
            ("Another gender", Figure(0)),
            ("Prefer not to say", Figure(1)),
            ("Not recorded", Figure(1)),
        ],
        # At the meeting: C2 17, C11 16; C1 30, C4 34 (35 the next day), C5 28, C6 32, C9 26;
        # C3 40; C8 45; C10 56; C12 66; C7 no date of birth. No one under 16: row left out.
        "Age": [
            ("16 or 17", Figure(2)),
            ("18 to 24", Figure(0)),
            ("25 to 34", Figure(5)),
            ("35 to 44", Figure(1)),
            ("45 to 54", Figure(1)),
            ("55 to 64", Figure(1)),
            ("65 or over", Figure(1)),
            ("Not recorded", Figure(1)),
        ],
        # Yes C2, C8; prefer not C4; blank C7; no: the other 8.
        "Black or minoritised": [
            ("Yes", Figure(2)),
            ("No", Figure(8)),
            ("Prefer not to say", Figure(1)),
            ("Not recorded", Figure(1)),
        ],
        # Yes C3; prefer not C6; blank C7; no: 9.
        "LGBT+": [("Yes", Figure(1)), ("No", Figure(9)), ("Prefer not to say", Figure(1)), ("Not recorded", Figure(1))],
        # Yes C4, C10; blank C7; no: 9.
        "Disabled": [
            ("Yes", Figure(2)),
            ("No", Figure(9)),
            ("Prefer not to say", Figure(0)),
            ("Not recorded", Figure(1)),
        ],
    }
    for group, rows in figures.profile.items():
        if group != "Age":
            assert sum(f.value for _, f in rows) == 12, group
    assert [f.display for _, f in figures.profile["Gender"]] == ["9", FEWER, "0", "0", FEWER, FEWER]


def test_persons_causing_harm_aged_17_or_under(figures: Figures) -> None:
    # P1 (C2) is 17 at M1; P2 (C5) is 17 at M1 on 15 Jul (18 from 1 Aug, before the quarter
    # ends): aged at the meeting, as the victims are and as the data return counts them.
    # Not P3 (adult), P4 (no date of birth), P5 (C14, heard only in Q2), P6 (another area).
    assert figures.perpetrators_17_or_under == Figure(2)
    assert figures.perpetrators_17_or_under.display == FEWER


def test_safe_and_together_practice(figures: Figures) -> None:
    assert figures.practice == {
        # Strengths in the survivor's voice: C1, C2, C3, C9, C10; a current protective research
        # entry: C11 (C12's was withdrawn, C5's superseded) -> 6 / 12.
        "Cases with the survivor's strengths recorded": "50%",
        # Cases with children: C1, C4, C6, C8, C9 (5); children's voice on C1, C4 (2).
        "Cases with children where the children's voice was recorded": "not shown (fewer than 5)",
        # Items with an action for the person causing harm: C1 (A1), C2 (A2), C3 (A3), C9 (A4),
        # C10 (A6) -> 5 / 12.
        "Cases with at least one action addressing the person causing harm": "42%",
    }


def test_actions_by_focus(figures: Figures) -> None:
    # Agreed in Q3 (11): perpetrator A1 A2 A3 A4 A6; survivor A5 H1 X1; child H2; family H3;
    # professionals X2.
    assert figures.actions_by_focus == [
        ("The survivor", unsuppressed(3), "not shown (fewer than 5)"),
        ("The children", unsuppressed(1), "not shown (fewer than 5)"),
        ("The person causing harm", unsuppressed(5), "45%"),  # 5 / 11 = 45.5%
        ("The family", unsuppressed(1), "not shown (fewer than 5)"),
        ("Professionals' safety", unsuppressed(1), "not shown (fewer than 5)"),
    ]


def test_language_prompts(figures: Figures) -> None:
    # Raised in Q3 (London dates): 10 Jul, 14 Jul, 1 Aug, 18 Aug, 30 Sep 23:30 = 5;
    # reframed: 3. Not 30 Jun 23:30, 1 Oct 00:30 BST, or the other area's.
    assert figures.language_raised == unsuppressed(5)
    assert figures.language_reframed == unsuppressed(3)


def test_referral_feedback(figures: Figures) -> None:
    # Judged inappropriate, recorded in Q3: C3 and C10 (housing), C7 (school).
    assert figures.inappropriate_by_agency == [(HOUSING, Figure(2)), (SCHOOL, Figure(1))]
    assert [f.display for _, f in figures.inappropriate_by_agency] == [FEWER, FEWER]
    # Feedback sent: C3 and C7.
    assert figures.feedback_sent == unsuppressed(2)


def test_no_meetings_no_cases(world: World) -> None:
    """A quarter with nothing in it: zeros, 'none' and no median, never an error."""
    empty = governance_figures(areas=[world.area], start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert empty.meetings_held == unsuppressed(0)
    assert empty.cases_heard == Figure(0)
    assert empty.repeat_rate == "none"
    assert empty.police_share == "none"
    assert empty.days_to_meeting_median is None
    assert empty.days_to_meeting_mean is None
    assert empty.attendance == []
    assert empty.actions_by_agency == []
    assert empty.expected_cases == round(5 * 40 * 90 / 365)  # 90 days in 2025-Q1


def test_two_areas_add_up(world: World) -> None:
    both = governance_figures(areas=[world.area, world.other_area], start=Q3_START, end=Q3_END)
    assert both.meetings_held == unsuppressed(3)
    assert both.cases_heard == Figure(13)  # and B1
    assert both.repeats == Figure(6)
    assert both.children == Figure(10)
    assert both.referrals_total == Figure(14)
    # (50,000 + 90,000) / 10,000 * 40 * 92 / 365 = 141.2
    assert both.expected_cases == 141


# --- The data return, per meeting -----------------------------------------------------------------------


def expected_data_return(world: World) -> list[dict[str, str]]:
    name = world.area.name
    return [
        {
            # M1: C1..C8.
            "marac": name,
            "meeting_date": "2026-07-15",
            "cases": "8",
            "repeats": FEWER,  # C3, C4, C6, C8
            "children": "6",  # C1 2, C4 1, C6 1, C8 2
            "police": "5",  # C1, C2, C5, C6, C8 (latest referral by the meeting)
            "idaa": "0",
            "childrens": "0",
            "health": FEWER,  # C4
            "housing": FEWER,  # C3
            "other": FEWER,  # C7, the school
            "bme": FEWER,  # C2, C8
            "lgbt": FEWER,  # C3
            "disabled": FEWER,  # C4
            "male": FEWER,  # C3
            "aged_16_17": FEWER,  # C2
            "perpetrators_17_under": FEWER,  # C2 (P1), C5 (P2, 17 on 15 Jul)
        },
        {
            # M2: C9..C12.
            "marac": name,
            "meeting_date": "2026-08-19",
            "cases": FEWER,  # 4
            "repeats": FEWER,  # C9
            "children": FEWER,  # C9 1
            "police": FEWER,  # C9
            "idaa": "0",
            "childrens": "0",
            "health": FEWER,  # C11
            "housing": FEWER,  # C10
            "other": "0",  # C12 came without a referral: not a referral from anyone
            "bme": "0",
            "lgbt": "0",
            "disabled": FEWER,  # C10
            "male": "0",
            "aged_16_17": FEWER,  # C11 (16)
            "perpetrators_17_under": "0",
        },
    ]


def test_data_return_rows_per_meeting(world: World) -> None:
    rows = data_return_rows(areas=[world.area], start=Q3_START, end=Q3_END)
    assert rows == expected_data_return(world)
    assert all(set(row) == {key for key, _ in COLUMNS} for row in rows)


# --- The pages, the CSV, the PDF and the API --------------------------------------------------------------


@pytest.fixture
def gov_client(client: Client, world: World) -> Client:
    return sign_in_verified(client, world.governance)


def element_text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</dd>', html, re.S)
    assert match, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_dashboard_shows_the_figures(gov_client: Client, world: World) -> None:
    response = gov_client.get(reverse("governance-dashboard"), {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Governance: 2026-Q3" in html
    assert "1 July 2026 to 30 September 2026" in html
    assert element_text(html, "fig-meetings") == "2"
    assert element_text(html, "fig-cases") == "12 (expected about 50: 40 a year per 10,000 adult women)"
    assert element_text(html, "fig-repeats") == "5 (42%)"
    assert element_text(html, "fig-children") == "7"
    assert element_text(html, "fig-referrals") == "13 (police 62%)"
    assert element_text(html, "fig-days") == "median 9.0, average 8.7"
    assert f"Missing from two or more meetings: {HEALTH}." in html
    assert "Persons causing harm aged 17 or under: <strong>fewer than 5</strong>" in html
    assert "5 raised, 3 reframed" in html
    assert "Feedback sent to the referring agency: 2." in html
    assert "the oldest overdue was due 20 June 2026; persistently overdue: 3." in html
    assert (
        '<th scope="row" class="govuk-table__header">16 or 17</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5</td>'
    ) in html
    assert AuditEvent.objects.filter(
        actor=world.governance, verb=AuditVerb.VIEW, object_type="governance.figures", detail__format="page"
    ).exists()


def test_dashboard_defaults_to_the_last_complete_quarter(gov_client: Client) -> None:
    _start, end, label = quarter_bounds(None, timezone.localdate())
    today = timezone.localdate()
    assert end < today
    assert (today - end).days <= 92
    html = gov_client.get(reverse("governance-dashboard")).content.decode()
    assert f"Governance: {label}" in html
    assert f'<option value="{label}" selected>' in html


@pytest.mark.parametrize(
    ("label", "today", "expected"),
    [
        ("2026-Q3", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        ("2026-Q1", date(2026, 11, 24), (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")),
        ("2024-Q1", date(2026, 11, 24), (date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")),
        ("2026-Q2", date(2026, 11, 24), (date(2026, 4, 1), date(2026, 6, 30), "2026-Q2")),
        ("2026-Q4", date(2026, 11, 24), (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4")),
        # Default: the last complete quarter.
        (None, date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        (None, date(2026, 10, 1), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        (None, date(2026, 2, 15), (date(2025, 10, 1), date(2025, 12, 31), "2025-Q4")),
        (None, date(2026, 4, 1), (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")),
        # Anything else is ignored: the default.
        ("2026-Q5", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        ("2026Q3", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        ("nonsense", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
    ],
)
def test_quarter_bounds(label: str | None, today: date, expected: tuple[date, date, str]) -> None:
    assert quarter_bounds(label, today) == expected


def test_csv_is_the_data_return(gov_client: Client, world: World) -> None:
    response = gov_client.get(reverse("governance-csv"), {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="marac-data-return-2026-Q3.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == [title for _, title in COLUMNS]
    assert table[0][:5] == ["MARAC", "Meeting date", "Cases discussed", "Repeat cases", "Children in the households"]
    rows = data_return_rows(areas=[world.area], start=Q3_START, end=Q3_END)
    assert table[1:] == [[row[key] for key, _ in COLUMNS] for row in rows]
    assert table[1:] == [[row[key] for key, _ in COLUMNS] for row in expected_data_return(world)]
    assert AuditEvent.objects.filter(actor=world.governance, verb=AuditVerb.EXPORT, detail__format="csv").exists()


def test_api_returns_the_same_figures(gov_client: Client, world: World) -> None:
    response = gov_client.get("/api/v1/governance/figures/", {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    body = response.json()
    expected = figures_json(governance_figures(areas=[world.area], start=Q3_START, end=Q3_END))
    assert body == json.loads(json.dumps(expected))
    # A few by hand, as the API shows them.
    assert body["cases_heard"] == "12"
    assert body["repeats"] == "5"
    assert body["repeat_rate"] == "42%"
    assert body["referrals_by_agency"] == {POLICE: "8", HOUSING: FEWER, HEALTH: FEWER, SCHOOL: FEWER}
    assert body["days_referral_to_meeting"] == {"median": 9.0, "mean": 8.7}
    assert body["victims"]["Age"]["16 or 17"] == FEWER
    assert body["persons_causing_harm_aged_17_or_under"] == FEWER
    assert body["oldest_overdue_action_due"] == "2026-06-20"
    assert body["areas"] == [world.area.code]


def pdf_text(content: bytes, tmp_path: Any) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_pdf_carries_the_same_figures(gov_client: Client, world: World, tmp_path: Any) -> None:
    response = gov_client.get(reverse("governance-pdf"), {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="marac-governance-2026-Q3.pdf"'
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "MARAC governance report: 2026-Q3",
        "Meetings held 2",
        "Cases heard 12 (expected about 50)",
        "Repeat cases 5 (42%)",
        "Children in the households 7",
        "Referrals received 13 (police 62%)",
        "median 9.0, average 8.7",
        f"{POLICE} 8",
        f"{HOUSING} fewer than 5",
        "16 or 17 fewer than 5",
        "25 to 34 5",
        "Persons causing harm aged 17 or under: fewer than 5",
        "5 raised, 3 reframed",
    ]:
        assert expected in text, expected
    assert AuditEvent.objects.filter(actor=world.governance, verb=AuditVerb.EXPORT, detail__format="pdf").exists()


def test_no_names_or_case_references_in_any_output(gov_client: Client, world: World, tmp_path: Any) -> None:
    query = {"quarter": QUARTER, "area": world.area.pk}
    outputs = {
        "page": gov_client.get(reverse("governance-dashboard"), query).content.decode(),
        "csv": gov_client.get(reverse("governance-csv"), query).content.decode(),
        "api": gov_client.get("/api/v1/governance/figures/", query).content.decode(),
        "pdf": pdf_text(gov_client.get(reverse("governance-pdf"), query).content, tmp_path),
    }
    private = [*NAME_MARKERS, REF_PREFIX]
    private += [str(r.public_id) for r in world.referrals.values()] + [r.short_id for r in world.referrals.values()]
    private += [a.reference for a in world.actions.values()]
    for person in world.people:
        private += [person.given_names, person.family_name]
    for name, text in outputs.items():
        for secret in private:
            assert secret not in text, (name, secret)
        assert "12" in text or name == "csv", name  # the outputs did render the figures


# --- Access -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/governance/", "/governance/data-return.csv", "/governance/report.pdf",
                                 "/api/v1/governance/figures/"])  # fmt: skip
def test_an_area_without_a_governance_role_is_404(gov_client: Client, world: World, url: str) -> None:
    assert gov_client.get(url, {"area": world.other_area.pk, "quarter": QUARTER}).status_code == 404
    assert gov_client.get(url, {"area": "not-a-number", "quarter": QUARTER}).status_code == 404
    assert gov_client.get(url, {"area": world.area.pk, "quarter": QUARTER}).status_code == 200


@pytest.mark.parametrize("role", [Role.REPRESENTATIVE, Role.PRACTITIONER, Role.IDAA])
@pytest.mark.parametrize("url", ["/governance/", "/governance/data-return.csv", "/governance/report.pdf",
                                 "/api/v1/governance/figures/"])  # fmt: skip
def test_roles_without_governance_get_404(client: Client, world: World, role: str, url: str) -> None:
    user = UserFactory(agency=world.agencies["police"])
    MembershipFactory(user=user, area=world.area, role=role)
    sign_in_verified(client, user)
    assert client.get(url, {"quarter": QUARTER}).status_code == 404


def test_governance_in_navigation_only_for_governance_roles(client: Client, world: World) -> None:
    sign_in_verified(client, world.governance)
    html = client.get("/").content.decode()
    assert 'href="/governance/"' in html
    # Governance sees aggregates only: no case work in the menu.
    assert 'href="/referrals/"' not in html
    assert 'href="/meetings/"' not in html
    client.logout()
    rep = UserFactory(agency=world.agencies["police"])
    MembershipFactory(user=rep, area=world.area, role=Role.REPRESENTATIVE)
    sign_in_verified(client, rep)
    assert 'href="/governance/"' not in client.get("/").content.decode()


def _sample_kwargs(pattern: URLPattern, world: World) -> list[dict[str, Any]]:
    samples: dict[str, list[Any]] = {
        "case_id": [world.cases["C1"].pk],
        "meeting_id": [world.meetings["M1"].pk],
        "item_id": [world.items["C1"].pk],
        # C5's referral came from the police, the governance member's own agency.
        "public_id": [world.referrals["C5"].public_id],
        "group": ["perpetrators", "children"],
        "section": ["victim", "reason", "checklist"],
        "person_id": [world.cases["C2"].parties.get(role=PartyRole.PERPETRATOR).person_id],
        "transfer_id": [world.transfer.pk if world.transfer else 1],
        "action_id": [world.actions["A1"].pk],
    }
    combos: list[dict[str, Any]] = [{}]
    for name in pattern.pattern.converters:
        assert name in samples, f"{pattern.name} has a new parameter {name!r}: give it sample values here"
        combos = [{**combo, name: value} for combo in combos for value in samples[name]]
    return combos


# The pages about case work: those served by the case, research and action apps
# (and the governance group's review of a referral, which is a page about one).
CASE_WORK_PATTERNS = [
    pattern
    for pattern in flat_patterns()
    if pattern.callback.__module__.split(".")[0] in {"cases", "ppmt", "actions"} or pattern.name == "referral-review"
]


def test_the_walk_covers_the_case_pages() -> None:
    names = {p.name for p in CASE_WORK_PATTERNS if p.pattern.converters}
    for known in ["case-detail", "referral-detail", "meeting-detail", "meeting-minutes", "minutes-pdf",
                  "live-item", "research-item", "survivor-voice", "action-detail", "person-pattern",
                  "transfer-detail"]:  # fmt: skip
        assert known in names, known
    assert len(names) > 30


def test_governance_member_gets_404_for_every_case_page(client: Client, world: World) -> None:
    """Every page about a case, referral, meeting, person, transfer or action: 404 to a governance
    member of the area (who works for the referring, invited police), by GET and by POST."""
    sign_in_verified(client, world.governance)
    checked = 0
    for pattern in CASE_WORK_PATTERNS:
        if not pattern.pattern.converters:
            continue
        for kwargs in _sample_kwargs(pattern, world):
            url = reverse(pattern.name, kwargs=kwargs)
            got = client.get(url).status_code
            posted = client.post(url, {}).status_code
            assert got in (404, 405), (url, "GET", got)
            assert posted in (404, 405), (url, "POST", posted)
            assert 404 in (got, posted), url
            checked += 1
    assert checked > 30
    # Nothing was created or changed on the governance member's behalf.
    assert not Action.objects.filter(created_by=world.governance).exists()
    assert not AuditEvent.objects.filter(actor=world.governance, verb__in=[AuditVerb.CREATE, AuditVerb.CHANGE])


@pytest.mark.parametrize(
    "url_name",
    ["api-referral", "api-agenda", "api-item-research", "api-attendance", "api-action-updates"],
)
def test_governance_member_gets_404_from_the_case_apis(client: Client, world: World, url_name: str) -> None:
    kwargs = {
        "api-referral": {"public_id": world.referrals["C5"].public_id},
        "api-agenda": {"meeting_id": world.meetings["M1"].pk},
        "api-item-research": {"meeting_id": world.meetings["M1"].pk, "item_id": world.items["C1"].pk},
        "api-attendance": {"meeting_id": world.meetings["M1"].pk},
        "api-action-updates": {"action_id": world.actions["A1"].pk},
    }[url_name]
    sign_in_verified(client, world.governance)
    url = reverse(url_name, kwargs=kwargs)
    got = client.get(url).status_code
    posted = client.post(url, {}, content_type="application/json").status_code
    # 405 only where the API has no such method; wherever it does, 404.
    assert got in (404, 405), got
    assert posted in (404, 405), posted
    assert 404 in (got, posted)


def test_governance_member_lists_show_no_cases(client: Client, world: World) -> None:
    """The list pages a governance member can reach list nothing of the area's case work."""
    sign_in_verified(client, world.governance)
    for pattern in CASE_WORK_PATTERNS:
        if pattern.pattern.converters:
            continue
        response = client.get(reverse(pattern.name))
        assert response.status_code in (200, 302, 403, 404), (pattern.name, response.status_code)
        body = response.content.decode(errors="replace")
        assert REF_PREFIX not in body, pattern.name
        for marker in NAME_MARKERS:
            assert marker not in body, (pattern.name, marker)
