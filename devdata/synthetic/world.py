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

from django.contrib.auth.hashers import make_password
from faker import Faker

from cases.referrals import instruments as case_services
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


def build_world(*, cases: int, years: int, rng: random.Random, fake: Faker, today: date) -> World:
    """Create the areas, agencies, users and memberships (ORM, one transaction)."""
    n_areas = area_count(cases)
    per_area = split_cases(cases, n_areas, years, rng)
    places: list[str] = []
    seen: set[str] = set()
    while len(places) < n_areas:
        place = fake.city()
        if place not in seen:
            seen.add(place)
            places.append(place)
    dash = case_services.instrument_for_area(MaracArea(checklist=ChecklistChoice.DASH))
    daq = case_services.instrument_for_area(MaracArea(checklist=ChecklistChoice.DAQ))

    # Agencies shared by several areas.
    police_forces: list[Agency] = []
    health_boards: list[Agency] = []
    specialists: list[Agency] = []
    for index in range(math.ceil(n_areas / AREAS_PER_POLICE_FORCE)):
        police_forces.append(
            Agency(name=f"{places[index * AREAS_PER_POLICE_FORCE]} Police Division", kind=AgencyKind.POLICE)
        )
    for index in range(math.ceil(n_areas / AREAS_PER_HEALTH_BOARD)):
        health_boards.append(
            Agency(name=f"{places[index * AREAS_PER_HEALTH_BOARD]} Health Board", kind=AgencyKind.HEALTH)
        )
    for index in range(math.ceil(n_areas / AREAS_PER_SPECIALIST)):
        specialism = SPECIALISMS[index % len(SPECIALISMS)]
        specialists.append(
            Agency(
                name=f"{places[index * AREAS_PER_SPECIALIST]} Women's Project",
                kind=AgencyKind.SPECIALIST,
                specialism=specialism,
            )
        )
    local: list[list[Agency]] = [
        [Agency(name=pattern.format(place=place), kind=kind) for kind, pattern in LOCAL_AGENCIES] for place in places
    ]
    Agency.objects.bulk_create(police_forces + health_boards + specialists + [a for row in local for a in row])

    areas: list[MaracArea] = []
    for index, (place, count) in enumerate(zip(places, per_area, strict=True)):
        scottish = index < min(SCOTTISH_AREAS, math.ceil(n_areas / 3))
        big = index == 0 and cases >= BIG_AREA_MIN_CASES
        referrals_a_year = count / (1 - REPEAT_SHARE) / years
        areas.append(
            MaracArea(
                name=f"{place} MARAC",
                local_authority=f"{place} Council (synthetic)",
                code=f"{''.join(c for c in place.upper() if c.isalpha())[:3]}{index:03d}",
                nation="scotland" if scottish else ("wales" if index % 12 == 5 else "england"),
                meeting_pattern=_pattern(referrals_a_year, big),
                # The city's weekly meeting is tomorrow (its agenda circulated,
                # research in): the busiest moment the benchmarks look at.
                meeting_weekday=min(4, (today.weekday() + 1) % 7) if big else rng.randrange(5),
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
        )
    MaracArea.objects.bulk_create(areas)

    # Users: password hashes are unusable (no one signs in as a synthetic user;
    # the benchmarks create verified sessions directly).
    users: list[User] = []
    roles: list[tuple[User, MaracArea, str]] = []
    infos: list[AreaInfo] = []

    def person(agency: Agency, title: str, slug: str) -> User:
        user = User(
            email=f"{slug}.{len(users)}@synthetic.example",
            full_name=fake.name(),
            job_title=title,
            agency=agency,
            password=make_password(None),
        )
        users.append(user)
        return user

    core_links = []
    for index, (area, count) in enumerate(zip(areas, per_area, strict=True)):
        own = {a.kind: a for a in local[index]}
        police = police_forces[index // AREAS_PER_POLICE_FORCE]
        health = health_boards[index // AREAS_PER_HEALTH_BOARD]
        specialist = specialists[index // AREAS_PER_SPECIALIST] if index % 3 == 0 else None
        agencies = {**own, AgencyKind.POLICE: police, AgencyKind.HEALTH: health}
        core = [a for k, a in agencies.items() if k not in (AgencyKind.MARAC, AgencyKind.OTHER)]
        if specialist:
            core.append(specialist)
        core_links.extend(MaracArea.core_agencies.through(maracarea=area, agency=a) for a in core)
        referrals_a_year = count / (1 - REPEAT_SHARE) / years
        info = AreaInfo(
            id=area.pk,
            code=area.code,
            name=area.name,
            place=places[index],
            nation=area.nation,
            cases=count,
            pattern=area.meeting_pattern,
            weekday=area.meeting_weekday,
            start_time=area.meeting_start_time,
            meeting_minutes=area.meeting_minutes,
            minutes_per_case=area.minutes_per_case,
            research_deadline_days=area.research_deadline_days,
            thresholds=(area.visible_high_risk_threshold, area.escalation_callouts, area.escalation_window_months),
            instrument_id=(daq if area.checklist == ChecklistChoice.DAQ else dash).pk,
            daq=area.checklist == ChecklistChoice.DAQ,
            agenda_cap=BIG_AREA_AGENDA if index == 0 and cases >= BIG_AREA_MIN_CASES else None,
            agencies={k: a.pk for k, a in agencies.items()},
            specialist=specialist.pk if specialist else None,
        )
        infos.append(info)
        slug = area.code.lower()
        coordinator = person(own[AgencyKind.MARAC], "MARAC coordinator", f"coordinator.{slug}")
        chair = person(police, "Detective Inspector, MARAC chair", f"chair.{slug}")
        governance = person(own[AgencyKind.OTHER], "Community safety manager", f"governance.{slug}")
        roles += [(coordinator, area, Role.COORDINATOR), (chair, area, Role.CHAIR), (governance, area, Role.GOVERNANCE)]
        for agency in core:
            if agency.kind == AgencyKind.IDAA:
                continue
            rep = person(agency, "MARAC representative", f"rep.{agency.kind}.{slug}")
            roles.append((rep, area, Role.REPRESENTATIVE))
        idaa_count = 2 + int(referrals_a_year // 250)
        for n in range(idaa_count):
            idaa = person(own[AgencyKind.IDAA], "Independent domestic abuse advocate", f"idaa{n}.{slug}")
            roles.append((idaa, area, Role.IDAA))
        for agency, n in (
            (police, 3),
            (own[AgencyKind.HOUSING], 1),
            (health, 1),
            (own[AgencyKind.CHILDREN_FAMILIES], 1),
        ):
            for k in range(n):
                practitioner = person(agency, "Practitioner", f"practitioner{k}.{agency.kind}.{slug}")
                roles.append((practitioner, area, Role.PRACTITIONER))
    national = person(local[0][-1], "National MARAC governance lead", "governance.national")
    admin = person(local[0][-2], "System administrator", "administrator")
    MaracArea.core_agencies.through.objects.bulk_create(core_links)
    User.objects.bulk_create(users)
    memberships = [Membership(user=u, area=a, role=r) for u, a, r in roles]
    memberships += [Membership(user=national, area=a, role=Role.GOVERNANCE) for a in areas]
    memberships.append(Membership(user=admin, area=areas[0], role=Role.ADMINISTRATOR))
    Membership.objects.bulk_create(memberships)

    by_area = {info.id: info for info in infos}
    for user, area, role in roles:
        info = by_area[area.pk]
        if role == Role.COORDINATOR:
            info.coordinator = user.pk
        elif role == Role.CHAIR:
            info.chair = user.pk
        elif role == Role.GOVERNANCE:
            info.governance = user.pk
        elif role == Role.REPRESENTATIVE:
            info.reps.setdefault(user.agency_id, []).append(user.pk)  # type: ignore[arg-type]
        elif role == Role.IDAA:
            info.idaas.append(user.pk)
            info.reps.setdefault(user.agency_id, []).append(user.pk)  # type: ignore[arg-type]
        elif role == Role.PRACTITIONER:
            info.practitioners.setdefault(user.agency_id, []).append(user.pk)  # type: ignore[arg-type]
    all_agencies = police_forces + health_boards + specialists + [a for row in local for a in row]
    return World(
        areas=infos,
        agency_kinds={a.pk: a.kind for a in all_agencies},
        agency_names={a.pk: a.name for a in all_agencies},
        user_names={u.pk: u.full_name for u in users},
        national_governance=national.pk,
        administrator=admin.pk,
    )
