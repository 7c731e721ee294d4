"""Matching a referral's people to existing records, for the coordinator.

Fuzzy (typos, aliases), ranked by date of birth, and never offering anyone
the coordinator may not see: matching does not leak names.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cases.models import PartyRole, PersonAlias
from cases.people import matching as selectors
from marac.models import Role
from tests.builders import person_in_case
from tests.conftest import sign_in_verified
from tests.factories import PersonFactory
from tests.referral_helpers import (
    member,
    perpetrator_details,
    received_referral,
    referral_person,
    submitted_referral,
)

pytestmark = pytest.mark.django_db

DOB = date(1980, 1, 1)


def matches(user, area, given_names, family_name, date_of_birth=None):
    return selectors.person_matches_for_coordinator(
        user, area.pk, given_names=given_names, family_name=family_name, date_of_birth=date_of_birth
    )


def test_a_typo_in_the_family_name_still_matches(cast) -> None:
    person = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    assert person in matches(cast.coordinator, cast.area, "Jordan", "Mcdonald")
    assert person in matches(cast.coordinator, cast.area, "jordan", "MACDONALD", DOB)


def test_matches_through_an_alias(cast) -> None:
    person = person_in_case(cast.area, given_names="Robert", family_name="Kerr", date_of_birth=DOB)
    PersonAlias.objects.create(person=person, given_names="Rab", family_name="Stewart")
    assert person in matches(cast.coordinator, cast.area, "Rab", "Stewart")
    assert person in matches(cast.coordinator, cast.area, "Rab", "Stuart")


def test_matches_through_an_alias_recorded_from_a_referral(cast) -> None:
    referral = received_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        coordinator=cast.coordinator,
        perpetrators=[perpetrator_details(given_names="Robert", family_name="Kerr", aliases=["Rab Stewart"])],
    )
    person = referral_person(referral, PartyRole.PERPETRATOR).person
    assert person in matches(cast.coordinator, cast.area, "Rab", "Stewart")


def test_the_exact_date_of_birth_ranks_first(cast) -> None:
    # Born the same year: another date of birth counts against a record, but a little in the same year.
    same_name = person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=date(1980, 5, 5))
    same_birthday = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    # Without a date of birth, the closer name comes first ...
    assert matches(cast.coordinator, cast.area, "Jordan", "Mcdonald")[:2] == [same_name, same_birthday]
    # ... with one, the exact date of birth does.
    assert matches(cast.coordinator, cast.area, "Jordan", "Mcdonald", DOB)[:2] == [same_birthday, same_name]


def test_unrelated_names_are_not_offered(cast) -> None:
    person_in_case(cast.area, given_names="Priya", family_name="Raman", date_of_birth=DOB)
    assert matches(cast.coordinator, cast.area, "Jordan", "Mcdonald", DOB) == []


def test_people_in_cases_the_coordinator_cannot_see_are_never_offered(cast, other) -> None:
    visible = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    hidden = person_in_case(other.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    unattached = PersonFactory(given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)  # in no case
    found = matches(cast.coordinator, cast.area, "Jordan", "Mcdonald", DOB)
    assert visible in found
    assert hidden not in found
    assert unattached not in found
    # The hidden record would match: the other area's coordinator is offered it.
    assert hidden in matches(other.coordinator, other.area, "Jordan", "Mcdonald", DOB)
    # Asking about another area does not help either.
    assert matches(cast.coordinator, other.area, "Jordan", "Mcdonald", DOB) == []


def test_the_referral_page_does_not_show_names_from_other_areas(client, cast, other) -> None:
    visible = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    hidden = person_in_case(other.area, given_names="Jordan", family_name="McDonnell", date_of_birth=DOB)
    PersonAlias.objects.create(person=hidden, given_names="Jody", family_name="Farquharson")
    typed = perpetrator_details(given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    assert hidden in matches(other.coordinator, other.area, "Jordan", "Mcdonald", DOB)  # close enough to offer

    referral = submitted_referral(
        cast.practitioner, cast.area, representative=cast.representative, perpetrators=[typed]
    )
    sign_in_verified(client, cast.coordinator)
    response = client.get(reverse("referral-detail", args=[referral.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    typed_rp = referral_person(referral, PartyRole.PERPETRATOR)
    assert f'id="link_{typed_rp.pk}_{visible.pk}"' in html  # matching ran and offered the visible record
    assert "MacDonald" in html
    assert f'id="link_{typed_rp.pk}_{hidden.pk}"' not in html
    assert "mcdonnell" not in html.lower()
    assert "farquharson" not in html.lower()


@pytest.mark.parametrize("role", [Role.REPRESENTATIVE, Role.PRACTITIONER, Role.IDAA, Role.GOVERNANCE])
def test_only_coordinators_are_offered_matches(cast, role) -> None:
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    assert matches(member(role, cast.area), cast.area, "Jordan", "Mcdonald", DOB) == []


def test_chairs_are_offered_matches(cast) -> None:
    person = person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    assert matches(member(Role.CHAIR, cast.area), cast.area, "Jordan", "Mcdonald", DOB) == [person]


def test_another_areas_coordinator_is_offered_nothing(cast, other) -> None:
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    assert matches(other.coordinator, cast.area, "Jordan", "Mcdonald", DOB) == []


def test_no_names_no_matches(cast) -> None:
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=DOB)
    assert matches(cast.coordinator, cast.area, "", "", DOB) == []


def test_automatic_linking_does_not_reveal_another_areas_record(client, cast, other) -> None:
    """A sure match (names or alias, and date of birth) is linked automatically only
    to a record the coordinator can see: otherwise the case page would show the
    other area's record, its name and its aliases."""
    # Another MARAC knows him as Ben Realname, also known as Ben Smith.
    known_elsewhere = received_referral(
        other.practitioner,
        other.area,
        representative=other.representative,
        coordinator=other.coordinator,
        perpetrators=[perpetrator_details(given_names="Ben", family_name="Realname", aliases=["Ben Smith"])],
    )
    hidden = referral_person(known_elsewhere, PartyRole.PERPETRATOR).person
    # This MARAC's referral knows him only as Ben Smith, with the same date of birth.
    referral = received_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        coordinator=cast.coordinator,
        perpetrators=[perpetrator_details(given_names="Ben", family_name="Smith", date_of_birth=hidden.date_of_birth)],
    )
    assert referral_person(referral, PartyRole.PERPETRATOR).person != hidden
    sign_in_verified(client, cast.coordinator)
    html = client.get(reverse("case-detail", args=[referral.case_id])).content.decode()
    assert "Ben Smith" in html
    assert "Realname" not in html


def test_several_people_are_matched_at_once_as_one_by_one(cast, other) -> None:
    """The referral pages match all of a referral's people in one query: each
    gets the same records, in the same order, as when matched alone."""
    jordan = person_in_case(cast.area, given_names="Jordan", family_name="MacDonald", date_of_birth=DOB)
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald", date_of_birth=date(1985, 5, 5))
    robert = person_in_case(cast.area, given_names="Robert", family_name="Kerr")
    PersonAlias.objects.create(person=robert, given_names="Rab", family_name="Stewart")
    person_in_case(other.area, given_names="Robert", family_name="Kerr")  # another area's: never offered
    people = [("Jordan", "Mcdonald", DOB), ("", "", None), ("Rab", "Stuart", None), ("Priya", "Raman", DOB)]
    found = selectors.person_matches_for_coordinator_many(cast.coordinator, cast.area.pk, people)
    assert found == [matches(cast.coordinator, cast.area, *described) for described in people]
    assert found[0][0] == jordan
    assert found[1:] == [[], [robert], []]
    assert selectors.person_matches_for_coordinator_many(other.coordinator, cast.area.pk, people) == [[]] * 4
