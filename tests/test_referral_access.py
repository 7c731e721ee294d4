"""Who may reach each referral and case page: a permission matrix.

Every URL in ``cases.urls`` is walked programmatically, GET and POST, as each
kind of user, for a referral in each state. Anything a user may not see
answers 404, never 403, or exactly what a referral or case that does not
exist would answer (a method-not-allowed or a redirect to a page that is then
404), so nothing reveals that it exists. A URL added to ``cases.urls`` is
covered automatically; one with a new kind of parameter fails until this
file says what sample values it takes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, reverse

from cases.models import Case, PartyRole, Referral, ReferralStatus
from cases.referrals import services
from cases.referrals.handoff import services as handoff
from marac.models import Role, User
from tests.builders import named_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory, UserFactory
from tests.referral_helpers import (
    draft_referral,
    fresh,
    member,
    received_referral,
    referral_person,
    submitted_referral,
    victim_details,
)
from tests.url_helpers import app_patterns

pytestmark = pytest.mark.django_db

urlpatterns = app_patterns("cases")


STATES = ("draft", "ready_for_check", "returned_by_rep", "submitted", "returned", "received")

# What each user may see: referral states, and "case" for the received referral's case.
EVERYTHING = {*STATES, "case"}
VISIBLE: dict[str, set[str]] = {
    "drafting practitioner": EVERYTHING,
    "representative, same agency": EVERYTHING,
    "representative, another agency": set(),
    # Drafts are the agency's own until sent; a returned referral stays in view.
    "coordinator": {"submitted", "returned", "received", "case"},
    "coordinator, another area": set(),
    # An IDAA sees the cases they are allocated to, and nothing of the referrals themselves.
    "allocated IDAA": {"case"},
    "IDAA, not allocated": set(),
    "governance member": set(),
    "no membership": set(),
}
USERS = list(VISIBLE)

GHOST_CASE_ID = 2_000_000_000
GHOST_PUBLIC_ID = uuid.UUID("00000000-0000-4000-8000-000000000000")
MAIN_PAGES = {"referral-detail", "case-detail"}


@dataclass
class World:
    users: dict[str, User]
    referrals: dict[str, Referral]
    case: Case
    victim_names: dict[str, str]


@pytest.fixture
def world() -> World:
    area, elsewhere = MaracAreaFactory(), MaracAreaFactory()
    agency = AgencyFactory()
    users = {
        "drafting practitioner": member(Role.PRACTITIONER, area, agency=agency),
        "representative, same agency": member(Role.REPRESENTATIVE, area, agency=agency),
        "representative, another agency": member(Role.REPRESENTATIVE, area),
        "coordinator": member(Role.COORDINATOR, area),
        "coordinator, another area": member(Role.COORDINATOR, elsewhere),
        "allocated IDAA": member(Role.IDAA, area),
        "IDAA, not allocated": member(Role.IDAA, area),
        "governance member": member(Role.GOVERNANCE, area),
        "no membership": UserFactory(),
    }
    drafter, rep, coordinator = (
        users["drafting practitioner"],
        users["representative, same agency"],
        users["coordinator"],
    )
    child = [{"given_names": "Cal", "family_name": "Childname", "school": "Example Primary"}]
    victims = {state: victim_details() for state in STATES}

    def draft(state: str) -> Referral:
        return draft_referral(drafter, area, victim=victims[state], children=child)

    ready = draft("ready_for_check")
    services.referral_mark_ready(user=drafter, referral=ready)
    back = draft("returned_by_rep")
    services.referral_mark_ready(user=drafter, referral=back)
    handoff.referral_return_to_drafter(user=rep, referral=back, note="Add the school", expected_version=None)
    returned = submitted_referral(drafter, area, representative=rep, victim=victims["returned"], children=child)
    services.referral_return(user=coordinator, referral=returned, reason="Add the school")
    referrals = {
        "draft": draft("draft"),
        "ready_for_check": fresh(ready),
        "returned_by_rep": fresh(back),
        "submitted": submitted_referral(drafter, area, representative=rep, victim=victims["submitted"], children=child),
        "returned": fresh(returned),
        "received": received_referral(
            drafter, area, representative=rep, coordinator=coordinator, victim=victims["received"], children=child
        ),
    }
    for state, referral in referrals.items():
        assert referral.status == state
    named_on(referrals["received"].case, users["allocated IDAA"], by=coordinator)
    return World(
        users=users,
        referrals=referrals,
        case=referrals["received"].case,
        victim_names={state: victims[state]["family_name"] for state in STATES},
    )


# --- Walking cases.urls ----------------------------------------------------------------------------------

GROUP_ROLES = {"perpetrators": PartyRole.PERPETRATOR, "children": PartyRole.CHILD}


def _sample_values(name: str, referral: Referral | None, case: Case | None) -> list[Any]:
    if name == "public_id":
        return [referral.public_id if referral else uuid.uuid4()]
    if name == "group":
        return list(GROUP_ROLES)
    if name == "section":
        if referral is None or referral.status == ReferralStatus.DRAFT:
            return [section.slug for section in services.SECTIONS]
        # Every section in one state; in the others, one of each kind (a form about the
        # victim, one about the referral, the checklist, and a redirect to a people page).
        return ["victim", "reason", "checklist", "perpetrators"]
    if name == "case_id":
        return [case.pk if case else GHOST_CASE_ID]
    if name == "grant_id":
        # Someone named on the case (the allocated IDAA), or an id no grant has.
        grant = case.grants.first() if case else None
        return [grant.pk if grant else GHOST_CASE_ID]
    if name == "link_id":
        # A link to another process on the case, or an id no link has.
        link = case.process_links.first() if case else None
        return [link.pk if link else GHOST_CASE_ID]
    if name == "meeting_id":
        # The meeting where the case is listed (the outcome page of a hearing), or an id no meeting has.
        item = case.agenda_items.order_by("-meeting__date").first() if case else None
        return [item.meeting_id if item else GHOST_CASE_ID]
    pytest.fail(f"a referral or case URL has a new parameter {name!r}: say here what sample values it takes")


def _kwargs_for(params: list[str], referral: Referral | None, case: Case | None) -> Iterator[dict[str, Any]]:
    combos: list[dict[str, Any]] = [{}]
    for name in params:
        if name != "person_id":
            combos = [{**combo, name: value} for combo in combos for value in _sample_values(name, referral, case)]
    for combo in combos:
        if "person_id" in params:
            # Someone of the group's role on this referral (any id will do for a referral that does not exist).
            role = GROUP_ROLES[combo["group"]] if "group" in combo else PartyRole.VICTIM
            combo["person_id"] = referral_person(referral, role).pk if referral else 1
        yield combo


def _params(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.converters)


# Referral pages (by public_id) and case pages (by case_id). Pages about other
# objects (meetings, transfers, ...) belong in their own matrices.
OBJECT_PATTERNS = [p for p in urlpatterns if {"public_id", "case_id"} & set(_params(p))]
PLAIN_PATTERNS = [p for p in urlpatterns if not _params(p)]


def test_the_walk_finds_the_pages_we_know() -> None:
    names = {p.name for p in OBJECT_PATTERNS}
    for known in ["referral-detail", "referral-section", "referral-person-remove", "referral-receive", "case-detail"]:
        assert known in names
    assert {p.name for p in PLAIN_PATTERNS} >= {"referral-list", "referral-start"}
    assert all(p.name for p in urlpatterns), "every URL in cases.urls needs a name"


@dataclass(frozen=True)
class Target:
    label: str  # a referral state, or "case"
    url: str
    ghost_url: str  # the same page for a referral or case that does not exist
    main_page: bool  # the referral's or case's own page
    swap: tuple[str, str]  # (the ghost's id, the real id) as they appear in URLs


def targets(world: World) -> Iterator[Target]:
    for pattern in OBJECT_PATTERNS:
        params = _params(pattern)
        if "case_id" in params:
            objects: list[tuple[str, Referral | None, Case | None]] = [
                ("case", world.referrals["received"], world.case)
            ]
        else:
            objects = [(state, world.referrals[state], None) for state in STATES]
        for label, referral, case in objects:
            for kwargs in _kwargs_for(params, referral, case):
                ghost = dict(kwargs)
                key = "case_id" if "case_id" in ghost else "public_id"
                ghost[key] = GHOST_CASE_ID if key == "case_id" else GHOST_PUBLIC_ID
                if "person_id" in ghost:
                    ghost["person_id"] = 1
                yield Target(
                    label,
                    reverse(pattern.name, kwargs=kwargs),
                    reverse(pattern.name, kwargs=ghost),
                    main_page=pattern.name in MAIN_PAGES,
                    swap=(str(ghost[key]), str(kwargs[key])),
                )


class _UndoError(Exception):
    def __init__(self, response: Any) -> None:
        self.response = response


def undone(send: Callable[[], Any]) -> Any:
    """Make a request and roll back whatever it changed, so every cell of the matrix starts from the same data."""
    try:
        with transaction.atomic():
            raise _UndoError(send())
    except _UndoError as undo:
        return undo.response


def _signed_in(client: Client, user: User) -> Client:
    sign_in_verified(client, user)
    client.raise_request_exception = False  # a crash is a 500 in the report, not the end of the matrix
    return client


def _same_answer(response: Any, ghost: Any, target: Target) -> bool:
    if response.status_code != ghost.status_code:
        return False
    if response.status_code in (301, 302):
        return response["Location"] == ghost["Location"].replace(*target.swap)
    return True


def _unlike_a_ghost(client: Client, target: Target, method: str, response: Any, ghosts: dict[Any, Any]) -> str:
    """How an answer that is not 404 differs from the same page's for a referral that does not exist."""
    if (method, target.ghost_url) not in ghosts:
        ghosts[method, target.ghost_url] = undone(lambda: getattr(client, method)(target.ghost_url, follow=False))
    ghost = ghosts[method, target.ghost_url]
    if not _same_answer(response, ghost, target):
        return f"differs from a referral that does not exist ({ghost.status_code})"
    if response.status_code in (301, 302):
        landed = undone(lambda: client.get(response["Location"]))
        if landed.status_code != 404:
            return f"redirects to a page that answers {landed.status_code}"
    return ""


def _problem(
    client: Client, target: Target, method: str, response: Any, visible: set[str], ghosts: dict[Any, Any]
) -> str:
    """What is wrong with one cell of the matrix ("" when nothing is)."""
    status = response.status_code
    if status >= 500:
        return "server error"
    if target.label in visible:
        # A case's own sub-pages (transfer, ...) may be for fewer people than the case page.
        if status == 404 and (target.label != "case" or target.main_page):
            return "should be visible"
        if method == "get" and target.main_page and status != 200:
            return "the page itself should answer 200"
        return ""
    if status == 404:
        return ""
    if status == 403:
        return "403 reveals that it exists; answer 404"
    return _unlike_a_ghost(client, target, method, response, ghosts)


# --- The matrix --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_permission_matrix(client, world, who) -> None:
    user = world.users[who]
    _signed_in(client, user)
    problems: list[str] = []
    ghosts: dict[tuple[str, str], Any] = {}
    for target in targets(world):
        for method in ("get", "post"):
            response = undone(lambda: getattr(client, method)(target.url, follow=False))  # noqa: B023
            problem = _problem(client, target, method, response, VISIBLE[who], ghosts)
            if problem:
                problems.append(f"{method.upper()} {target.url} [{target.label}] -> {response.status_code}: {problem}")
    assert not problems, f"{who}:\n" + "\n".join(problems)


def test_pages_without_an_object_never_refuse_or_show_others_referrals(client, world) -> None:
    # One test for every user: the data is built once.
    for who in USERS:
        _signed_in(client, world.users[who])
        for pattern in PLAIN_PATTERNS:
            url = reverse(pattern.name)
            for method in ("get", "post"):
                response = undone(lambda: getattr(client, method)(url))  # noqa: B023
                assert response.status_code < 500, (who, method, url)
                assert response.status_code != 403, (who, method, url)
        html = client.get(reverse("referral-list")).content.decode()
        for state, name in world.victim_names.items():
            if state not in VISIBLE[who]:
                assert name not in html, (who, state)


CASE_PAGE = {
    "coordinator": 200,
    "drafting practitioner": 200,
    "representative, same agency": 200,
    "governance member": 404,
    "coordinator, another area": 404,
    "representative, another agency": 404,
    "allocated IDAA": 200,
    "IDAA, not allocated": 404,
    "no membership": 404,
}


def test_the_case_page(client, world) -> None:
    assert set(CASE_PAGE) == set(USERS)
    answers = {}
    for who in USERS:
        _signed_in(client, world.users[who])
        response = client.get(reverse("case-detail", args=[world.case.pk]))
        answers[who] = response.status_code
        if response.status_code == 404:
            assert world.case.reference not in response.content.decode()
            assert world.victim_names["received"] not in response.content.decode()
    assert answers == CASE_PAGE


@pytest.mark.parametrize("state", ["draft", "ready_for_check"])
def test_drafts_are_invisible_to_the_coordinator_until_sent(client, world, state) -> None:
    referral = world.referrals[state]
    _signed_in(client, world.users["coordinator"])
    assert client.get(reverse("referral-detail", args=[referral.public_id])).status_code == 404
    assert world.victim_names[state] not in client.get(reverse("referral-list")).content.decode()
    services.referral_submit(user=world.users["representative, same agency"], referral=referral)
    assert client.get(reverse("referral-detail", args=[referral.public_id])).status_code == 200
    assert world.victim_names[state] in client.get(reverse("referral-list")).content.decode()


def test_every_referral_state_is_in_the_matrix() -> None:
    assert set(STATES) == set(ReferralStatus.values)


@pytest.mark.parametrize("who", ["drafting practitioner", "representative, same agency"])
def test_only_the_coordinator_gets_the_return_form_back(client, world, who) -> None:
    referral = world.referrals["submitted"]
    _signed_in(client, world.users[who])
    response = client.post(reverse("referral-return", args=[referral.public_id]), {"reason": ""})
    assert "Receive this referral" not in response.content.decode()
    assert response.status_code == 403


@pytest.mark.parametrize("page", ["referral-tasks", "referral-check", "referral-section", "referral-person-add"])
def test_the_coordinator_is_not_offered_the_editing_pages_of_a_returned_referral(client, world, page) -> None:
    referral = world.referrals["returned"]
    kwargs: dict[str, Any] = {"public_id": referral.public_id}
    if page == "referral-section":
        kwargs["section"] = "victim"
    if page == "referral-person-add":
        kwargs["group"] = "perpetrators"
    _signed_in(client, world.users["coordinator"])
    response = client.get(reverse(page, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"] == reverse("referral-detail", args=[referral.public_id])
