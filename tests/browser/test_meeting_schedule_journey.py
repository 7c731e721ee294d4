"""Moving and cancelling a meeting, in the browser: the coordinator moves a circulated meeting (a bad first
try answered in one round, nothing typed lost), then cancels it, choosing by keyboard to move its cases to
the next meeting; the police representative is told, and finds the cases on the other meeting's agenda.
axe-core checks every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import CaseStatus, Meeting, MeetingStatus
from marac.models import AgencyKind, Role, User
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import agenda_rows, expect_success, open_notification
from tests.browser.test_sign_in_journey import url_path
from tests.builders.meetings import circulated_meeting, meeting_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

VIDEO = "the usual Teams link"  # not a link: refused, and kept as typed


def _fill_date(page: Page, day: date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def coordinator_moves_the_meeting(page: Page, meeting: Meeting) -> None:
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Move this meeting").click()
    expect(heading(page)).to_contain_text("Move the meeting on")
    axe_check(page)
    page.get_by_label("Day").fill("")
    page.get_by_label("Video link (optional)").fill(VIDEO)
    page.get_by_role("button", name="Move the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(2)  # the date and the link, in one round
    expect(page.get_by_label("Video link (optional)")).to_have_value(VIDEO)
    axe_check(page)
    _fill_date(page, meeting.date + timedelta(days=7))
    page.get_by_label("Video link (optional)").fill("https://meet.example.org/marac")
    page.get_by_role("button", name="Move the meeting").click()
    expect(page).to_have_url(url_path(f"/meetings/{meeting.pk}/"))
    expect_success(page, "The meeting has been moved and the invited agencies told.")
    axe_check(page)


def coordinator_cancels_it_by_keyboard(page: Page, meeting: Meeting, target: Meeting) -> None:
    page.get_by_role("button", name="Cancel this meeting").click()
    expect(heading(page)).to_contain_text("Cancel the meeting on")
    axe_check(page)
    page.get_by_role("button", name="Cancel the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter why the meeting is cancelled")
    expect(summary).to_contain_text("Choose what happens to the cases on the agenda")
    axe_check(page)
    reason = page.get_by_label("Why is the meeting cancelled?")
    reason.fill("The venue is closed for repairs.")
    reason.focus()
    page.keyboard.press("Tab")  # to the first choice
    expect(page.get_by_role("radio", name="Move them to another meeting of the MARAC")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # out of the radios, to the meetings
    select = page.get_by_label("Meeting to move the cases to")
    expect(select).to_be_focused()
    select.select_option(str(target.pk))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Cancel the meeting")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(url_path(f"/meetings/{meeting.pk}/"))
    expect_success(page, "The meeting is cancelled: 2 cases moved.")
    expect(page.get_by_role("region", name="Cancelled")).to_contain_text("The venue is closed for repairs.")
    axe_check(page)


def police_are_told_and_find_the_cases(page: Page, meeting: Meeting, target: Meeting) -> None:
    page.goto("/")
    open_notification(page, "is cancelled: its cases move to the meeting on")
    page.goto(f"/meetings/{target.pk}/")
    expect(agenda_rows(page)).to_have_count(3)  # its own case, then the two moved
    axe_check(page)


def test_a_meeting_moved_then_cancelled_with_its_cases_moved(
    page: Page, new_page: Callable[[], Page], page_errors: list[str]
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    area = MaracAreaFactory(name="Moveford", meetings_ahead=0)
    police = AgencyFactory(name="Police (schedule journey)", kind=AgencyKind.POLICE)
    area.core_agencies.set([police])
    coordinator: User = member(Role.COORDINATOR, area)
    police_rep: User = member(Role.REPRESENTATIVE, area, agency=police)
    today = timezone.localdate()
    meeting = meeting_on(area, today + timedelta(days=14), agencies=[police])
    cases = [CaseFactory(area=area, status=CaseStatus.REFERRED) for _ in range(2)]
    meeting = circulated_meeting(area, by=coordinator, cases=cases, meeting=meeting)
    later = meeting_on(area, today + timedelta(days=35), agencies=[police])
    target = circulated_meeting(area, by=coordinator, cases=[CaseFactory(area=area)], meeting=later)
    sign_in(page, coordinator)
    coordinator_moves_the_meeting(page, meeting)
    coordinator_cancels_it_by_keyboard(page, meeting, target)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    police_page = new_page()
    sign_in(police_page, police_rep)
    police_are_told_and_find_the_cases(police_page, meeting, target)
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
