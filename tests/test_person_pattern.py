"""The pattern page of a person causing harm, across cases, within the viewer's access.

One person causing harm, two victims, two MARAC areas: each viewer sees
only the cases the case selector lets them see (never another area's
victim, never a case with a declared conflict of interest), restricted
research only if their agency may read it, and the coordinator is told
when a new referral names someone already linked to other cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    AgendaItem,
    Case,
    CaseParty,
    ConflictOfInterest,
    Notification,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralStatus,
)
from cases.people.alerts import alert_linked_perpetrators
from marac.models import Agency, AuditEvent, AuditVerb, MaracArea, Role, User
from ppmt.models import ResearchEntry
from ppmt.pattern import person_pattern_for_user
from ppmt.stages import PpmtStage
from tests.builders import at, list_case, meeting_on, perpetrator_case, research_entry, shared_information
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory, MembershipFactory, PersonFactory, UserFactory
from tests.referral_helpers import member, perpetrator_details, received_referral

pytestmark = pytest.mark.django_db

NORTH_VICTIM = ("Vera", "Northvictim")
SOUTH_VICTIM = ("Wanda", "Southvictim")
PERSON_NAME = ("Robert", "Harmwell")
ALIAS = ("Robbie", "Aliasby")
PERSON_DOB = date(1984, 6, 9)


def user_in(agency: Agency, *roles: tuple[str, MaracArea]) -> User:
    user = UserFactory(agency=agency)
    for role, area in roles:
        MembershipFactory(user=user, area=area, role=role)
    return user


def victim(names: tuple[str, str]) -> Person:
    return PersonFactory(given_names=names[0], family_name=names[1])


def on_an_agenda(case: Case, *, on: date | None = None) -> AgendaItem:
    """The case, alone on an extra meeting (in two weeks by default)."""
    day = on or timezone.localdate() + timedelta(days=14)
    return list_case(meeting_on(case.area, day, is_extra=True), case)


def referral_with_risks(case: Case, agency: Agency, text: str, *, status: str = ReferralStatus.RECEIVED) -> Referral:
    return Referral.objects.create(
        area=case.area,
        case=case,
        status=status,
        referring_agency=agency,
        drafted_by=UserFactory(agency=agency),
        risks_to_professionals=text,
        submitted_at=at(timezone.localdate() - timedelta(days=3)),
    )


@dataclass
class World:
    north: MaracArea
    south: MaracArea
    police: Agency
    housing: Agency
    health: Agency
    person: Person
    north_case: Case
    south_case: Case
    both: User  # coordinates both areas (police)
    north_coordinator: User  # housing
    south_coordinator: User  # health
    north_police_coordinator: User


@pytest.fixture
def world() -> World:
    north = MaracAreaFactory(name="Northshire MARAC", code="NTH")
    south = MaracAreaFactory(name="Southmoor MARAC", code="STH")
    police = AgencyFactory(name="Pattern test police")
    housing = AgencyFactory(name="Pattern test housing")
    health = AgencyFactory(name="Pattern test health")
    person = PersonFactory(given_names=PERSON_NAME[0], family_name=PERSON_NAME[1], date_of_birth=PERSON_DOB)
    PersonAlias.objects.create(person=person, given_names=ALIAS[0], family_name=ALIAS[1], note="social media")
    north_case = perpetrator_case(north, person, victim=victim(NORTH_VICTIM), reference="NTH-T-0001")
    south_case = perpetrator_case(
        south,
        person,
        victim=victim(SOUTH_VICTIM),
        reference="STH-T-0007",
        created_at=timezone.now() - timedelta(days=400),
    )
    today = timezone.localdate()
    north_item, south_item = on_an_agenda(north_case), on_an_agenda(south_case)
    shared_information(
        north_item, police, PpmtStage.PATTERN, "North: he tracked her phone and took her bank card.", on=today
    )
    shared_information(
        south_item, health, PpmtStage.PATTERN, "South: he isolated her from family.", on=today - timedelta(days=300)
    )
    shared_information(
        north_item, police, PpmtStage.HARM, "North: stage harm, not shown on the pattern page.", on=today
    )
    research_entry(
        north_item,
        police,
        PpmtStage.PATTERN,
        "North research: breached bail twice.",
        information_date=today - timedelta(days=30),
    )
    research_entry(
        south_item,
        health,
        PpmtStage.PROFESSIONALS,
        "South research: threatened a health visitor.",
        information_date=today,
    )
    referral_with_risks(north_case, housing, "North referral: he follows workers to their cars.")
    referral_with_risks(south_case, health, "South referral: he films home visits.")
    return World(
        north=north,
        south=south,
        police=police,
        housing=housing,
        health=health,
        person=person,
        north_case=north_case,
        south_case=south_case,
        both=user_in(police, (Role.COORDINATOR, north), (Role.COORDINATOR, south)),
        north_coordinator=user_in(housing, (Role.COORDINATOR, north)),
        south_coordinator=user_in(health, (Role.COORDINATOR, south)),
        north_police_coordinator=user_in(police, (Role.COORDINATOR, north)),
    )


def page(client, user: User, person: Person):  # type: ignore[no-untyped-def]
    sign_in_verified(client, user)
    return client.get(reverse("person-pattern", args=[person.pk]))


SOUTH_ONLY = [
    "STH-T-0007",
    "Southmoor MARAC",
    " ".join(SOUTH_VICTIM),
    SOUTH_VICTIM[1],
    "South: he isolated her",
    "South research",
    "South referral",
]
NORTH_ONLY = ["NTH-T-0001", " ".join(NORTH_VICTIM), "North: he tracked", "North research", "North referral"]


def test_a_coordinator_of_both_areas_sees_both_cases_and_victims(client, world) -> None:
    response = page(client, world.both, world.person)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pattern of behaviour: Robert Harmwell" in html
    assert "Also known as" in html
    assert "Robbie Aliasby" in html
    assert "Only cases you are allowed to see are shown." in html
    for text in [*NORTH_ONLY, *SOUTH_ONLY]:
        assert text in html, text
    assert reverse("case-detail", args=[world.north_case.pk]) in html
    assert reverse("case-detail", args=[world.south_case.pk]) in html
    # Newest first: the cases, and the behaviours over time.
    cases_part = html[html.index("Cases and victims") : html.index("Behaviour recorded over time")]
    assert cases_part.index("NTH-T-0001") < cases_part.index("STH-T-0007")
    assert html.index("North: he tracked") < html.index("North research") < html.index("South: he isolated her")
    # Warnings for professionals, in a warning block.
    assert "govuk-warning-text" in html
    assert "Warnings for professionals" in html
    # Other PPMT stages are not part of this page.
    assert "stage harm" not in html


def test_a_coordinator_of_one_area_sees_only_that_case(client, world) -> None:
    response = page(client, world.north_coordinator, world.person)
    assert response.status_code == 200
    html = response.content.decode()
    for text in NORTH_ONLY:
        assert text in html, text
    for text in SOUTH_ONLY:
        assert text not in html, text
    pattern = person_pattern_for_user(world.north_coordinator, world.person.pk)
    assert [c.reference for c in pattern.cases] == ["NTH-T-0001"]
    assert {e.case_reference for e in pattern.behaviours + pattern.warnings} == {"NTH-T-0001"}


def test_a_conflict_of_interest_removes_the_case(client, world) -> None:
    ConflictOfInterest.objects.create(user=world.both, case=world.south_case, connection="knows")
    html = page(client, world.both, world.person).content.decode()
    for text in NORTH_ONLY:
        assert text in html, text
    for text in SOUTH_ONLY:
        assert text not in html, text
    # Conflicted on every case where the person causes harm: nothing to show.
    ConflictOfInterest.objects.create(user=world.both, case=world.north_case, connection="related")
    assert page(client, world.both, world.person).status_code == 404


def test_governance_and_uninvolved_users_get_404(client, world) -> None:
    governance = user_in(world.police, (Role.GOVERNANCE, world.north), (Role.GOVERNANCE, world.south))
    for user in [governance, UserFactory(), member(Role.COORDINATOR, MaracAreaFactory())]:
        response = page(client, user, world.person)
        assert response.status_code == 404
        assert "Harmwell" not in response.content.decode()
    # A person who is only a victim has no pattern page, even for a coordinator who sees the case.
    assert page(client, world.north_coordinator, world.north_case.victim).status_code == 404
    assert page(client, world.both, Person(pk=2_000_000_000)).status_code == 404


def test_restricted_research_reaches_only_the_listed_agencies(client, world) -> None:
    item = AgendaItem.objects.get(case=world.north_case)
    research_entry(
        item,
        world.health,
        PpmtStage.PATTERN,
        "Restricted: MAPPA level two management.",
        information_date=timezone.localdate(),
        restricted_to=(world.police,),
    )
    research_entry(
        item,
        world.housing,
        PpmtStage.PATTERN,
        "Draft: not yet shared.",
        information_date=timezone.localdate(),
        status="draft",
    )
    health_coordinator = user_in(world.health, (Role.COORDINATOR, world.north))
    seen = {
        "listed agency": page(client, world.north_police_coordinator, world.person).content.decode(),
        "author's agency": page(client, health_coordinator, world.person).content.decode(),
        "another agency": page(client, world.north_coordinator, world.person).content.decode(),
    }
    assert "Restricted: MAPPA" in seen["listed agency"]
    assert "Restricted: MAPPA" in seen["author's agency"]
    assert "Restricted: MAPPA" not in seen["another agency"]
    assert "North research" in seen["another agency"]  # unrestricted research is still there
    for html in seen.values():
        assert "Draft: not yet shared." not in html


def test_superseded_and_withdrawn_research_is_not_shown(world) -> None:
    item, today = AgendaItem.objects.get(case=world.north_case), timezone.localdate()
    old = research_entry(item, world.police, PpmtStage.PATTERN, "Old wording.", information_date=today)
    new = research_entry(item, world.police, PpmtStage.PATTERN, "New wording.", information_date=today)
    ResearchEntry.objects.filter(pk=old.pk).update(superseded_by=new)
    gone = research_entry(item, world.police, PpmtStage.PATTERN, "Withdrawn finding.", information_date=today)
    ResearchEntry.objects.filter(pk=gone.pk).update(withdrawn=True)
    texts = [e.text for e in person_pattern_for_user(world.both, world.person.pk).behaviours]
    assert "New wording." in texts
    assert "Old wording." not in texts
    assert "Withdrawn finding." not in texts


def test_only_received_referrals_give_warnings(world) -> None:
    referral_with_risks(world.north_case, world.housing, "Not yet received: hidden.", status=ReferralStatus.SUBMITTED)
    warnings = [e.text for e in person_pattern_for_user(world.both, world.person.pk).warnings]
    assert "North referral: he follows workers to their cars." in warnings
    assert "Not yet received: hidden." not in warnings


def test_a_referral_naming_an_alias_links_the_case_and_alerts_the_coordinators_once(client, world) -> None:
    agency = AgencyFactory()
    drafter = member(Role.PRACTITIONER, world.north, agency=agency)
    representative = member(Role.REPRESENTATIVE, world.north, agency=agency)
    chair = member(Role.CHAIR, world.north)
    referral = received_referral(
        drafter,
        world.north,
        representative=representative,
        coordinator=world.north_coordinator,
        perpetrators=[perpetrator_details(given_names=ALIAS[0], family_name=ALIAS[1], date_of_birth=PERSON_DOB)],
    )
    case = referral.case
    assert case is not None
    # The referral named the person by an alias: the same Person record, now in three cases.
    assert CaseParty.objects.get(case=case, role=PartyRole.PERPETRATOR).person == world.person
    html = page(client, world.both, world.person).content.decode()
    assert case.reference in html
    assert "Robbie Aliasby" in html

    notes = Notification.objects.filter(dedupe_key=f"pattern-{case.pk}-{world.person.pk}")
    assert {n.user for n in notes} == {world.north_coordinator, world.both, world.north_police_coordinator}
    assert chair not in {n.user for n in notes}  # coordinators only
    assert world.south_coordinator not in {n.user for n in notes}  # another area's coordinator
    for note in notes:
        assert note.message == (
            f"A person causing harm in case {case.reference} is linked to 2 other cases. "
            "See their pattern before the meeting."
        )
        assert note.link == reverse("person-pattern", args=[world.person.pk])
        # No personal data, and nothing about the other areas' cases.
        for text in [*PERSON_NAME, *ALIAS, *NORTH_VICTIM, *SOUTH_VICTIM, "STH-", "Southmoor", "NTH-T-0001"]:
            assert text not in note.message, text
    # Once per coordinator, case and person: receiving again or re-running the alert adds nothing.
    assert alert_linked_perpetrators(case=case, user=world.north_coordinator) == 0
    assert notes.count() == 3
    # A coordinator who joins later is told; one with a conflict of interest on the case is not.
    newcomer, conflicted = member(Role.COORDINATOR, world.north), member(Role.COORDINATOR, world.north)
    ConflictOfInterest.objects.create(user=conflicted, case=case, connection="related")
    assert alert_linked_perpetrators(case=case, user=world.north_coordinator) == 1
    assert notes.filter(user=newcomer).exists()
    assert not notes.filter(user=conflicted).exists()


def test_no_alert_for_a_first_time_perpetrator(world) -> None:
    agency = AgencyFactory()
    received_referral(
        member(Role.PRACTITIONER, world.north, agency=agency),
        world.north,
        representative=member(Role.REPRESENTATIVE, world.north, agency=agency),
        coordinator=world.north_coordinator,
    )
    assert not Notification.objects.filter(dedupe_key__startswith="pattern-").exists()


def test_viewing_is_audited_and_get_only(client, world) -> None:
    response = page(client, world.north_coordinator, world.person)
    assert response.status_code == 200
    event = AuditEvent.objects.filter(actor=world.north_coordinator, verb=AuditVerb.VIEW).latest("id")
    assert event.object_type == "cases.person"
    assert event.object_id == str(world.person.pk)
    assert event.detail == {"page": "pattern", "cases": 1}
    assert client.post(reverse("person-pattern", args=[world.person.pk])).status_code == 405


def _world_with_cases(n: int) -> tuple[User, Person]:
    area = MaracAreaFactory()
    police, housing = AgencyFactory(), AgencyFactory()
    coordinator = user_in(police, (Role.COORDINATOR, area))
    person = PersonFactory()
    PersonAlias.objects.create(person=person, given_names="Al", family_name="Ias")
    today = timezone.localdate()
    for i in range(n):
        case = perpetrator_case(area, person)
        item = on_an_agenda(case, on=today + timedelta(days=i + 1))
        shared_information(item, police, PpmtStage.PATTERN, f"Behaviour {i}", on=today)
        shared_information(item, housing, PpmtStage.PROFESSIONALS, f"Concern {i}", on=today)
        research_entry(
            item, housing, PpmtStage.PATTERN, f"Research {i}", information_date=today, restricted_to=(police,)
        )
        research_entry(item, police, PpmtStage.PROFESSIONALS, f"Worker risk {i}", information_date=today)
        referral_with_risks(case, housing, f"Referral risk {i}")
    return coordinator, person


def test_the_number_of_queries_does_not_grow_with_the_cases(client) -> None:
    selector_queries, page_queries = [], []
    for n in (2, 6):
        coordinator, person = _world_with_cases(n)
        with CaptureQueriesContext(connection) as ctx:
            pattern = person_pattern_for_user(coordinator, person.pk)
        assert len(pattern.cases) == n
        assert len(pattern.behaviours) == 2 * n
        assert len(pattern.warnings) == 3 * n
        selector_queries.append(len(ctx))
        sign_in_verified(client, coordinator)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("person-pattern", args=[person.pk])).status_code == 200
        page_queries.append(len(ctx))
    assert selector_queries[0] == selector_queries[1], selector_queries
    assert page_queries[0] == page_queries[1], page_queries


def test_the_case_page_links_to_the_pattern_of_each_person_causing_harm(client, world) -> None:
    sign_in_verified(client, world.north_coordinator)
    html = client.get(reverse("case-detail", args=[world.north_case.pk])).content.decode()
    assert "See this person's pattern across cases" in html
    assert reverse("person-pattern", args=[world.person.pk]) in html
    # Not for the victim.
    assert reverse("person-pattern", args=[world.north_case.victim_id]) not in html
