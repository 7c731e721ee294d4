"""The synthetic world's reference data: MARAC areas, agencies, users and
their roles, written through the ORM (a few thousand rows).

Shaped like a nation: each area has its own local agencies (IDAA service,
social work, housing, education ...), while police forces and health boards
cover several areas, as they do in life. Area sizes vary (a log-normal
spread), and with 50,000 cases or more the first area is a large city MARAC
meeting weekly with 60 cases on each agenda, the largest agendas the
benchmarks look at.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from faker import Faker

from cases.models import ChecklistInstrument
from cases.referrals import instruments as case_services
from devdata.synthetic.staff import Staff, staff_area
from marac.models import Agency, AgencyKind, ChecklistChoice, MaracArea, MeetingPattern, Membership, Role, User

# Each area's own agencies (kind, name pattern); police and health are shared.
LOCAL_AGENCIES = [
    (AgencyKind.IDAA, "{place} IDAA Service"),
    (AgencyKind.CHILDREN_FAMILIES, "{place} Children and Families Social Work"),
    (AgencyKind.HOUSING, "{place} Housing Services"),
    (AgencyKind.MENTAL_HEALTH, "{place} Community Mental Health Team"),
    (AgencyKind.SUBSTANCE_USE, "{place} Alcohol and Drug Recovery Service"),
    (AgencyKind.EDUCATION, "{place} Education Services"),
    (AgencyKind.JUSTICE, "{place} Justice Social Work"),
    (AgencyKind.ADULT_PROTECTION, "{place} Adult Support and Protection"),
    (AgencyKind.MARAC, "{place} MARAC Coordination Team"),
    (AgencyKind.OTHER, "{place} Community Safety Partnership"),
]
AREAS_PER_POLICE_FORCE = 8
AREAS_PER_HEALTH_BOARD = 4
AREAS_PER_SPECIALIST = 12
SPECIALISMS = ["Black and minoritised women", "LGBT+ survivors", "Disabled survivors", "Older survivors"]

SCOTTISH_AREAS = 35  # Scotland has 35 MARACs (domain.md)
BIG_AREA_MIN_CASES = 50_000
BIG_AREA_AGENDA = 60
REPEAT_SHARE = 0.31  # SafeLives: 31% of cases discussed are repeats


@dataclass
class AreaInfo:
    """What the case generator needs to know about one area (plain ids)."""

    id: int
    code: str
    name: str
    nation: str
    cases: int
    pattern: str
    weekday: int
    start_time: time
    meeting_minutes: int
    minutes_per_case: int
    research_deadline_days: int
    thresholds: tuple[int, int, int]
    instrument_id: int
    daq: bool
    agenda_cap: int | None
    agencies: dict[str, int] = field(default_factory=dict)  # kind -> agency id
    specialist: int | None = None
    coordinator: int = 0
    chair: int = 0
    governance: int = 0
    reps: dict[int, list[int]] = field(default_factory=dict)  # agency id -> representative user ids
    practitioners: dict[int, list[int]] = field(default_factory=dict)  # agency id -> practitioner ids
    idaas: list[int] = field(default_factory=list)
    place: str = ""

    @property
    def invited(self) -> list[int]:
        """Agencies invited to every meeting (the core agencies)."""
        ids = [a for k, a in self.agencies.items() if k not in (AgencyKind.MARAC, AgencyKind.OTHER)]
        if self.specialist:
            ids.append(self.specialist)
        return ids

    def referrers(self, agency_id: int) -> list[int]:
        return self.practitioners.get(agency_id) or self.reps.get(agency_id) or [self.coordinator]


@dataclass
class World:
    areas: list[AreaInfo]
    agency_kinds: dict[int, str]
    agency_names: dict[int, str]
    user_names: dict[int, str]
    national_governance: int
    administrator: int


def area_count(cases: int) -> int:
    return max(2, min(350, round(cases / 3000)))


def split_cases(cases: int, areas: int, years: int, rng: random.Random) -> list[int]:
    """Cases per area: a log-normal spread, the big city first when large enough."""
    counts: list[int] = []
    remaining = cases
    if cases >= BIG_AREA_MIN_CASES:
        # A quarter more referrals a week than one agenda's 60 cases, so the
        # weekly agenda fills and the coordinator adds an extra meeting for
        # the rest; about 69% of referrals start new cases.
        big = min(cases // 4, round(BIG_AREA_AGENDA * 1.25 * 52 * years * (1 - REPEAT_SHARE)))
        counts.append(big)
        remaining -= big
    rest = areas - len(counts)
    weights = [rng.lognormvariate(0, 0.5) for _ in range(rest)]
    total = sum(weights)
    shares = [math.floor(remaining * w / total) for w in weights]
    for index in range(remaining - sum(shares)):
        shares[index % rest] += 1
    counts.extend(shares)
    return counts


def _pattern(referrals_a_year: float, big: bool) -> str:
    if big or referrals_a_year >= 900:
        return MeetingPattern.WEEKLY
    if referrals_a_year >= 300:
        return MeetingPattern.FORTNIGHTLY
    return MeetingPattern.MONTHLY


@dataclass
class SharedAgencies:
    """Agencies that cover several areas: police forces, health boards, specialist services."""

    police_forces: list[Agency]
    health_boards: list[Agency]
    specialists: list[Agency]

    def all(self) -> list[Agency]:
        return self.police_forces + self.health_boards + self.specialists


def build_world(*, cases: int, years: int, rng: random.Random, fake: Faker, today: date) -> World:
    """Create the areas, agencies, users and memberships (ORM, one transaction)."""
    n_areas = area_count(cases)
    per_area = split_cases(cases, n_areas, years, rng)
    places = _places(fake, n_areas)
    instruments: dict[str, ChecklistInstrument] = {
        choice: case_services.instrument_for_area(MaracArea(checklist=choice))
        for choice in (ChecklistChoice.DASH, ChecklistChoice.DAQ)
    }
    shared = _shared_agencies(places, n_areas)
    local: list[list[Agency]] = [
        [Agency(name=pattern.format(place=place), kind=kind) for kind, pattern in LOCAL_AGENCIES] for place in places
    ]
    all_agencies = shared.all() + [a for row in local for a in row]
    Agency.objects.bulk_create(all_agencies)
    big_city = cases >= BIG_AREA_MIN_CASES
    yearly = [count / (1 - REPEAT_SHARE) / years for count in per_area]  # referrals a year in each area
    areas = [
        _area(index, place, yearly[index], n_areas=n_areas, big_city=big_city, rng=rng, today=today)
        for index, place in enumerate(places)
    ]
    MaracArea.objects.bulk_create(areas)

    staff = Staff(fake)
    core_links: list[Any] = []
    infos: list[AreaInfo] = []
    for index, area in enumerate(areas):
        agencies, specialist, core = _area_agencies(index, local[index], shared)
        core_links.extend(MaracArea.core_agencies.through(maracarea=area, agency=a) for a in core)
        infos.append(
            _area_info(
                area,
                places[index],
                per_area[index],
                agencies,
                specialist,
                instrument=instruments[area.checklist],
                agenda_cap=BIG_AREA_AGENDA if index == 0 and big_city else None,
            )
        )
        staff_area(staff, area, agencies, core, yearly[index])
    national = staff.person(local[0][-1], "National MARAC governance lead", "governance.national")
    admin = staff.person(local[0][-2], "System administrator", "administrator")
    MaracArea.core_agencies.through.objects.bulk_create(core_links)
    User.objects.bulk_create(staff.users)
    memberships = [Membership(user=u, area=a, role=r) for u, a, r in staff.roles]
    memberships += [Membership(user=national, area=a, role=Role.GOVERNANCE) for a in areas]
    memberships.append(Membership(user=admin, area=areas[0], role=Role.ADMINISTRATOR))
    Membership.objects.bulk_create(memberships)
    _record_roles(infos, staff.roles)
    return World(
        areas=infos,
        agency_kinds={a.pk: a.kind for a in all_agencies},
        agency_names={a.pk: a.name for a in all_agencies},
        user_names={u.pk: u.full_name for u in staff.users},
        national_governance=national.pk,
        administrator=admin.pk,
    )


def _places(fake: Faker, count: int) -> list[str]:
    """``count`` different place names."""
    places: list[str] = []
    seen: set[str] = set()
    while len(places) < count:
        place = fake.city()
        if place not in seen:
            seen.add(place)
            places.append(place)
    return places


def _shared_agencies(places: list[str], n_areas: int) -> SharedAgencies:
    """Police forces, health boards and specialist services, each named after
    the first of the areas it covers."""
    police_forces = [
        Agency(name=f"{places[index * AREAS_PER_POLICE_FORCE]} Police Division", kind=AgencyKind.POLICE)
        for index in range(math.ceil(n_areas / AREAS_PER_POLICE_FORCE))
    ]
    health_boards = [
        Agency(name=f"{places[index * AREAS_PER_HEALTH_BOARD]} Health Board", kind=AgencyKind.HEALTH)
        for index in range(math.ceil(n_areas / AREAS_PER_HEALTH_BOARD))
    ]
    specialists = [
        Agency(
            name=f"{places[index * AREAS_PER_SPECIALIST]} Women's Project",
            kind=AgencyKind.SPECIALIST,
            specialism=SPECIALISMS[index % len(SPECIALISMS)],
        )
        for index in range(math.ceil(n_areas / AREAS_PER_SPECIALIST))
    ]
    return SharedAgencies(police_forces, health_boards, specialists)


def _area_agencies(
    index: int, own: list[Agency], shared: SharedAgencies
) -> tuple[dict[str, Agency], Agency | None, list[Agency]]:
    """The area's agencies by kind (its own, its police force and health
    board), the specialist service serving every third area, and the core
    agencies invited to every meeting."""
    agencies = {
        **{a.kind: a for a in own},
        AgencyKind.POLICE: shared.police_forces[index // AREAS_PER_POLICE_FORCE],
        AgencyKind.HEALTH: shared.health_boards[index // AREAS_PER_HEALTH_BOARD],
    }
    specialist = shared.specialists[index // AREAS_PER_SPECIALIST] if index % 3 == 0 else None
    core = [a for k, a in agencies.items() if k not in (AgencyKind.MARAC, AgencyKind.OTHER)]
    if specialist:
        core.append(specialist)
    return agencies, specialist, core


def _area(
    index: int,
    place: str,
    referrals_a_year: float,
    *,
    n_areas: int,
    big_city: bool,
    rng: random.Random,
    today: date,
) -> MaracArea:
    """The area's settings: its nation, meeting pattern and checklist (the first is the big city, if any)."""
    scottish = index < min(SCOTTISH_AREAS, math.ceil(n_areas / 3))
    big = index == 0 and big_city
    return MaracArea(
        name=f"{place} MARAC",
        local_authority=f"{place} Council (synthetic)",
        code=f"{''.join(c for c in place.upper() if c.isalpha())[:3]}{index:03d}",
        nation="scotland" if scottish else ("wales" if index % 12 == 5 else "england"),
        meeting_pattern=_pattern(referrals_a_year, big),
        # The city's weekly meeting is the next working day (its agenda circulated,
        # research in): the busiest moment the benchmarks look at.
        meeting_weekday=_next_working_weekday(today) if big else rng.randrange(5),
        meeting_start_time=rng.choice([time(9, 30), time(10, 0), time(13, 30)]),
        meeting_minutes=rng.choice([180, 180, 240]) if not big else 600,
        minutes_per_case=10,
        meeting_place=f"{place} Council Offices",
        research_deadline_days=rng.choice([2, 2, 3]),
        adult_female_population=round(referrals_a_year * (1 - REPEAT_SHARE) / 47 * 10_000) or None,
        checklist=ChecklistChoice.DAQ if scottish else ChecklistChoice.DASH,
        visible_high_risk_threshold=17 if index % 10 == 7 else 14,
        escalation_callouts=5 if index % 15 == 4 else 3,
    )


def _next_working_weekday(today: date) -> int:
    """The weekday of the next working day after ``today`` (Monday after a Friday or a weekend)."""
    tomorrow = (today.weekday() + 1) % 7
    return tomorrow if tomorrow < 5 else 0


def _area_info(
    area: MaracArea,
    place: str,
    cases: int,
    agencies: dict[str, Agency],
    specialist: Agency | None,
    *,
    instrument: ChecklistInstrument,
    agenda_cap: int | None,
) -> AreaInfo:
    return AreaInfo(
        id=area.pk,
        code=area.code,
        name=area.name,
        place=place,
        nation=area.nation,
        cases=cases,
        pattern=area.meeting_pattern,
        weekday=area.meeting_weekday,
        start_time=area.meeting_start_time,
        meeting_minutes=area.meeting_minutes,
        minutes_per_case=area.minutes_per_case,
        research_deadline_days=area.research_deadline_days,
        thresholds=(area.visible_high_risk_threshold, area.escalation_callouts, area.escalation_window_months),
        instrument_id=instrument.pk,
        daq=area.checklist == ChecklistChoice.DAQ,
        agenda_cap=agenda_cap,
        agencies={k: a.pk for k, a in agencies.items()},
        specialist=specialist.pk if specialist else None,
    )


def _record_roles(infos: list[AreaInfo], roles: list[tuple[User, MaracArea, str]]) -> None:
    """Note each area's users by role, for the case generator (plain ids)."""
    by_area = {info.id: info for info in infos}
    for user, area, role in roles:
        info = by_area[area.pk]
        agency_id = user.agency_id or 0  # every generated user works for an agency
        if role == Role.COORDINATOR:
            info.coordinator = user.pk
        elif role == Role.CHAIR:
            info.chair = user.pk
        elif role == Role.GOVERNANCE:
            info.governance = user.pk
        elif role == Role.REPRESENTATIVE:
            info.reps.setdefault(agency_id, []).append(user.pk)
        elif role == Role.IDAA:
            info.idaas.append(user.pk)
            info.reps.setdefault(agency_id, []).append(user.pk)
        elif role == Role.PRACTITIONER:
            info.practitioners.setdefault(agency_id, []).append(user.pk)
