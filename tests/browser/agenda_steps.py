"""The first half of the meeting journey (tests/browser/test_meeting_journey.py): its world, and the steps
before the meeting: the coordinator adds an extra meeting, orders and circulates the agenda; a police
representative declares a conflict of interest; the coordinator records attendance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from playwright.sync_api import Page, expect

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Case, CaseParty, Meeting, PartyRole
from marac.models import Agency, AgencyKind, MaracArea, MeetingPattern, Role, User
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member
from tests.browser.meeting_pages import agenda_rows, expect_success, long_date, open_meetings, open_notification
from tests.browser.test_sign_in_journey import url_path
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

POLICE = "Police (meeting journey)"
HOUSING = "Housing (meeting journey)"
CHILDREN = "Children in the household"


@dataclass
class World:
    """Two agencies, the people of the journey, and two cases on the next meeting's agenda."""

    area: MaracArea
    police: Agency
    housing: Agency
    coordinator: User
    chair: User
    police_rep: User
    housing_rep: User
    adult_case: Case  # listed first
    child_case: Case
    first_item: AgendaItem  # the adult case's
    second_item: AgendaItem  # the child's case's
    meeting: Meeting

    @property
    def meeting_url(self) -> str:
        return f"/meetings/{self.meeting.pk}/"

    @property
    def minutes_url(self) -> str:
        return f"/meetings/{self.meeting.pk}/minutes/"

    @property
    def meeting_day(self) -> str:
        return long_date(self.meeting.date)

    @property
    def meeting_heading(self) -> re.Pattern[str]:
        return re.compile(rf"^Meeting on {re.escape(self.meeting_day)}\b")

    @property
    def adult_ref(self) -> str:
        return str(self.adult_case.reference)

    @property
    def child_ref(self) -> str:
        return str(self.child_case.reference)


def build_world() -> World:
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    area = MaracAreaFactory(meeting_pattern=MeetingPattern.WEEKLY, meetings_ahead=4)
    area.core_agencies.set([police, housing])
    # Two cases on the next meeting's agenda: an adult-only case first, then one with a child.
    adult_case = CaseFactory(area=area)
    child_case = CaseFactory(area=area)
    CaseParty.objects.create(case=child_case, person=PersonFactory(), role=PartyRole.CHILD)
    meeting_schedule.meetings_schedule_ahead(area)
    first_item = meeting_services.agenda_place_case(case=adult_case)
    second_item = meeting_services.agenda_place_case(case=child_case)
    assert first_item is not None
    assert second_item is not None
    assert second_item.meeting == first_item.meeting
    assert not first_item.meeting.is_extra
    return World(
        area=area,
        police=police,
        housing=housing,
        coordinator=member(Role.COORDINATOR, area),
        chair=member(Role.CHAIR, area),
        police_rep=member(Role.REPRESENTATIVE, area, police),
        housing_rep=member(Role.REPRESENTATIVE, area, housing),
        adult_case=adult_case,
        child_case=child_case,
        first_item=first_item,
        second_item=second_item,
        meeting=first_item.meeting,
    )


def coordinator_adds_an_extra_meeting(page: Page, w: World) -> None:
    # Weekly meetings: the day after a regular meeting never has one of its own.
    extra_day = w.meeting.date + timedelta(days=1)
    open_meetings(page)
    page.get_by_role("button", name="Add an extra meeting").click()
    expect(page).to_have_url(url_path("/meetings/new/"))
    expect(heading(page)).to_have_text("Add an extra meeting")
    axe_check(page)
    expect(page.locator("input[type=hidden][name=area]")).to_have_value(str(w.area.pk))
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
    regular_row = upcoming.get_by_role("row").filter(has=page.get_by_role("link", name=w.meeting_day))
    expect(regular_row.locator(".govuk-tag", has_text="Extra")).to_have_count(0)
    expect(regular_row.get_by_role("cell").nth(3)).to_have_text("2")
    axe_check(page)
    regular_row.get_by_role("link", name=w.meeting_day).click()


def coordinator_orders_and_circulates(page: Page, w: World) -> None:
    expect(page).to_have_url(url_path(w.meeting_url))
    expect(heading(page)).to_have_text(w.meeting_heading)
    expect(heading(page)).to_contain_text("Scheduled")
    expect(page.get_by_role("heading", level=2, name="Agenda: 2 cases")).to_be_visible()
    rows = agenda_rows(page)
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(w.adult_ref)
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text("10:00")
    expect(rows.nth(1)).to_contain_text(w.child_ref)
    expect(rows.nth(1).get_by_role("cell").first).to_contain_text("10:10")
    expect(rows.nth(1).locator(".app-flag", has_text=CHILDREN)).to_be_visible()
    expect(rows.nth(0).locator(".app-flag", has_text=CHILDREN)).to_have_count(0)
    axe_check(page)

    # Cases with children are heard first: move the second case up.
    page.get_by_role("button", name=f"Up {w.child_ref}").click()
    expect(page).to_have_url(url_path(w.meeting_url))
    rows = agenda_rows(page)
    expect(rows.nth(0)).to_contain_text(w.child_ref)
    expect(rows.nth(0).get_by_role("cell").first).to_contain_text("10:00")
    expect(rows.nth(0).locator(".app-flag", has_text=CHILDREN)).to_be_visible()
    expect(rows.nth(1)).to_contain_text(w.adult_ref)
    expect(rows.nth(1).get_by_role("cell").first).to_contain_text("10:10")
    axe_check(page)

    page.get_by_role("button", name="Circulate the agenda").click()
    expect(page).to_have_url(url_path(w.meeting_url))
    expect_success(page, "Agenda circulated: 2 representatives told.")
    expect(heading(page)).to_contain_text("Agenda circulated")
    expect(page.get_by_role("button", name="Circulate the agenda")).to_have_count(0)
    axe_check(page)


def police_declares_a_conflict(police_page: Page, w: World) -> None:
    open_notification(police_page, re.compile(r"^Agenda circulated for the MARAC meeting on "))
    expect(police_page).to_have_url(url_path(w.meeting_url))
    expect(heading(police_page)).to_have_text(w.meeting_heading)
    police_rows = agenda_rows(police_page)
    expect(police_rows).to_have_count(2)
    expect(police_rows.nth(0)).to_contain_text(w.child_ref)
    expect(police_rows.nth(1)).to_contain_text(w.adult_ref)
    # Representatives do not change the agenda.
    expect(police_page.get_by_role("button", name=re.compile(r"^(Up|Down) "))).to_have_count(0)
    expect(police_page.get_by_role("heading", name="Coordinator")).to_have_count(0)
    axe_check(police_page)

    # The case opens before the declaration...
    police_rows.nth(1).get_by_role("link", name=w.adult_ref, exact=True).click()
    expect(police_page).to_have_url(url_path(f"/cases/{w.adult_case.pk}/"))
    expect(heading(police_page)).to_have_text(re.compile(rf"^Case {re.escape(w.adult_ref)}\b"))
    axe_check(police_page)
    police_page.go_back()
    expect(heading(police_page)).to_have_text(w.meeting_heading)

    agenda_rows(police_page).nth(1).get_by_role("link", name=f"I know someone in this case ({w.adult_ref})").click()
    expect(police_page).to_have_url(url_path(f"/cases/{w.adult_case.pk}/conflict/"))
    expect(heading(police_page)).to_have_text("Declare a conflict of interest")
    expect(police_page.locator(".govuk-caption-l")).to_have_text(f"Case {w.adult_ref}")
    axe_check(police_page)
    police_page.get_by_role("group", name="What is your connection?").get_by_label(
        "Related to someone in the case", exact=True
    ).check()
    police_page.get_by_role("button", name="Declare and stop seeing this case").click()

    expect(police_page).to_have_url(url_path(w.meeting_url))
    expect_success(police_page, "Your conflict of interest is recorded")
    expect(police_page.get_by_role("heading", level=2, name="Agenda: 1 case")).to_be_visible()
    police_rows = agenda_rows(police_page)
    expect(police_rows).to_have_count(1)
    expect(police_rows.first).to_contain_text(w.child_ref)
    expect(police_page.locator("main")).not_to_contain_text(w.adult_ref)
    axe_check(police_page)

    # ...and not after it, anywhere.
    response = police_page.goto(f"/cases/{w.adult_case.pk}/")
    assert response is not None
    assert response.status == 404, response.status
    expect(heading(police_page)).to_have_text("Page not found")
    expect(police_page.locator("main")).not_to_contain_text(w.adult_ref)
    axe_check(police_page)


def coordinator_records_attendance(page: Page, w: World) -> None:
    page.goto(w.meeting_url)
    expect(heading(page)).to_have_text(w.meeting_heading)
    axe_check(page)
    page.get_by_role("button", name="Record attendance").click()
    expect(page).to_have_url(url_path(f"/meetings/{w.meeting.pk}/attendance/"))
    expect(heading(page)).to_have_text("Attendance")
    axe_check(page)
    page.get_by_label(f"Attendance of {POLICE}", exact=True).select_option(label="Present")
    page.get_by_label(f"Who attended for {POLICE}", exact=True).fill("DS Example")
    # The cases an agency was present for are asked only once it is marked as leaving early or joining late.
    housing_cases = page.get_by_role("group", name=f"Cases {HOUSING} was present for", exact=True)
    expect(housing_cases).to_have_count(0)
    page.get_by_label(f"Attendance of {HOUSING}", exact=True).select_option(label="Left early or joined late")
    housing_cases.get_by_label(w.child_ref, exact=True).check()
    expect(housing_cases.get_by_label(w.adult_ref, exact=True)).not_to_be_checked()
    axe_check(page)
    page.get_by_role("button", name="Save attendance").click()

    expect(page).to_have_url(url_path(f"/meetings/{w.meeting.pk}/attendance/"))
    expect_success(page, "Attendance saved.")
    expect(page.get_by_label(f"Attendance of {POLICE}", exact=True)).to_have_value("present")
    expect(page.get_by_label(f"Who attended for {POLICE}", exact=True)).to_have_value("DS Example")
    expect(page.get_by_label(f"Attendance of {HOUSING}", exact=True)).to_have_value("partial")
    expect(housing_cases.get_by_label(w.child_ref, exact=True)).to_be_checked()
    expect(housing_cases.get_by_label(w.adult_ref, exact=True)).not_to_be_checked()
    axe_check(page)
