"""A case's links to other processes and a possible counter-allegation, in the browser (issue 20): the
coordinator sees the counter-allegation on the case, records a MAPPA link (a first try with nothing chosen
gets every error in one round), sees it on the case and ends it; axe-core checks every page."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import ProcessLink
from marac.models import Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success
from tests.builders.cases import perpetrator_case
from tests.factories import MaracAreaFactory, PersonFactory


def test_links_to_other_processes_and_a_counter_allegation(page: Page) -> None:
    area = MaracAreaFactory(name="Processford MARAC")
    survivor, harm = PersonFactory(), PersonFactory()
    case = perpetrator_case(area, harm, victim=survivor)
    reversed_case = perpetrator_case(area, survivor, victim=harm)
    coordinator = member(Role.COORDINATOR, area)
    sign_in(page, coordinator)
    page.goto(f"/cases/{case.pk}/")
    warning = page.locator(".govuk-warning-text", has_text="Possible counter-allegation")
    expect(warning).to_contain_text(reversed_case.reference)
    expect(warning).to_contain_text("roles reversed")
    axe_check(page)

    page.get_by_role("link", name="Record or end a link to another process").click()
    expect(heading(page)).to_have_text("Other processes for this case")
    axe_check(page)
    page.get_by_label("Reference or detail (optional)").fill("Level 2, reviewed monthly")
    page.get_by_role("button", name="Record the link").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the process the case is linked to")
    expect(summary).to_contain_text("Enter date it started")
    expect(page.get_by_label("Reference or detail (optional)")).to_have_value("Level 2, reviewed monthly")
    axe_check(page)

    today = timezone.localdate()
    page.get_by_role("radio", name=re.compile("^MAPPA")).check()
    group = page.get_by_role("group", name="Date it started")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record the link").click()
    expect_success(page, "The link to MAPPA (multi-agency public protection arrangements) is recorded.")
    expect(page.locator("main")).to_contain_text("(open)")
    axe_check(page)

    page.get_by_text("Record that it ended").first.click()
    ended = page.get_by_role("group", name="Date it ended")
    ended.get_by_label("Day").fill(str(today.day))
    ended.get_by_label("Month").fill(str(today.month))
    ended.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name=re.compile("^Record that it ended")).click()
    expect_success(page, "The link to MAPPA (multi-agency public protection arrangements) has ended.")
    axe_check(page)
    assert ProcessLink.objects.get(case=case).ended_on == today
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("main")).to_contain_text("MAPPA (multi-agency public protection arrangements): from")
    axe_check(page)
