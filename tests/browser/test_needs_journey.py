"""The needs journey in a real browser (issue 20): a case whose survivor needs an interpreter (from the
referral) and where the police representative records honour-based abuse shows both flags on the agenda,
with the honour-based abuse service of the area suggested to the coordinator; the coordinator invites it
from the agenda; its representative then sees that case of the agenda and no other (404, as missing).
axe-core checks every page visited."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.meetings import services as meeting_services
from cases.models import CaseInvitation, InterpretedBy, NeedKind
from marac.models import AgencyKind, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success
from tests.builders import list_cases, need_on, next_meeting
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE = "Police (needs journey)"
SPECIALIST = "Karma Circle (needs journey)"
HONOUR = "Honour-based abuse or forced marriage"
INTERPRETER = "Interpreter needed: Kurdish Sorani"


def agenda_row(page: Page, reference: str) -> Locator:
    table = page.get_by_role("table", name="Cases on the agenda, in order")
    return table.locator("tbody tr").filter(has=page.get_by_role("link", name=reference, exact=True))


def _world() -> dict:
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    specialist = AgencyFactory(name=SPECIALIST, kind=AgencyKind.HONOUR_BASED_ABUSE)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police])
    coordinator = member(Role.COORDINATOR, area)
    people = {
        "coordinator": coordinator,
        "police": member(Role.REPRESENTATIVE, area, police),
        "specialist": member(Role.REPRESENTATIVE, area, specialist),
    }
    # Surnames no Faker user name carries, so "not in the page" cannot be confused by a colleague's name.
    mine = CaseFactory(area=area, victim__family_name="Quarrendale-Mine")
    theirs = CaseFactory(area=area, victim__family_name="Quarrendale-Theirs")
    meeting = next_meeting(area)
    list_cases(meeting, [mine, theirs])
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    need_on(mine, NeedKind.INTERPRETER, by=coordinator, detail="Kurdish Sorani")
    return {"mine": mine, "theirs": theirs, "meeting": meeting, **people}


def _police_records_honour_based_abuse(page: Page, w: dict) -> None:
    sign_in(page, w["police"])
    page.goto(f"/cases/{w['mine'].pk}/")
    expect(heading(page)).to_contain_text(f"Case {w['mine'].reference}")
    expect(page.locator("main")).to_contain_text(INTERPRETER)
    axe_check(page)
    page.get_by_role("link", name="Record or change needs").click()
    expect(heading(page)).to_have_text("Needs and specialist services")
    axe_check(page)
    page.get_by_role("button", name="Save the need").click()  # nothing chosen: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a need")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)
    page.get_by_label(HONOUR, exact=True).check()
    page.get_by_role("button", name="Save the need").click()
    expect_success(page, f"{HONOUR}: recorded on this case.")
    axe_check(page)
    _family_member_refused_as_interpreter(page)


def _family_member_refused_as_interpreter(page: Page) -> None:
    """Who interpreted at a contact: a family member is refused with the reason, and nothing typed is lost."""
    today = timezone.localdate()
    date_group = page.get_by_role("group", name="Date of the contact")
    date_group.get_by_label("Day", exact=True).fill(str(today.day))
    date_group.get_by_label("Month", exact=True).fill(str(today.month))
    date_group.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_label("Language", exact=True).fill("Kurdish Sorani")
    page.get_by_label(InterpretedBy.FAMILY_OR_FRIEND.label, exact=True).check()
    page.get_by_role("button", name="Record the contact").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Book an independent interpreter")
    expect(page.get_by_label("Language", exact=True)).to_have_value("Kurdish Sorani")
    axe_check(page)
    page.get_by_label(InterpretedBy.PROFESSIONAL.label, exact=True).check()
    page.get_by_role("button", name="Record the contact").click()
    expect_success(page, "The interpreted contact is recorded.")
    axe_check(page)


def _coordinator_invites(page: Page, w: dict) -> None:
    sign_in(page, w["coordinator"])
    page.goto(f"/meetings/{w['meeting'].pk}/")
    row = agenda_row(page, w["mine"].reference)
    expect(row).to_contain_text(HONOUR)
    expect(row).to_contain_text(INTERPRETER)
    expect(row).to_contain_text(f"Suggested for “{HONOUR}”: {SPECIALIST}")
    expect(agenda_row(page, w["theirs"].reference)).not_to_contain_text("Suggested for")
    axe_check(page)
    row.get_by_role("button", name=f"Invite {SPECIALIST} to case {w['mine'].reference}").click()
    expect_success(page, f"{SPECIALIST} is invited to case {w['mine'].reference}.")
    expect(page.get_by_role("button", name=f"Invite {SPECIALIST} to case {w['mine'].reference}")).to_have_count(0)
    axe_check(page)
    assert CaseInvitation.objects.filter(case=w["mine"], agency__name=SPECIALIST).exists()


def _specialist_sees_that_case_alone(page: Page, w: dict) -> None:
    sign_in(page, w["specialist"])
    page.goto(f"/meetings/{w['meeting'].pk}/")
    row = agenda_row(page, w["mine"].reference)
    expect(row).to_contain_text(HONOUR)
    expect(page.get_by_role("table", name="Cases on the agenda, in order").locator("tbody tr")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Quarrendale-Theirs")
    axe_check(page)
    row.get_by_role("link", name=f"Your agency's research on {w['mine'].reference}").click()
    expect(heading(page)).to_have_text(f"Your agency's research: case {w['mine'].reference}")
    expect(page.locator("main")).to_contain_text(INTERPRETER)
    axe_check(page)
    page.goto(f"/cases/{w['mine'].pk}/")
    expect(heading(page)).to_contain_text(f"Case {w['mine'].reference}")
    axe_check(page)
    hidden = page.goto(f"/cases/{w['theirs'].pk}/")
    assert hidden is not None
    assert hidden.status == 404
    hidden_text = page.locator("main").inner_text()
    missing = page.goto("/cases/999999999/")
    assert missing is not None
    assert missing.status == 404
    assert page.locator("main").inner_text() == hidden_text
    axe_check(page)


def test_needs_flag_the_agenda_and_the_invited_specialist_sees_that_case_alone(
    page: Page, new_page: Callable[[], Page], page_errors: list[str]
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    w = _world()
    _police_records_honour_based_abuse(page, w)
    _coordinator_invites(new_page(), w)
    _specialist_sees_that_case_alone(new_page(), w)
    assert not page_errors
