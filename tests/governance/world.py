"""The hand-built governance data set, with every figure worked out by hand in the tests.

Explicit dates in 2026-Q3 (1 July to 30 September 2026, 92 days) and some
deliberately outside it, in another area, at a cancelled meeting, or in an
unreceived referral, so that a figure that counted them would come out wrong.
Rows are written directly (the services record only "now"), with the builders
of ``tests.builders`` for meetings, research, the survivor's voice and actions.

Meeting dates: M0 17 Jun (held, Q2), M1 15 Jul (held), M2 19 Aug (held), MX 16 Sep
(cancelled). Ages are at the meeting date.

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

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from actions.models import Action, ActionFocus, ActionStatus
from cases.models import (
    AgendaItem,
    AttendanceStatus,
    Case,
    Gender,
    Meeting,
    MeetingStatus,
    PartyRole,
    Person,
    Referral,
    ReferralStatus,
)
from cases.models.transfers import CaseTransfer
from governance.models import ReferralReview
from marac.models import Agency, AgencyKind, MaracArea, Role, User
from ppmt.models import LanguagePromptEvent, ResearchEntry
from tests.builders import (
    at,
    held_meeting,
    list_cases,
    meeting_on,
    past_action,
    person_in_case,
    record_attendance,
    recorded_voice,
    research_entry,
)
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory, TOTPDeviceFactory
from tests.referral_helpers import member

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

# The victims (their traits and number of children) of the table above.
VICTIMS: dict[str, dict[str, Any]] = {
    "C1": {"born": date(1996, 3, 10), "children": 2},
    "C2": {"born": date(2009, 1, 20), "bme": "yes"},
    "C3": {"gender": Gender.MAN, "born": date(1986, 5, 1), "lgbt": "yes"},
    "C4": {"born": date(1991, 7, 16), "bme": "prefer_not", "disabled": "yes", "children": 1},
    "C5": {"born": date(1998, 1, 1)},
    "C6": {"born": date(1994, 2, 2), "lgbt": "prefer_not", "children": 1},
    "C7": {"gender": Gender.PREFER_NOT, "born": None, "bme": "", "lgbt": "", "disabled": ""},
    "C8": {"gender": Gender.NOT_RECORDED, "born": date(1980, 9, 9), "bme": "yes", "children": 2},
    "C9": {"born": date(1999, 12, 12), "children": 1},
    "C10": {"born": date(1970, 1, 1), "disabled": "yes"},
    "C11": {"born": date(2010, 3, 3)},
    "C12": {"born": date(1960, 6, 6)},
    "C13": {"gender": Gender.MAN, "born": date(2009, 1, 1), "bme": "yes", "children": 2},
    "C14": {"gender": Gender.MAN, "born": date(2009, 2, 2), "children": 1},
    "C15": {"born": date(1990, 1, 1)},
    "C16": {"born": date(1990, 1, 1)},
    "B1": {"gender": Gender.MAN, "born": date(2009, 4, 4), "bme": "yes", "children": 3, "other_area": True},
}

# The persons causing harm: case, key, date of birth.
PERPETRATORS = [
    ("C1", "P3", date(1990, 1, 1)),  # adult
    ("C2", "P1", date(2009, 5, 5)),  # 17 at M1 and at 30 Sep
    ("C3", "P4", None),  # age not recorded
    ("C5", "P2", date(2008, 8, 1)),  # 17 at M1 (15 Jul), 18 from 1 Aug
    ("C14", "P5", date(2011, 1, 1)),  # 15, but heard only in Q2
    ("B1", "P6", date(2010, 1, 1)),  # 16, another area
]

# Agenda items, named by their case ("case@meeting" for a case heard outside the Q3 meetings of the area).
AGENDAS = {
    "M1": ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"],
    "M2": ["C9", "C10", "C11", "C12"],
    "M0": ["C6@M0", "C14@M0"],
    "MX": ["C13@MX"],
    "MB": ["B1"],
}


@dataclass
class World:
    area: MaracArea
    other_area: MaracArea
    agencies: dict[str, Agency]
    coordinator: User
    other_coordinator: User
    governance: User
    meetings: dict[str, Meeting] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    items: dict[str, AgendaItem] = field(default_factory=dict)
    referrals: dict[str, Referral] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    transfer: CaseTransfer | None = None


def _areas_and_users() -> World:
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    health = AgencyFactory(name=HEALTH, kind=AgencyKind.HEALTH)
    school = AgencyFactory(name=SCHOOL, kind=AgencyKind.EDUCATION)
    area = MaracAreaFactory(name="Governance test MARAC", adult_female_population=50_000, action_escalation_days=7)
    other_area = MaracAreaFactory(name="Another test MARAC", adult_female_population=90_000)
    area.core_agencies.set([police, housing, health])
    coordinator = member(Role.COORDINATOR, area, agency=police)
    other_coordinator = member(Role.COORDINATOR, other_area, agency=police)
    # The governance member works for the police, the agency that referred most of these
    # cases and is invited to every meeting: still no case page may open for them.
    governance = member(Role.GOVERNANCE, area, agency=police, full_name="Governance Member")
    TOTPDeviceFactory(user=governance)
    return World(
        area=area,
        other_area=other_area,
        agencies={"police": police, "housing": housing, "health": health, "school": school},
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        governance=governance,
    )


def _meetings(w: World) -> None:
    invited = [w.agencies["police"], w.agencies["housing"], w.agencies["health"]]
    w.meetings = {
        "M0": held_meeting(w.area, date(2026, 6, 17), agencies=invited),
        "M1": held_meeting(w.area, date(2026, 7, 15), agencies=invited),
        "M2": held_meeting(w.area, date(2026, 8, 19), agencies=invited),
        "MX": meeting_on(w.area, date(2026, 9, 16), status=MeetingStatus.CANCELLED, agencies=invited),
        "MB": held_meeting(w.other_area, date(2026, 7, 22), agencies=invited),
    }


def _person(w: World, prefix: str, key: str, **fields: Any) -> Person:
    person = PersonFactory(given_names=f"{prefix}given{key}", family_name=f"{prefix}family{key}", **fields)
    w.people.append(person)
    return person


def _cases_and_agendas(w: World) -> None:
    for key, traits in VICTIMS.items():
        victim = _person(
            w,
            "Vic",
            key,
            gender=traits.get("gender", Gender.WOMAN),
            date_of_birth=traits["born"],
            black_or_minoritised=traits.get("bme", "no"),
            lgbt=traits.get("lgbt", "no"),
            disabled=traits.get("disabled", "no"),
        )
        area = w.other_area if traits.get("other_area") else w.area
        case = w.cases[key] = CaseFactory(area=area, reference=f"{REF_PREFIX}{key}", victim=victim)
        for n in range(traits.get("children", 0)):
            kid = _person(w, "Kid", f"{key}x{n}", date_of_birth=date(2018, 1, 1 + n), gender="")
            person_in_case(area, role=PartyRole.CHILD, case=case, person=kid)
    for case_key, key, born in PERPETRATORS:
        case = w.cases[case_key]
        person_in_case(case.area, case=case, person=_person(w, "Harm", key, gender=Gender.MAN, date_of_birth=born))
    for meeting_key, names in AGENDAS.items():
        listed = [w.cases[name.split("@")[0]] for name in names]
        w.items.update(zip(names, list_cases(w.meetings[meeting_key], listed), strict=True))


def _referral(
    w: World,
    case_key: str,
    agency: str,
    sent: datetime,
    *,
    repeat: bool = False,
    status: str = ReferralStatus.RECEIVED,
) -> Referral:
    case = w.cases[case_key]
    received = status == ReferralStatus.RECEIVED
    return Referral.objects.create(
        area=case.area,
        case=case if received else None,
        status=status,
        referring_agency=w.agencies[agency],
        drafted_by=w.coordinator if case.area == w.area else w.other_coordinator,
        submitted_at=sent,
        received_at=sent + timedelta(hours=1) if received else None,
        is_repeat=repeat,
    )


def _referrals(w: World) -> None:
    w.referrals = {
        "C1": _referral(w, "C1", "police", at(date(2026, 6, 30), 23, 30)),
        "C2": _referral(w, "C2", "police", at(date(2026, 7, 1), 0, 30)),
        "C3": _referral(w, "C3", "housing", at(date(2026, 7, 5)), repeat=True),
        "C4": _referral(w, "C4", "health", at(date(2026, 7, 8)), repeat=True),
        "C5": _referral(w, "C5", "police", at(date(2026, 7, 10))),
        "C6 first": _referral(w, "C6", "police", at(date(2026, 6, 1))),
        "C6": _referral(w, "C6", "police", at(date(2026, 7, 3)), repeat=True),
        "C6 later": _referral(w, "C6", "police", at(date(2026, 7, 20))),
        "C7": _referral(w, "C7", "school", at(date(2026, 7, 13))),
        "C8": _referral(w, "C8", "police", at(date(2026, 7, 14)), repeat=True),
        "C9": _referral(w, "C9", "police", at(date(2026, 8, 5)), repeat=True),
        "C10": _referral(w, "C10", "housing", at(date(2026, 8, 10))),
        "C11": _referral(w, "C11", "health", at(date(2026, 8, 12))),
        "C13": _referral(w, "C13", "police", at(date(2026, 9, 1)), repeat=True),
        "C14": _referral(w, "C14", "police", at(date(2026, 6, 2)), repeat=True),
        "C15": _referral(w, "C15", "police", at(date(2026, 9, 30), 23, 30)),
        "C16": _referral(w, "C16", "police", at(date(2026, 10, 1), 0, 30)),
        "submitted": _referral(w, "C15", "police", at(date(2026, 8, 1)), status=ReferralStatus.SUBMITTED),
        "returned": _referral(w, "C15", "housing", at(date(2026, 8, 2)), status=ReferralStatus.RETURNED),
        "B1": _referral(w, "B1", "police", at(date(2026, 7, 10)), repeat=True),
    }


def _attendance(w: World) -> None:
    """M1 police present, housing partial, health apologies; M2 police present, housing
    apologies, health invited but nothing recorded. Outside: M0 health absent, the
    cancelled meeting police absent, the other area's meeting housing absent."""
    police, housing, health = w.agencies["police"], w.agencies["housing"], w.agencies["health"]
    statuses = {
        "M1": {police: AttendanceStatus.PRESENT, housing: AttendanceStatus.PARTIAL, health: AttendanceStatus.APOLOGIES},
        "M2": {police: AttendanceStatus.PRESENT, housing: AttendanceStatus.APOLOGIES},
        "M0": {health: AttendanceStatus.ABSENT},
        "MX": {police: AttendanceStatus.ABSENT},
        "MB": {housing: AttendanceStatus.ABSENT},
    }
    for meeting_key, by_agency in statuses.items():
        record_attendance(w.meetings[meeting_key], by_agency, recorded_by=w.coordinator)


def _action(w: World, key: str, item_key: str, agency: str, *, created: datetime, **fields: Any) -> Action:
    return past_action(
        w.items[item_key],
        owner=w.agencies[agency],
        description=f"Action {key}",
        created_by=w.coordinator,
        created=created,
        **fields,
    )


def _actions(w: World) -> None:
    done, gone = ActionStatus.COMPLETED, ActionStatus.NOT_COMPLETED
    m1_at, m2_at = at(w.meetings["M1"].date, 11), at(w.meetings["M2"].date, 11)
    perp, surv = ActionFocus.PERPETRATOR, ActionFocus.SURVIVOR
    w.actions = {
        # Police: 6 agreed.
        "A1": _action(w, "A1", "C1", "police", created=m1_at, due=date(2026, 7, 29), focus=perp, status=done,
                      closed=at(date(2026, 7, 25))),  # on time
        "A2": _action(w, "A2", "C2", "police", created=m1_at, due=date(2026, 7, 22), focus=perp, status=done,
                      closed=at(date(2026, 7, 23), 0, 30)),  # late: 23 Jul in London (22 Jul in UTC)
        "A3": _action(w, "A3", "C3", "police", created=m1_at, due=date(2026, 8, 1), focus=perp, status=done,
                      closed=at(date(2026, 8, 10))),  # late
        "A4": _action(w, "A4", "C9", "police", created=m2_at, due=date(2026, 9, 1), focus=perp),  # overdue, persistent
        "A5": _action(w, "A5", "C9", "police", created=m2_at, due=date(2026, 10, 15), focus=surv,
                      status=ActionStatus.IN_PROGRESS),  # outstanding, not yet due at 30 Sep
        "A6": _action(w, "A6", "C10", "police", created=m2_at, due=date(2026, 9, 10), focus=perp, status=gone,
                      closed=at(date(2026, 9, 12))),  # not completed
        # Housing: 3 agreed.
        "H1": _action(w, "H1", "C4", "housing", created=m1_at, due=date(2026, 7, 31), focus=surv, status=done,
                      closed=at(date(2026, 7, 30))),  # on time
        "H2": _action(w, "H2", "C4", "housing", created=m1_at, due=date(2026, 8, 15), focus=ActionFocus.CHILD),
        "H3": _action(w, "H3", "C10", "housing", created=m2_at, due=date(2026, 9, 25), focus=ActionFocus.FAMILY),
        # Health: 2 agreed.
        "X1": _action(w, "X1", "C5", "health", created=m1_at, due=date(2026, 7, 20), focus=surv,
                      status=ActionStatus.SUPERSEDED),
        "X2": _action(w, "X2", "C11", "health", created=m2_at, due=date(2026, 9, 23), focus=ActionFocus.PROFESSIONALS),
        # Not agreed in Q3.
        "O1": _action(w, "O1", "C6@M0", "police", created=at(w.meetings["M0"].date, 11), due=date(2026, 6, 20),
                      focus=perp),
        "O2": _action(w, "O2", "C9", "police", created=at(date(2026, 10, 2)), due=date(2026, 10, 10), focus=perp),
        "B1": _action(w, "B1", "B1", "police", created=at(w.meetings["MB"].date, 11), due=date(2026, 5, 1),
                      focus=perp),
    }  # fmt: skip


def _practice(w: World) -> None:
    """The survivor's voice and research (the Safe & Together practice indicators)."""
    for item_key, voice in [
        ("C1", {"strengths": "Keeps a safety plan", "childrens_voice": "Wants to stay at school"}),
        ("C2", {"strengths": "Told a teacher"}),
        ("C3", {"strengths": "Changed the locks"}),
        ("C4", {"childrens_voice": "Feels safe at nan's"}),
        ("C9", {"strengths": "Moved the car"}),
        ("C10", {"strengths": "Saved money"}),
        ("C13@MX", {"strengths": "Out of the quarter", "childrens_voice": "Out of the quarter"}),
    ]:
        recorded_voice(w.items[item_key], recorded_by=w.coordinator, **voice)

    def housing_finding(item_key: str, stage: str, *, withdrawn: bool = False) -> ResearchEntry:
        return research_entry(
            w.items[item_key], w.agencies["housing"], stage, "Finding", created_by=w.coordinator, withdrawn=withdrawn
        )

    housing_finding("C11", "protective")  # counts as strengths recorded
    housing_finding("C12", "protective", withdrawn=True)  # withdrawn: does not count
    old = housing_finding("C5", "protective")  # superseded by an entry under another stage: does not count
    old.superseded_by = housing_finding("C5", "pattern")
    old.save()


def _prompts_reviews_and_transfer(w: World) -> None:
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
            case=w.cases[case_key],
            source="research",
            source_id=1,
            field="text",
            code="why-stay",
            matched="why does she stay",
            raised_by=w.coordinator,
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
            referral=w.referrals[ref_key],
            inappropriate=inappropriate,
            feedback="Feedback in strengths-based language",
            recorded_by=w.coordinator,
            recorded_at=recorded,
            feedback_sent_at=sent,
        )
    w.transfer = CaseTransfer.objects.create(
        case=w.cases["C12"], from_area=w.area, to_area=w.other_area, note="Moving", requested_by=w.coordinator
    )


def build_world() -> World:
    """The data set of the table above."""
    w = _areas_and_users()
    _meetings(w)
    _cases_and_agendas(w)
    _referrals(w)
    _attendance(w)
    _actions(w)
    _practice(w)
    _prompts_reviews_and_transfer(w)
    return w
