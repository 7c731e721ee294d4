"""A case over its whole life, in the browser: referred, listed, heard with actions from three agencies, the
minutes (actions only) distributed, the housing representative reading the whole plan (the police action
too) and updating their own, the referrer opening the outcome page from the email, the coordinator closing
the case, and, once the access period has passed, the invited agency getting 404 while the coordinator still
reads it. The steps before the browser (the referral, the agenda, the meeting) go through the services, as
the other journeys show them page by page. axe-core checks every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import Action, ActionFocus
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.models import AgendaItem, AttendanceStatus, Case, CaseStatus, Meeting, Minutes
from cases.selectors import access_after_closure_ends
from marac.models import AgencyKind, Role, User
from marac.outbox.models import OutboxMessage
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success
from tests.browser.test_sign_in_journey import url_path
from tests.builders.actions import action_for
from tests.builders.meetings import circulated_meeting, start_on_its_day
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import received_referral

POLICE_ACTION = "Arrest him on the outstanding warrant for the assault in March"
HOUSING_ACTION = "Fit a door lock and a video doorbell at the survivor's flat"
IDAA_ACTION = "Agree a safety plan with the survivor for the school run"


@dataclass
class World:
    case: Case
    meeting: Meeting
    coordinator: User
    chair: User
    referrer: User
    housing_rep: User
    actions: dict[str, Action]


def _world() -> World:
    """Referred by a housing practitioner, sent by housing, received and listed; the meeting circulated, held
    with police, housing and the IDAA service present, three actions agreed, and closed (the case heard)."""
    area = MaracAreaFactory(name="Lifeford MARAC", meetings_ahead=2)
    police = AgencyFactory(name="Police (case life)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (case life)", kind=AgencyKind.HOUSING)
    idaa = AgencyFactory(name="IDAA service (case life)", kind=AgencyKind.IDAA)
    area.core_agencies.set([police, housing, idaa])
    coordinator = member(Role.COORDINATOR, area)
    chair = member(Role.CHAIR, area)
    referrer = member(Role.PRACTITIONER, area, agency=housing)
    housing_rep = member(Role.REPRESENTATIVE, area, agency=housing)
    member(Role.REPRESENTATIVE, area, agency=police)
    referral = received_referral(referrer, area, representative=housing_rep, coordinator=coordinator)
    assert referral.case is not None
    item = AgendaItem.objects.select_related("meeting", "case").get(case=referral.case)
    assert item.case.status == CaseStatus.LISTED
    meeting = circulated_meeting(area, by=coordinator, meeting=item.meeting)
    start_on_its_day(meeting, by=chair)
    for agency in (police, housing, idaa):
        meeting_services.attendance_record(
            user=coordinator,
            meeting=meeting,
            agency=agency,
            status=AttendanceStatus.PRESENT,
            attendee_names="A representative",
            cases_attended=[],
        )
    due = timezone.localdate() + timedelta(days=14)
    actions = {
        "police": action_for(
            item, by=chair, owner=police, due=due, description=POLICE_ACTION, focus=ActionFocus.PERPETRATOR
        ),
        "housing": action_for(item, by=chair, owner=housing, due=due, description=HOUSING_ACTION),
        "idaa": action_for(item, by=chair, owner=idaa, due=due, description=IDAA_ACTION),
    }
    live_services.meeting_close(user=chair, meeting=meeting)
    case = Case.objects.get(pk=item.case_id)
    assert case.status == CaseStatus.HEARD
    return World(case, meeting, coordinator, chair, referrer, housing_rep, actions)


def minutes_go_out_with_the_actions_only(page: Page, chair_page: Page, w: World) -> None:
    """The coordinator chooses actions-only minutes, the chair approves, the coordinator distributes."""
    page.goto(f"/meetings/{w.meeting.pk}/minutes/")
    axe_check(page)
    page.get_by_role("radio", name=re.compile("^Actions only")).check()
    page.get_by_role("button", name="Save what the agencies receive").click()
    expect(page.locator("#minutes-receive")).to_contain_text("Actions only")
    axe_check(page)
    chair_page.goto(f"/meetings/{w.meeting.pk}/minutes/")
    chair_page.get_by_role("button", name="Approve the minutes").click()
    axe_check(chair_page)
    page.goto(f"/meetings/{w.meeting.pk}/minutes/")
    page.get_by_role("button", name="Distribute to the agencies").click()
    axe_check(page)
    assert Minutes.objects.get(meeting=w.meeting).status == "distributed"


def housing_reads_the_whole_plan_and_updates_its_own(page: Page, w: World) -> None:
    page.goto(f"/meetings/{w.meeting.pk}/minutes/")
    main = page.locator("main")
    expect(main).to_contain_text(POLICE_ACTION)  # the minutes carry every action
    expect(main).to_contain_text(HOUSING_ACTION)
    axe_check(page)
    page.goto(f"/cases/{w.case.pk}/")
    page.get_by_role("link", name="See the action plan").click()
    expect(heading(page)).to_have_text("Action plan")
    for description in (POLICE_ACTION, HOUSING_ACTION, IDAA_ACTION):
        expect(main).to_contain_text(description)
    axe_check(page)
    # Only its own action can be updated from the plan.
    expect(page.get_by_role("link", name=re.compile("^Update"))).to_have_count(1)
    page.get_by_role("link", name=re.compile("^Update")).click()
    expect(heading(page)).to_contain_text(w.actions["housing"].reference)
    page.get_by_role("radio", name="Completed", exact=True).check()
    page.get_by_label("Update").fill("Lock and doorbell fitted on Tuesday; the survivor has the keys.")
    page.get_by_role("button", name="Save update").click()
    expect_success(page, f"Action {w.actions['housing'].reference} updated.")
    axe_check(page)


def referrer_opens_the_outcome_from_the_email(page: Page, w: World) -> None:
    email = OutboxMessage.objects.filter(recipient=w.referrer, body__contains="/outcome/").get()
    assert w.case.victim.family_name not in email.body
    path = re.search(r"/cases/\d+/outcome/\d+/", email.body)
    assert path is not None
    page.goto(path.group(0))
    expect(heading(page)).to_have_text("Outcome of the MARAC")
    main = page.locator("main")
    expect(main).to_contain_text(HOUSING_ACTION)  # the referrer's agency's action
    expect(main).not_to_contain_text(POLICE_ACTION)  # not another agency's
    axe_check(page)


def coordinator_closes_the_case(page: Page, w: World) -> None:
    page.goto(f"/cases/{w.case.pk}/")
    page.get_by_role("link", name="Close this case").click()
    expect(heading(page)).to_have_text("Close this case")
    axe_check(page)
    page.get_by_role("radio", name=re.compile("action plan is complete", re.IGNORECASE)).check()
    page.get_by_label("I understand these actions stay open").check()
    page.get_by_role("button", name="Close this case").click()
    expect(page).to_have_url(url_path(f"/cases/{w.case.pk}/"))
    expect_success(page, f"Case {w.case.reference} is closed.")
    axe_check(page)


def three_months_later(page: Page, housing_page: Page, w: World) -> None:
    """The access period passes: the housing representative gets the same 404 as for a case that does not
    exist; the coordinator still reads the case and its plan."""
    Case.objects.filter(pk=w.case.pk).update(closed_at=access_after_closure_ends() - timedelta(days=1))
    for path in (f"/cases/{w.case.pk}/", f"/cases/{w.case.pk}/plan/"):
        response = housing_page.goto(path)
        assert response is not None
        assert response.status == 404, path
    missing = housing_page.goto(f"/cases/{w.case.pk + 100000}/")
    assert missing is not None
    assert missing.status == 404
    axe_check(housing_page)
    response = page.goto(f"/cases/{w.case.pk}/")
    assert response is not None
    assert response.status == 200
    expect(page.locator("main")).to_contain_text(w.case.reference)
    response = page.goto(f"/cases/{w.case.pk}/plan/")
    assert response is not None
    assert response.status == 200
    axe_check(page)


def test_a_case_from_referral_to_closure_and_the_access_that_ends(
    page: Page, new_page: Callable[[], Page], page_errors: list[str]
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    w = _world()
    sign_in(page, w.coordinator)
    chair_page = new_page()
    sign_in(chair_page, w.chair)
    minutes_go_out_with_the_actions_only(page, chair_page, w)
    housing_page = new_page()
    sign_in(housing_page, w.housing_rep)
    housing_reads_the_whole_plan_and_updates_its_own(housing_page, w)
    referrer_page = new_page()
    sign_in(referrer_page, w.referrer)
    referrer_opens_the_outcome_from_the_email(referrer_page, w)
    coordinator_closes_the_case(page, w)
    three_months_later(page, housing_page, w)
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
