"""The meeting journey in a real browser: the coordinator adds an extra meeting,
orders and circulates the next agenda; a police representative declares a
conflict of interest; the coordinator records attendance; the chair runs the
meeting (recording an action owned by Police on the first case and one owned by
Housing on the second), closes it and approves the minutes; the coordinator
distributes them; the housing representative reads only the case Housing
attended, downloads the PDF and marks the notifications read; each agency's
"Actions" page lists only its own action; the coordinator closes the heard case, acknowledging its open
action. axe-core checks every page visited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from actions.models import Action
from tests.browser.agenda_steps import (
    CHILDREN,
    HOUSING,
    POLICE,
    World,
    build_world,
    coordinator_adds_an_extra_meeting,
    coordinator_orders_and_circulates,
    coordinator_records_attendance,
    police_declares_a_conflict,
)
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, sign_in
from tests.browser.meeting_pages import (
    agenda_rows,
    expect_success,
    open_actions,
    open_meetings,
    open_notification,
    open_notifications,
    perpetrator_prompt,
    record_action,
    record_shared,
)
from tests.browser.test_sign_in_journey import url_path
from tests.builders.meetings import on_its_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATTERN = "Perpetrator's pattern of behaviour"
PROTECTIVE = "Survivor's protective efforts and strengths"
HARM = "Harm across multiple pathways"
POLICE_ACTION = "Arrest him for the two breaches of bail and seek a remand in custody."
HOUSING_ACTION = "Visit her with the landlord to fit a second lock on the back door."


def chair_hears_the_first_case(chair_page: Page, w: World) -> Action:
    open_meetings(chair_page)
    chair_page.get_by_role("table", name="Upcoming meetings").get_by_role("link", name=w.meeting_day).click()
    expect(chair_page).to_have_url(url_path(w.meeting_url))
    expect(heading(chair_page)).to_have_text(w.meeting_heading)
    chair_rows = agenda_rows(chair_page)
    expect(chair_rows).to_have_count(2)
    expect(chair_rows.nth(1)).to_contain_text(w.adult_ref)
    expect(chair_rows.nth(1)).to_contain_text("Conflict declared: agency needs another representative")
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Start the meeting").click()

    # The first case: the child's, opened (its timer started) by starting the meeting.
    expect(chair_page).to_have_url(re.compile(rf"/meetings/{w.meeting.pk}/live/\d+/$"))
    expect(heading(chair_page)).to_have_text(f"Case {w.child_ref}")
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
        due=w.meeting.date + timedelta(days=7),
        priority="High",
    )
    expect(perpetrator_prompt(chair_page)).to_have_count(0)
    expect(chair_page.locator("main")).not_to_contain_text("No actions agreed yet for this case.")
    assert (police_action.owner_agency, police_action.focus, police_action.priority) == (
        w.police,
        "perpetrator",
        "high",
    )
    assert police_action.item == w.second_item  # the child's case, heard first
    chair_page.get_by_label("Decisions for this case").fill("Police to arrest for the bail breaches.")
    chair_page.get_by_role("button", name="Save and go to the next case").click()
    return police_action


def chair_hears_the_second_case_and_closes(chair_page: Page, w: World) -> Action:
    expect(heading(chair_page)).to_have_text(f"Case {w.adult_ref}")
    expect(chair_page.locator(".govuk-caption-l")).to_contain_text("case 2 of 2")
    expect(chair_page.get_by_role("timer")).to_be_visible()  # going on opened it
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
        due=w.meeting.date + timedelta(days=14),
        priority="Medium",
    )
    # ...and an action for the survivor does not answer it.
    expect(perpetrator_prompt(chair_page)).to_be_visible()
    assert (housing_action.owner_agency, housing_action.focus, housing_action.item) == (
        w.housing,
        "survivor",
        w.first_item,
    )
    chair_page.get_by_label("Decisions for this case").fill("Refer to the IDAA service.")
    chair_page.get_by_role("button", name="Save and close the meeting").click()
    # Closing is irreversible, so it asks once more.
    expect(chair_page.get_by_role("alert")).to_contain_text("Select “Save and close the meeting” again")
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Save and close the meeting").click()
    return housing_action


def chair_approves_the_minutes(chair_page: Page, w: World) -> None:
    expect(chair_page).to_have_url(url_path(w.minutes_url))
    expect(heading(chair_page)).to_have_text(re.compile(r"^Minutes of the meeting on .*\bDraft$"))
    expect_success(chair_page, "The meeting is closed.")
    general = chair_page.get_by_label("General", exact=True)
    expect(general).to_have_value(re.compile(rf"Present: {re.escape(POLICE)}\."))
    expect(general).to_have_value(re.compile(rf"Present for some cases: {re.escape(HOUSING)}\."))
    expect(chair_page.get_by_label(f"Case {w.child_ref}")).to_have_value(re.compile(r"Two breaches of bail"))
    expect(chair_page.get_by_label(f"Case {w.adult_ref}")).to_have_value(re.compile(r"Refer to the IDAA service\."))
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Approve the minutes").click()

    expect(chair_page).to_have_url(url_path(w.minutes_url))
    expect_success(chair_page, "Minutes approved.")
    expect(heading(chair_page)).to_contain_text("Approved")
    main = chair_page.locator("main")
    expect(main).to_contain_text(f"Present for some cases: {HOUSING}.")
    expect(main.get_by_role("heading", level=2, name=f"Case {w.child_ref}")).to_be_visible()
    expect(main.get_by_role("heading", level=2, name=f"Case {w.adult_ref}")).to_be_visible()
    expect(chair_page.get_by_role("button", name="Approve the minutes")).to_have_count(0)
    axe_check(chair_page)


def coordinator_distributes_the_minutes(page: Page, w: World) -> None:
    page.goto(w.meeting_url)
    expect(heading(page)).to_contain_text("Held")
    axe_check(page)
    page.locator("main").get_by_role("button", name="Minutes", exact=True).click()
    expect(page).to_have_url(url_path(w.minutes_url))
    expect(heading(page)).to_contain_text("Approved")
    axe_check(page)
    page.get_by_role("button", name="Distribute to the agencies").click()
    expect(page).to_have_url(url_path(w.minutes_url))
    expect_success(page, "Minutes distributed: 2 representatives told.")
    expect(heading(page)).to_contain_text("Distributed")
    axe_check(page)


def housing_reads_the_case_it_attended(housing_page: Page, w: World) -> None:
    open_notification(housing_page, re.compile(r"^Minutes and actions from the MARAC meeting on "))
    expect(housing_page).to_have_url(url_path(w.minutes_url))
    expect(heading(housing_page)).to_contain_text("Distributed")
    housing_main = housing_page.locator("main")
    expect(housing_main.locator(".govuk-inset-text")).to_contain_text(
        "You see the general minutes and the cases your agency attended, with their actions."
    )
    expect(housing_main.locator(".govuk-inset-text")).to_contain_text(
        "Your agency did not attend some cases: for those you see only the actions your agency owns or shares."
    )
    expect(housing_main).to_contain_text(f"Present for some cases: {HOUSING}.")
    expect(housing_main.get_by_role("heading", level=2, name=f"Case {w.child_ref}")).to_be_visible()
    expect(housing_main).to_contain_text("She asked for a lock change and it was done.")
    # The case housing did not attend: only the action housing owns on it, never what was said there.
    expect(housing_main).to_contain_text(HOUSING_ACTION)
    expect(housing_main).not_to_contain_text("Officers attended twice in the last month.")
    expect(housing_main).not_to_contain_text("Refer to the IDAA service.")
    expect(housing_page.get_by_role("button", name="Distribute to the agencies")).to_have_count(0)
    axe_check(housing_page)

    href = housing_main.get_by_role("link", name="Download the minutes as a PDF").get_attribute("href")
    assert href == f"/meetings/{w.meeting.pk}/minutes.pdf", href
    pdf = housing_page.request.get(urljoin(housing_page.url, href))
    assert pdf.status == 200, pdf.status
    assert pdf.headers["content-type"] == "application/pdf", pdf.headers
    assert pdf.headers.get("content-disposition", "").startswith("attachment;"), pdf.headers
    assert pdf.body().startswith(b"%PDF-")

    # Reading the notices left them new; the button marks them read.
    housing_page.goto("/")
    open_notifications(housing_page)
    expect(housing_page.locator("main .govuk-tag", has_text="New")).not_to_have_count(0)
    housing_page.get_by_role("button", name="Mark all as read").click()
    expect(housing_page).to_have_url(url_path("/notifications/"))
    expect_success(housing_page, "All your notifications are marked as read.")
    expect(housing_page.locator("main .govuk-tag", has_text="New")).to_have_count(0)
    expect(housing_page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    axe_check(housing_page)


def each_agency_sees_its_own_actions(
    housing_page: Page, police_page: Page, police_action: Action, housing_action: Action
) -> None:
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


def coordinator_closes_the_heard_case(page: Page, w: World, housing_action: Action) -> None:
    """The case page shows how its status moved; closing asks for a reason and for the open action to be
    acknowledged, and the history records it."""
    page.goto(f"/cases/{w.adult_case.pk}/")
    history = page.locator("main table", has=page.locator("caption", has_text="Changes of this case's status"))
    expect(history).to_contain_text("Heard at a meeting")
    expect(history).to_contain_text("Listed on a meeting's agenda")
    axe_check(page)
    page.get_by_role("link", name="Close this case").click()
    expect(heading(page)).to_have_text("Close this case")
    expect(page.locator("main")).to_contain_text(housing_action.reference)
    axe_check(page)
    page.get_by_role("button", name="Close this case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why the case is being closed")
    axe_check(page)
    page.get_by_role("radio", name="Another reason").check()
    page.get_by_label("If another reason, what is it?").fill("The agencies agreed the plan goes on without MARAC.")
    page.get_by_label("I understand these actions stay open").check()
    page.get_by_role("button", name="Close this case").click()
    expect(page).to_have_url(url_path(f"/cases/{w.adult_case.pk}/"))
    expect_success(page, f"Case {w.adult_ref} is closed.")
    expect(history).to_contain_text("The agencies agreed the plan goes on without MARAC.")
    expect(page.get_by_role("link", name="Close this case")).to_have_count(0)
    axe_check(page)


def test_coordinator_circulates_chair_runs_meeting_agencies_read_minutes(
    page: Page, new_page: Callable[[], Page], page_errors: list[str]
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    w = build_world()
    sign_in(page, w.coordinator)
    coordinator_adds_an_extra_meeting(page, w)
    coordinator_orders_and_circulates(page, w)
    police_page = new_page()
    sign_in(police_page, w.police_rep)
    police_declares_a_conflict(police_page, w)
    coordinator_records_attendance(page, w)
    on_its_day(w.meeting)  # the research is in; the day of the meeting comes
    chair_page = new_page()
    sign_in(chair_page, w.chair)
    police_action = chair_hears_the_first_case(chair_page, w)
    housing_action = chair_hears_the_second_case_and_closes(chair_page, w)
    chair_approves_the_minutes(chair_page, w)
    coordinator_distributes_the_minutes(page, w)
    housing_page = new_page()
    sign_in(housing_page, w.housing_rep)
    housing_reads_the_case_it_attended(housing_page, w)
    each_agency_sees_its_own_actions(housing_page, police_page, police_action, housing_action)
    coordinator_closes_the_heard_case(page, w, housing_action)
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
