"""A case heard at a meeting, through the services, for the outcome page's tests.

Police practitioner referred it (police representative sent it); a housing practitioner is its
keyworker; at the meeting police, housing and health each got an action (housing's shared with
police). Police and housing are invited (the area's core agencies); health is not.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from cases.meetings.live import services as live_services
from cases.models import AgendaItem, GrantKind
from marac.models import Role
from tests.builders import action_for
from tests.builders.grants import named_on
from tests.builders.meetings import start_on_its_day
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import member, received_referral

POLICE_ACTION = "Qzpolice: arrest him for the breach of bail."
HOUSING_ACTION = "Qzhousing: change the locks, with police present."
HEALTH_ACTION = "Qzhealth: the GP to follow up."


def listed_case(**people: str) -> SimpleNamespace:
    """The area, its people and the case listed on its next meeting (not yet held)."""
    area = MaracAreaFactory()
    police, housing, health = (AgencyFactory(name=f"Outcome {name}") for name in ("police", "housing", "health"))
    area.core_agencies.set([police, housing])
    w = SimpleNamespace(area=area, police=police, housing=housing, health=health)
    w.coordinator = member(Role.COORDINATOR, area, full_name="Casey Coordinator", job_title="MARAC coordinator")
    w.rep = member(Role.REPRESENTATIVE, area, agency=police)
    w.housing_rep = member(Role.REPRESENTATIVE, area, agency=housing)
    w.practitioner = member(Role.PRACTITIONER, area, agency=police)
    w.keyworker = member(Role.PRACTITIONER, area, agency=housing)
    for name, role in people.items():
        setattr(w, name, member(role, area, agency=housing))
    w.referral = received_referral(w.practitioner, area, coordinator=w.coordinator, representative=w.rep)
    w.case = w.referral.case
    # A surname no generated user can share, so "not in the page or email" tests the case, not a colleague's name.
    w.case.victim.family_name = "Quarrendale-Outcome"
    w.case.victim.save(update_fields=["family_name"])
    w.item = AgendaItem.objects.select_related("meeting").get(case=w.case)
    w.meeting = w.item.meeting
    named_on(w.case, w.keyworker, GrantKind.KEYWORKER)
    return w


def hold(w: SimpleNamespace) -> SimpleNamespace:
    """The meeting run and closed by the coordinator, with an action for police, housing and health."""
    start_on_its_day(w.meeting, by=w.coordinator)
    due = timezone.localdate() + timedelta(days=14)
    w.police_action = action_for(w.item, by=w.coordinator, owner=w.police, due=due, description=POLICE_ACTION)
    w.housing_action = action_for(
        w.item, by=w.coordinator, owner=w.housing, due=due, description=HOUSING_ACTION, joint=[w.police]
    )
    w.health_action = action_for(w.item, by=w.coordinator, owner=w.health, due=due, description=HEALTH_ACTION)
    live_services.meeting_close(user=w.coordinator, meeting=w.meeting)
    w.meeting.refresh_from_db()
    w.case.refresh_from_db()
    return w


def heard_case(**people: str) -> SimpleNamespace:
    return hold(listed_case(**people))
