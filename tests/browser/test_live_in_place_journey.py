"""The live meeting keeps what is typed (issue 19), in a real browser: the chair types decisions, then adds
shared information, records, changes and removes an action, each saved in place (htmx) with no page load, so
the decisions box still holds its text; saves the decisions in place; a refused change shows its errors in
its region, focused; Alt+Shift+N and Alt+Shift+P move between the cases. No Content Security Policy violation
(htmx is served from our origin and injects no style). With JavaScript off, sharing still works by a whole
page post. axe-core checks the page after each swap."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from actions.models import Action, ActionStatus
from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.models import AgendaItem, CaseParty, Meeting, PartyRole
from marac.models import AgencyKind, Role, User
from tests.browser.conftest import EXPECT_TIMEOUT_MS, axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import agreed_action, record_action, record_shared
from tests.browser.test_sign_in_journey import url_path
from tests.builders.meetings import start_on_its_day
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE = "Police (in place)"
HOUSING = "Housing (in place)"
PATTERN = "Perpetrator's pattern of behaviour"
DECISIONS = "Police to seek a remand; housing to fit a second lock."
ACTION = "Arrest him for the two breaches of bail and seek a remand in custody."
CHANGED = "Arrest him for the breaches of bail and ask the court for a remand."
MISTAKE = "Visit her with the landlord to fit a second lock on the back door."
# Collects, from before any script of each page runs, every Content Security Policy violation it reports.
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective))"
)


@dataclass
class World:
    chair: User
    meeting: Meeting
    first: AgendaItem
    second: AgendaItem


def _world() -> World:
    area = MaracAreaFactory(name="Inplaceford MARAC", meetings_ahead=2)
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    area.core_agencies.set([police, housing])
    coordinator, chair = member(Role.COORDINATOR, area), member(Role.CHAIR, area)
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    assert meeting is not None
    items = []
    for position in (1, 2):
        case = CaseFactory(area=area)
        CaseParty.objects.create(case=case, person=PersonFactory(given_names="Harm"), role=PartyRole.PERPETRATOR)
        items.append(AgendaItem.objects.create(meeting=meeting, case=case, position=position))
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    start_on_its_day(meeting, by=chair)
    live_services.item_open(user=chair, item=items[0])
    return World(chair, meeting, items[0], items[1])


def _live_url(w: World, item: AgendaItem) -> str:
    return f"/meetings/{w.meeting.pk}/live/{item.pk}/"


def _still_the_same_page(page: Page) -> None:
    """No page load since the marker was set, and the decisions typed before are still there."""
    assert page.evaluate("window.__marker") == "set before any save"
    expect(page.get_by_label("Decisions for this case")).to_have_value(DECISIONS)


def _change_and_remove(page: Page) -> None:
    # A change checked as SMART: refused in its region, the error summary focused, what was typed kept.
    agreed_action(page, ACTION).get_by_role("link", name=re.compile(r"^Change")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Change action ACT-\d{6}$"))).to_be_focused()
    axe_check(page)
    page.locator("#id_edit-description").fill("Monitor him")
    page.get_by_role("button", name="Save the change").click()
    summary = page.locator("#live-actions .govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_edit-description")).to_have_value("Monitor him")
    axe_check(page)
    page.locator("#id_edit-description").fill(CHANGED)
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator("#live-actions .app-live-saved")).to_contain_text("changed.")
    expect(agreed_action(page, CHANGED)).to_have_count(1)
    expect(page.locator("#actions-agreed")).to_be_focused()
    assert Action.objects.get(description=CHANGED).version == 2
    _still_the_same_page(page)
    axe_check(page)
    agreed_action(page, MISTAKE).get_by_role("button", name=re.compile(r"^Remove")).click()
    expect(page.locator("#live-actions .app-live-saved")).to_contain_text("removed.")
    expect(agreed_action(page, MISTAKE)).to_have_count(0)
    assert Action.objects.get(description=MISTAKE).status == ActionStatus.SUPERSEDED
    _still_the_same_page(page)
    axe_check(page)


def test_the_live_page_keeps_what_is_typed(page: Page, browser: Browser, live_server: object) -> None:
    w = _world()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WATCH_CSP)
    sign_in(page, w.chair)
    page.goto(_live_url(w, w.first))
    expect(heading(page)).to_have_text(f"Case {w.first.case.reference}")
    expect(page.locator("#shortcut-hint")).to_be_visible()
    axe_check(page)
    page.evaluate("window.__marker = 'set before any save'")
    page.get_by_label("Decisions for this case").fill(DECISIONS)

    record_shared(page, POLICE, PATTERN, "Two breaches of bail since the referral.")
    expect(page.get_by_role("status")).to_have_text(f"Added: {POLICE}, {PATTERN}.")
    _still_the_same_page(page)
    due = w.meeting.date + timedelta(days=7)
    record_action(page, text=ACTION, agency=POLICE, focus="The person causing harm", due=due, priority="High")
    _still_the_same_page(page)
    record_action(page, text=MISTAKE, agency=HOUSING, focus="The survivor", due=due, priority="Medium")
    _still_the_same_page(page)
    _change_and_remove(page)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#live-decisions .app-live-saved")).to_contain_text("Decisions saved.")
    expect(page.get_by_role("heading", name="Decisions", exact=True)).to_be_focused()
    _still_the_same_page(page)
    w.first.refresh_from_db()
    assert w.first.decisions == DECISIONS
    assert page.evaluate("window.__csp") == []
    # The console's only errors are the refused change's answer (400, expected): none from the CSP or a script.
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    axe_check(page)

    # The shortcuts: not from inside a box; from anywhere else, to the next case and back.
    page.get_by_label("Decisions for this case").press("Alt+Shift+N")
    expect(page).to_have_url(url_path(_live_url(w, w.first)))
    page.get_by_role("heading", name="Decisions", exact=True).focus()
    page.keyboard.press("Alt+Shift+N")
    expect(page).to_have_url(url_path(_live_url(w, w.second)))
    expect(heading(page)).to_have_text(f"Case {w.second.case.reference}")
    axe_check(page)
    page.keyboard.press("Alt+Shift+P")
    expect(page).to_have_url(url_path(_live_url(w, w.first)))

    # JavaScript off (the same session): sharing posts the whole page and comes back to the stage.
    no_js = browser.new_context(base_url=str(live_server.url), locale="en-GB", java_script_enabled=False)  # type: ignore[attr-defined]
    no_js.set_default_timeout(EXPECT_TIMEOUT_MS)
    no_js.add_cookies(page.context.cookies())
    plain = no_js.new_page()
    plain.goto(_live_url(w, w.first))
    expect(plain.locator("#shortcut-hint")).to_be_hidden()
    plain.get_by_label("Agency", exact=True).select_option(label=HOUSING)
    plain.get_by_label("PPMT stage", exact=True).select_option(label=PATTERN)
    plain.get_by_label("What was shared", exact=True).fill("He was seen outside her flat on Sunday.")
    plain.get_by_role("button", name="Add shared information").click()
    expect(plain).to_have_url(re.compile(r"#stage-pattern$"))
    expect(plain.locator(".govuk-notification-banner--success")).to_contain_text(f"Added: {HOUSING}")
    expect(plain.locator("#stage-pattern")).to_contain_text("He was seen outside her flat on Sunday.")
    # Changing an action: its own page, then back to the case.
    agreed_action(plain, CHANGED).get_by_role("link", name=re.compile(r"^Change")).click()
    expect(heading(plain)).to_have_text(re.compile(r"^Change action ACT-\d{6}$"))
    plain.locator("#id_edit-description").fill(ACTION)
    plain.get_by_role("button", name="Save the change").click()
    expect(plain).to_have_url(re.compile(r"#actions$"))
    expect(plain.locator(".govuk-notification-banner--success")).to_contain_text("changed.")
    expect(agreed_action(plain, ACTION)).to_have_count(1)
    no_js.close()
    # The same page, checked by axe-core where scripts run.
    page.goto(f"{_live_url(w, w.first)}actions/{Action.objects.get(description=ACTION).pk}/")
    expect(heading(page)).to_have_text(re.compile(r"^Change action ACT-\d{6}$"))
    axe_check(page)
