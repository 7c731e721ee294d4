"""The coordinator's case list (/cases/): who sees it, each filter, each sort, pages of 50, bad input,
the audit of what was shown, and a query count that does not grow with the cases listed.

Cases are written as rows (a list reads them, whatever made them): statuses, the date last heard,
children, received referrals and outstanding actions set directly.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, ActionFocus, ActionStatus
from cases.models import Case, CaseParty, CaseStatus, ConflictOfInterest, PartyRole, Referral, ReferralStatus
from marac.models import AuditEvent, AuditVerb, MaracArea, Role, User
from tests.builders import list_case, meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/cases/"


@pytest.fixture
def area() -> MaracArea:
    return MaracAreaFactory()


@pytest.fixture
def coordinator(make_member: Any, area: MaracArea) -> User:
    return make_member(Role.COORDINATOR, area=area)


def _get(client: Client, user: User, query: str = "") -> Any:
    return sign_in_verified(client, user).get(f"{URL}{query}")


def _refs(response: Any) -> list[str]:
    return [row.case.reference for row in response.context["rows"]]


def _case(area: MaracArea, reference: str, **fields: Any) -> Case:
    return CaseFactory(area=area, reference=reference, **fields)


def _referral(case: Case, *, repeat: bool = False) -> Referral:
    agency = AgencyFactory(name="Police for the list")
    drafter = MembershipFactory(area=case.area, role=Role.PRACTITIONER, user__agency=agency).user
    return Referral.objects.create(
        area=case.area,
        case=case,
        status=ReferralStatus.RECEIVED,
        referring_agency=agency,
        drafted_by=drafter,
        is_repeat=repeat,
        submitted_at=timezone.now(),
    )


def _action(case: Case, user: User, status: str = ActionStatus.OPEN) -> Action:
    return Action.objects.create(
        case=case,
        owner_agency=AgencyFactory(name="Housing for the list"),
        description="Review the safety plan with the survivor.",
        focus=ActionFocus.SURVIVOR,
        due_date=timezone.localdate() + timedelta(days=7),
        status=status,
        created_by=user,
    )


def _child(case: Case) -> None:
    CaseParty.objects.create(case=case, person=PersonFactory(), role=PartyRole.CHILD)


# --- Who sees it -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.REPRESENTATIVE, Role.PRACTITIONER, Role.IDAA, Role.GOVERNANCE, Role.ADMINISTRATOR]
)
def test_anyone_but_coordinators_and_chairs_gets_404(
    client: Client, make_member: Any, area: MaracArea, role: str
) -> None:
    _case(area, "LST-0001")
    assert _get(client, make_member(role, area=area)).status_code == 404


def test_chair_sees_the_list_and_the_service_navigation_links_it(
    client: Client, make_member: Any, area: MaracArea
) -> None:
    _case(area, "LST-0001")
    response = _get(client, make_member(Role.CHAIR, area=area))
    assert response.status_code == 200
    assert _refs(response) == ["LST-0001"]
    assert f'href="{URL}"' in response.content.decode()
    assert f'href="{URL}"' in client.get("/").content.decode()  # the home page links it too


def test_another_areas_cases_never_show(client: Client, coordinator: User, area: MaracArea) -> None:
    _case(area, "LST-MINE")
    _case(MaracAreaFactory(), "LST-THEIRS")
    other = MaracAreaFactory()
    assert _refs(_get(client, coordinator, f"?area={other.pk}")) == []  # not one of theirs: an error
    assert _refs(_get(client, coordinator)) == ["LST-MINE"]


def test_a_coordinator_of_several_areas_sees_them_all_and_can_narrow_to_one(
    client: Client, coordinator: User, area: MaracArea
) -> None:
    second = MaracAreaFactory()
    MembershipFactory(user=coordinator, area=second, role=Role.CHAIR)
    _case(area, "LST-A", created_at=timezone.now() - timedelta(days=1))
    _case(second, "LST-B")
    assert _refs(_get(client, coordinator)) == ["LST-B", "LST-A"]
    assert _refs(_get(client, coordinator, f"?area={area.pk}")) == ["LST-A"]


def test_a_case_the_coordinator_declared_a_conflict_on_is_not_listed(
    client: Client, coordinator: User, area: MaracArea
) -> None:
    case = _case(area, "LST-CONFLICT")
    _case(area, "LST-FREE")
    ConflictOfInterest.objects.create(user=coordinator, case=case, connection="knows")
    assert _refs(_get(client, coordinator)) == ["LST-FREE"]


# --- Filters -----------------------------------------------------------------------------------


def test_status_defaults_to_the_open_cases_and_filters_by_several(
    client: Client, coordinator: User, area: MaracArea
) -> None:
    for status in CaseStatus.values:
        _case(area, f"LST-{status}", status=status)
    assert sorted(_refs(_get(client, coordinator))) == ["LST-heard", "LST-listed", "LST-referred"]
    closed = _get(client, coordinator, "?status=closed&status=transferred_out&sort=reference&order=asc")
    assert _refs(closed) == ["LST-closed", "LST-transferred_out"]


def test_meeting_filter_lists_the_cases_on_its_agenda(client: Client, coordinator: User, area: MaracArea) -> None:
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=7))
    list_case(meeting, _case(area, "LST-ON"))
    _case(area, "LST-OFF")
    response = _get(client, coordinator, f"?meeting={meeting.pk}")
    assert _refs(response) == ["LST-ON"]
    assert response.context["rows"][0].next_meeting == meeting


@pytest.mark.parametrize(("flag", "yes"), [("repeat", ["LST-FLAGGED", "LST-TWICE"]), ("children", ["LST-CHILD"])])
def test_repeat_and_children_filters(
    client: Client, coordinator: User, area: MaracArea, flag: str, yes: list[str]
) -> None:
    _referral(_case(area, "LST-FLAGGED"), repeat=True)
    twice = _case(area, "LST-TWICE")
    _referral(twice)
    _referral(twice)
    _referral(_case(area, "LST-ONCE"))
    _child(_case(area, "LST-CHILD"))
    everyone = {"LST-FLAGGED", "LST-TWICE", "LST-ONCE", "LST-CHILD"}
    assert sorted(_refs(_get(client, coordinator, f"?{flag}=yes"))) == yes
    assert set(_refs(_get(client, coordinator, f"?{flag}=no"))) == everyone - set(yes)
    rows = {row.case.reference: row for row in _get(client, coordinator).context["rows"]}
    assert {ref for ref, row in rows.items() if getattr(row, flag)} == set(yes)


def test_outstanding_actions_filter_and_count(client: Client, coordinator: User, area: MaracArea) -> None:
    busy = _case(area, "LST-BUSY")
    _action(busy, coordinator)
    _action(busy, coordinator, ActionStatus.IN_PROGRESS)
    _action(_case(area, "LST-DONE"), coordinator, ActionStatus.COMPLETED)
    assert _refs(_get(client, coordinator, "?outstanding=yes")) == ["LST-BUSY"]
    assert _refs(_get(client, coordinator, "?outstanding=no")) == ["LST-DONE"]
    rows = {row.case.reference: row.outstanding for row in _get(client, coordinator).context["rows"]}
    assert rows == {"LST-BUSY": 2, "LST-DONE": 0}


def test_days_since_last_heard(client: Client, coordinator: User, area: MaracArea) -> None:
    today = timezone.localdate()
    _case(area, "LST-LONG", status=CaseStatus.HEARD, last_heard_on=today - timedelta(days=400))
    _case(area, "LST-RECENT", status=CaseStatus.HEARD, last_heard_on=today - timedelta(days=30))
    _case(area, "LST-NEVER")
    assert _refs(_get(client, coordinator, "?days=365")) == ["LST-LONG"]
    assert sorted(_refs(_get(client, coordinator, "?days=30"))) == ["LST-LONG", "LST-RECENT"]
    assert sorted(_refs(_get(client, coordinator, "?days=0"))) == ["LST-LONG", "LST-RECENT"]


def test_reference_search_finds_part_of_a_reference(client: Client, coordinator: User, area: MaracArea) -> None:
    _case(area, "FRN-2026-0042")
    _case(area, "FRN-2026-0043")
    assert _refs(_get(client, coordinator, "?reference=026-0042")) == ["FRN-2026-0042"]
    assert len(_refs(_get(client, coordinator, "?reference=frn"))) == 2  # any case


# --- Sorts and pages ---------------------------------------------------------------------------


def test_each_sort_both_ways(client: Client, coordinator: User, area: MaracArea) -> None:
    now, today = timezone.now(), timezone.localdate()
    _case(area, "LST-B", created_at=now - timedelta(days=3), status=CaseStatus.HEARD, last_heard_on=today)
    _case(area, "LST-C", created_at=now - timedelta(days=1))
    _case(area, "LST-A", created_at=now - timedelta(days=2), status=CaseStatus.HEARD, last_heard_on=date(2025, 1, 6))
    expected = {
        "referred": ["LST-C", "LST-A", "LST-B"],
        "reference": ["LST-C", "LST-B", "LST-A"],
        "last-heard": ["LST-B", "LST-A", "LST-C"],  # most recently heard first, never heard last
    }
    for sort, newest_first in expected.items():
        assert _refs(_get(client, coordinator, f"?sort={sort}&order=desc")) == newest_first, sort
        ascending = _refs(_get(client, coordinator, f"?sort={sort}&order=asc"))
        assert ascending == list(reversed(newest_first)), sort  # never heard first: waiting longest


def test_pages_of_fifty_keep_the_filters(client: Client, coordinator: User, area: MaracArea) -> None:
    Case.objects.bulk_create(
        Case(area=area, reference=f"LST-{k:03d}", victim=PersonFactory(), status=CaseStatus.HEARD) for k in range(120)
    )
    query = "?status=heard&sort=reference&order=asc"
    first = _get(client, coordinator, query)
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 120
    assert "status=heard&amp;sort=reference&amp;order=asc&amp;page=2" in first.content.decode()
    third = client.get(f"{URL}{query}&page=3")
    assert _refs(third)[0] == "LST-100"
    assert len(third.context["rows"]) == 20
    assert _refs(client.get(f"{URL}{query}&page=99")) == _refs(third)  # past the end: the last page


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?days=-1", "Enter a number of days of 0 or more"),
        ("?days=abc", "Enter the number of days as a whole number"),
        ("?days=99999999999999999999", "or fewer"),
        ("?status=bogus", "Select statuses from the list"),
        ("?meeting=999999", "Select a meeting from the list"),
        ("?meeting=abc", "Select a meeting from the list"),
        ("?meeting=99999999999999999999", "Select a meeting from the list"),
        ("?area=99999999999999999999", "Select one of your MARAC areas"),
        ("?reference=ab%00cd", "must not contain null characters"),
        ("?repeat=maybe", "Select either, yes or no"),
        ("?sort=victim", "Select what to sort by from the list"),
        ("?order=sideways", "Select an order from the list"),
        ("?reference=ab", "Enter at least 3 characters"),
        ("?reference=" + "x" * 41, "40 characters or fewer"),
        ("?area=abc", "Select one of your MARAC areas"),
    ],
)
def test_bad_input_gets_the_error_summary_not_a_500(
    client: Client, coordinator: User, area: MaracArea, query: str, message: str
) -> None:
    _case(area, "LST-0001")
    response = _get(client, coordinator, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert response.context["rows"] == []


def test_a_meeting_of_another_area_is_refused(client: Client, coordinator: User, area: MaracArea) -> None:
    theirs = meeting_on(MaracAreaFactory(), timezone.localdate())
    assert _get(client, coordinator, f"?meeting={theirs.pk}").status_code == 400


def test_a_page_that_is_not_a_number_is_the_first(client: Client, coordinator: User, area: MaracArea) -> None:
    _case(area, "LST-0001")
    response = _get(client, coordinator, "?page=abc")
    assert response.status_code == 200
    assert response.context["page"].number == 1


# --- Audit and queries -------------------------------------------------------------------------


def test_the_read_is_audited_with_the_case_ids_shown(client: Client, coordinator: User, area: MaracArea) -> None:
    shown = [_case(area, f"LST-{k}").pk for k in range(3)]
    _get(client, coordinator, "?reference=LST-1")
    event = AuditEvent.objects.filter(actor=coordinator, verb=AuditVerb.LIST, object_type="cases.case").get()
    assert event.detail == {"page": "case-list", "cases": [shown[1]], "page_number": 1}
    assert "LST-1" not in str(event.detail)  # what was searched for is not kept


def _queries(client: Client, user: User, query: str) -> int:
    client.get(f"{URL}{query}")  # warm up
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{URL}{query}").status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("query", ["", "?repeat=yes&children=yes&outstanding=yes&days=0&sort=last-heard"])
def test_query_count_is_the_same_for_1_and_60_cases(
    client: Client, coordinator: User, area: MaracArea, query: str
) -> None:
    sign_in_verified(client, coordinator)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=7))

    def add(k: int) -> None:
        case = _case(area, f"LST-{k:03d}", status=CaseStatus.HEARD, last_heard_on=date(2026, 1, 1))
        _child(case)
        _referral(case, repeat=True)
        _action(case, coordinator)
        list_case(meeting, case)

    add(0)
    one = _queries(client, coordinator, query)
    for k in range(1, 60):
        add(k)
    assert len(client.get(f"{URL}{query}").context["rows"]) == 50
    assert _queries(client, coordinator, query) == one


def test_the_count_stops_at_the_cap(
    client: Client, coordinator: User, area: MaracArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cases.caselist.selectors.COUNT_CAP", 60)
    Case.objects.bulk_create(Case(area=area, reference=f"LST-{k:03d}", victim=PersonFactory()) for k in range(70))
    response = _get(client, coordinator)
    assert response.context["capped"]
    assert "of more than 60: add a filter to narrow the list" in response.content.decode()
