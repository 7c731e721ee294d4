"""Governance reports: the data return per meeting, the dashboard, the CSV, the
PDF and the API carry the figures worked out by hand (tests/governance/world.py),
the default quarter and quarter bounds, and no names or case references anywhere."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.data_return import COLUMNS, data_return_rows
from governance.figures import governance_figures
from governance.views import figures_json, quarter_bounds
from marac.models import AuditEvent, AuditVerb
from tests.governance.outputs import element_text, pdf_text
from tests.governance.world import (
    FEWER,
    HEALTH,
    HOUSING,
    NAME_MARKERS,
    POLICE,
    Q3_END,
    Q3_START,
    QUARTER,
    REF_PREFIX,
    SCHOOL,
    World,
)

pytestmark = pytest.mark.django_db


# --- The data return, per meeting -----------------------------------------------------------------------


def expected_data_return(world: World) -> list[dict[str, str]]:
    name = world.area.name
    return [
        {
            # M1: C1..C8.
            "marac": name,
            "meeting_date": "2026-07-15",
            "cases": "8",
            "repeats": FEWER,  # C3, C4, C6, C8
            "children": "6",  # C1 2, C4 1, C6 1, C8 2
            "police": "5",  # C1, C2, C5, C6, C8 (latest referral by the meeting)
            "idaa": "0",
            "childrens": "0",
            "health": FEWER,  # C4
            "housing": FEWER,  # C3
            "other": FEWER,  # C7, the school
            "bme": FEWER,  # C2, C8
            "lgbt": FEWER,  # C3
            "disabled": FEWER,  # C4
            "male": FEWER,  # C3
            "aged_16_17": FEWER,  # C2
            "perpetrators_17_under": FEWER,  # C2 (P1), C5 (P2, 17 on 15 Jul)
        },
        {
            # M2: C9..C12.
            "marac": name,
            "meeting_date": "2026-08-19",
            "cases": FEWER,  # 4
            "repeats": FEWER,  # C9
            "children": FEWER,  # C9 1
            "police": FEWER,  # C9
            "idaa": "0",
            "childrens": "0",
            "health": FEWER,  # C11
            "housing": FEWER,  # C10
            "other": "0",  # C12 came without a referral: not a referral from anyone
            "bme": "0",
            "lgbt": "0",
            "disabled": FEWER,  # C10
            "male": "0",
            "aged_16_17": FEWER,  # C11 (16)
            "perpetrators_17_under": "0",
        },
    ]


def test_data_return_rows_per_meeting(world: World) -> None:
    rows = data_return_rows(areas=[world.area], start=Q3_START, end=Q3_END)
    assert rows == expected_data_return(world)
    assert all(set(row) == {key for key, _ in COLUMNS} for row in rows)


# --- The pages, the CSV, the PDF and the API --------------------------------------------------------------


def test_dashboard_shows_the_figures(gov_client: Client, world: World) -> None:
    response = gov_client.get(reverse("governance-dashboard"), {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Governance: 2026-Q3" in html
    assert "1 July 2026 to 30 September 2026" in html
    assert element_text(html, "fig-meetings") == "2"
    assert element_text(html, "fig-cases") == "12 (expected about 50: 40 a year per 10,000 adult women)"
    assert element_text(html, "fig-repeats") == "5 (42%)"
    assert element_text(html, "fig-children") == "7"
    assert element_text(html, "fig-referrals") == "13 (police 62%)"
    assert element_text(html, "fig-days") == "median 9.0, average 8.7"
    assert f"Missing from two or more meetings: {HEALTH}." in html
    assert "Persons causing harm aged 17 or under: <strong>fewer than 5</strong>" in html
    assert "5 raised, 3 reframed" in html
    assert "Feedback sent to the referring agency: 2." in html
    assert "the oldest overdue was due 20 June 2026; persistently overdue: 3." in html
    assert (
        '<th scope="row" class="govuk-table__header">16 or 17</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5</td>'
    ) in html
    assert AuditEvent.objects.filter(
        actor=world.governance, verb=AuditVerb.VIEW, object_type="governance.figures", detail__format="page"
    ).exists()


def test_dashboard_defaults_to_the_last_complete_quarter(gov_client: Client) -> None:
    _start, end, label = quarter_bounds(None, timezone.localdate())
    today = timezone.localdate()
    assert end < today
    assert (today - end).days <= 92
    html = gov_client.get(reverse("governance-dashboard")).content.decode()
    assert f"Governance: {label}" in html
    assert f'<option value="{label}" selected>' in html


@pytest.mark.parametrize(
    ("label", "today", "expected"),
    [
        ("2026-Q3", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        ("2026-Q1", date(2026, 11, 24), (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")),
        ("2024-Q1", date(2026, 11, 24), (date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")),
        ("2026-Q2", date(2026, 11, 24), (date(2026, 4, 1), date(2026, 6, 30), "2026-Q2")),
        ("2026-Q4", date(2026, 11, 24), (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4")),
        # Default: the last complete quarter.
        (None, date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        (None, date(2026, 10, 1), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        (None, date(2026, 2, 15), (date(2025, 10, 1), date(2025, 12, 31), "2025-Q4")),
        (None, date(2026, 4, 1), (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")),
        # Anything else is ignored: the default.
        ("2026-Q5", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        ("2026Q3", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
        ("nonsense", date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")),
    ],
)
def test_quarter_bounds(label: str | None, today: date, expected: tuple[date, date, str]) -> None:
    assert quarter_bounds(label, today) == expected


def test_csv_is_the_data_return(gov_client: Client, world: World) -> None:
    response = gov_client.get(reverse("governance-csv"), {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="marac-data-return-2026-Q3.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == [title for _, title in COLUMNS]
    assert table[0][:5] == ["MARAC", "Meeting date", "Cases discussed", "Repeat cases", "Children in the households"]
    rows = data_return_rows(areas=[world.area], start=Q3_START, end=Q3_END)
    assert table[1:] == [[row[key] for key, _ in COLUMNS] for row in rows]
    assert table[1:] == [[row[key] for key, _ in COLUMNS] for row in expected_data_return(world)]
    assert AuditEvent.objects.filter(actor=world.governance, verb=AuditVerb.EXPORT, detail__format="csv").exists()


def test_api_returns_the_same_figures(gov_client: Client, world: World) -> None:
    response = gov_client.get("/api/v1/governance/figures/", {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    body = response.json()
    expected = figures_json(governance_figures(areas=[world.area], start=Q3_START, end=Q3_END))
    assert body == json.loads(json.dumps(expected))
    # A few by hand, as the API shows them.
    assert body["cases_heard"] == "12"
    assert body["repeats"] == "5"
    assert body["repeat_rate"] == "42%"
    assert body["referrals_by_agency"] == {POLICE: "8", HOUSING: FEWER, HEALTH: FEWER, SCHOOL: FEWER}
    assert body["days_referral_to_meeting"] == {"median": 9.0, "mean": 8.7}
    assert body["victims"]["Age"]["16 or 17"] == FEWER
    assert body["persons_causing_harm_aged_17_or_under"] == FEWER
    assert body["oldest_overdue_action_due"] == "2026-06-20"
    assert body["areas"] == [world.area.code]


def test_pdf_carries_the_same_figures(gov_client: Client, world: World) -> None:
    response = gov_client.get(reverse("governance-pdf"), {"quarter": QUARTER, "area": world.area.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="marac-governance-2026-Q3.pdf"'
    text = pdf_text(response.content)
    for expected in [
        "MARAC governance report: 2026-Q3",
        "Meetings held 2",
        "Cases heard 12 (expected about 50)",
        "Repeat cases 5 (42%)",
        "Children in the households 7",
        "Referrals received 13 (police 62%)",
        "median 9.0, average 8.7",
        f"{POLICE} 8",
        f"{HOUSING} fewer than 5",
        "16 or 17 fewer than 5",
        "25 to 34 5",
        "Persons causing harm aged 17 or under: fewer than 5",
        "5 raised, 3 reframed",
    ]:
        assert expected in text, expected
    assert AuditEvent.objects.filter(actor=world.governance, verb=AuditVerb.EXPORT, detail__format="pdf").exists()


def test_no_names_or_case_references_in_any_output(gov_client: Client, world: World) -> None:
    query = {"quarter": QUARTER, "area": world.area.pk}
    outputs = {
        "page": gov_client.get(reverse("governance-dashboard"), query).content.decode(),
        "csv": gov_client.get(reverse("governance-csv"), query).content.decode(),
        "api": gov_client.get("/api/v1/governance/figures/", query).content.decode(),
        "pdf": pdf_text(gov_client.get(reverse("governance-pdf"), query).content),
    }
    private = [*NAME_MARKERS, REF_PREFIX]
    private += [str(r.public_id) for r in world.referrals.values()] + [r.short_id for r in world.referrals.values()]
    private += [a.reference for a in world.actions.values()]
    for person in world.people:
        private += [person.given_names, person.family_name]
    for name, text in outputs.items():
        for secret in private:
            assert secret not in text, (name, secret)
        assert "12" in text or name == "csv", name  # the outputs did render the figures
