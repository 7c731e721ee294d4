"""The governance journey in a real browser: a governance group member signs in, opens
Governance from the navigation, chooses the quarter and reads the figures; downloads the
quarterly data return (CSV) and the governance report (PDF); the CSV agrees with the page
and the PDF's text (pdftotext) carries the same figures as the page. axe-core checks every
page visited. The data set is the hand-built one of tests/governance/world.py."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from governance.data_return import COLUMNS, data_return_rows
from governance.views import quarter_bounds
from marac.models import User
from tests.browser.conftest import axe_check
from tests.browser.test_sign_in_journey import HOME_HEADING, submit_code, submit_password, url_path
from tests.governance.world import (
    FEWER,
    HEALTH,
    NAME_MARKERS,
    POLICE,
    Q3_END,
    Q3_START,
    QUARTER,
    REF_PREFIX,
    build_world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDFTOTEXT = "/usr/bin/pdftotext"


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, user: User) -> None:
    submit_password(page, user.email)
    expect(page).to_have_url(url_path("/sign-in/two-factor/"))
    axe_check(page)
    submit_code(page, user.totpdevice_set.get())
    expect(page).to_have_url(url_path("/"))
    expect(heading(page)).to_have_text(HOME_HEADING)
    axe_check(page)


def figure(page: Page, element_id: str) -> str:
    return " ".join(page.locator(f"#{element_id}").inner_text().split())


def table_rows(page: Page, caption: str) -> list[list[str]]:
    """A table's body rows as text cells (row header first)."""
    table = page.get_by_role("table", name=caption, exact=True)
    expect(table).to_be_visible()
    rows = []
    for row in table.locator("tbody tr").all():
        rows.append([" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()])
    return rows


def count_range(cell: str) -> tuple[int, int]:
    """What a displayed count can stand for: "fewer than 5" is 1 to 4."""
    if cell == FEWER:
        return 1, 4
    return int(cell.replace(",", "")), int(cell.replace(",", ""))


def leading_count(text: str) -> str:
    """The count at the start of a figure such as "12 (expected about 50...)" or "fewer than 5 (...)"."""
    match = re.match(r"(fewer than 5|[\d,]+)", text)
    assert match, text
    return match.group(1)


def test_governance_member_reads_downloads_and_the_figures_agree(page: Page, tmp_path: Path) -> None:
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
    world = build_world()
    area = world.area

    # --- 1. Sign in and open Governance from the navigation -------------------------------------
    sign_in(page, world.governance)
    menu = page.get_by_role("navigation", name="Menu")
    # Aggregates only: no case work in the menu.
    expect(menu.get_by_role("link", name="Referrals")).to_have_count(0)
    expect(menu.get_by_role("link", name="Meetings")).to_have_count(0)
    menu.get_by_role("link", name="Governance").click()
    expect(page).to_have_url(url_path("/governance/"))
    _, _, default_label = quarter_bounds(None, timezone.localdate())
    expect(heading(page)).to_have_text(f"Governance: {default_label}")
    expect(page.locator(".govuk-caption-l")).to_have_text(area.name)
    axe_check(page)

    # --- 2. Choose the quarter ----------------------------------------------------------------------
    page.get_by_label("MARAC", exact=True).select_option(label=area.name)
    page.get_by_label("Quarter", exact=True).select_option(QUARTER)
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(url_path(f"/governance/?area={area.pk}&quarter={QUARTER}"))
    expect(heading(page)).to_have_text(f"Governance: {QUARTER}")
    expect(page.get_by_label("Quarter", exact=True)).to_have_value(QUARTER)
    main = page.locator("main")
    expect(main).to_contain_text("1 July 2026 to 30 September 2026")
    axe_check(page)

    # --- 3. The figures, as worked out by hand in tests/governance/ ---------------------------------
    shown = {
        "meetings": figure(page, "fig-meetings"),
        "cases": figure(page, "fig-cases"),
        "repeats": figure(page, "fig-repeats"),
        "children": figure(page, "fig-children"),
        "referrals": figure(page, "fig-referrals"),
        "days": figure(page, "fig-days"),
    }
    assert shown == {
        "meetings": "2",
        "cases": "12 (expected about 50: 40 a year per 10,000 adult women)",
        "repeats": "5 (42%)",
        "children": "7",
        "referrals": "13 (police 62%)",
        "days": "median 9.0, average 8.7",
    }
    by_agency = table_rows(page, "Referrals by referring agency")
    assert by_agency[0] == [POLICE, "8"]
    ages = table_rows(page, "Age")
    assert ["16 or 17", FEWER] in ages
    assert ["25 to 34", "5"] in ages
    attendance = table_rows(page, "Meetings each invited agency attended")
    assert attendance[0] == [HEALTH, "2", "0", "0", "0", "1", "0", "1"]
    expect(main.locator(".govuk-warning-text")).to_contain_text(f"Missing from two or more meetings: {HEALTH}.")
    expect(main).to_contain_text("Persons causing harm aged 17 or under: fewer than 5.")
    # Aggregates only: no names, no case references.
    body = main.inner_text()
    assert REF_PREFIX not in body
    for marker in NAME_MARKERS:
        assert marker not in body, marker

    # --- 4. The quarterly data return (CSV) agrees with the page -------------------------------------
    csv_link = main.get_by_role("link", name="Download the quarterly data return (CSV)")
    csv_href = csv_link.get_attribute("href")
    assert csv_href == f"/governance/data-return.csv?area={area.pk}&quarter={QUARTER}", csv_href
    response = page.request.get(urljoin(page.url, csv_href))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "text/csv; charset=utf-8", response.headers
    assert response.headers["content-disposition"] == f'attachment; filename="marac-data-return-{QUARTER}.csv"'
    table = list(csv.reader(io.StringIO(response.text())))
    header, rows = table[0], table[1:]
    assert header == [title for _, title in COLUMNS]
    assert rows == [
        [row[key] for key, _ in COLUMNS] for row in data_return_rows(areas=[area], start=Q3_START, end=Q3_END)
    ]
    # One row per meeting held, in this MARAC, in the quarter shown.
    assert len(rows) == int(shown["meetings"])
    column = {key: n for n, (key, _) in enumerate(COLUMNS)}
    for row in rows:
        assert row[column["marac"]] == area.name
        assert Q3_START <= date.fromisoformat(row[column["meeting_date"]]) <= Q3_END
    # The page's totals lie within what the per-meeting rows (some suppressed) can add up to.
    for key, page_figure in [("cases", "cases"), ("repeats", "repeats"), ("children", "children")]:
        low = sum(count_range(row[column[key]])[0] for row in rows)
        high = sum(count_range(row[column[key]])[1] for row in rows)
        total = int(leading_count(shown[page_figure]))
        assert low <= total <= high, (key, low, total, high)
    assert [row[column["cases"]] for row in rows] == ["8", FEWER]

    # --- 5. The governance report (PDF) carries the same figures as the page --------------------------
    pdf_link = main.get_by_role("link", name="Download the governance report (PDF)")
    pdf_href = pdf_link.get_attribute("href")
    assert pdf_href == f"/governance/report.pdf?area={area.pk}&quarter={QUARTER}", pdf_href
    response = page.request.get(urljoin(page.url, pdf_href))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf", response.headers
    assert response.headers["content-disposition"] == f'attachment; filename="marac-governance-{QUARTER}.pdf"'
    pdf = tmp_path / "governance.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = " ".join(
        subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )

    expected_in_pdf = [
        f"MARAC governance report: {QUARTER}",
        f"Meetings held {shown['meetings']}",
        f"Cases heard {leading_count(shown['cases'])} (expected about 50)",
        f"Repeat cases {shown['repeats']}",
        f"Children in the households {shown['children']}",
        f"Referrals received {shown['referrals']}",
        f"Days from referral to meeting {shown['days']}",
        "Persons causing harm aged 17 or under: fewer than 5",
        *(" ".join(row) for row in by_agency),
        *(" ".join(row) for row in ages),
        *(" ".join(row) for row in table_rows(page, "Gender")),
        *(" ".join(row) for row in table_rows(page, "Black or minoritised")),
        *(" ".join(row) for row in attendance),
    ]
    missing = [snippet for snippet in expected_in_pdf if snippet not in text]
    assert not missing, f"in the page but not the PDF: {missing}\nPDF text: {text}"
    # A suppressed count, and the percentages, as the page shows them.
    assert "16 or 17 fewer than 5" in text
    assert "Cases heard 12" in text
    assert "Repeat cases 5 (42%)" in text
    assert "Referrals received 13 (police 62%)" in text
    assert REF_PREFIX not in text
    for marker in NAME_MARKERS:
        assert marker not in text, marker

    assert not page_errors, "JavaScript errors:\n" + "\n".join(page_errors)
