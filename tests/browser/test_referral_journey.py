"""The referral journey in a real browser: a practitioner drafts a referral, the
agency's MARAC representative checks and sends it, the area's coordinator
receives it onto a case. axe-core checks every page visited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from marac.models import Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.test_sign_in_journey import url_path
from tests.factories import (
    AgencyFactory,
    MaracAreaFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
VICTIM = "Ava Testperson"
PERPETRATOR_ALIAS = "Benny H"
YES_ANSWERS = 15
QUESTIONS = 24
DASH = "\u2013"  # page titles read "<page> \u2013 MARAC case management"


def group(scope: Page | Locator, legend: str | re.Pattern[str]) -> Locator:
    """A fieldset (radios or a date), found by its legend."""
    return (
        scope.get_by_role("group", name=legend, exact=True)
        if isinstance(legend, str)
        else scope.get_by_role("group", name=legend)
    )


def fill_date(scope: Page | Locator, legend: str, day: int | str, month: int | str, year: int | str) -> None:
    date = group(scope, legend)
    date.get_by_label("Day", exact=True).fill(str(day))
    date.get_by_label("Month", exact=True).fill(str(month))
    date.get_by_label("Year", exact=True).fill(str(year))


def choose(scope: Page | Locator, legend: str | re.Pattern[str], option: str) -> None:
    group(scope, legend).get_by_label(option, exact=True).check()


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def expect_section(page: Page, title: str) -> None:
    expect(heading(page)).to_have_text(title)
    expect(page).to_have_title(re.compile(rf"^{re.escape(title)} {DASH} "))
    axe_check(page)


def open_referrals(page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Referrals").click()
    expect(page).to_have_url(url_path("/referrals/"))
    expect(heading(page)).to_have_text("Referrals")
    axe_check(page)


def referral_table(page: Page, section_heading: str, caption: str) -> Locator:
    expect(page.get_by_role("heading", level=2, name=section_heading, exact=True)).to_be_visible()
    return page.get_by_role("table", name=caption)


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def test_practitioner_drafts_representative_sends_coordinator_receives(
    page: Page, new_page: Callable[[], Page]
) -> None:
    area = MaracAreaFactory()
    agency = AgencyFactory(name="Housing Services (test)")
    practitioner = member(Role.PRACTITIONER, area, agency)
    representative = member(Role.REPRESENTATIVE, area, agency)
    coordinator = member(Role.COORDINATOR, area)
    today = timezone.localdate()
    incident = today - timedelta(days=7)

    # --- 1. The practitioner drafts the referral -----------------------------------------
    sign_in(page, practitioner)
    open_referrals(page)
    expect(page.get_by_text("You have not drafted any referrals.")).to_be_visible()
    page.get_by_role("button", name="Start a referral").click()
    expect(page).to_have_url(url_path("/referrals/new/"))
    expect(heading(page)).to_have_text("Start a referral to a MARAC")
    expect(group(page, "Which MARAC are you referring to?").get_by_label(area.name)).to_be_checked()
    axe_check(page)
    page.get_by_role("button", name="Start referral").click()

    expect(page).to_have_url(re.compile(rf"/referrals/{UUID}/referrer/$"))
    expect_section(page, "About you and your agency")
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Referral to {area.name}")
    page.get_by_label("Your direct phone number").fill("01632 960000")
    save_and_continue(page)

    # The victim, with a date of birth in the future first (bad input).
    expect_section(page, "About the survivor")
    page.get_by_label("First and middle names").fill("Ava")
    page.get_by_label("Last name").fill("Testperson")
    page.get_by_label("Other names they are known by (optional)").fill("Ava T")
    future_year = str(today.year + 1)
    fill_date(page, "Date of birth", "3", "4", future_year)
    choose(page, "Gender (optional)", "Woman or girl")
    save_and_continue(page)

    expect(page).to_have_title(re.compile(rf"^Error: About the survivor {DASH} "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    error = "Date of birth must be today or in the past"
    expect(group(page, "Date of birth")).to_contain_text(f"Error: {error}")
    date_of_birth = group(page, "Date of birth")
    expect(page.get_by_label("First and middle names")).to_have_value("Ava")
    expect(page.get_by_label("Last name")).to_have_value("Testperson")
    expect(page.get_by_label("Other names they are known by (optional)")).to_have_value("Ava T")
    expect(date_of_birth.get_by_label("Day", exact=True)).to_have_value("3")
    expect(date_of_birth.get_by_label("Month", exact=True)).to_have_value("4")
    expect(date_of_birth.get_by_label("Year", exact=True)).to_have_value(future_year)
    expect(group(page, "Gender (optional)").get_by_label("Woman or girl", exact=True)).to_be_checked()
    axe_check(page)
    summary.get_by_role("link", name=error).click()
    expect(date_of_birth.get_by_label("Day", exact=True)).to_be_focused()

    date_of_birth.get_by_label("Year", exact=True).fill("1990")
    save_and_continue(page)

    # Contact details, then stop and come back later.
    expect_section(page, "Address and safe contact")
    page.get_by_label("Current address").fill("1 Example Street\nExampletown")
    page.get_by_label("Postcode").fill("ZZ1 1ZZ")
    page.get_by_label("Safe phone number").fill("07700 900000")
    page.get_by_label("Safe times to call").fill("Weekday mornings")
    choose(page, "Can a message be left on this number?", "No")
    page.get_by_label("Preferred language").fill("English")
    page.get_by_role("button", name="Save and come back later").click()

    expect(page).to_have_url(re.compile(rf"/referrals/{UUID}/tasks/$"))
    expect(heading(page)).to_have_text("Referral to the MARAC")
    expect_success(page, "Your answers have been saved")
    axe_check(page)

    # Resume from the referrals list.
    open_referrals(page)
    drafts = referral_table(
        page,
        "Your referrals",
        "Referrals you have drafted, at every step: drafts, waiting for your representative, sent, received and listed",
    )
    draft = drafts.get_by_role("row").filter(has_text=VICTIM)
    expect(draft).to_contain_text("Draft")
    draft.get_by_role("link", name=VICTIM).click()
    expect(heading(page)).to_have_text("Referral to the MARAC")
    tasks = page.locator(".govuk-task-list")
    for done in ("About you and your agency", "About the survivor", "Address and safe contact"):
        expect(tasks.get_by_role("link", name=done)).to_have_accessible_description("Completed")
    expect(tasks.get_by_role("link", name="Risk checklist")).to_have_accessible_description("Not yet started")
    axe_check(page)
    tasks.get_by_role("link", name="Equality information").click()

    expect_section(page, "Equality information")
    page.get_by_label("Ethnicity, in the survivor's own words (optional)").fill("White British")
    choose(page, "Black or minoritised (optional)", "No")
    choose(page, "Lesbian, gay, bisexual or trans (LGBT+) (optional)", "Prefer not to say")
    choose(page, "Disabled (optional)", "No")
    save_and_continue(page)

    # The person causing harm, with an alias.
    expect_section(page, "The person causing harm")
    page.get_by_role("button", name="Add a person causing harm").click()
    expect(heading(page)).to_have_text("Add a person causing harm")
    axe_check(page)
    page.get_by_label("First and middle names").fill("Ben")
    page.get_by_label("Last name").fill("Harmcause")
    page.get_by_label("Other names they are known by (optional)").fill(PERPETRATOR_ALIAS)
    fill_date(page, "Date of birth", "1", "2", "1985")
    choose(page, "Gender (optional)", "Man or boy")
    page.get_by_label("Relationship to the survivor").fill("Ex-partner")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_section(page, "The person causing harm")
    people = page.locator(".govuk-summary-list")
    expect(people).to_contain_text("Ben Harmcause")
    expect(people).to_contain_text(f"Also known as {PERPETRATOR_ALIAS}")
    page.get_by_role("button", name="Continue", exact=True).click()

    # A child.
    expect_section(page, "Children and household members")
    page.get_by_role("button", name="Add a child or household member").click()
    expect(heading(page)).to_have_text("Add a child or household member")
    axe_check(page)
    choose(page, "Who are they?", "A child (under 18, or unborn)")
    page.get_by_label("First and middle names").fill("Cal")
    page.get_by_label("Last name").fill("Testperson")
    fill_date(page, "Date of birth", "5", "6", "2019")
    page.get_by_label("Relationship to the survivor").fill("Son")
    page.get_by_label("School or nursery").fill("Example Primary")
    page.get_by_label("Who they live with").fill("Mother")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_section(page, "Children and household members")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Cal Testperson")
    page.get_by_role("button", name="Continue", exact=True).click()

    # The risk checklist: one radio group per question.
    expect_section(page, "Risk checklist")
    for number in range(1, QUESTIONS + 1):
        answer = "Yes" if number <= YES_ANSWERS else "No"
        choose(page, re.compile(rf"^{number}\. "), answer)
    save_and_continue(page)

    expect_section(page, "Incident and police call-outs")
    fill_date(page, "Date of the most recent incident", incident.day, incident.month, incident.year)
    page.get_by_label("Police call-outs for domestic abuse in the last 12 months").fill("1")
    save_and_continue(page)

    # The reason, with wording that blames the survivor: a prompt, never a block.
    expect_section(page, "Reason for referral")
    criteria = page.locator("#criteria-summary")
    expect(criteria).to_contain_text(f"Risk checklist score: {YES_ANSWERS}")
    expect(criteria).to_contain_text("Visible high risk")
    reason = "He broke into the house and threatened to kill her. She chooses to stay in the relationship."
    page.get_by_label("Why are you referring to the MARAC?").fill(reason)
    choose(page, "Are you also referring on professional judgement?", "No")
    save_and_continue(page)

    expect(heading(page)).to_have_text("Reason for referral")
    expect(page).not_to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert", name="Saved")).to_be_visible()
    prompt = page.locator(".govuk-inset-text", has_text="Check the wording")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("You wrote \u2018chooses to stay\u2019")
    reason_box = page.get_by_label("Why are you referring to the MARAC?")
    expect(reason_box).to_have_value(reason)
    # Screen reader users hear the prompt with the field it is about.
    expect(reason_box).to_have_accessible_description(re.compile(r"Check the wording"))
    expect(page).to_have_title(re.compile(r"^Check the wording"))
    axe_check(page)
    page.get_by_role("button", name="Continue", exact=True).click()

    expect_section(page, "The survivor's strengths and protective strategies")
    page.get_by_label("What has the survivor done to keep themselves and any children safe?").fill(
        "She keeps a safe phone, has told a neighbour, and called the police."
    )
    save_and_continue(page)

    expect_section(page, "Risks to professionals")
    page.get_by_label("Known risks to professionals (optional)").fill("Large dog at the address.")
    save_and_continue(page)

    expect_section(page, "The survivor's consent")
    choose(page, "Did the survivor consent to this referral?", "Given")
    save_and_continue(page)

    # Check answers and send to the representative.
    expect(page).to_have_url(re.compile(rf"/referrals/{UUID}/check/$"))
    expect(heading(page)).to_have_text("Check your answers before sending")
    main = page.locator("main")
    expect(main).not_to_contain_text("Before you can send")
    expect(main).to_contain_text("Visible high risk")
    expect(main).to_contain_text(PERPETRATOR_ALIAS)
    expect(main).to_contain_text("3 April 1990")
    axe_check(page)
    page.get_by_role("button", name="Send to your representative").click()

    expect(page).to_have_url(re.compile(rf"/referrals/{UUID}/$"))
    referral_url = page.url
    expect_success(page, "sent to your agency's MARAC representative")
    expect(heading(page)).to_contain_text("Waiting for your agency's MARAC representative")
    axe_check(page)

    # --- 2. The representative checks it and sends it to the MARAC ----------------------
    rep_page = new_page()
    sign_in(rep_page, representative)
    open_referrals(rep_page)
    to_check = referral_table(
        rep_page,
        "Referrals for you to check and send",
        "Drafted by practitioners in your agency, waiting for your check",
    )
    to_check.get_by_role("link", name=VICTIM).click()
    expect(heading(rep_page)).to_have_text("Referral to the MARAC")
    expect(rep_page.locator(".govuk-inset-text")).to_contain_text("waiting for your agency's MARAC representative")
    axe_check(rep_page)
    rep_page.get_by_role("button", name="Check your answers").click()

    expect(heading(rep_page)).to_have_text("Check your answers before sending")
    expect(rep_page.locator("main")).to_contain_text("Visible high risk")
    expect(rep_page.get_by_role("heading", level=2, name="Send the referral to the MARAC")).to_be_visible()
    axe_check(rep_page)
    rep_page.get_by_role("button", name="Send to the MARAC").click()

    expect(rep_page).to_have_url(referral_url)
    expect_success(rep_page, "sent to the MARAC coordinator")
    expect(heading(rep_page)).to_contain_text("Submitted to the MARAC")
    axe_check(rep_page)

    # --- 3. The coordinator receives it onto a case -------------------------------------
    coord_page = new_page()
    sign_in(coord_page, coordinator)
    open_referrals(coord_page)
    to_receive = referral_table(
        coord_page, "Referrals to receive", "Submitted to your MARAC and waiting to be received, oldest first"
    )
    row = to_receive.get_by_role("row").filter(has_text=VICTIM)
    expect(row).to_contain_text("Housing Services (test)")
    expect(row).to_contain_text(f"Score {YES_ANSWERS}")
    row.get_by_role("link", name=VICTIM).click()

    expect(coord_page).to_have_url(referral_url)
    expect(coord_page.get_by_role("heading", level=2, name="Receive this referral")).to_be_visible()
    coord_main = coord_page.locator("main")
    expect(coord_main.locator(".govuk-inset-text").first).to_contain_text("Visible high risk")
    expect(coord_main.locator(".govuk-tag", has_text="Repeat")).to_have_count(0)
    expect(coord_main).not_to_contain_text("Repeats are always heard")
    axe_check(coord_page)
    coord_page.get_by_role("button", name="Receive referral").click()

    reference = re.compile(rf"^Case {re.escape(area.code.upper())}-{today.year}-0001\b")
    expect(coord_page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(heading(coord_page)).to_have_text(reference)
    expect_success(coord_page, "Referral received and filed on case")
    parties = coord_page.get_by_role("table", name="People in this case")
    perpetrator = parties.get_by_role("row").filter(has_text="Person causing harm")
    expect(perpetrator).to_contain_text("Ben Harmcause")
    expect(perpetrator).to_contain_text(f"also known as {PERPETRATOR_ALIAS}")
    expect(parties.get_by_role("row").filter(has_text=VICTIM)).to_have_count(1)
    expect(parties.get_by_role("row").filter(has_text="Cal Testperson")).to_have_count(1)
    axe_check(coord_page)
