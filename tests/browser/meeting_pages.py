"""Helpers for the meeting cycle's pages in the browser journeys: the meeting list, agendas, notifications,
the live meeting's forms and the actions list."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Locator, Page, expect

from actions.models import Action
from tests.browser.conftest import axe_check
from tests.browser.journey import heading
from tests.browser.test_sign_in_journey import url_path

NO_PERPETRATOR_ACTION = "No action yet addresses the person causing harm"


def long_date(day: date) -> str:
    """As the pages write it: "Wednesday 3 June 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def open_meetings(page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    expect(page).to_have_url(url_path("/meetings/"))
    expect(heading(page)).to_have_text("MARAC meetings")
    axe_check(page)


def expect_success(page: Page, text: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def agenda_rows(page: Page) -> Locator:
    return page.get_by_role("table", name="Cases on the agenda, in order").locator("tbody tr")


def open_notifications(page: Page) -> None:
    """From the home page's "You have N new notifications"."""
    page.locator("main").get_by_role("link", name=re.compile(r"^You have \d+ new notifications?$")).click()
    expect(page).to_have_url(url_path("/notifications/"))
    expect(heading(page)).to_have_text("Notifications")
    axe_check(page)


def open_notification(page: Page, message: str | re.Pattern[str]) -> None:
    open_notifications(page)
    page.locator("main").get_by_role("link", name=message).click()


def record_shared(page: Page, agency: str, stage: str, text: str) -> None:
    page.get_by_label("Agency", exact=True).select_option(label=agency)
    page.get_by_label("PPMT stage", exact=True).select_option(label=stage)
    page.get_by_label("What was shared", exact=True).fill(text)
    page.get_by_role("button", name="Add shared information").click()
    section = page.get_by_role("region", name=re.compile(rf"^\d\. {re.escape(stage)}$"))
    expect(section).to_contain_text(f"{agency}: {text}")
    expect(page.get_by_label("What was shared", exact=True)).to_have_value("")
    axe_check(page)


def perpetrator_prompt(page: Page) -> Locator:
    return page.locator("main .govuk-inset-text", has_text=NO_PERPETRATOR_ACTION)


def record_action(page: Page, *, text: str, agency: str, focus: str, due: date, priority: str) -> Action:
    """Open "Record an action" in the live meeting, fill it in and record it."""
    page.locator("main summary", has_text="Record an action").click()
    page.get_by_label("Action", exact=True).fill(text)
    page.get_by_label("Owning agency", exact=True).select_option(label=agency)
    page.get_by_role("group", name="Who is the action for?").get_by_label(focus, exact=True).check()
    due_group = page.get_by_role("group", name="Due date")
    due_group.get_by_label("Day", exact=True).fill(str(due.day))
    due_group.get_by_label("Month", exact=True).fill(str(due.month))
    due_group.get_by_label("Year", exact=True).fill(str(due.year))
    page.get_by_role("group", name="Priority").get_by_label(priority, exact=True).check()
    axe_check(page)  # the form open
    page.get_by_role("button", name="Record action").click()
    # Saved in place (htmx): the actions region lists it and says so; the page is not reloaded.
    row = agreed_action(page, text)
    expect(row).to_have_count(1)
    action = Action.objects.get(description=text)
    expect(page.locator("#live-actions .app-live-saved")).to_have_text(f"Action {action.reference} recorded.")
    expect(row.locator(".govuk-summary-list__key")).to_have_text(agency)
    expect(row.locator(".govuk-summary-list__value")).to_have_text(
        f"{text} (for {focus.lower()}, due {due.day} {due:%b %Y})"
    )
    expect(page.get_by_label("Action", exact=True)).to_have_value("")
    axe_check(page)
    return action


def agreed_action(page: Page, text: str) -> Locator:
    """The row of an action agreed at the live meeting's case, with its Change and Remove."""
    return page.locator("#live-actions .govuk-summary-list__row").filter(has_text=text)


def open_actions(page: Page) -> Locator:
    """Open "Actions" from the navigation; return the rows of the actions table."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions").click()
    expect(page).to_have_url(url_path("/actions/"))
    expect(heading(page)).to_have_text("Actions")
    expect(page).to_have_title(re.compile(r"^Actions: Outstanding"))
    axe_check(page)
    return page.locator("main table tbody tr")
