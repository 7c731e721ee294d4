"""Every filter and sort of the case list is index-backed: with sequential scans priced out
(``enable_seqscan = off``), PostgreSQL still plans each of the page's queries on the tables a case
list reads without one, which it could not do if no index served the query.

On a table this small the planner would rightly scan; the benchmark (bench/pages.py, "Case list")
reports the plans at 1,000,000 cases, where the indexes are what it chooses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, ActionFocus
from cases.models import Case, CaseParty, CaseStatus, PartyRole, Referral, ReferralStatus
from marac.models import Role, User
from tests.builders import list_cases, meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

# The tables the list reads for its filters, sorts, count and columns.
LIST_TABLES = {
    "cases_case",
    "cases_caseparty",
    "cases_referral",
    "cases_agendaitem",
    "cases_meeting",
    "actions_action",
    "cases_conflictofinterest",
}

QUERIES = [
    "",
    "?sort=last-heard&order=desc",
    "?sort=last-heard&order=asc",
    "?sort=referred&order=asc",
    "?sort=reference&order=desc",
    "?status=closed&sort=reference&order=asc",
    "?repeat=yes",
    "?repeat=no",
    "?children=yes",
    "?children=no",
    "?outstanding=yes",
    "?outstanding=no",
    "?days=90&sort=last-heard",
    "?reference=0042",
    "?repeat=yes&children=yes&outstanding=yes&days=30&sort=last-heard&order=asc",
    "?meeting={meeting}&sort=reference",
]


@pytest.fixture
def coordinator(db: None) -> tuple[User, int]:
    area = MaracAreaFactory()
    user = MembershipFactory(area=area, role=Role.COORDINATOR).user
    agency = AgencyFactory(name="Police for the plans")
    drafter = MembershipFactory(area=area, role=Role.PRACTITIONER, user__agency=agency).user
    today, now = timezone.localdate(), timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            area=area,
            reference=f"PLN-2026-{k:04d}",
            victim=PersonFactory(),
            status=CaseStatus.values[k % 5],
            created_at=now - timedelta(days=k),
            last_heard_on=today - timedelta(days=k) if k % 3 else None,
        )
        for k in range(200)
    )
    CaseParty.objects.bulk_create(CaseParty(case=c, person=c.victim, role=PartyRole.CHILD) for c in cases[::4])
    Referral.objects.bulk_create(
        Referral(area=area, case=c, status=ReferralStatus.RECEIVED, referring_agency=agency, drafted_by=drafter)
        for c in cases[::3]
    )
    Action.objects.bulk_create(
        Action(
            case=c,
            area=area,
            owner_agency=agency,
            description="Visit.",
            focus=ActionFocus.SURVIVOR,
            due_date=today,
            created_by=user,
        )
        for c in cases[::5]
    )
    meeting = meeting_on(area, today + timedelta(days=7))
    list_cases(meeting, cases[:20])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return user, meeting.pk


def _seq_scans(node: dict[str, Any]) -> list[str]:
    found = [node["Relation Name"]] if node.get("Node Type") == "Seq Scan" else []
    for child in node.get("Plans", []):
        found += _seq_scans(child)
    return found


def _indexes(node: dict[str, Any]) -> list[str]:
    found = [node["Index Name"]] if "Index Name" in node else []
    for child in node.get("Plans", []):
        found += _indexes(child)
    return found


@pytest.mark.parametrize("query", QUERIES)
def test_each_filter_and_sort_is_planned_on_indexes(client: Client, coordinator: tuple[User, int], query: str) -> None:
    user, meeting_id = coordinator
    query = query.format(meeting=meeting_id)
    sign_in_verified(client, user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/cases/{query}")
    assert response.status_code == 200, query
    scans: dict[str, list[str]] = {}
    indexes: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in (q["sql"] for q in captured.captured_queries):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]["Plan"]
            indexes |= set(_indexes(plan))
            found = set(_seq_scans(plan)) & LIST_TABLES
            if found:
                scans[sql[:300]] = sorted(found)
    assert not scans, f"{query}: sequential scans {scans} (indexes used: {sorted(indexes)})"
