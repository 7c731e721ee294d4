"""The area of a query-budget world, its agencies and one user in each role."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from actions.models import Action, ActionFocus
from cases.meetings.schedule import meetings_schedule_ahead
from cases.models import AgendaItem
from marac.models import Agency, AgencyKind, MaracArea, Role, User
from tests.builders import action_for
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import member

# Text the language check prompts about (so the worlds hold language prompt events).
BLAMING = "She allowed him back into the house."

_world_numbers = itertools.count(1)


@dataclass
class Setting:
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


def police_action(s: Setting, item: AgendaItem, due: date, focus: str = ActionFocus.SURVIVOR, **update: Any) -> Action:
    """Owned by police, jointly with housing and a specialist service, recorded by the coordinator."""
    return action_for(
        item,
        by=s.coordinator,
        owner=s.police,
        due=due,
        focus=focus,
        description=f"Visit the survivor to review the safety plan. {BLAMING}",
        joint=[s.housing, s.specialists[0]],
        **update,
    )


def make_setting(n: int) -> Setting:
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
    meetings_schedule_ahead(area)
    today = timezone.localdate()
    return Setting(
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
            # Sends apologies to the last meeting: receives only the actions it shares there.
            "specialist": member(Role.REPRESENTATIVE, area, agency=specialists[0]),
            "practitioner": member(Role.PRACTITIONER, area, agency=police),
            "idaa": member(Role.IDAA, area, agency=idaa_service),
            "governance": member(Role.GOVERNANCE, area),
            "administrator": member(Role.ADMINISTRATOR, area, is_staff=True),
        },
    )
