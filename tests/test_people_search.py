"""Find a person: search the people in the cases you can see.

Names are personal data: the search never reveals anyone outside the cases the
user can see (another area, an agenda their agency is not invited to, a case
they declared a conflict of interest on). The page itself, who may use it and
the privacy of the terms are in tests/test_people_search_page.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import selectors as case_selectors
from cases import services as case_services
from cases.meetings import services as meeting_services
from cases.models import CaseParty, PartyRole, PersonAlias
from marac.models import AgencyKind, MeetingPattern, Role
from tests.builders import list_case, next_meeting, person_in_case
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, MembershipFactory, PersonFactory
from tests.people_search_helpers import DOB, found_ids, post, search
from tests.referral_helpers import member, received_referral, referral_person, victim_details

pytestmark = pytest.mark.django_db


# --- Finding people ----------------------------------------------------------------------------


def test_finds_a_victim_despite_a_typo(client, cast) -> None:
    case = CaseFactory(area=cast.area, victim=PersonFactory(given_names="Jordan", family_name="MacDonald"))
    sign_in_verified(client, cast.coordinator)
    response = post(client, given_names="Jordan", family_name="Mcdonald")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 person found" in html
    assert "Jordan MacDonald" in html
    assert f'href="{reverse("case-detail", args=[case.pk])}"' in html
    assert "Victim or survivor" in html
    # A victim has no pattern page.
    assert reverse("person-pattern", args=[case.victim_id]) not in html


def test_finds_a_person_causing_harm_also_through_an_alias(client, cast) -> None:
    person = person_in_case(cast.area, given_names="Robert", family_name="Kerr", date_of_birth=DOB)
    PersonAlias.objects.create(person=person, given_names="Rab", family_name="Stewart")
    assert found_ids(cast.coordinator, given_names="Robert", family_name="Kerr") == [person.pk]
    assert found_ids(cast.coordinator, given_names="Rab", family_name="Stuart") == [person.pk]
    assert found_ids(cast.coordinator, given_names="Rab") == [person.pk]
    sign_in_verified(client, cast.coordinator)
    html = post(client, given_names="Rab", family_name="Stewart").content.decode()
    assert "Robert Kerr" in html
    assert "also known as Rab Stewart" in html
    assert "Person causing harm" in html
    assert f'href="{reverse("person-pattern", args=[person.pk])}"' in html


def test_finds_a_child_and_a_household_member(cast) -> None:
    case = CaseFactory(area=cast.area)
    child = person_in_case(cast.area, role=PartyRole.CHILD, case=case, given_names="Mia", family_name="Okonkwo")
    lodger = person_in_case(
        cast.area, role=PartyRole.HOUSEHOLD, case=case, given_names="Tom", family_name="Okonkwo-Reid"
    )
    results = search(cast.coordinator, family_name="Okonkwo")
    assert {f.person_id for f in results.people} == {child.pk, lodger.pk}
    roles = {f.person_id: [p.role_label for p in f.parts] for f in results.people}
    assert roles == {child.pk: ["Child"], lodger.pk: ["Other household member"]}
    assert results.people[0].person_id == child.pk  # the exact family name first


def test_an_exact_date_of_birth_ranks_first(cast) -> None:
    same_name = person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=date(1985, 5, 5))
    same_birthday = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    assert found_ids(cast.coordinator, given_names="Jordan", family_name="Mcdonald") == [same_name.pk, same_birthday.pk]
    assert found_ids(cast.coordinator, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB) == [
        same_birthday.pk,
        same_name.pk,
    ]


def test_a_date_of_birth_alone_finds_no_one(cast) -> None:
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    assert found_ids(cast.coordinator, date_of_birth=DOB) == []


def test_unrelated_names_are_not_found(cast) -> None:
    person_in_case(cast.area, given_names="Priya", family_name="Raman")
    assert found_ids(cast.coordinator, given_names="Jordan", family_name="Mcdonald") == []


def test_finds_everyone_in_a_case_by_its_reference_in_any_case(cast) -> None:
    case = CaseFactory(area=cast.area, reference="FRN-2026-0042")
    perpetrator = person_in_case(cast.area, case=case)
    child = person_in_case(cast.area, role=PartyRole.CHILD, case=case)
    person_in_case(cast.area, case=CaseFactory(area=cast.area, reference="FRN-2026-0043"))
    expected = {case.victim_id, perpetrator.pk, child.pk}
    assert set(found_ids(cast.coordinator, reference="frn-2026-0042")) == expected
    assert set(found_ids(cast.coordinator, reference=" FRN-2026-0042 ")) == expected
    # Not a partial match.
    assert found_ids(cast.coordinator, reference="FRN-2026-004") == []
    # With a name as well, that person comes first.
    assert found_ids(cast.coordinator, reference="FRN-2026-0042", family_name=child.family_name)[0] == child.pk


def test_lists_only_the_visible_cases_of_a_person(cast, other) -> None:
    person = person_in_case(cast.area, given_names="Lewis", family_name="Abernethy")
    hidden_case = CaseFactory(area=other.area)
    CaseParty.objects.create(case=hidden_case, person=person, role=PartyRole.PERPETRATOR)
    [found] = search(cast.coordinator, family_name="Abernethy").people
    assert len(found.parts) == 1
    assert hidden_case.reference not in [part.reference for part in found.parts]


def test_shows_at_most_the_limit_and_says_there_are_more(cast) -> None:
    for _ in range(4):
        person_in_case(cast.area, given_names="Sam", family_name="Fairbairn")
    results = search(cast.coordinator, family_name="Fairbairn", limit=3)
    assert len(results.people) == 3
    assert results.more
    assert not search(cast.coordinator, family_name="Fairbairn", limit=4).more


def test_never_shows_the_victims_address_or_safe_contact_details(client, cast) -> None:
    referral = received_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        coordinator=cast.coordinator,
        victim=victim_details(
            given_names="Ailsa",
            family_name="Drummondhill",
            address="14 Quarrybrae Crescent",
            postcode="ZZ9 9ZZ",
            safe_phone="07700 900123",
        ),
    )
    assert referral_person(referral, PartyRole.VICTIM).person is not None
    sign_in_verified(client, cast.coordinator)
    html = post(client, family_name="Drummondhill").content.decode()
    assert "Ailsa Drummondhill" in html
    for private in ("Quarrybrae", "ZZ9 9ZZ", "07700 900123"):
        assert private not in html


# --- Never beyond what the user can see ----------------------------------------------------------


def test_never_finds_people_in_another_areas_cases(client, cast, other) -> None:
    visible = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    hidden = person_in_case(other.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    PersonAlias.objects.create(person=hidden, given_names="Jody", family_name="Farquharson")
    unattached = PersonFactory(given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)  # in no case
    hidden_case = CaseParty.objects.get(person=hidden).case
    assert found_ids(cast.coordinator, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB) == [visible.pk]
    assert found_ids(cast.coordinator, given_names="Jody", family_name="Farquharson") == []
    assert found_ids(cast.coordinator, reference=hidden_case.reference) == []
    assert unattached.pk not in found_ids(other.coordinator, family_name="Mcdonald")
    # The hidden record would match: the other area's coordinator finds it.
    assert found_ids(other.coordinator, given_names="Jody", family_name="Farquharson") == [hidden.pk]

    sign_in_verified(client, cast.coordinator)
    html = post(client, given_names="Jody", family_name="Farquharson").content.decode()
    assert "No one found in the cases you can see" in html
    assert "Mcdonald" not in html
    html = post(client, reference=hidden_case.reference).content.decode()
    assert "No one found in the cases you can see" in html


@pytest.fixture
def police():
    return AgencyFactory(name="Police (people search)", kind=AgencyKind.POLICE)


@pytest.fixture
def meeting(police):
    area = MaracAreaFactory(meeting_pattern=MeetingPattern.WEEKLY, meetings_ahead=2)
    area.core_agencies.set([police])
    return next_meeting(area)


def listed_case(meeting, **victim):
    return list_case(meeting, victim=PersonFactory(**victim)).case


def test_agencies_find_only_people_on_circulated_agendas_they_are_invited_to(meeting, police) -> None:
    area = meeting.area
    coordinator = member(Role.COORDINATOR, area)
    invited = member(Role.REPRESENTATIVE, area, agency=police)
    uninvited = member(Role.REPRESENTATIVE, area, agency=AgencyFactory(name="Not invited (people search)"))
    case = listed_case(meeting, given_names="Morag", family_name="Sutherland")
    assert found_ids(invited, family_name="Sutherland") == []  # not circulated yet
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    assert found_ids(invited, family_name="Sutherland") == [case.victim_id]
    assert found_ids(invited, reference=case.reference) == [case.victim_id]
    assert found_ids(uninvited, family_name="Sutherland") == []
    assert found_ids(uninvited, reference=case.reference) == []


def test_a_declared_conflict_of_interest_removes_the_case(client, meeting, police) -> None:
    area = meeting.area
    coordinator = member(Role.COORDINATOR, area)
    rep = member(Role.REPRESENTATIVE, area, agency=police)
    conflicted = listed_case(meeting, given_names="Eilidh", family_name="Mackintosh")
    other_case = listed_case(meeting)
    perpetrator = person_in_case(area, case=conflicted, given_names="Craig", family_name="Galbraith")
    CaseParty.objects.create(case=other_case, person=perpetrator, role=PartyRole.PERPETRATOR)
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    assert found_ids(rep, family_name="Mackintosh") == [conflicted.victim_id]

    meeting_services.conflict_declare(user=rep, case=conflicted, connection="related", meeting=meeting)
    assert found_ids(rep, family_name="Mackintosh") == []
    assert found_ids(rep, reference=conflicted.reference) == []
    # The person causing harm is still found through the other case, and only it is listed.
    [found] = search(rep, family_name="Galbraith").people
    assert [part.case_id for part in found.parts] == [other_case.pk]
    sign_in_verified(client, rep)
    html = post(client, family_name="Galbraith").content.decode()
    assert other_case.reference in html
    assert conflicted.reference not in html
    assert "Mackintosh" not in html
    # The coordinator, who declared nothing, still finds everyone.
    assert found_ids(coordinator, family_name="Mackintosh") == [conflicted.victim_id]


# --- Scale -------------------------------------------------------------------------------------------


def test_query_count_is_the_same_for_2_and_12_people(client, cast) -> None:
    sign_in_verified(client, cast.coordinator)

    def add_person() -> None:
        person = person_in_case(cast.area, given_names="Alex", family_name="Lindqvist")
        PersonAlias.objects.create(person=person, given_names="Al", family_name="Lindqvist")
        CaseParty.objects.create(case=CaseFactory(area=cast.area), person=person, role=PartyRole.PERPETRATOR)

    counts = []
    for target in (2, 12):
        while len(found_ids(cast.coordinator, family_name="Lindqvist")) < target:
            add_person()
        post(client, family_name="Lindqvist")
        with CaptureQueriesContext(connection) as captured:
            response = post(client, family_name="Lindqvist")
        assert f"{target} people found" in response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


# --- The areas prefilter (Person.area_ids) --------------------------------------------------------


def test_a_case_party_adds_its_area_to_the_person_once(cast, other) -> None:
    """The database trigger keeps Person.area_ids: each area once, whatever the path."""
    person = person_in_case(cast.area, given_names="Ewan", family_name="Quarrington")
    person.refresh_from_db()
    assert person.area_ids == [cast.area.pk]
    CaseParty.objects.create(case=CaseFactory(area=cast.area), person=person, role=PartyRole.PERPETRATOR)
    CaseParty.objects.create(case=CaseFactory(area=other.area), person=person, role=PartyRole.PERPETRATOR)
    person.refresh_from_db()
    assert sorted(person.area_ids) == sorted([cast.area.pk, other.area.pk])
    # Saving the person from the application never overwrites what the trigger keeps.
    person.given_names = "Euan"
    person.save()
    person.refresh_from_db()
    assert sorted(person.area_ids) == sorted([cast.area.pk, other.area.pk])


def test_finds_people_on_a_case_being_transferred_in(cast, other) -> None:
    """The receiving coordinator sees the sending area's case while the transfer waits,
    so the prefilter must look in the area it comes from."""
    case = CaseFactory(area=other.area)
    person = person_in_case(other.area, case=case, given_names="Morag", family_name="Fennimore")
    assert found_ids(cast.coordinator, family_name="Fennimore") == []
    case_services.case_transfer_request(user=other.coordinator, case=case, to_area=cast.area, note="Moved to a refuge.")
    assert found_ids(cast.coordinator, family_name="Fennimore") == [person.pk]


def test_finds_people_on_a_referral_drafted_in_an_area_left_since(cast) -> None:
    """A practitioner keeps seeing the cases of the referrals they drafted, after leaving the area."""
    case = received_referral(
        cast.practitioner, cast.area, coordinator=cast.coordinator, representative=cast.representative
    ).case
    victim = case.victim
    assert victim.pk in found_ids(cast.practitioner, family_name=victim.family_name)
    cast.practitioner.memberships.update(is_active=False)
    # Still a referrer somewhere, so the page stays open to them.
    member_elsewhere = MaracAreaFactory()
    MembershipFactory(user=cast.practitioner, area=member_elsewhere, role=Role.PRACTITIONER)
    assert case_selectors.cases_for_user(cast.practitioner).filter(pk=case.pk).exists()
    assert victim.pk in found_ids(cast.practitioner, family_name=victim.family_name)
