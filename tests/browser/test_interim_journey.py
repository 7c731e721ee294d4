"""Interim safety actions and urgent information sharing before the meeting, in the browser (issue 20): the
coordinator goes from the case's agenda page to record what could not wait (every error in one round first,
nothing typed lost); axe-core checks every page."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import InterimMeasure
from marac.models import AgencyKind, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success
from tests.builders.meetings import circulated_meeting
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

SHARED = "Told housing he has been released on bail and knows her new address."


def test_the_coordinator_records_urgent_information_sharing(page: Page) -> None:
    area = MaracAreaFactory(name="Interimton MARAC")
    housing = AgencyFactory(name="Housing (interim)", kind=AgencyKind.HOUSING)
    area.core_agencies.set([housing, AgencyFactory(name="Police (interim)", kind=AgencyKind.POLICE)])
    coordinator = member(Role.COORDINATOR, area)
    meeting = circulated_meeting(area, by=coordinator, cases=[CaseFactory(area=area)])
    item = meeting.items.get()
    sign_in(page, coordinator)
    page.goto(f"/meetings/{meeting.pk}/items/{item.pk}/")
    page.get_by_role("link", name="Interim safety actions and urgent information sharing").click()
    expect(heading(page)).to_have_text("Interim safety actions and urgent information sharing")
    axe_check(page)
    page.get_by_label("What was done, and why it could not wait").fill(SHARED)
    page.get_by_role("button", name="Record it").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select an interim safety action or urgent information sharing")
    expect(summary).to_contain_text("Select the agencies that acted or were told")
    expect(summary).to_contain_text("Enter date it was done")
    expect(page.get_by_label("What was done, and why it could not wait")).to_have_value(SHARED)
    axe_check(page)
    page.get_by_role("radio", name="Urgent information sharing").check()
    page.get_by_role("checkbox", name="Housing (interim)").check()
    today = timezone.localdate()
    when = page.get_by_role("group", name="Date it was done")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record it").click()
    expect_success(page, "Recorded. The chair sees it with the case at the meeting.")
    expect(page.locator(".govuk-summary-list")).to_contain_text(SHARED)
    expect(page.locator(".govuk-summary-list")).to_contain_text(re.compile("Housing \\(interim\\)"))
    axe_check(page)
    assert InterimMeasure.objects.filter(item=item).count() == 1
