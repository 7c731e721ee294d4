"""The plan of the history: meetings laid out from each area's pattern, and
each case's chain of referrals in time (see generate.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cases.meetings.schedule import meeting_dates
from devdata.synthetic.people import Addresses, NamePools
from devdata.synthetic.rows import DAY
from devdata.synthetic.world import AreaInfo, World
from marac.language import LanguagePrompt


@dataclass
class Meeting:
    id: int
    area: AreaInfo
    day: date
    start: float
    deadline: float
    is_extra: bool = False
    items: list[Item] = field(default_factory=list)
    status: str = "scheduled"


@dataclass
class Item:
    case: Case
    meeting: Meeting
    referrals: list[Referral]
    id: int = 0


@dataclass
class Referral:
    id: int
    case: Case
    created: float
    submitted: float
    received: float
    is_repeat: bool
    status: str = "received"
    agency: int = 0


@dataclass
class Child:
    person: int
    dob: int  # epoch day
    relationship: str
    school: str
    lives_with: str
    given: str
    family: str
    gender: str


@dataclass
class Perpetrator:
    person: int
    given: str
    family: str
    dob: int | None
    gender: str
    aliases: list[tuple[str, str]]
    relationship: str


class Case:
    __slots__ = (
        "area",
        "children",
        "heard_on",
        "household",
        "id",
        "interpreter",
        "language",
        "last_item",
        "perpetrators",
        "reference",
        "referrals",
        "victim",
        "victim_dob",
        "victim_equality",
        "victim_family",
        "victim_gender",
        "victim_given",
    )

    # Set when the case's first referral is received (ReferralHistory._start_case).
    reference: str
    victim: int  # person id
    victim_dob: int | None  # epoch day
    victim_given: str
    victim_family: str
    victim_gender: str
    victim_equality: tuple[str, str, str, str]  # ethnicity, black_or_minoritised, lgbt, disabled

    def __init__(self, area: AreaInfo) -> None:
        self.area = area
        self.id = 0
        self.referrals: list[Referral] = []
        self.heard_on: date | None = None  # the last meeting that heard it, before its last agenda
        self.children: list[Child] = []
        self.perpetrators: list[Perpetrator] = []
        self.household: list[int] = []
        self.last_item: Item | None = None
        self.interpreter = False
        self.language = ""


class GeneratorState:
    """What the parts of ``Generator`` share: the world and the random source,
    the COPY writers, the plan and the running counters. ``Generator.__init__``
    sets them; ``plan_meetings`` sets ``all_meetings`` and ``deadlines``."""

    world: World
    years: int
    rng: random.Random
    names: NamePools
    addresses: Addresses
    now: float  # epoch seconds
    zone: ZoneInfo
    today: date
    start: float  # epoch seconds
    progress: Callable[[str], None]
    w: dict[str, Callable[[str], None]]  # table -> COPY line writer
    ids: dict[str, int]  # table -> last id written
    meetings: dict[int, list[Meeting]]  # area id -> its meetings in time order
    all_meetings: list[Meeting]
    deadlines: dict[int, list[float]]  # area id -> its meetings' research deadlines
    # Weighted choices (values, cumulative weights) for random.choices.
    referral_kinds: tuple[list[Any], list[int]]
    owner_kinds: dict[str, tuple[list[Any], list[int]]]
    relationships: tuple[list[Any], list[int]]
    ethnicities: tuple[list[Any], list[int]]
    prompts: list[LanguagePrompt]
    answer_pool: dict[tuple[bool, int, bool], list[str]]
    conflicts: set[tuple[int, int]]
    last_entry: int
    reasons_cache: dict[tuple[Any, ...], str]
    perpetrator_pool: dict[int, list[Perpetrator]]
    counters: dict[tuple[int, int], int]  # (area id, year) -> last case number

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]


class Planning(GeneratorState):
    """Lays out the meetings and the referral chains (a part of ``Generator``)."""

    # -- 1. meetings ---------------------------------------------------------------------
    def plan_meetings(self) -> None:
        first_day = datetime.fromtimestamp(self.start, self.zone).date()
        plans: list[Meeting] = []
        for area in self.world.areas:
            first = first_day + timedelta(days=(area.weekday - first_day.weekday()) % 7)
            per_year = {"weekly": 53, "fortnightly": 27, "monthly": 13, "daily": 261}[area.pattern]
            days = [first, *meeting_dates(
                pattern=area.pattern, weekday=area.weekday, after=first, count=per_year * (self.years + 2), anchor=first
            )]  # fmt: skip
            future = [d for d in days if d > self.today][:12]
            days = [d for d in days if d <= self.today] + future
            meetings = []
            for day in days:
                meetings.append(self._meeting(area, day, is_extra=False))
                if area.agenda_cap:
                    # The coordinator of a full agenda adds an extra meeting the
                    # next working day for the cases that came in by the same
                    # deadline; it is kept only if cases go onto it.
                    extra = self._meeting(area, day + timedelta(days=1 if day.weekday() < 4 else 3), is_extra=True)
                    extra.deadline = meetings[-1].deadline
                    meetings.append(extra)
            self.meetings[area.id] = meetings
            plans.extend(meetings)
        plans.sort(key=lambda m: (m.day, m.area.id, m.is_extra))
        self.all_meetings = plans
        self.deadlines = {a: [m.deadline for m in ms] for a, ms in self.meetings.items()}

    def _meeting(self, area: AreaInfo, day: date, *, is_extra: bool) -> Meeting:
        start = datetime.combine(day, area.start_time, self.zone).timestamp()
        due = day - timedelta(days=area.research_deadline_days)
        while due.weekday() >= 5:  # as cases.meeting_services: never at a weekend
            due -= timedelta(days=1)
        deadline = datetime.combine(due, datetime.min.time().replace(hour=17), self.zone).timestamp()
        return Meeting(id=0, area=area, day=day, start=start, deadline=deadline, is_extra=is_extra)

    # -- 2. cases and referral chains --------------------------------------------------------
    def plan_cases(self) -> list[Referral]:
        rng = self.rng
        events: list[Referral] = []
        latest_first = self.now - 7200
        for area in self.world.areas:
            span = latest_first - self.start
            for _ in range(area.cases):
                case = Case(area)
                t = self.start + rng.random() * span
                repeat = False
                first = True
                while True:
                    submitted = t + rng.uniform(0.05, 2.0) * DAY
                    received = submitted + rng.uniform(0.02, 1.5) * DAY
                    if first and received > self.now:
                        # A case exists once its first referral is received: the
                        # newest ones were sent and received the same day.
                        submitted = t + (self.now - t) * 0.3
                        received = t + (self.now - t) * 0.6
                    first = False
                    ref = Referral(0, case, t, submitted, received, repeat)
                    if received > self.now:
                        ref.status = "submitted" if submitted <= self.now else "ready_for_check"
                    case.referrals.append(ref)
                    events.append(ref)
                    roll = rng.random()
                    if roll < 0.31:
                        t = submitted + rng.uniform(10, 360) * DAY
                        repeat = True
                    elif roll < 0.35:
                        t = submitted + rng.uniform(400, 1100) * DAY
                        repeat = False
                    else:
                        break
                    if t + 0.1 * DAY > self.now:
                        break
        events.sort(key=lambda r: r.created)
        return events
