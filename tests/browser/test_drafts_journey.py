"""Nothing typed is lost: the decisions box of the live meeting keeps its draft across a reload, the
session-timeout warning offers "Stay signed in", and after the session runs out mid-sentence the text is
back in its box once the chair signs in again (axe on each state, the dialog used by keyboard)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from marac.drafts.models import Draft
from marac.models import AgencyKind, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.timeout_steps import SHORT_SESSION_SECONDS, sign_in_again, type_until_signed_out
from tests.builders.meetings import circulated_meeting, start_on_its_day
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Police to apply for a non-harassment order"
MORE = " before the court date on Friday."


def test_typed_decisions_survive_a_reload_and_a_session_that_runs_out(page: Page, settings) -> None:
    area = MaracAreaFactory()
    area.core_agencies.set([AgencyFactory(name="Police (drafts)", kind=AgencyKind.POLICE)])
    chair = member(Role.CHAIR, area)
    meeting = circulated_meeting(area, by=chair, cases=[CaseFactory(area=area)])
    start_on_its_day(meeting, by=chair)
    item = meeting.items.get()
    live_url = f"/meetings/{meeting.pk}/live/{item.pk}/"
    sign_in(page, chair)

    # 1. Typed, not saved, the page reloaded: the text is back, and said to be.
    page.goto(live_url)
    decisions = page.get_by_label("Decisions for this case")
    decisions.click()
    page.keyboard.type(FIRST)
    page.wait_for_timeout(4000)  # saved at most every 3 seconds
    assert Draft.objects.get(user=chair).text == FIRST
    page.reload()
    expect(page.get_by_label("Decisions for this case")).to_have_value(FIRST)
    expect(page.get_by_role("status").filter(has_text="Restored what you typed")).to_be_visible()
    axe_check(page)

    # 2. A short session: the warning comes, "Stay signed in" keeps it, by keyboard.
    settings.SESSION_COOKIE_AGE = SHORT_SESSION_SECONDS
    page.reload()
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog.get_by_role("heading")).to_be_focused()
    axe_check(page)
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    # 3. Typing more, then walking away: signed out, and the text kept for after signing in again.
    type_until_signed_out(page, page.get_by_label("Decisions for this case"), MORE)
    sign_in_again(page, chair, live_url)
    expect(heading(page)).to_have_text(f"Case {item.case.reference}")
    expect(page.get_by_label("Decisions for this case")).to_have_value(FIRST + MORE)
    axe_check(page)
