"""Attendance at scale in a real browser (issue 19): a coordinator records the attendance of 15 agencies at a
meeting of 40 cases from the keyboard. The table fits one screen (1920 x 1080); the cases an agency was present
for open only for one that left early or joined late; axe finds nothing on the way. Without JavaScript, the page
asks for those cases after the first save."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cases.models import Attendance, AttendanceStatus, Meeting
from marac.models import Agency, AgencyKind, Role, User
from tests.browser.conftest import EXPECT_TIMEOUT_MS, axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success
from tests.builders.meetings import list_case, meeting_on
from tests.factories import AgencyFactory, MaracAreaFactory

AGENCIES, CASES = 15, 40
SCREEN = {"width": 1920, "height": 1080}
# What the 15 agencies did, in the order of the page (by name): typed into each status list, as a
# keyboard user types the first letters of an option to choose it.
TYPED = ["p"] * 10 + ["d", "ap", "ab", "l", "l"]


@dataclass
class World:
    coordinator: User
    meeting: Meeting
    agencies: list[Agency]
    references: list[str]


def build_world() -> World:
    area = MaracAreaFactory()
    agencies = [AgencyFactory(name=f"Agency {n:02d}", kind=AgencyKind.OTHER) for n in range(AGENCIES)]
    meeting = meeting_on(area, timezone.localdate(), agencies=agencies)
    references = [list_case(meeting).case.reference for _ in range(CASES)]
    return World(member(Role.COORDINATOR, area), meeting, agencies, references)


def _table_height(page: Page) -> float:
    box = page.get_by_role("table", name="Attendance of each invited agency").bounding_box()
    assert box is not None
    return box["height"]


def test_coordinator_records_15_agencies_at_a_40_case_meeting_from_the_keyboard(page: Page) -> None:
    w = build_world()
    page.set_viewport_size(SCREEN)
    sign_in(page, w.coordinator)
    page.goto(f"/meetings/{w.meeting.pk}/attendance/")
    expect(heading(page)).to_have_text("Attendance")
    assert page.locator('input[type="checkbox"]').count() == 0
    height = _table_height(page)
    print(f"attendance table, {AGENCIES} agencies: {height:.0f} px high")
    assert height < 900, height
    axe_check(page)
    page.get_by_label("Attendance of Agency 00", exact=True).focus()
    for n, typed in enumerate(TYPED):
        page.keyboard.type(typed)
        expect(page.get_by_label(f"Attendance of Agency {n:02d}", exact=True)).not_to_have_value("")
        page.keyboard.press("Tab")
        page.keyboard.type(f"Rep {n:02d}")
        page.keyboard.press("Tab")
        if typed == "l":  # left early or joined late: its cases open below it; tick the first and the third
            expect(page.locator(":focus")).to_have_attribute("name", f"a{w.agencies[n].pk}-cases_attended")
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.press("Space")
            for _ in range(CASES - 2):
                page.keyboard.press("Tab")
    expect(page.locator('input[type="checkbox"]')).to_have_count(2 * CASES)
    axe_check(page)
    page.get_by_role("button", name="Save attendance").focus()
    page.keyboard.press("Enter")

    expect_success(page, "Attendance saved.")
    recorded = {a.agency.name: a for a in Attendance.objects.filter(meeting=w.meeting).select_related("agency")}
    assert {name: a.status for name, a in recorded.items()} == {
        **{f"Agency {n:02d}": AttendanceStatus.PRESENT for n in range(10)},
        "Agency 10": AttendanceStatus.DEPUTY,
        "Agency 11": AttendanceStatus.APOLOGIES,
        "Agency 12": AttendanceStatus.ABSENT,
        "Agency 13": AttendanceStatus.PARTIAL,
        "Agency 14": AttendanceStatus.PARTIAL,
    }
    assert recorded["Agency 10"].attendee_names == "Rep 10"
    chosen = {w.references[0], w.references[2]}
    assert {i.case.reference for i in recorded["Agency 13"].cases_attended.select_related("case")} == chosen
    cases = page.get_by_role("group", name="Cases Agency 14 was present for", exact=True)
    expect(cases.get_by_label(w.references[2], exact=True)).to_be_checked()
    expect(cases.get_by_label(w.references[1], exact=True)).not_to_be_checked()
    # Another status closes the list, and its ticks are not sent.
    page.get_by_label("Attendance of Agency 14", exact=True).select_option(label="Present")
    expect(cases).to_be_hidden()
    axe_check(page)
    page.get_by_role("button", name="Save attendance").click()
    expect_success(page, "Attendance saved.")
    assert Attendance.objects.get(meeting=w.meeting, agency=w.agencies[14]).status == AttendanceStatus.PRESENT
    assert page.locator('input[type="checkbox"]').count() == CASES  # Agency 13's only


def test_without_javascript_the_cases_are_asked_after_saving(browser: Browser, live_server: object) -> None:
    w = build_world()
    context = browser.new_context(base_url=str(live_server.url), locale="en-GB")  # type: ignore[attr-defined]
    context.route("**/*.js", lambda route: route.abort())  # the page's scripts never arrive
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.set_viewport_size(SCREEN)
        sign_in(page, w.coordinator)
        page.goto(f"/meetings/{w.meeting.pk}/attendance/")
        page.get_by_label("Attendance of Agency 00", exact=True).select_option(label="Left early or joined late")
        page.get_by_label("Attendance of Agency 01", exact=True).select_option(label="Deputy attended")
        page.get_by_role("button", name="Save attendance").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Agency 00: Select the cases the agency was present for")
        expect(summary).to_contain_text("Agency 01: Enter the name of the deputy who attended for the agency")
        assert not Attendance.objects.filter(meeting=w.meeting).exists()
        axe_check(page)
        page.get_by_label("Who attended for Agency 01", exact=True).fill("A deputy")
        cases = page.get_by_role("group", name="Cases Agency 00 was present for", exact=True)
        cases.get_by_label(w.references[5], exact=True).check()
        page.get_by_role("button", name="Save attendance").click()
        expect_success(page, "Attendance saved.")
        assert Attendance.objects.filter(meeting=w.meeting).count() == 2
    finally:
        context.close()
