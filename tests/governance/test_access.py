"""Governance access: figures only for the areas a member reviews, governance only
for governance roles, and a governance member gets 404 for every case, referral,
meeting, person, transfer and action page and API, and sees nothing of the area's
case work on any list page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from actions.models import Action
from cases.models import CaseGrant, ConflictOfInterest, PartyRole, ProcessLink
from marac.models import AuditEvent, AuditVerb, Role
from tests.conftest import sign_in_verified
from tests.factories import MembershipFactory, UserFactory
from tests.governance.outputs import pdf_text
from tests.governance.world import NAME_MARKERS, POLICE, QUARTER, REF_PREFIX, World
from tests.url_helpers import flat_patterns

pytestmark = pytest.mark.django_db


# --- Access -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/governance/", "/governance/data-return.csv", "/governance/report.pdf",
                                 "/api/v1/governance/figures/"])  # fmt: skip
def test_an_area_without_a_governance_role_is_404(gov_client: Client, world: World, url: str) -> None:
    assert gov_client.get(url, {"area": world.other_area.pk, "quarter": QUARTER}).status_code == 404
    assert gov_client.get(url, {"area": "not-a-number", "quarter": QUARTER}).status_code == 404
    assert gov_client.get(url, {"area": world.area.pk, "quarter": QUARTER}).status_code == 200


@pytest.mark.parametrize("role", [Role.REPRESENTATIVE, Role.PRACTITIONER, Role.IDAA])
@pytest.mark.parametrize("url", ["/governance/", "/governance/data-return.csv", "/governance/report.pdf",
                                 "/api/v1/governance/figures/"])  # fmt: skip
def test_roles_without_governance_get_404(client: Client, world: World, role: str, url: str) -> None:
    user = UserFactory(agency=world.agencies["police"])
    MembershipFactory(user=user, area=world.area, role=role)
    sign_in_verified(client, user)
    assert client.get(url, {"quarter": QUARTER}).status_code == 404


def test_governance_in_navigation_only_for_governance_roles(client: Client, world: World) -> None:
    sign_in_verified(client, world.governance)
    html = client.get("/").content.decode()
    assert 'href="/governance/"' in html
    # Governance sees aggregates only: no case work in the menu.
    assert 'href="/referrals/"' not in html
    assert 'href="/meetings/"' not in html
    client.logout()
    rep = UserFactory(agency=world.agencies["police"])
    MembershipFactory(user=rep, area=world.area, role=Role.REPRESENTATIVE)
    sign_in_verified(client, rep)
    assert 'href="/governance/"' not in client.get("/").content.decode()


def _sample_kwargs(pattern: URLPattern, world: World) -> list[dict[str, Any]]:
    samples: dict[str, list[Any]] = {
        "case_id": [world.cases["C1"].pk],
        "meeting_id": [world.meetings["M1"].pk],
        "item_id": [world.items["C1"].pk],
        # C5's referral came from the police, the governance member's own agency.
        "public_id": [world.referrals["C5"].public_id],
        "group": ["perpetrators", "children"],
        "section": ["victim", "reason", "checklist"],
        "person_id": [world.cases["C2"].parties.get(role=PartyRole.PERPETRATOR).person_id],
        "transfer_id": [world.transfer.pk if world.transfer else 1],
        "action_id": [world.actions["A1"].pk],
        # Someone named on a case (or an id no grant has, where nobody is).
        "grant_id": list(CaseGrant.objects.values_list("pk", flat=True)[:1]) or [1],
        # A link to another process (or an id no link has, where there is none).
        "link_id": list(ProcessLink.objects.values_list("pk", flat=True)[:1]) or [1],
        # A conflict of interest declared on a case of M1's agenda.
        "conflict_id": [
            ConflictOfInterest.objects.get_or_create(
                user=world.other_coordinator, case=world.cases["C1"], defaults={"connection": "knows"}
            )[0].pk
        ],
    }
    combos: list[dict[str, Any]] = [{}]
    for name in pattern.pattern.converters:
        assert name in samples, f"{pattern.name} has a new parameter {name!r}: give it sample values here"
        combos = [{**combo, name: value} for combo in combos for value in samples[name]]
    return combos


# The pages about case work: those served by the case, research and action apps
# (and the governance group's review of a referral, which is a page about one).
CASE_WORK_PATTERNS = [
    pattern
    for pattern in flat_patterns()
    if pattern.callback.__module__.split(".")[0] in {"cases", "ppmt", "actions"} or pattern.name == "referral-review"
]


def test_the_walk_covers_the_case_pages() -> None:
    names = {p.name for p in CASE_WORK_PATTERNS if p.pattern.converters}
    for known in ["case-detail", "referral-detail", "meeting-detail", "meeting-minutes", "minutes-pdf",
                  "live-item", "research-item", "survivor-voice", "action-detail", "person-pattern",
                  "transfer-detail", "conflict-withdraw"]:  # fmt: skip
        assert known in names, known
    assert len(names) > 30


def test_governance_member_gets_404_for_every_case_page(client: Client, world: World) -> None:
    """Every page about a case, referral, meeting, person, transfer or action: 404 to a governance
    member of the area (who works for the referring, invited police), by GET and by POST."""
    sign_in_verified(client, world.governance)
    checked = 0
    for pattern in CASE_WORK_PATTERNS:
        if not pattern.pattern.converters:
            continue
        for kwargs in _sample_kwargs(pattern, world):
            url = reverse(pattern.name, kwargs=kwargs)
            got = client.get(url).status_code
            posted = client.post(url, {}).status_code
            assert got in (404, 405), (url, "GET", got)
            assert posted in (404, 405), (url, "POST", posted)
            assert 404 in (got, posted), url
            checked += 1
    assert checked > 30
    # Nothing was created or changed on the governance member's behalf.
    assert not Action.objects.filter(created_by=world.governance).exists()
    assert not AuditEvent.objects.filter(actor=world.governance, verb__in=[AuditVerb.CREATE, AuditVerb.CHANGE])


@pytest.mark.parametrize(
    "url_name",
    ["api-referral", "api-agenda", "api-item-research", "api-attendance", "api-action", "api-action-updates"],
)
def test_governance_member_gets_404_from_the_case_apis(client: Client, world: World, url_name: str) -> None:
    kwargs = {
        "api-referral": {"public_id": world.referrals["C5"].public_id},
        "api-agenda": {"meeting_id": world.meetings["M1"].pk},
        "api-item-research": {"meeting_id": world.meetings["M1"].pk, "item_id": world.items["C1"].pk},
        "api-attendance": {"meeting_id": world.meetings["M1"].pk},
        "api-action": {"action_id": world.actions["A1"].pk},
        "api-action-updates": {"action_id": world.actions["A1"].pk},
    }[url_name]
    sign_in_verified(client, world.governance)
    url = reverse(url_name, kwargs=kwargs)
    got = client.get(url).status_code
    posted = client.post(url, {}, content_type="application/json").status_code
    # 405 only where the API has no such method; wherever it does, 404.
    assert got in (404, 405), got
    assert posted in (404, 405), posted
    assert 404 in (got, posted)


@dataclass(frozen=True)
class Answer:
    """What a governance member gets from a page listing case work."""

    status: int = 200
    says: str = ""  # what the page says when it lists nothing
    exactly: str | None = None  # the whole body, for a download or an API with nothing in it


CSV_HEADER = "Reference,Case,Action,Owning agency,For,Due,Priority,Status\r\n"

# Every page of the case, research and action apps with no object in its URL: the pages that
# do case work are 404; the lists answer, with nothing in them (the member's agency, the police,
# referred most of the cases and owns most of the actions, and is invited to every meeting).
LIST_PAGES = {
    "referral-list": Answer(says="You have not drafted any referrals."),
    "meeting-list": Answer(says="No upcoming meetings."),
    "action-list": Answer(says="No actions to show."),
    "action-export-csv": Answer(exactly=CSV_HEADER),
    "action-export-pdf": Answer(says=f"{POLICE}. 0 actions."),
    "notification-list": Answer(says="You have no notifications."),
    "reminder-preference": Answer(says="How do you want to be reminded"),  # a form: it lists nothing
    "api-referrals": Answer(exactly="[]"),
    "api-meetings": Answer(exactly="[]"),
    "api-actions": Answer(exactly="[]"),
    "referral-start": Answer(status=404),
    "meeting-add": Answer(status=404),
    "case-list": Answer(status=404),  # the coordinators' and chairs' list
    "people-search": Answer(status=404),
}


def test_governance_member_lists_show_no_cases(client: Client, world: World) -> None:
    """The list pages a governance member can reach list nothing of the area's case work."""
    sign_in_verified(client, world.governance)
    names = [pattern.name for pattern in CASE_WORK_PATTERNS if not pattern.pattern.converters]
    assert sorted(names) == sorted(LIST_PAGES), "say here what a governance member gets from a new list page"
    for name in names:
        expected = LIST_PAGES[name]
        response = client.get(reverse(name))
        assert response.status_code == expected.status, (name, response.status_code)
        is_pdf = response.get("Content-Type") == "application/pdf"
        body = pdf_text(response.content) if is_pdf else response.content.decode()
        assert expected.says in body, name
        if expected.exactly is not None:
            assert body == expected.exactly, name
        assert REF_PREFIX not in body, name
        for marker in NAME_MARKERS:
            assert marker not in body, (name, marker)
