"""The hand-off in a real browser (issue 20): the representative returns a referral to the practitioner with a
note, the practitioner reads it and deletes another draft after the confirmation page. axe-core checks every page
visited."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from cases.models import Referral
from cases.referrals import services
from marac.models import Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import draft_referral, victim_details

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Add the date of the most recent incident."


def test_returned_with_a_note_then_a_draft_deleted(page: Page, new_page: Callable[[], Page]) -> None:
    area = MaracAreaFactory()
    agency = AgencyFactory(name="Housing Services (test)")
    practitioner = member(Role.PRACTITIONER, area, agency)
    representative = member(Role.REPRESENTATIVE, area, agency)
    waiting = draft_referral(practitioner, area, victim=victim_details(family_name="Quarrendale-X"))
    services.referral_mark_ready(user=practitioner, referral=waiting)
    spare = draft_referral(practitioner, area, victim=victim_details(family_name="Spareton-X"))

    # The representative returns it from the check page, first with no note (a GOV.UK error).
    rep_page = new_page()
    sign_in(rep_page, representative)
    rep_page.goto(f"/referrals/{waiting.public_id}/check/")
    rep_page.get_by_role("link", name="Return it to").click()
    expect(heading(rep_page)).to_contain_text("Return the referral to")
    axe_check(rep_page)
    rep_page.get_by_role("button", name="Return to the practitioner").click()
    expect(rep_page).to_have_title(re.compile(r"^Error: Return the referral"))
    expect(rep_page.locator(".govuk-error-summary")).to_contain_text("Enter what the practitioner needs to add")
    axe_check(rep_page)
    rep_page.get_by_label("What does the practitioner need to add or correct?").fill(NOTE)
    rep_page.get_by_role("button", name="Return to the practitioner").click()
    expect(rep_page.locator(".govuk-notification-banner--success")).to_contain_text("has been returned to")

    # The practitioner sees it in their list, and the note on its task list.
    sign_in(page, practitioner)
    page.goto("/referrals/")
    row = page.get_by_role("row").filter(has_text="Quarrendale-X")
    expect(row).to_contain_text("Returned by your agency's MARAC representative")
    axe_check(page)
    row.get_by_role("link").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(NOTE)
    axe_check(page)

    # The spare draft is deleted after the confirmation page.
    page.goto(f"/referrals/{spare.public_id}/tasks/")
    page.get_by_role("link", name="Delete this draft").click()
    expect(heading(page)).to_have_text("Are you sure you want to delete this draft referral?")
    axe_check(page)
    page.get_by_role("button", name="Yes, delete this draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The draft referral has been deleted")
    expect(page.get_by_role("row").filter(has_text="Spareton-X")).to_have_count(0)
    assert not Referral.objects.filter(pk=spare.pk).exists()
