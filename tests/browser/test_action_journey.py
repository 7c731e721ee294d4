"""The action journey in a real browser: a police representative finds her
agency's outstanding and overdue actions, completes one (an outcome is needed)
and downloads the list; the reminder sweep escalates the long-overdue action to
the coordinator by an email without personal data; the coordinator sees the
completed action with its outcome and the overdue one flagged; the representative
chooses a weekly digest of reminders. axe-core checks every page visited."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from actions.models import Action, ActionStatus, ReminderDelivery, ReminderKind, ReminderPreference
from actions.reminders import sweep as reminders
from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import Case, CaseParty, PartyRole
from marac.models import AgencyKind, Role, User
from marac.outbox import sender
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success
from tests.browser.test_sign_in_journey import url_path
from tests.builders.actions import action_for
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE = "Police (action journey)"
HOUSING = "Housing (action journey)"
DUE_SOON = "Visit the address with a welfare check and review the safety plan."
OVERDUE = "Refer him to the perpetrator programme."
OUTCOME = "Visited on Tuesday with the IDAA; the safety plan was updated and a panic alarm fitted."
OUTCOME_NEEDED = "Describe the outcome: what was done and what changed"


def open_actions(page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions").click()
    expect(page).to_have_url(url_path("/actions/"))
    expect(heading(page)).to_have_text("Actions")
    expect(page).to_have_title(re.compile(r"^Actions: Outstanding\b"))
    axe_check(page)


def choose_filter(page: Page, name: str, key: str) -> None:
    filters = page.get_by_role("navigation", name="Filter actions")
    filters.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(url_path(f"/actions/?show={key}"))
    expect(page).to_have_title(re.compile(rf"^Actions: {re.escape(name)}\b"))
    # The chosen filter is shown as current, not as a link.
    expect(filters.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(filters.locator("strong")).to_have_text(name)
    axe_check(page)


def action_rows(page: Page) -> Locator:
    return page.locator("main table tbody tr")


def action_row(page: Page, action: Action) -> Locator:
    return action_rows(page).filter(has=page.get_by_role("link", name=action.reference, exact=True))


def overdue_tag(row: Locator) -> Locator:
    return row.locator(".govuk-tag", has_text="Overdue")


@dataclass
class World:
    """A police representative's two actions on one case: one due in five days, one eight days overdue."""

    coordinator: User
    police_rep: User
    case: Case
    names: list[str]  # the survivor's and the person causing harm's: never in an email
    due_soon: Action
    overdue: Action


def build_world() -> World:
    today = timezone.localdate()
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    area = MaracAreaFactory(meetings_ahead=2, action_due_soon_days=3, action_escalation_days=7)
    area.core_agencies.set([police, housing])
    coordinator = member(Role.COORDINATOR, area)
    victim = PersonFactory(given_names="Zelphine", family_name="Quarrington")
    case = CaseFactory(area=area, victim=victim)
    perpetrator = PersonFactory(given_names="Brackley", family_name="Hemmingsworth")
    CaseParty.objects.create(case=case, person=perpetrator, role=PartyRole.PERPETRATOR)
    meeting_schedule.meetings_schedule_ahead(area)
    item = meeting_services.agenda_place_case(case=case)
    assert item is not None
    due_soon = action_for(
        item, by=coordinator, owner=police, description=DUE_SOON, due=today + timedelta(days=5), priority="high"
    )
    # The service refuses a past due date: the builder sets the row 8 days overdue.
    overdue = action_for(
        item, by=coordinator, owner=police, description=OVERDUE, focus="perpetrator", due=today - timedelta(days=8)
    )
    return World(
        coordinator=coordinator,
        police_rep=member(Role.REPRESENTATIVE, area, police),
        case=case,
        names=[victim.given_names, victim.family_name, perpetrator.given_names, perpetrator.family_name],
        due_soon=due_soon,
        overdue=overdue,
    )


def police_finds_the_actions(page: Page, w: World) -> None:
    due_soon, overdue, case = w.due_soon, w.overdue, w.case
    open_actions(page)
    main = page.locator("main")
    expect(main).to_contain_text(f"({POLICE})")
    expect(page.locator("main table caption")).to_have_text("2 actions")
    expect(action_rows(page)).to_have_count(2)
    # Soonest due first: the overdue action leads, flagged.
    expect(action_rows(page).nth(0)).to_contain_text(overdue.reference)
    expect(action_rows(page).nth(1)).to_contain_text(due_soon.reference)
    expect(overdue_tag(action_row(page, overdue))).to_be_visible()
    expect(overdue_tag(action_row(page, due_soon))).to_have_count(0)
    expect(action_row(page, due_soon)).to_contain_text(f"{due_soon.due_date:%-d %b %Y}")
    expect(action_row(page, due_soon)).to_contain_text(str(case.reference))

    choose_filter(page, "Overdue", "overdue")
    expect(action_rows(page)).to_have_count(1)
    expect(action_rows(page).first).to_contain_text(overdue.reference)
    expect(overdue_tag(action_rows(page).first)).to_be_visible()
    expect(main).not_to_contain_text(due_soon.reference)

    choose_filter(page, "Outstanding", "outstanding")
    expect(action_rows(page)).to_have_count(2)
    action_row(page, due_soon).get_by_role("link", name=due_soon.reference, exact=True).click()


def police_completes_the_due_soon_action(page: Page, w: World) -> None:
    due_soon, case, coordinator, police_rep = w.due_soon, w.case, w.coordinator, w.police_rep
    main = page.locator("main")
    detail_url = f"/actions/{due_soon.pk}/"
    expect(page).to_have_url(url_path(detail_url))
    expect(heading(page)).to_have_text(re.compile(rf"^Action {due_soon.reference}\s+Open$"))
    expect(page).to_have_title(re.compile(rf"^Action {due_soon.reference}\b"))
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Case {case.reference}")
    expect(main).to_contain_text(DUE_SOON)
    status = page.get_by_role("group", name="Status")
    expect(status.get_by_label("Open", exact=True)).to_be_checked()
    axe_check(page)

    # Completed without an outcome: refused, and what was chosen is kept.
    status.get_by_label("Completed", exact=True).check()
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_url(url_path(detail_url))
    expect(page).to_have_title(re.compile(rf"^Error: Action {due_soon.reference} – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name=OUTCOME_NEEDED)).to_be_visible()
    expect(page.locator(".govuk-error-message")).to_contain_text(OUTCOME_NEEDED)
    expect(page.get_by_role("group", name="Status").get_by_label("Completed", exact=True)).to_be_checked()
    expect(heading(page)).to_have_text(re.compile(r"\bOpen$"))  # nothing saved
    axe_check(page)
    # The error links to the box to fill in.
    summary.get_by_role("link", name=OUTCOME_NEEDED).click()
    note = page.get_by_label("Update", exact=True)
    expect(note).to_be_focused()
    note.fill(OUTCOME)
    page.get_by_role("button", name="Save update").click()

    expect(page).to_have_url(url_path(detail_url))
    expect_success(page, f"Action {due_soon.reference} updated.")
    expect(page).to_have_title(re.compile(rf"^Action {due_soon.reference}\b"))
    expect(heading(page)).to_have_text(re.compile(rf"^Action {due_soon.reference}\s+Completed$"))
    outcome_row = page.locator(".govuk-summary-list__row", has_text="Outcome")
    expect(outcome_row).to_contain_text(OUTCOME)
    history = page.locator("main ol.govuk-list li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text(f"{coordinator.full_name}: Open. Action agreed")
    expect(history.nth(1)).to_contain_text(f"{police_rep.full_name}: Open → Completed. {OUTCOME}")
    expect(page.get_by_role("group", name="Status").get_by_label("Completed", exact=True)).to_be_checked()
    expect(page.get_by_label("Update", exact=True)).to_have_value("")
    axe_check(page)


def police_downloads_the_completed_list(page: Page, w: World) -> None:
    due_soon, overdue, case = w.due_soon, w.overdue, w.case
    main = page.locator("main")
    page.get_by_role("link", name="Back to actions").click()
    expect(page).to_have_url(url_path("/actions/"))
    expect(heading(page)).to_have_text("Actions")
    expect(action_rows(page)).to_have_count(1)
    expect(main).not_to_contain_text(due_soon.reference)
    axe_check(page)
    choose_filter(page, "Completed", "completed")
    expect(action_rows(page)).to_have_count(1)
    completed_row = action_row(page, due_soon)
    expect(completed_row).to_contain_text("Completed")
    expect(overdue_tag(completed_row)).to_have_count(0)
    expect(main).not_to_contain_text(overdue.reference)

    csv_link = main.get_by_role("link", name="Download as CSV")
    href = csv_link.get_attribute("href")
    assert href == "/actions/export.csv?show=completed", href
    download = page.request.get(urljoin(page.url, href))
    assert download.status == 200, download.status
    assert download.headers["content-type"].startswith("text/csv"), download.headers
    assert download.headers.get("content-disposition", "").startswith("attachment;"), download.headers
    rows = list(csv.reader(io.StringIO(download.text())))
    assert rows[0][:3] == ["Reference", "Case", "Action"], rows[0]
    assert [row[0] for row in rows[1:]] == [due_soon.reference], rows
    assert rows[1][1] == str(case.reference)
    assert rows[1][-1] == "Completed", rows[1]
    assert Action.objects.get(pk=due_soon.pk).status == ActionStatus.COMPLETED


def the_sweep_escalates_the_overdue_action(w: World) -> None:
    """The reminder sweep escalates the overdue action to the coordinator, by email without personal data."""
    due_soon, overdue, case, coordinator, police_rep = w.due_soon, w.overdue, w.case, w.coordinator, w.police_rep
    mail.outbox.clear()
    written = reminders.sweep()
    kinds = set(ReminderDelivery.objects.values_list("action_id", "kind", "recipient_id"))
    assert kinds == {
        (overdue.pk, ReminderKind.OVERDUE, police_rep.pk),
        (overdue.pk, ReminderKind.ESCALATION, coordinator.pk),
    }, kinds
    assert written == 2
    assert reminders.sweep() == 0  # once only
    sender.send_due()  # the outbox: the reminders, and any earlier email of the journey still to send
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
    reminded = [m for m in mail.outbox if m.subject.startswith("MARAC actions")]
    to_coordinator = [m for m in reminded if m.to == [coordinator.email]]
    assert len(to_coordinator) == 1, [(m.to, m.subject) for m in mail.outbox]
    escalation = to_coordinator[0]
    assert "Overdue: escalated to the coordinator: 1 action" in escalation.body, escalation.body
    assert overdue.reference in escalation.body
    assert due_soon.reference not in escalation.body
    for message in mail.outbox:
        for secret in [*w.names, str(case.reference), OVERDUE]:
            assert secret not in message.subject
            assert secret not in message.body, (secret, message.body)
    to_police = [m for m in reminded if m.to == [police_rep.email]]
    assert len(to_police) == 1
    assert overdue.reference in to_police[0].body


def coordinator_sees_the_completed_and_the_overdue_action(coordinator_page: Page, w: World) -> None:
    due_soon, overdue, police_rep = w.due_soon, w.overdue, w.police_rep
    open_actions(coordinator_page)
    coordinator_main = coordinator_page.locator("main")
    expect(action_rows(coordinator_page)).to_have_count(1)
    expect(overdue_tag(action_row(coordinator_page, overdue))).to_be_visible()
    expect(action_row(coordinator_page, overdue)).to_contain_text(POLICE)
    expect(coordinator_main).not_to_contain_text(due_soon.reference)

    choose_filter(coordinator_page, "All", "all")
    expect(action_rows(coordinator_page)).to_have_count(2)
    expect(overdue_tag(action_row(coordinator_page, overdue))).to_be_visible()
    completed_row = action_row(coordinator_page, due_soon)
    expect(completed_row).to_contain_text("Completed")
    expect(overdue_tag(completed_row)).to_have_count(0)

    choose_filter(coordinator_page, "Completed", "completed")
    expect(action_rows(coordinator_page)).to_have_count(1)
    action_row(coordinator_page, due_soon).get_by_role("link", name=due_soon.reference, exact=True).click()
    expect(coordinator_page).to_have_url(url_path(f"/actions/{due_soon.pk}/"))
    expect(heading(coordinator_page)).to_have_text(re.compile(r"\bCompleted$"))
    expect(coordinator_page.locator(".govuk-summary-list__row", has_text="Outcome")).to_contain_text(OUTCOME)
    expect(coordinator_page.locator("main ol.govuk-list li").nth(1)).to_contain_text(
        f"{police_rep.full_name}: Open → Completed. {OUTCOME}"
    )
    axe_check(coordinator_page)

    coordinator_page.get_by_role("link", name="Back to actions").click()
    choose_filter(coordinator_page, "Overdue", "overdue")
    expect(action_rows(coordinator_page)).to_have_count(1)
    overdue_row = action_row(coordinator_page, overdue)
    expect(overdue_tag(overdue_row)).to_be_visible()
    expect(overdue_row).to_contain_text(f"{overdue.due_date:%-d %b %Y}")
    overdue_row.get_by_role("link", name=overdue.reference, exact=True).click()
    expect(coordinator_page).to_have_url(url_path(f"/actions/{overdue.pk}/"))
    expect(heading(coordinator_page)).to_have_text(re.compile(rf"^Action {overdue.reference}\s+Open$"))
    expect(coordinator_page.locator("main")).to_contain_text(OVERDUE)
    axe_check(coordinator_page)


def police_chooses_a_weekly_digest(page: Page) -> None:
    """Reading the choice saves nothing; saving it goes back to the actions."""
    page.goto("/actions/")
    page.locator("main").get_by_role("link", name="Choose how you are reminded").click()
    expect(page).to_have_url(url_path("/actions/reminders/"))
    expect(heading(page)).to_have_text("Action reminders")
    question = page.get_by_role("group", name="How do you want to be reminded about your agency's actions?")
    expect(question.get_by_label("Each time an action is due soon, due today or overdue")).to_be_checked()
    axe_check(page)
    question.get_by_label("One weekly digest, on Monday mornings").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(url_path("/actions/"))
    expect_success(page, "Your reminder choice is saved.")
    axe_check(page)


def test_agency_completes_an_action_and_overdue_action_is_escalated(
    page: Page,
    new_page: Callable[[], Page],
    page_errors: list[str],
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    w = build_world()
    sign_in(page, w.police_rep)
    police_finds_the_actions(page, w)
    police_completes_the_due_soon_action(page, w)
    police_downloads_the_completed_list(page, w)
    the_sweep_escalates_the_overdue_action(w)
    coordinator_page = new_page()
    sign_in(coordinator_page, w.coordinator)
    coordinator_sees_the_completed_and_the_overdue_action(coordinator_page, w)
    police_chooses_a_weekly_digest(page)
    assert ReminderPreference.objects.get(user=w.police_rep).digest_only
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
