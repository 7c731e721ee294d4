"""What agencies shared at a meeting follows the minutes' rule everywhere it is shown.

One rule (``minuted_items_for_user``) decides both the minutes' cases and the shared
information on the perpetrator pattern page: the area's coordinators and chairs see
it all; an invited agency sees, once the minutes are distributed, only the cases it
attended (all if present or deputising, the ticked ones if present for some, none
after apologies); nobody ever sees a case they declared a conflict of interest on.
Research findings on the pattern page keep their own rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.models import (
    AgendaItem,
    AttendanceStatus,
    ConflictOfInterest,
    Meeting,
    Minutes,
    MinutesCase,
    MinutesStatus,
    Person,
)
from marac.models import Agency, MaracArea, Role, User
from ppmt.pattern import person_pattern_for_user
from ppmt.stages import PpmtStage
from tests.builders import held_meeting, perpetrator_case, record_attendance, research_entry, shared_information
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory, PersonFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

SHARED_A = "Shared on A: he tracked her phone."
SHARED_B = "Shared on B: he took her bank card."
RESEARCH_A = "Research on A: breached bail twice."


@dataclass
class World:
    area: MaracArea
    police: Agency
    housing: Agency
    health: Agency
    person: Person
    meeting: Meeting
    item_a: AgendaItem
    item_b: AgendaItem
    minutes: Minutes
    coordinator: User
    chair: User


@pytest.fixture
def world() -> World:
    area = MaracAreaFactory()
    police, housing, health = (AgencyFactory(name=f"Shared test {n}") for n in ("police", "housing", "health"))
    person = PersonFactory()
    cases = [perpetrator_case(area, person, reference=ref) for ref in ("SHR-A-0001", "SHR-B-0002")]
    meeting = held_meeting(
        area, timezone.localdate() - timedelta(days=7), agencies=[police, housing, health], cases=cases
    )
    item_a, item_b = meeting.items.order_by("position")
    shared_information(item_a, police, PpmtStage.PATTERN, SHARED_A)
    shared_information(item_b, police, PpmtStage.PROFESSIONALS, SHARED_B)
    research_entry(item_a, police, PpmtStage.PATTERN, RESEARCH_A, information_date=timezone.localdate())
    coordinator = member(Role.COORDINATOR, area, agency=police)
    statuses = {police: AttendanceStatus.PRESENT, housing: AttendanceStatus.PARTIAL}
    attendance = record_attendance(meeting, {**statuses, health: AttendanceStatus.APOLOGIES}, recorded_by=coordinator)
    attendance[1].cases_attended.set([item_a])  # housing was there for case A only
    minutes = Minutes.objects.create(meeting=meeting)
    for item in (item_a, item_b):
        MinutesCase.objects.create(minutes=minutes, item=item, text=f"Minutes of {item.case.reference}")
    return World(
        area=area,
        police=police,
        housing=housing,
        health=health,
        person=person,
        meeting=meeting,
        item_a=item_a,
        item_b=item_b,
        minutes=minutes,
        coordinator=coordinator,
        chair=member(Role.CHAIR, area, agency=health),
    )


def representative(world: World, agency: Agency) -> User:
    return member(Role.REPRESENTATIVE, world.area, agency=agency)


def shared_seen(user: User, world: World) -> set[str]:
    pattern = person_pattern_for_user(user, world.person.pk)
    return {e.text for e in pattern.behaviours + pattern.warnings if e.source == "meeting"}


def minuted(user: User, world: World) -> set[int]:
    """The agenda items whose minutes the user reads (none if the minutes page is closed to them)."""
    try:
        return {c.item_id for c in meeting_selectors.minutes_for_user(user, world.meeting)[1]}
    except Http404:
        return set()


def distribute(world: World) -> None:
    Minutes.objects.filter(pk=world.minutes.pk).update(status=MinutesStatus.DISTRIBUTED)


def test_before_distribution_only_coordinators_and_chairs_see_what_was_shared(client, world) -> None:
    police = representative(world, world.police)
    assert shared_seen(police, world) == set()
    # The case and the research still show: the research has its own rule.
    sign_in_verified(client, police)
    html = client.get(reverse("person-pattern", args=[world.person.pk])).content.decode()
    assert "SHR-A-0001" in html
    assert RESEARCH_A in html
    assert "he tracked her phone" not in html
    for user in (world.coordinator, world.chair):
        assert shared_seen(user, world) == {SHARED_A, SHARED_B}
    # Approved by the chair is not yet distributed.
    Minutes.objects.filter(pk=world.minutes.pk).update(status=MinutesStatus.APPROVED)
    assert shared_seen(police, world) == set()
    assert shared_seen(world.coordinator, world) == {SHARED_A, SHARED_B}


def test_after_distribution_each_agency_sees_the_cases_it_attended(client, world) -> None:
    distribute(world)
    assert shared_seen(representative(world, world.police), world) == {SHARED_A, SHARED_B}
    housing = representative(world, world.housing)
    assert shared_seen(housing, world) == {SHARED_A}  # present for case A only
    health = representative(world, world.health)
    assert shared_seen(health, world) == set()  # apologies
    sign_in_verified(client, housing)
    html = client.get(reverse("person-pattern", args=[world.person.pk])).content.decode()
    assert "he tracked her phone" in html
    assert "he took her bank card" not in html


def test_an_agency_that_did_not_attend_never_sees_what_was_shared(world) -> None:
    """An invited agency with no attendance recorded at all (nor one that was absent)."""
    school = AgencyFactory(name="Shared test school")
    world.meeting.invited_agencies.add(school)
    distribute(world)
    assert shared_seen(representative(world, school), world) == set()


def test_a_conflict_of_interest_hides_that_case_from_anyone(world) -> None:
    distribute(world)
    police = representative(world, world.police)
    for user in (police, world.coordinator):
        meeting_services.conflict_declare(user=user, case=world.item_a.case, connection="knows")
        assert shared_seen(user, world) == {SHARED_B}
        assert minuted(user, world) == {world.item_b.pk}


def test_a_withdrawn_conflict_no_longer_hides_the_case(world) -> None:
    conflict = ConflictOfInterest.objects.create(user=world.coordinator, case=world.item_a.case, connection="knows")
    assert shared_seen(world.coordinator, world) == {SHARED_B}
    meeting_services.conflict_withdraw(user=world.chair, conflict=conflict, reason="Declared on the wrong case")
    assert shared_seen(world.coordinator, world) == {SHARED_A, SHARED_B}


@pytest.mark.parametrize("distributed", [False, True])
def test_the_minutes_and_the_pattern_page_follow_one_rule(world, distributed: bool) -> None:
    if distributed:
        distribute(world)
    conflicted = representative(world, world.police)
    ConflictOfInterest.objects.create(user=conflicted, case=world.item_b.case, connection="related")
    users = [world.coordinator, world.chair, conflicted, *(representative(world, a) for a in (world.police,
             world.housing, world.health))]  # fmt: skip
    texts = {world.item_a.pk: SHARED_A, world.item_b.pk: SHARED_B}
    for user in users:
        items = minuted(user, world)
        assert {texts[pk] for pk in items} == shared_seen(user, world), user
        assert items == set(meeting_selectors.minuted_items_for_user(user).filter(meeting=world.meeting).values_list(
            "pk", flat=True))  # fmt: skip
