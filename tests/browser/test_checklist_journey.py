"""The risk checklist in a real browser: the score so far follows the answers beside the area's threshold
(aria-live), a note and who gave an answer are recorded, an answer the listed children contradict is
reported with nothing typed lost, and check your answers links back to the question to change it.
axe-core checks every page visited."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect

from cases.models import PartyRole
from marac.models import Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.test_referral_journey import choose, group, save_and_continue
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import draft_referral, fresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Bruising to her arm, seen by the attending officer"


def question(page: Page, number: int) -> Locator:
    return group(page, re.compile(rf"^{number}\. "))


def test_notes_sources_the_running_score_and_change_links(page: Page) -> None:
    area = MaracAreaFactory(checklist="daq", visible_high_risk_threshold=14)
    practitioner = member(Role.PRACTITIONER, area, AgencyFactory(name="Housing Services (checklist)"))
    child = {"given_names": "Cal", "family_name": "Quarrendale-X", "date_of_birth": date(2019, 6, 5)}
    referral = draft_referral(practitioner, area, yes_answers=None, children=[{"role": PartyRole.CHILD, **child}])
    checklist_url = f"/referrals/{referral.public_id}/checklist/"
    sign_in(page, practitioner)

    # The score so far, beside the area's threshold, saying which questions count.
    page.goto(checklist_url)
    expect(heading(page)).to_have_text("Risk checklist")
    score = page.locator("#running-score-text")
    expect(score).to_have_attribute("aria-live", "polite")
    expect(score).to_have_text("Score so far: 0 out of 24. This is below the area's threshold of 14.")
    expect(page.locator("#running-score-counts")).to_contain_text("Questions 25 to 27 are recorded but not counted")
    axe_check(page)
    for number in range(1, 14):
        choose(page, re.compile(rf"^{number}\. "), "Yes")
    expect(score).to_have_text("Score so far: 13 out of 24. This is below the area's threshold of 14.")
    choose(page, re.compile(r"^25\. "), "No")  # recorded, not counted
    expect(score).to_have_text("Score so far: 13 out of 24. This is below the area's threshold of 14.")
    choose(page, re.compile(r"^14\. "), "Yes")
    expect(score).to_have_text(
        "Score so far: 14 out of 24. This meets the area's threshold of 14 for visible high risk."
    )

    # Who gave the first answer, and a note on it.
    page.locator("#question-q1 summary").click()
    choose(
        page,
        "Who gave the answer to question 1? (optional)",
        "A professional, such as a police officer or health visitor",
    )
    page.get_by_label("Note on question 1 (optional)").fill(NOTE)
    axe_check(page)
    save_and_continue(page)

    # "No children" while a child is listed: reported in the error summary, nothing typed lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Question 25 says no children live in or stay in the household")
    expect(page.get_by_label("Note on question 1 (optional)")).to_have_value(NOTE)
    expect(question(page, 14).get_by_label("Yes", exact=True)).to_be_checked()
    expect(score).to_have_text(
        "Score so far: 14 out of 24. This meets the area's threshold of 14 for visible high risk."
    )
    axe_check(page)
    choose(page, re.compile(r"^25\. "), "Yes")
    save_and_continue(page)
    expect(heading(page)).to_have_text("Incident and police call-outs")
    checklist = fresh(referral).checklist
    assert checklist.sources == {"q1": "professional"}
    assert checklist.notes == {"q1": NOTE}

    # Check your answers shows them, and links back to the question to change it.
    page.goto(f"/referrals/{referral.public_id}/check/")
    expect(heading(page)).to_have_text("Check your answers before sending")
    main = page.locator("main")
    expect(main).to_contain_text("Given by: a professional")
    expect(main).to_contain_text(f"Note: {NOTE}")
    axe_check(page)
    page.get_by_role("link", name="Change the answer to question 1, injury from the current incident").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(checklist_url)}#question-q1$"))
    expect(heading(page)).to_have_text("Risk checklist")
    expect(question(page, 1).get_by_label("Yes", exact=True)).to_be_checked()
    expect(page.get_by_label("Note on question 1 (optional)")).to_have_value(NOTE)
    expect(page.get_by_label("Note on question 1 (optional)")).to_be_visible()
    axe_check(page)
