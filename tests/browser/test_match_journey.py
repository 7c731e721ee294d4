"""The coordinator receiving a referral sees each record offered with why it may match, its role and case,
in accessible markup (axe-core), and links the referral's person to it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import PartyRole, PersonAlias
from marac.models import Role
from tests.browser.conftest import axe_check
from tests.browser.journey import member, sign_in
from tests.builders import person_in_case
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import perpetrator_details, referral_person, submitted_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BORN = date(1983, 6, 9)


def test_the_coordinator_sees_why_a_record_is_offered_and_links_it(page: Page) -> None:
    area = MaracAreaFactory()
    agency = AgencyFactory()
    practitioner = member(Role.PRACTITIONER, area, agency)
    representative = member(Role.REPRESENTATIVE, area, agency)
    coordinator = member(Role.COORDINATOR, area)
    case = CaseFactory(area=area)
    darren = person_in_case(area, case=case, given_names="Darren", family_name="Quarrendale", date_of_birth=BORN)
    PersonAlias.objects.create(person=darren, family_name="Daz")
    person_in_case(
        area, role=PartyRole.CHILD, given_names="Jasmine", family_name="Quarrendale", date_of_birth=date(2026, 1, 17)
    )
    referral = submitted_referral(
        practitioner,
        area,
        representative=representative,
        perpetrators=[perpetrator_details(given_names="Daz", family_name="Quarrendale", date_of_birth=BORN)],
    )
    typed = referral_person(referral, PartyRole.PERPETRATOR)

    sign_in(page, coordinator)
    page.goto(reverse("referral-detail", args=[referral.public_id]))
    offered = page.get_by_role("group", name="Person causing harm: Daz Quarrendale, born 9 June 1983")
    record = offered.get_by_role(
        "radio", name="The same person as Darren Quarrendale, born 9 June 1983, also known as Daz"
    )
    expect(record).to_be_visible()
    # Why, and where from, read with the choice (aria-describedby).
    expect(record).to_have_accessible_description(re.compile("Why it may match First name matches alias 'Daz'"))
    expect(record).to_have_accessible_description(re.compile("Same date of birth"))
    expect(record).to_have_accessible_description(re.compile(f"Named in Person causing harm, case {case.reference}"))
    expect(page.locator("main")).not_to_contain_text("Jasmine")
    axe_check(page)
    record.check()
    page.get_by_role("button", name="Receive referral").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    typed.refresh_from_db()
    assert typed.person == darren
