"""The meeting journey in a real browser: the coordinator adds an extra meeting,
orders and circulates the next agenda; a police representative declares a
conflict of interest; the coordinator records attendance; the chair runs the
meeting (recording an action owned by Police on the first case and one owned by
Housing on the second), closes it and approves the minutes; the coordinator
distributes them; the housing representative reads only the case Housing
attended and downloads the PDF; each agency's "Actions" page lists only its own
action. axe-core checks every page visited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urljoin

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from actions.models import Action
from cases.meetings import services as meeting_services
from cases.models import CaseParty, PartyRole
from marac.models import AgencyKind, MeetingPattern, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.test_sign_in_journey import url_path
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    MaracAreaFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE = "Police (meeting journey)"
HOUSING = "Housing (meeting journey)"
CHILDREN = "Children in the household"
PATTERN = "Perpetrator's pattern of behaviour"
PROTECTIVE = "Survivor's protective efforts and strengths"
HARM = "Harm across multiple pathways"
NO_PERPETRATOR_ACTION = "No action yet addresses the person causing harm"
POLICE_ACTION = "Arrest him for the two breaches of bail and seek a remand in custody."
HOUSING_ACTION = "Visit her with the landlord to fit a second lock on the back door."


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


def open_notification(page: Page, message: str | re.Pattern[str]) -> None:
    page.locator("main").get_by_role("link", name=re.compile(r"^You have \d+ new notifications?$")).click()
    expect(page).to_have_url(url_path("/notifications/"))
    expect(heading(page)).to_have_text("Notifications")
    axe_check(page)
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
    expect(page).to_have_url(re.compile(r"/meetings/\d+/live/\d+/#actions$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        re.compile(r"Action ACT-\d{6} recorded\.")
    )
    action = Action.objects.get(description=text)
    expect(page.locator("main").get_by_role("listitem").filter(has_text=text)).to_have_text(
        f"{agency}: {text} (for {focus.lower()}, due {due.day} {due:%b %Y})"
    )
    expect(page.get_by_label("Action", exact=True)).to_have_value("")
    axe_check(page)
    return action


def open_actions(page: Page) -> Locator:
    """Open "Actions" from the navigation; return the rows of the actions table."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions").click()
    expect(page).to_have_url(url_path("/actions/"))
    expect(heading(page)).to_have_text("Actions")
    expect(page).to_have_title(re.compile(r"^Actions: Outstanding"))
    axe_check(page)
    return page.locator("main table tbody tr")


def test_coordinator_circulates_chair_runs_meeting_agencies_read_minutes(
    page: Page, new_page: Callable[[], Page], page_errors: list[str]
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    area = MaracAreaFactory(meeting_pattern=MeetingPattern.WEEKLY, meetings_ahead=4)
    area.core_agencies.set([police, housing])
    coordinator = member(Role.COORDINATOR, area)
    chair = member(Role.CHAIR, area)
    police_rep = member(Role.REPRESENTATIVE, area, police)
    housing_rep = member(Role.REPRESENTATIVE, area, housing)

    # Two cases on the next meeting's agenda: an adult-only case first, then one with a child.
    adult_case = CaseFactory(area=area)
    child_case = CaseFactory(area=area)
    CaseParty.objects.create(case=child_case, person=PersonFactory(), role=PartyRole.CHILD)
    meeting_services.meetings_schedule_ahead(area)
    first_item = meeting_services.agenda_place_case(case=adult_case)
    second_item = meeting_services.agenda_place_case(case=child_case)
    assert first_item is not None
    assert second_item is not None
    meeting = first_item.meeting
    assert second_item.meeting == meeting
    assert not meeting.is_extra
    meeting_url = f"/meetings/{meeting.pk}/"
    meeting_day = long_date(meeting.date)
    meeting_heading = re.compile(rf"^Meeting on {re.escape(meeting_day)}\b")
    adult_ref, child_ref = str(adult_case.reference), str(child_case.reference)
    # Weekly meetings: the day after a regular meeting never has one of its own.
    extra_day = meeting.date + timedelta(days=1)

    # --- 1. The coordinator adds an extra meeting, orders and circulates the agenda -------
    sign_in(page, coordinator)
    open_meetings(page)
    page.get_by_role("button", name="Add an extra meeting").click()
    expect(page).to_have_url(url_path("/meetings/new/"))
    expect(heading(page)).to_have_text("Add an extra meeting")
    axe_check(page)
    expect(page.locator("input[type=hidden][name=area]")).to_have_value(str(area.pk))
    date_group = page.get_by_role("group", name="Date of the meeting")
    date_group.get_by_label("Day", exact=True).fill(str(extra_day.day))
    date_group.get_by_label("Month", exact=True).fill(str(extra_day.month))
    date_group.get_by_label("Year", exact=True).fill(str(extra_day.year))
    page.get_by_label("Start time", exact=True).fill("14:00")
    expect(page.get_by_label("Planned length in minutes")).to_have_value("180")
    page.get_by_role("button", name="Add meeting").click()

    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    expect(heading(page)).to_have_text(re.compile(rf"^Meeting on {re.escape(long_date(extra_day))}\b"))
    expect_success(page, "The extra meeting has been added.")
    times = page.locator(".govuk-summary-list__row", has_text="Time")
    expect(times).to_contain_text("14:00")
    expect(page.get_by_role("heading", level=2, name="Agenda: 0 cases")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Back to meetings").click()
    expect(heading(page)).to_have_text("MARAC meetings")
    upcoming = page.get_by_role("table", name="Upcoming meetings")
    extra_row = upcoming.get_by_role("row").filter(has=page.get_by_role("link", name=long_date(extra_day)))
    expect(extra_row).to_contain_text("14:00")
    expect(extra_row.locator(".govuk-tag", has_text="Extra")).to_be_visible()
    regular_row = upcoming.get_by_role("row").filter(has=page.get_by_role("link", name=meeting_day))
    expect(regular_row.locator(".govuk-tag", has_text="Extra")).to_have_count(0)
    expect(regular_row.get_by_role("cell").nth(3)).to_have_text("2")
    axe_check(page)
    regular_row.get_by_role("link", name=meeting_day).click()

    expect(page).to_have_url(url_path(meeting_url))
    expect(heading(page)).to_have_text(meeting_heading)
    expect(heading(page)).to_contain_text("Scheduled")
    expect(page.get_by_role("heading", level=2, name="Agenda: 2 cases")).to_be_visible()
    rows = agenda_rows(page)
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(adult_ref)
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text("10:00")
    expect(rows.nth(1)).to_contain_text(child_ref)
    expect(rows.nth(1).get_by_role("cell").first).to_contain_text("10:10")
    expect(rows.nth(1).locator(".app-flag", has_text=CHILDREN)).to_be_visible()
    expect(rows.nth(0).locator(".app-flag", has_text=CHILDREN)).to_have_count(0)
    axe_check(page)

    # Cases with children are heard first: move the second case up.
    page.get_by_role("button", name=f"Up {child_ref}").click()
    expect(page).to_have_url(url_path(meeting_url))
    rows = agenda_rows(page)
    expect(rows.nth(0)).to_contain_text(child_ref)
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text("10:00")
    expect(rows.nth(0).locator(".app-flag", has_text=CHILDREN)).to_be_visible()
    expect(rows.nth(1)).to_contain_text(adult_ref)
    expect(rows.nth(1).get_by_role("cell").first).to_contain_text("10:10")
    axe_check(page)

    page.get_by_role("button", name="Circulate the agenda").click()
    expect(page).to_have_url(url_path(meeting_url))
    expect_success(page, "Agenda circulated: 2 representatives told.")
    expect(heading(page)).to_contain_text("Agenda circulated")
    expect(page.get_by_role("button", name="Circulate the agenda")).to_have_count(0)
    axe_check(page)

    # --- 2. The police representative declares a conflict of interest ----------------------
    police_page = new_page()
    sign_in(police_page, police_rep)
    open_notification(police_page, re.compile(r"^Agenda circulated for the MARAC meeting on "))
    expect(police_page).to_have_url(url_path(meeting_url))
    expect(heading(police_page)).to_have_text(meeting_heading)
    police_rows = agenda_rows(police_page)
    expect(police_rows).to_have_count(2)
    expect(police_rows.nth(0)).to_contain_text(child_ref)
    expect(police_rows.nth(1)).to_contain_text(adult_ref)
    # Representatives do not change the agenda.
    expect(police_page.get_by_role("button", name=re.compile(r"^(Up|Down) "))).to_have_count(0)
    expect(police_page.get_by_role("heading", name="Coordinator")).to_have_count(0)
    axe_check(police_page)

    # The case opens before the declaration...
    police_rows.nth(1).get_by_role("link", name=adult_ref, exact=True).click()
    expect(police_page).to_have_url(url_path(f"/cases/{adult_case.pk}/"))
    expect(heading(police_page)).to_have_text(re.compile(rf"^Case {re.escape(adult_ref)}\b"))
    axe_check(police_page)
    police_page.go_back()
    expect(heading(police_page)).to_have_text(meeting_heading)

    agenda_rows(police_page).nth(1).get_by_role("link", name=f"I know someone in this case ({adult_ref})").click()
    expect(police_page).to_have_url(url_path(f"/cases/{adult_case.pk}/conflict/"))
    expect(heading(police_page)).to_have_text("Declare a conflict of interest")
    expect(police_page.locator(".govuk-caption-l")).to_have_text(f"Case {adult_ref}")
    axe_check(police_page)
    police_page.get_by_role("group", name="What is your connection?").get_by_label(
        "Related to someone in the case", exact=True
    ).check()
    police_page.get_by_role("button", name="Declare and stop seeing this case").click()

    expect(police_page).to_have_url(url_path(meeting_url))
    expect_success(police_page, "Your conflict of interest is recorded")
    expect(police_page.get_by_role("heading", level=2, name="Agenda: 1 case")).to_be_visible()
    police_rows = agenda_rows(police_page)
    expect(police_rows).to_have_count(1)
    expect(police_rows.first).to_contain_text(child_ref)
    expect(police_page.locator("main")).not_to_contain_text(adult_ref)
    axe_check(police_page)

    # ...and not after it, anywhere.
    response = police_page.goto(f"/cases/{adult_case.pk}/")
    assert response is not None
    assert response.status == 404, response.status
    expect(heading(police_page)).to_have_text("Page not found")
    expect(police_page.locator("main")).not_to_contain_text(adult_ref)
    axe_check(police_page)

    # --- 3. The coordinator records attendance ---------------------------------------------
    page.goto(meeting_url)
    expect(heading(page)).to_have_text(meeting_heading)
    axe_check(page)
    page.get_by_role("button", name="Record attendance").click()
    expect(page).to_have_url(url_path(f"/meetings/{meeting.pk}/attendance/"))
    expect(heading(page)).to_have_text("Attendance")
    axe_check(page)
    police_group = page.get_by_role("group", name=POLICE, exact=True)
    police_group.get_by_label("Attendance", exact=True).select_option(label="Present")
    police_group.get_by_label("Who attended", exact=True).fill("DS Example")
    housing_group = page.get_by_role("group", name=HOUSING, exact=True)
    housing_group.get_by_label("Attendance", exact=True).select_option(label="Present for some cases")
    housing_group.get_by_label(child_ref, exact=True).check()
    expect(housing_group.get_by_label(adult_ref, exact=True)).not_to_be_checked()
    axe_check(page)
    page.get_by_role("button", name="Save attendance").click()

    expect(page).to_have_url(url_path(f"/meetings/{meeting.pk}/attendance/"))
    expect_success(page, "Attendance saved.")
    police_group = page.get_by_role("group", name=POLICE, exact=True)
    housing_group = page.get_by_role("group", name=HOUSING, exact=True)
    expect(police_group.get_by_label("Attendance", exact=True)).to_have_value("present")
    expect(police_group.get_by_label("Who attended", exact=True)).to_have_value("DS Example")
    expect(housing_group.get_by_label("Attendance", exact=True)).to_have_value("partial")
    expect(housing_group.get_by_label(child_ref, exact=True)).to_be_checked()
    expect(housing_group.get_by_label(adult_ref, exact=True)).not_to_be_checked()
    axe_check(page)

    # --- 4. The chair runs the meeting and approves the minutes ----------------------------
    chair_page = new_page()
    sign_in(chair_page, chair)
    open_meetings(chair_page)
    chair_page.get_by_role("table", name="Upcoming meetings").get_by_role("link", name=meeting_day).click()
    expect(chair_page).to_have_url(url_path(meeting_url))
    expect(heading(chair_page)).to_have_text(meeting_heading)
    chair_rows = agenda_rows(chair_page)
    expect(chair_rows).to_have_count(2)
    expect(chair_rows.nth(1)).to_contain_text(adult_ref)
    expect(chair_rows.nth(1)).to_contain_text("Conflict declared: agency needs another representative")
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Start the meeting").click()

    # The first case: the child's.
    expect(chair_page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/live/\d+/$"))
    expect(heading(chair_page)).to_have_text(f"Case {child_ref}")
    expect(chair_page.locator(".govuk-caption-l")).to_contain_text("case 1 of 2")
    expect(chair_page.locator(".app-flag", has_text=CHILDREN)).to_be_visible()
    expect(chair_page.get_by_role("timer")).to_be_visible()
    axe_check(chair_page)
    record_shared(chair_page, POLICE, PATTERN, "Two breaches of bail since the referral.")
    record_shared(chair_page, HOUSING, PROTECTIVE, "She asked for a lock change and it was done.")
    # No action addresses the person causing harm yet: the page prompts for one.
    expect(chair_page.locator("main")).to_contain_text("No actions agreed yet for this case.")
    expect(perpetrator_prompt(chair_page)).to_be_visible()
    police_action = record_action(
        chair_page,
        text=POLICE_ACTION,
        agency=POLICE,
        focus="The person causing harm",
        due=timezone.localdate() + timedelta(days=7),
        priority="High",
    )
    expect(perpetrator_prompt(chair_page)).to_have_count(0)
    expect(chair_page.locator("main")).not_to_contain_text("No actions agreed yet for this case.")
    assert (police_action.owner_agency, police_action.focus, police_action.priority) == (police, "perpetrator", "high")
    assert police_action.item == second_item  # the child's case, heard first
    chair_page.get_by_label("Decisions for this case").fill("Police to arrest for the bail breaches.")
    chair_page.get_by_role("button", name="Save and go to the next case").click()

    # The second case.
    expect(heading(chair_page)).to_have_text(f"Case {adult_ref}")
    expect(chair_page.locator(".govuk-caption-l")).to_contain_text("case 2 of 2")
    expect(chair_page.get_by_role("button", name="Save and go to the next case")).to_have_count(0)
    axe_check(chair_page)
    record_shared(chair_page, POLICE, HARM, "Officers attended twice in the last month.")
    # The prompt is per case: this one has no action on the person causing harm either...
    expect(perpetrator_prompt(chair_page)).to_be_visible()
    housing_action = record_action(
        chair_page,
        text=HOUSING_ACTION,
        agency=HOUSING,
        focus="The survivor",
        due=timezone.localdate() + timedelta(days=14),
        priority="Medium",
    )
    # ...and an action for the survivor does not answer it.
    expect(perpetrator_prompt(chair_page)).to_be_visible()
    assert (housing_action.owner_agency, housing_action.focus, housing_action.item) == (housing, "survivor", first_item)
    chair_page.get_by_label("Decisions for this case").fill("Refer to the IDAA service.")
    chair_page.get_by_role("button", name="Save and close the meeting").click()
    # Closing is irreversible, so it asks once more.
    expect(chair_page.get_by_role("alert")).to_contain_text("Select “Save and close the meeting” again")
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Save and close the meeting").click()

    minutes_url = f"/meetings/{meeting.pk}/minutes/"
    expect(chair_page).to_have_url(url_path(minutes_url))
    expect(heading(chair_page)).to_have_text(re.compile(r"^Minutes of the meeting on .*\bDraft$"))
    expect_success(chair_page, "The meeting is closed.")
    general = chair_page.get_by_label("General", exact=True)
    expect(general).to_have_value(re.compile(rf"Present: {re.escape(POLICE)}\."))
    expect(general).to_have_value(re.compile(rf"Present for some cases: {re.escape(HOUSING)}\."))
    expect(chair_page.get_by_label(f"Case {child_ref}")).to_have_value(re.compile(r"Two breaches of bail"))
    expect(chair_page.get_by_label(f"Case {adult_ref}")).to_have_value(re.compile(r"Refer to the IDAA service\."))
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Approve the minutes").click()

    expect(chair_page).to_have_url(url_path(minutes_url))
    expect_success(chair_page, "Minutes approved.")
    expect(heading(chair_page)).to_contain_text("Approved")
    main = chair_page.locator("main")
    expect(main).to_contain_text(f"Present for some cases: {HOUSING}.")
    expect(main.get_by_role("heading", level=2, name=f"Case {child_ref}")).to_be_visible()
    expect(main.get_by_role("heading", level=2, name=f"Case {adult_ref}")).to_be_visible()
    expect(chair_page.get_by_role("button", name="Approve the minutes")).to_have_count(0)
    axe_check(chair_page)

    # The coordinator distributes them.
    page.goto(meeting_url)
    expect(heading(page)).to_contain_text("Held")
    axe_check(page)
    page.locator("main").get_by_role("button", name="Minutes", exact=True).click()
    expect(page).to_have_url(url_path(minutes_url))
    expect(heading(page)).to_contain_text("Approved")
    axe_check(page)
    page.get_by_role("button", name="Distribute to the agencies").click()
    expect(page).to_have_url(url_path(minutes_url))
    expect_success(page, "Minutes distributed: 2 representatives told.")
    expect(heading(page)).to_contain_text("Distributed")
    axe_check(page)

    # --- 5. The housing representative reads only the case Housing attended -----------------
    housing_page = new_page()
    sign_in(housing_page, housing_rep)
    open_notification(housing_page, re.compile(r"^Minutes and actions from the MARAC meeting on "))
    expect(housing_page).to_have_url(url_path(minutes_url))
    expect(heading(housing_page)).to_contain_text("Distributed")
    housing_main = housing_page.locator("main")
    expect(housing_main.locator(".govuk-inset-text")).to_have_text(
        "You see the general minutes and the cases your agency attended."
    )
    expect(housing_main).to_contain_text(f"Present for some cases: {HOUSING}.")
    expect(housing_main.get_by_role("heading", level=2, name=f"Case {child_ref}")).to_be_visible()
    expect(housing_main).to_contain_text("She asked for a lock change and it was done.")
    expect(housing_main).not_to_contain_text(adult_ref)
    expect(housing_main).not_to_contain_text("Refer to the IDAA service.")
    expect(housing_page.get_by_role("button", name="Distribute to the agencies")).to_have_count(0)
    axe_check(housing_page)

    pdf_link = housing_main.get_by_role("link", name="Download the minutes as a PDF")
    href = pdf_link.get_attribute("href")
    assert href == f"/meetings/{meeting.pk}/minutes.pdf", href
    pdf = housing_page.request.get(urljoin(housing_page.url, href))
    assert pdf.status == 200, pdf.status
    assert pdf.headers["content-type"] == "application/pdf", pdf.headers
    assert pdf.headers.get("content-disposition", "").startswith("attachment;"), pdf.headers
    assert pdf.body().startswith(b"%PDF-")

    # --- 6. Each agency's "Actions" lists its own actions only --------------------------------
    housing_rows = open_actions(housing_page)
    expect(housing_rows).to_have_count(1)
    expect(housing_rows.first).to_contain_text(housing_action.reference)
    expect(housing_rows.first).to_contain_text(HOUSING_ACTION)
    expect(housing_page.locator("main")).not_to_contain_text(police_action.reference)
    expect(housing_page.locator("main")).not_to_contain_text(POLICE_ACTION)
    housing_rows.first.get_by_role("link", name=housing_action.reference).click()
    expect(housing_page).to_have_url(url_path(f"/actions/{housing_action.pk}/"))
    expect(heading(housing_page)).to_have_text(re.compile(rf"^Action {housing_action.reference}\b.*\bOpen$"))
    axe_check(housing_page)
    response = housing_page.goto(f"/actions/{police_action.pk}/")
    assert response is not None
    assert response.status == 404, response.status
    axe_check(housing_page)

    police_rows = open_actions(police_page)
    expect(police_rows).to_have_count(1)
    expect(police_rows.first).to_contain_text(police_action.reference)
    expect(police_rows.first).to_contain_text(POLICE_ACTION)
    expect(police_page.locator("main")).not_to_contain_text(housing_action.reference)
    expect(police_page.locator("main")).not_to_contain_text(HOUSING_ACTION)
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
