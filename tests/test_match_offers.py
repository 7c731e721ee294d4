"""What the coordinator receiving a referral is offered as already on record, and what they are told about it.

The cases reported by a user: a baby offered for the person causing harm
with no role, case or reason shown; an alias typed as a first name not
found. Every record offered comes with why it matched and its roles and
cases, only among the cases the coordinator can see.
"""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse

from cases.models import PartyRole
from cases.people import matching
from cases.people.scoring import Described
from tests.builders import person_in_case
from tests.conftest import sign_in_verified
from tests.factories import CaseFactory
from tests.referral_helpers import (
    perpetrator_details,
    received_referral,
    referral_person,
    submitted_referral,
)

pytestmark = pytest.mark.django_db

BORN = date(1979, 3, 2)


def offered(user, area, described: Described) -> list[matching.Match]:
    return matching.candidates_for_coordinator(user, area.pk, [described])[0]


def receive_page(client, cast, **perpetrator) -> tuple[str, int]:
    """The coordinator's page for a referral naming the person causing harm as ``perpetrator``."""
    referral = submitted_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        perpetrators=[perpetrator_details(**perpetrator)],
    )
    sign_in_verified(client, cast.coordinator)
    response = client.get(reverse("referral-detail", args=[referral.public_id]))
    assert response.status_code == 200
    return response.content.decode(), referral_person(referral, PartyRole.PERPETRATOR).pk


def test_a_baby_is_not_offered_for_the_person_causing_harm_and_he_is_with_why(client, cast) -> None:
    jasmine = person_in_case(
        cast.area,
        role=PartyRole.CHILD,
        given_names="Jasmine",
        family_name="Quarrendale",
        date_of_birth=date(2026, 1, 17),
    )
    case = CaseFactory(area=cast.area)
    andrew = person_in_case(cast.area, case=case, given_names="Andrew", family_name="Quarrendale", date_of_birth=BORN)
    page, typed = receive_page(client, cast, given_names="Andy", family_name="Quarrendale", date_of_birth=BORN)
    assert f'id="link_{typed}_{andrew.pk}"' in page
    assert f'id="link_{typed}_{jasmine.pk}"' not in page
    assert "Jasmine" not in page
    # Why, and where from: the reasons, the role and the case reference.
    assert f'aria-describedby="link_{typed}_{andrew.pk}-hint"' in page
    assert f'id="link_{typed}_{andrew.pk}-hint"' in page
    assert html.escape("First name 'Andy' is a short form of 'Andrew'") in page
    assert "Same date of birth" in page
    assert f"Person causing harm, case {case.reference}" in page


def test_a_baby_is_not_offered_without_a_date_of_birth_either(cast) -> None:
    person_in_case(
        cast.area,
        role=PartyRole.CHILD,
        given_names="Jasmine",
        family_name="Quarrendale",
        date_of_birth=date(2026, 1, 17),
    )
    person_in_case(cast.area, role=PartyRole.CHILD, given_names="Andrew", family_name="Quarrendale")  # only a child
    described = Described("Andrew", "Quarrendale", None, PartyRole.PERPETRATOR)
    assert offered(cast.coordinator, cast.area, described) == []
    # The same names described as a child are offered the child.
    as_child = offered(cast.coordinator, cast.area, Described("Andrew", "Quarrendale", None, PartyRole.CHILD))
    assert [m.person.given_names for m in as_child] == ["Andrew"]


def test_an_alias_typed_as_a_first_name_is_found(cast) -> None:
    """A one-word alias from a referral is kept as a surname; typed as a first name, it still finds him."""
    earlier = received_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        coordinator=cast.coordinator,
        perpetrators=[perpetrator_details(given_names="Darren", family_name="Whitlock", aliases=["Daz"])],
    )
    darren = referral_person(earlier, PartyRole.PERPETRATOR).person
    assert [(a.given_names, a.family_name) for a in darren.aliases.all()] == [("", "Daz")]
    found = offered(cast.coordinator, cast.area, Described("Daz", "Whitlock", None, PartyRole.PERPETRATOR))
    assert [m.person for m in found] == [darren]
    assert "first name matches alias 'Daz'" in found[0].reasons
    assert [(part.role, part.reference) for part in found[0].named_in] == [
        (PartyRole.PERPETRATOR, earlier.case.reference)
    ]
    # With no surname typed, the alias and the date of birth find him.
    alone = Described("Daz", "", darren.date_of_birth, PartyRole.PERPETRATOR)
    assert [m.person for m in offered(cast.coordinator, cast.area, alone)] == [darren]


def test_an_alias_given_in_the_referral_finds_the_record(cast) -> None:
    darren = person_in_case(cast.area, given_names="Darren", family_name="Pirie", date_of_birth=BORN)
    described = Described("Wayne", "Tulloch", None, PartyRole.PERPETRATOR, aliases=("Dazza Pirie",))
    assert [m.person for m in offered(cast.coordinator, cast.area, described)] == [darren]


def test_only_cases_the_coordinator_can_see_are_shown_or_offered(client, cast, other) -> None:
    seen = CaseFactory(area=cast.area)
    unseen = CaseFactory(area=other.area)
    both = person_in_case(cast.area, case=seen, given_names="Andrew", family_name="Quarrendale", date_of_birth=BORN)
    person_in_case(other.area, case=unseen, person=both, role=PartyRole.VICTIM)
    elsewhere = person_in_case(other.area, given_names="Andrew", family_name="Quarrendale-X", date_of_birth=BORN)
    found = offered(cast.coordinator, cast.area, Described("Andrew", "Quarrendale", BORN, PartyRole.PERPETRATOR))
    assert [m.person for m in found] == [both]
    assert [part.reference for part in found[0].named_in] == [seen.reference]
    page, typed = receive_page(client, cast, given_names="Andrew", family_name="Quarrendale", date_of_birth=BORN)
    assert seen.reference in page
    assert unseen.reference not in page
    assert f'id="link_{typed}_{elsewhere.pk}"' not in page
    assert "Quarrendale-X" not in page
