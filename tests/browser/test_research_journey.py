"""The research journey in a real browser: the police representative adds findings
(one restricted to Housing) and submits them; Housing says the case is not known
to it; the IDAA records the survivor's voice; Health, through the API and its
own page, never sees the restricted finding; the coordinator reads the research
tracker; the chair runs the meeting with the research by PPMT stage and its
gaps, closes it and approves minutes that hold nothing restricted. axe-core
checks every page visited."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import CaseParty, PartyRole
from marac.models import AgencyKind, Role
from tests.api_tokens import token_for
from tests.browser.conftest import axe_check
from tests.browser.journey import heading, member, sign_in
from tests.browser.meeting_pages import expect_success, long_date, open_meetings
from tests.browser.test_sign_in_journey import url_path
from tests.builders.meetings import on_its_day
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICE = "Police (research journey)"
HOUSING = "Housing (research journey)"
HEALTH = "Health (research journey)"
IDAA = "IDAA service (research journey)"
PATTERN = "Perpetrator's pattern of behaviour"
HARM = "Harm across multiple pathways"
LAW_ENFORCEMENT = "Law enforcement processing (DPA 2018 Part 3, s.35)"

OPEN_FINDING = "Arrested twice in October for breaching a non-molestation order; tracked her phone."
RESTRICTED_FINDING = "Covert surveillance operation under way: do not disclose outside Housing."
RESTRICTION_REASON = "An ongoing police investigation"
PROPOSED_ACTION = "Apply for a non-harassment order at the sheriff court"
VIEWS = "Wants him to stop contacting her and the children."
STRENGTHS = "Changed the locks and moved the children to a school he does not know."
PDFTOTEXT = "/usr/bin/pdftotext"


def short_date(day: date) -> str:
    """As the research pages write a finding's date: "3 Oct 2026"."""
    return f"{day.day} {day:%b %Y}"


def main(page: Page) -> Locator:
    return page.locator("main")


def agenda_row(page: Page, reference: str) -> Locator:
    table = page.get_by_role("table", name="Cases on the agenda, in order")
    return table.locator("tbody tr").filter(has=page.get_by_role("link", name=reference, exact=True))


def open_research(page: Page, reference: str, research_url: str) -> None:
    agenda_row(page, reference).get_by_role("link", name=f"Your agency's research on {reference}").click()
    expect(page).to_have_url(url_path(research_url))
    expect(heading(page)).to_have_text(f"Your agency's research: case {reference}")
    axe_check(page)


def fill_finding(page: Page, *, stage: str, text: str, basis: str, day: date, source: str) -> None:
    page.get_by_label("PPMT stage", exact=True).select_option(label=stage)
    page.get_by_label("What your agency found", exact=True).fill(text)
    date_group = page.get_by_role("group", name="Date of the information (optional)")
    date_group.get_by_label("Day", exact=True).fill(str(day.day))
    date_group.get_by_label("Month", exact=True).fill(str(day.month))
    date_group.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Source (optional)", exact=True).fill(source)
    if basis:
        page.get_by_label("Lawful basis for sharing", exact=True).select_option(label=basis)


def stage_section(page: Page, number: int, stage: str) -> Locator:
    return page.get_by_role("region", name=f"{number}. {stage}", exact=True)


def test_agencies_research_idaa_records_voice_chair_sees_it_by_stage(
    page: Page, new_page: Callable[[], Page], page_errors: list[str], tmp_path: Path
) -> None:
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    police = AgencyFactory(name=POLICE, kind=AgencyKind.POLICE)
    housing = AgencyFactory(name=HOUSING, kind=AgencyKind.HOUSING)
    health = AgencyFactory(name=HEALTH, kind=AgencyKind.HEALTH)
    idaa = AgencyFactory(name=IDAA, kind=AgencyKind.IDAA)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police, housing, health, idaa])
    coordinator = member(Role.COORDINATOR, area)
    chair = member(Role.CHAIR, area)  # the chair's own agency is none of the four
    assert chair.agency_id not in {police.pk, housing.pk, health.pk, idaa.pk}
    police_rep = member(Role.REPRESENTATIVE, area, police)
    housing_rep = member(Role.REPRESENTATIVE, area, housing)
    health_rep = member(Role.REPRESENTATIVE, area, health)
    idaa_worker = member(Role.IDAA, area, idaa)
    idaa_manager = member(Role.REPRESENTATIVE, area, idaa)

    case = CaseFactory(area=area)
    CaseParty.objects.create(case=case, person=PersonFactory(), role=PartyRole.CHILD)
    meeting_schedule.meetings_schedule_ahead(area)
    item = meeting_services.agenda_place_case(case=case)
    assert item is not None
    meeting = item.meeting
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    ref = str(case.reference)
    meeting_url = f"/meetings/{meeting.pk}/"
    research_url = f"/meetings/{meeting.pk}/items/{item.pk}/research/"
    voice_url = f"/meetings/{meeting.pk}/items/{item.pk}/voice/"
    meeting_heading = re.compile(rf"^Meeting on {re.escape(long_date(meeting.date))}\b")
    found_on = timezone.localdate() - timedelta(days=20)
    restricted_on = timezone.localdate() - timedelta(days=3)

    # --- 1. Police research the case: one open finding, one restricted to Housing ----------
    police_page = new_page()
    sign_in(police_page, police_rep)
    research_due = main(police_page).get_by_role("heading", level=2, name="Research due")
    expect(research_due).to_be_visible()
    main(police_page).get_by_role(
        "link", name=f"Meeting on {meeting.date.day} {meeting.date:%B %Y}", exact=True
    ).click()
    expect(police_page).to_have_url(url_path(meeting_url))
    expect(heading(police_page)).to_have_text(meeting_heading)
    expect(heading(police_page)).to_contain_text("Agenda circulated")
    expect(agenda_row(police_page, ref)).to_contain_text("Your agency's research on " + ref + ": not started")
    axe_check(police_page)
    open_research(police_page, ref, research_url)
    expect(main(police_page).locator(".govuk-tag").first).to_have_text("Not started")

    # Bad input once: no lawful basis. The error summary says so and the text is kept.
    fill_finding(police_page, stage=PATTERN, text=OPEN_FINDING, basis="", day=found_on, source="Police incident log")
    police_page.get_by_role("button", name="Add finding").click()
    expect(police_page).to_have_url(url_path(research_url))
    summary = police_page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    error_link = summary.get_by_role("link", name="Select the lawful basis for sharing this information")
    expect(error_link).to_be_visible()
    expect(police_page).to_have_title(re.compile(r"^Error: "))
    expect(police_page.get_by_label("What your agency found", exact=True)).to_have_value(OPEN_FINDING)
    expect(police_page.get_by_label("PPMT stage", exact=True)).to_have_value("pattern")
    expect(police_page.get_by_label("Source (optional)", exact=True)).to_have_value("Police incident log")
    axe_check(police_page)
    error_link.click()
    expect(police_page.get_by_label("Lawful basis for sharing", exact=True)).to_be_focused()

    police_page.get_by_label("Lawful basis for sharing", exact=True).select_option(label=LAW_ENFORCEMENT)
    police_page.get_by_role("button", name="Add finding").click()
    expect(police_page).to_have_url(url_path(research_url))
    expect(police_page.locator("#research-findings .app-live-saved")).to_contain_text("Finding saved.")
    expect(police_page.locator(".govuk-error-summary")).to_have_count(0)
    expect(main(police_page)).to_contain_text(OPEN_FINDING)
    expect(main(police_page)).to_contain_text(short_date(found_on))
    expect(police_page.get_by_label("What your agency found", exact=True)).to_have_value("")
    axe_check(police_page)

    fill_finding(
        police_page,
        stage=PATTERN,
        text=RESTRICTED_FINDING,
        basis=LAW_ENFORCEMENT,
        day=restricted_on,
        source="Intelligence report",
    )
    police_page.get_by_label(
        "Restrict this finding to named agencies (everyone invited sees it otherwise)", exact=True
    ).check()
    police_page.get_by_role("group", name="Agencies that may see it").get_by_label(HOUSING, exact=True).check()
    police_page.get_by_label("Why it is restricted", exact=True).fill(RESTRICTION_REASON)
    police_page.get_by_role("button", name="Add finding").click()
    expect(police_page).to_have_url(url_path(research_url))
    expect(police_page.locator("#research-findings .app-live-saved")).to_contain_text("Finding saved.")
    restricted_row = main(police_page).locator(".govuk-summary-list__row", has_text=RESTRICTED_FINDING)
    expect(restricted_row.locator(".govuk-tag--red")).to_have_text(f"Restricted to {HOUSING}")
    expect(main(police_page).locator(".govuk-summary-list__row")).to_have_count(2)
    # With findings recorded, "not known to us" is no longer offered.
    expect(police_page.get_by_role("button", name="This case is not known to us")).to_have_count(0)
    axe_check(police_page)
    police_page.get_by_role("radio", name="Proposed for the meeting to agree").check()  # work between meetings
    police_page.get_by_label("The action", exact=True).fill(PROPOSED_ACTION)
    police_page.get_by_role("button", name="Record the action").click()
    expect_success(police_page, "Action recorded. It is shared with the meeting when you submit your research.")
    axe_check(police_page)

    police_page.get_by_role("button", name="Submit research").click()
    expect(police_page).to_have_url(url_path(research_url))
    expect_success(police_page, "Research submitted. You can amend it until the meeting starts.")
    expect(main(police_page).locator(".govuk-tag").first).to_have_text("Researched")
    axe_check(police_page)
    police_page.get_by_role("link", name="Back to the agenda").click()
    expect(heading(police_page)).to_have_text(meeting_heading)
    expect(agenda_row(police_page, ref)).to_contain_text(f"Your agency's research on {ref}: researched")
    axe_check(police_page)

    # --- 2. Housing: the case is not known to us (confirmed). Health does nothing. ----------
    housing_page = new_page()
    sign_in(housing_page, housing_rep)
    open_meetings(housing_page)
    housing_page.get_by_role("table", name="Upcoming meetings").get_by_role(
        "link", name=long_date(meeting.date)
    ).click()
    expect(housing_page).to_have_url(url_path(meeting_url))
    expect(heading(housing_page)).to_have_text(meeting_heading)
    axe_check(housing_page)
    open_research(housing_page, ref, research_url)
    # Housing's own page shows only Housing's findings: none yet, and nothing of Police's.
    expect(main(housing_page)).not_to_contain_text(RESTRICTED_FINDING)
    housing_page.get_by_role("button", name="This case is not known to us").click()
    # Asked to confirm, with the children named when the case has any.
    confirm = housing_page.locator("#not-known")
    expect(confirm).to_contain_text("Confirm this case is not known to your agency")
    axe_check(housing_page)
    children_box = housing_page.get_by_label("We searched for the children too, by their names and dates of birth")
    if children_box.count():
        children_box.check()
    housing_page.get_by_role("button", name="Confirm: not known to us").click()
    expect(housing_page).to_have_url(url_path(research_url))
    expect_success(housing_page, "Recorded: this case is not known to your agency.")
    expect(main(housing_page).locator(".govuk-tag").first).to_have_text("Not known to us")
    axe_check(housing_page)

    # --- 3. The IDAA service's representative allocates the IDAA, who records the voice -----
    manager_page = new_page()
    sign_in(manager_page, idaa_manager)
    manager_page.goto(f"/cases/{case.pk}/")
    manager_page.get_by_role("link", name="Allocate an IDAA or name a keyworker").click()
    expect(heading(manager_page)).to_have_text("People named on this case")
    axe_check(manager_page)
    allocate = manager_page.locator("form#allocated_idaa")
    allocate.get_by_label("Who?").select_option(value=str(idaa_worker.pk))
    allocate.get_by_role("button", name="Allocate an IDAA").click()
    expect_success(manager_page, f"{idaa_worker.full_name} is named on this case.")
    expect(main(manager_page).get_by_role("table")).to_contain_text("Allocated IDAA")
    axe_check(manager_page)

    idaa_page = new_page()
    sign_in(idaa_page, idaa_worker)
    open_meetings(idaa_page)
    idaa_page.get_by_role("table", name="Upcoming meetings").get_by_role("link", name=long_date(meeting.date)).click()
    expect(heading(idaa_page)).to_have_text(meeting_heading)
    axe_check(idaa_page)
    agenda_row(idaa_page, ref).get_by_role("link", name=f"Survivor's voice for {ref}").click()
    expect(idaa_page).to_have_url(url_path(voice_url))
    expect(heading(idaa_page)).to_have_text(f"The survivor's voice: case {ref}")
    axe_check(idaa_page)
    idaa_page.get_by_role("group", name="Was contact made with the survivor?").get_by_label("Yes", exact=True).check()
    idaa_page.get_by_label("The survivor's views and wishes", exact=True).fill(VIEWS)
    idaa_page.get_by_label("The survivor's strengths and protective efforts", exact=True).fill(STRENGTHS)
    expect(idaa_page.get_by_label("The children's voice, where known", exact=True)).to_have_value("")
    idaa_page.get_by_role("button", name="Save the survivor's voice").click()
    expect(idaa_page).to_have_url(url_path(voice_url))
    expect_success(idaa_page, "The survivor's voice is saved.")
    recorded = main(idaa_page).locator(".govuk-inset-text")
    expect(recorded).to_contain_text(f"Recorded by {idaa_worker.full_name}, {IDAA}")
    expect(recorded).not_to_contain_text("not the IDAA")
    expect(idaa_page.get_by_label("The survivor's strengths and protective efforts", exact=True)).to_have_value(
        STRENGTHS
    )
    axe_check(idaa_page)

    # --- 4. Health: the API and Health's own page leave the restricted finding out -----------
    health_page = new_page()
    authorization = token_for(health_rep)
    api = health_page.request.get(
        f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/research/",
        headers={"Authorization": authorization, "Accept": "application/json"},
    )
    assert api.status == 200, (api.status, api.text())
    body = api.json()
    assert [entry["text"] for entry in body] == [OPEN_FINDING], body
    assert body[0]["agency"] == POLICE, body
    assert body[0]["stage"] == "pattern", body
    assert body[0]["restricted"] is False, body
    assert RESTRICTED_FINDING not in api.text()

    sign_in(health_page, health_rep)
    open_meetings(health_page)
    health_page.get_by_role("table", name="Upcoming meetings").get_by_role("link", name=long_date(meeting.date)).click()
    expect(heading(health_page)).to_have_text(meeting_heading)
    expect(agenda_row(health_page, ref)).to_contain_text(f"Your agency's research on {ref}: not started")
    axe_check(health_page)
    open_research(health_page, ref, research_url)
    expect(main(health_page).locator(".govuk-tag").first).to_have_text("Not started")
    expect(main(health_page)).not_to_contain_text(RESTRICTED_FINDING)
    assert RESTRICTED_FINDING not in health_page.content()
    assert RESTRICTION_REASON not in health_page.content()

    # --- 5. The coordinator reads the research tracker ---------------------------------------
    sign_in(page, coordinator)
    page.goto(meeting_url)
    expect(heading(page)).to_have_text(meeting_heading)
    axe_check(page)
    page.get_by_role("button", name="Research tracker").click()
    expect(page).to_have_url(url_path(f"/meetings/{meeting.pk}/research/"))
    expect(heading(page)).to_have_text("Research tracker")
    tracker = page.get_by_role("table", name="Research by case and agency")
    expect(tracker.locator("thead th")).to_have_text(["Case", HEALTH, HOUSING, IDAA, POLICE, "Survivor's voice"])
    row = tracker.locator("tbody tr").filter(has_text=ref)
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_contain_text(ref)
    # Health, Housing, IDAA, Police, then the survivor's voice (before the deadline: "Not started", not "Missing").
    expect(row.locator("td")).to_have_text(["Not started", "Not known", "Voice recorded", "Researched", "Recorded"])
    expect(main(page)).not_to_contain_text(RESTRICTED_FINDING)
    # The wide table scrolls by keyboard.
    scroller = page.get_by_role("region", name=re.compile("^Research by case and agency"))
    scroller.focus()
    expect(scroller).to_be_focused()
    axe_check(page)
    # Health has not started: the coordinator reminds them now, once.
    page.get_by_role("button", name=re.compile(rf"^Remind now\W+{re.escape(HEALTH)}$")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{HEALTH} reminded:")
    expect(page.get_by_role("button", name=re.compile(rf"^Remind now\W+{re.escape(HEALTH)}$"))).to_have_count(0)
    axe_check(page)

    # --- 6. The chair runs the meeting, on its day ---------------------------------------------
    on_its_day(meeting)
    meeting_heading = re.compile(rf"^Meeting on {re.escape(long_date(meeting.date))}\b")
    chair_page = new_page()
    sign_in(chair_page, chair)
    open_meetings(chair_page)
    chair_page.get_by_role("table", name="Upcoming meetings").get_by_role("link", name=long_date(meeting.date)).click()
    expect(chair_page).to_have_url(url_path(meeting_url))
    expect(heading(chair_page)).to_have_text(meeting_heading)
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Start the meeting").click()

    expect(chair_page).to_have_url(url_path(f"/meetings/{meeting.pk}/live/{item.pk}/"))
    expect(heading(chair_page)).to_have_text(f"Case {ref}")
    live = main(chair_page)
    pattern = stage_section(chair_page, 1, PATTERN)
    expect(pattern).to_contain_text("Already submitted in research")
    expect(pattern.locator("li")).to_have_text([f"{POLICE} ({short_date(found_on)}): {OPEN_FINDING}"])
    expect(pattern.locator(".govuk-tag", has_text="Gap")).to_have_count(0)
    expect(live).not_to_contain_text(RESTRICTED_FINDING)
    proposed = live.locator(".govuk-summary-list__row", has_text=PROPOSED_ACTION)
    expect(proposed).to_contain_text(f"{POLICE}: proposed for the meeting to agree")
    assert RESTRICTED_FINDING not in chair_page.content()
    voice = live.locator(".govuk-summary-list").filter(has_text="Views and wishes")
    expect(voice.locator(".govuk-summary-list__row", has_text="Strengths")).to_contain_text(STRENGTHS)
    expect(voice.locator(".govuk-summary-list__row", has_text="Views and wishes")).to_contain_text(VIEWS)
    expect(voice.locator(".govuk-summary-list__row", has_text="Children's voice")).to_have_count(0)
    gaps = live.locator(".govuk-warning-text", has_text="Gaps to ask about")
    expect(gaps).to_contain_text("no children's voice recorded")
    expect(gaps).to_contain_text(f"nothing from any agency on “{HARM}”")
    expect(gaps).not_to_contain_text(PATTERN)
    expect(gaps).not_to_contain_text("No survivor's voice recorded")
    expect(gaps).not_to_contain_text("No survivor strengths")
    harm = stage_section(chair_page, 2, HARM)
    expect(harm.locator(".govuk-tag", has_text="Gap")).to_be_visible()
    expect(harm).to_contain_text("Nothing from any agency yet.")
    axe_check(chair_page)

    chair_page.get_by_label("Decisions for this case").fill("Police to review the bail conditions.")
    chair_page.get_by_role("button", name="Save and close the meeting").click()
    expect(chair_page.get_by_role("alert")).to_contain_text("Select “Save and close the meeting” again")
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Save and close the meeting").click()

    minutes_url = f"/meetings/{meeting.pk}/minutes/"
    expect(chair_page).to_have_url(url_path(minutes_url))
    expect(heading(chair_page)).to_have_text(re.compile(r"^Minutes of the meeting on .*\bDraft$"))
    expect_success(chair_page, "The meeting is closed.")
    expect(chair_page.get_by_label(f"Case {ref}")).to_have_value(re.compile(r"Police to review the bail conditions\."))
    axe_check(chair_page)
    chair_page.get_by_role("button", name="Approve the minutes").click()
    expect(chair_page).to_have_url(url_path(minutes_url))
    expect_success(chair_page, "Minutes approved.")
    expect(heading(chair_page)).to_contain_text("Approved")
    expect(main(chair_page)).not_to_contain_text(RESTRICTED_FINDING)
    axe_check(chair_page)

    pdf_link = main(chair_page).get_by_role("link", name="Download the minutes as a PDF")
    href = pdf_link.get_attribute("href")
    assert href == f"/meetings/{meeting.pk}/minutes.pdf", href
    pdf = chair_page.request.get(urljoin(chair_page.url, href))
    assert pdf.status == 200, pdf.status
    assert pdf.headers["content-type"] == "application/pdf", pdf.headers
    pdf_path = tmp_path / "minutes.pdf"
    pdf_path.write_bytes(pdf.body())
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    flat = " ".join(text.split())
    assert ref in flat, flat
    assert "Police to review the bail conditions." in flat, flat
    assert "Covert surveillance" not in flat, flat
    assert RESTRICTED_FINDING not in flat, flat
    assert RESTRICTION_REASON not in flat, flat
    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
