"""The action journey in a real browser: a police representative finds her
agency's outstanding and overdue actions, completes one (an outcome is needed)
and downloads the list; the reminder sweep escalates the long-overdue action to
the coordinator by an email without personal data; the coordinator sees the
completed action with its outcome and the overdue one flagged. axe-core checks
every page visited."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from actions import services
from actions.models import Action, ActionStatus, ReminderDelivery, ReminderKind
from actions.reminders import sweep as reminders
from cases.meetings import services as meeting_services
from cases.models import CaseParty, PartyRole
from marac.models import AgencyKind, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.test_meeting_journey import expect_success
from tests.browser.test_sign_in_journey import url_path
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


def test_agency_completes_an_action_and_overdue_action_is_escalated(
    page: Page,
    new_page: Callable[[], Page],
    page_errors: list[str],
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    today = timezone.localdate()
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    area = MaracAreaFactory(meetings_ahead=2, action_due_soon_days=3, action_escalation_days=7)
    area.core_agencies.set([police, housing])
    coordinator = member(Role.COORDINATOR, area)
    police_rep = member(Role.REPRESENTATIVE, area, police)

    victim = PersonFactory(given_names="Zelphine", family_name="Quarrington")
    case = CaseFactory(area=area, victim=victim)
    perpetrator = PersonFactory(given_names="Brackley", family_name="Hemmingsworth")
    CaseParty.objects.create(case=case, person=perpetrator, role=PartyRole.PERPETRATOR)
    meeting_services.meetings_schedule_ahead(area)
    item = meeting_services.agenda_place_case(case=case)
    assert item is not None

    due_soon = services.action_create(
        user=coordinator,
        case=case,
        item=item,
        description=DUE_SOON,
        owner_agency=police,
        focus="survivor",
        due_date=today + timedelta(days=5),
        priority="high",
    )
    overdue = services.action_create(
        user=coordinator,
        case=case,
        item=item,
        description=OVERDUE,
        owner_agency=police,
        focus="perpetrator",
        due_date=today + timedelta(days=1),
    )
    # The service refuses a past due date: make it 8 days overdue directly.
    Action.objects.filter(pk=overdue.pk).update(due_date=today - timedelta(days=8))
    overdue.refresh_from_db()
    names = [victim.given_names, victim.family_name, perpetrator.given_names, perpetrator.family_name]

    # --- (a) The police representative completes the due-soon action -----------------------
    sign_in(page, police_rep)
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
    expect(action_row(page, due_soon)).to_contain_text(f"{today + timedelta(days=5):%-d %b %Y}")
    expect(action_row(page, due_soon)).to_contain_text(str(case.reference))

    choose_filter(page, "Overdue", "overdue")
    expect(action_rows(page)).to_have_count(1)
    expect(action_rows(page).first).to_contain_text(overdue.reference)
    expect(overdue_tag(action_rows(page).first)).to_be_visible()
    expect(main).not_to_contain_text(due_soon.reference)

    choose_filter(page, "Outstanding", "outstanding")
    expect(action_rows(page)).to_have_count(2)
    action_row(page, due_soon).get_by_role("link", name=due_soon.reference, exact=True).click()

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

    # --- (b) The reminder sweep escalates the overdue action to the coordinator -----------------
    mail.outbox.clear()
    written = reminders.sweep()
    kinds = set(ReminderDelivery.objects.values_list("action_id", "kind", "recipient_id"))
    assert kinds == {
        (overdue.pk, ReminderKind.OVERDUE, police_rep.pk),
        (overdue.pk, ReminderKind.ESCALATION, coordinator.pk),
    }, kinds
    assert written == 2
    assert reminders.sweep() == 0  # once only
    reminders.send_pending()
    assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(to_coordinator) == 1, [(m.to, m.subject) for m in mail.outbox]
    escalation = to_coordinator[0]
    assert "Overdue: escalated to the coordinator: 1 action" in escalation.body, escalation.body
    assert overdue.reference in escalation.body
    assert due_soon.reference not in escalation.body
    for message in mail.outbox:
        for secret in [*names, str(case.reference), OVERDUE]:
            assert secret not in message.subject
            assert secret not in message.body, (secret, message.body)
    to_police = [m for m in mail.outbox if m.to == [police_rep.email]]
    assert len(to_police) == 1
    assert overdue.reference in to_police[0].body

    # --- (c) The coordinator sees the completed action and the overdue one flagged -------------
    coordinator_page = new_page()
    sign_in(coordinator_page, coordinator)
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
    expect(coordinator_page).to_have_url(url_path(detail_url))
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
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
