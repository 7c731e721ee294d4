"""A meeting of 40 cases, as coordinators, researchers and chairs use it (issue 19's done-when): the agenda
reordered by position and by the suggested order, recirculated after a late addition; two cases researched
with several findings each without a reload; the live meeting run with JavaScript (nothing reloaded, nothing
typed lost when moving between forms) and without it; and the session running out mid-sentence, the text
back in its box after signing in again. axe on every page (the region rule too)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from cases.models import Meeting
from marac.models import AgencyKind, Role, User
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success, record_action, record_shared
from tests.browser.timeout_steps import SHORT_SESSION_SECONDS, sign_in_again, type_until_signed_out
from tests.builders import list_case, list_cases, meeting_on
from tests.builders.meetings import on_its_day
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import children_details, received_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE, HOUSING = "Police (forty)", "Housing (forty)"
PATTERN = "Perpetrator's pattern of behaviour"
PROTECTIVE = "Survivor's protective efforts and strengths"
DECISIONS = "Police to seek a non-harassment order; housing to move her to the refuge flat."


def _world() -> dict[str, object]:
    area = MaracAreaFactory()
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    area.core_agencies.set([police, housing])
    coordinator, chair = member(Role.COORDINATOR, area), member(Role.CHAIR, area)
    police_rep = member(Role.REPRESENTATIVE, area, agency=police)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=14), agencies=[police, housing])
    researched = [
        received_referral(
            member(Role.PRACTITIONER, area, agency=police),
            area,
            representative=police_rep,
            coordinator=coordinator,
            children=children_details(children),
        ).case
        for children in (1, 0)
    ]
    list_cases(meeting, [case for case in researched if not meeting.items.filter(case=case).exists()])
    list_cases(meeting, [CaseFactory(area=area) for _ in range(40 - meeting.items.count())])
    return {"meeting": meeting, "coordinator": coordinator, "chair": chair, "police": police_rep, "cases": researched}


def _marker(page: Page) -> None:
    """Set on the page: still there later means the page was not reloaded."""
    page.evaluate("window.__notReloaded = true")


def _not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__notReloaded === true"), "the page was reloaded"


def coordinator_orders_circulates_and_recirculates(page: Page, meeting: Meeting) -> None:
    page.goto(f"/meetings/{meeting.pk}/")
    rows = page.get_by_role("table", name="Cases on the agenda, in order").locator("tbody tr")
    expect(rows).to_have_count(40)
    axe_check(page)
    last = meeting.items.order_by("-position").select_related("case").first()
    box = page.get_by_label(f"Position for {last.case.reference}")
    box.fill("1")
    box.press("Tab")
    page.keyboard.press("Enter")
    expect_success(page, f"Case {last.case.reference} moved to position 1.")
    assert meeting.items.order_by("position").first().pk == last.pk
    page.get_by_role("button", name="Apply the suggested order").click()
    expect_success(page, "suggested order")  # "is in" or "was already in"
    axe_check(page)
    page.get_by_role("button", name="Circulate the agenda").click()
    expect_success(page, "Agenda circulated")
    # A case listed after the agenda went out: the coordinator is offered to tell the agencies.
    list_case(meeting)
    page.reload()
    banner = page.locator("#agenda-changed")
    expect(banner).to_contain_text("The agenda has changed since it was circulated: 1 case added.")
    axe_check(page)
    banner.get_by_role("button", name="Recirculate the agenda").click()
    expect_success(page, "Agenda recirculated")
    expect(page.locator("#agenda-changed")).to_have_count(0)


def police_research_two_cases_in_place(page: Page, meeting: Meeting, cases: list[object]) -> None:
    for number, case in enumerate(cases, start=1):
        item = meeting.items.get(case=case)
        page.goto(f"/meetings/{meeting.pk}/items/{item.pk}/research/")
        expect(heading(page)).to_contain_text("Your agency's research")
        axe_check(page)
        _marker(page)
        for stage, text in (
            (PATTERN, f"Case {number}: two call-outs this month."),
            (PATTERN, f"Case {number}: bail breached."),
        ):
            page.get_by_label("PPMT stage", exact=True).select_option(label=stage)
            page.get_by_label("What your agency found").fill(text)
            page.get_by_label("Lawful basis for sharing").select_option(index=1)
            page.get_by_role("button", name="Add finding").click()
            expect(page.locator("#research-findings")).to_contain_text(text)
            expect(page.get_by_label("What your agency found")).to_have_value("")
            # The next finding starts from the same stage.
            expect(page.get_by_label("PPMT stage", exact=True)).to_have_value("pattern")
        _not_reloaded(page)
        axe_check(page)
        page.get_by_role("button", name="Submit research").click()
        expect_success(page, "Research submitted")


def chair_runs_the_meeting_with_javascript(page: Page, meeting: Meeting) -> str:
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Start the meeting").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/live/\d+/$"))
    axe_check(page)
    _marker(page)
    decisions = page.get_by_label("Decisions for this case")
    decisions.fill(DECISIONS)  # typed, not saved: sharing and recording an action must not clear it
    record_shared(page, POLICE, PATTERN, "He was arrested on Tuesday for the breach.")
    record_action(
        page,
        text="Apply for a non-harassment order at the sheriff court this week.",
        agency=POLICE,
        focus="The person causing harm",
        due=meeting.date + timedelta(days=7),
        priority="High",
    )
    expect(decisions).to_have_value(DECISIONS)
    _not_reloaded(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#live-decisions .app-live-saved")).to_be_visible()
    expect(decisions).to_have_value(DECISIONS)
    _not_reloaded(page)
    axe_check(page)
    return page.url


def chair_shares_without_javascript(browser: Browser, base_url: str, chair: User, live_url: str) -> None:
    """The service's own scripts blocked (axe is injected by the test, so it still runs)."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.route(re.compile(r"/static/js/.*\.js$"), lambda route: route.abort())
    page = context.new_page()
    # The chair signed in moments ago: a device accepts each code once, and the test does not wait for the next.
    TOTPDevice.objects.filter(user=chair).update(last_t=-1)
    sign_in(page, chair)
    page.goto(live_url)
    page.get_by_label("Agency", exact=True).select_option(label=HOUSING)
    page.get_by_label("PPMT stage", exact=True).select_option(label=PROTECTIVE)
    page.get_by_label("What was shared", exact=True).fill("She asked for the locks to be changed; done.")
    page.get_by_role("button", name="Add shared information").click()
    expect_success(page, f"Added: {HOUSING}")
    expect(page.locator("main")).to_contain_text(f"{HOUSING}: She asked for the locks to be changed; done.")
    axe_check(page)
    context.close()


def test_forty_case_meeting(
    page: Page, new_page: Callable[[], Page], browser: Browser, live_server: object, settings
) -> None:
    w = _world()
    meeting, chair = w["meeting"], w["chair"]
    sign_in(page, w["coordinator"])
    coordinator_orders_circulates_and_recirculates(page, meeting)
    police_page = new_page()
    sign_in(police_page, w["police"])
    police_research_two_cases_in_place(police_page, meeting, w["cases"])
    on_its_day(meeting)  # the research is in; the meeting's day comes
    page = new_page()
    sign_in(page, chair)
    live_url = chair_runs_the_meeting_with_javascript(page, meeting)
    chair_shares_without_javascript(browser, str(live_server.url), chair, live_url)  # type: ignore[attr-defined]
    # The session runs out mid-sentence: the text is back after signing in again.
    settings.SESSION_COOKIE_AGE = SHORT_SESSION_SECONDS
    page.goto(live_url)
    type_until_signed_out(page, page.get_by_label("Decisions for this case"), " And refer the children to CAMHS.")
    sign_in_again(page, chair, live_url.removeprefix(str(live_server.url)))  # type: ignore[attr-defined]
    expect(page.get_by_label("Decisions for this case")).to_have_value(DECISIONS + " And refer the children to CAMHS.")
    axe_check(page)
