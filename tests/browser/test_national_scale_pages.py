"""The pages added for national scale, in a real browser with axe-core: a
coordinator finds a person by name (and gets the error summary for an empty
search), changes one case on the agenda on its own page, and opens the
transfer page of a case."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.meetings import schedule as meeting_schedule
from cases.models import AgendaItem, CaseParty, Meeting, PartyRole
from marac.models import AgencyKind, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.test_sign_in_journey import url_path
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_a_person_change_a_case_and_open_the_transfer(page: Page) -> None:
    police = AgencyFactory(name="Police (browser scale)", kind=AgencyKind.POLICE)
    children = AgencyFactory(name="Children and families (browser scale)", kind=AgencyKind.CHILDREN_FAMILIES)
    area = MaracAreaFactory(meetings_ahead=3)
    MaracAreaFactory(name="Another MARAC (browser scale)")
    area.core_agencies.set([police, children])
    coordinator = member(Role.COORDINATOR, area)
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area, research_deadline__gt=timezone.now()).order_by("date").first()
    case = CaseFactory(area=area, victim=PersonFactory(given_names="Rowan", family_name="Aldergrove"))
    harm = PersonFactory(given_names="Declan", family_name="Thornbury")
    CaseParty.objects.create(case=case, person=harm, role=PartyRole.PERPETRATOR)
    item = AgendaItem.objects.create(meeting=meeting, case=case, position=1)

    sign_in(page, coordinator)
    page.get_by_role("link", name="Find a person").click()
    expect(heading(page)).to_have_text("Find a person")
    axe_check(page)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name or a case reference")
    axe_check(page)
    page.get_by_label("Last name").fill("Thornbery")  # misspelt
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    expect(page.get_by_role("cell", name=case.reference)).to_be_visible()
    assert "Thornbery" not in page.url  # the name never reaches the address bar
    axe_check(page)

    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name=f"Change time, PPMT mapping or meeting for {case.reference}").click()
    expect(page).to_have_url(url_path(f"/meetings/{meeting.pk}/items/{item.pk}/"))
    expect(heading(page)).to_have_text(f"Case {case.reference}")
    axe_check(page)
    page.get_by_label("Minutes for this case (7 to 12)").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Allow between 7 and 12 minutes")
    expect(page.get_by_label("Minutes for this case (7 to 12)")).to_have_value("20")
    axe_check(page)
    page.get_by_label("Minutes for this case (7 to 12)").fill("12")
    page.get_by_label("Full PPMT mapping agreed").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Case {case.reference} updated")
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("Full PPMT mapping")

    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Transfer this case to another MARAC").click()
    expect(heading(page)).to_have_text("Transfer this case to another MARAC")
    axe_check(page)
    page.get_by_role("button", name="Send transfer").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
