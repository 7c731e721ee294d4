"""Every read of case data is audited: each page, export and API read that
shows case data writes an audit event naming who read it.

The test walks the URL resolver, so a route added later must be placed here:
in ``READS`` (requested as a user who may see it, and its audit event checked),
in ``EXEMPT`` (it shows no case data, with the reason) or in ``POST_ONLY`` (it
answers no GET, checked too). A route in none of them fails the test.

The world is the query budgets' (tests/query_budget_world): one MARAC area built
through the services, with a received case, a circulated meeting with research
and a survivor's voice, a meeting held with attendance and minutes, actions, a
draft referral, a referral to receive and a transfer. It is built once for the
module and rolled back at its end; each test runs in a savepoint of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from actions.models import Action
from cases.meetings import services as meeting_services
from cases.models import CaseTransfer, PartyRole
from cases.referrals import services as referral_services
from marac.models import AuditEvent, AuditVerb
from tests.conftest import sign_in_verified
from tests.query_budget_world import World, build_world
from tests.referral_helpers import referral_person
from tests.url_helpers import flat_patterns

pytestmark = pytest.mark.django_db

# A read is a view of one thing or of a list, or an export.
READ_VERBS = {AuditVerb.VIEW, AuditVerb.LIST, AuditVerb.EXPORT}


@dataclass(frozen=True)
class Read:
    """One route that shows case data, requested by one of the world's users."""

    route: str
    user: str
    url: Callable[[World], str]
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.route}-{self.label}" if self.label else self.route


def _meeting(name: str, *, last: bool = False) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[(w.last_meeting if last else w.next_meeting).pk])


def _item(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.next_meeting.pk, w.item.pk])


def _agreed_action(w: World) -> str:
    """Changing an action agreed at the next meeting's first case (the live page's "Change")."""
    action = Action.objects.filter(item=w.item).order_by("pk").first()
    assert action is not None
    return reverse("live-action-edit", args=[w.next_meeting.pk, w.item.pk, action.pk])


def _draft(name: str, *args: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.draft.public_id, *args])


def _governance(name: str) -> Callable[[World], str]:
    return lambda w: f"{reverse(name)}?area={w.area.pk}&quarter={w.quarter}"


def _transfer(w: World, name: str = "transfer-detail") -> str:
    transfer = CaseTransfer.objects.filter(to_area=w.area).order_by("pk").first()
    assert transfer is not None
    return reverse(name, args=[transfer.pk])


def _conflict_to_withdraw(w: World) -> str:
    """A conflict the representative declares on the next meeting's case, for the coordinator to review."""
    conflict = meeting_services.conflict_declare(
        user=w.users["representative"], case=w.item.case, connection="other", meeting=w.next_meeting
    )
    return reverse("conflict-withdraw", args=[w.next_meeting.pk, conflict.pk])


def _draft_perpetrator(w: World) -> str:
    person = referral_person(w.draft, PartyRole.PERPETRATOR)
    return reverse("referral-person", args=[w.draft.public_id, "perpetrators", person.pk])


def _waiting_for_check(w: World) -> str:
    """The practitioner's draft, sent to their representative: the representative may return it."""
    referral_services.referral_mark_ready(user=w.users["practitioner"], referral=w.draft)
    return reverse("referral-return-to-drafter", args=[w.draft.public_id])


READS = [
    Read("case-detail", "coordinator", lambda w: reverse("case-detail", args=[w.case.pk])),
    Read("case-workers", "coordinator", lambda w: reverse("case-workers", args=[w.case.pk])),
    Read("case-processes", "coordinator", lambda w: reverse("case-processes", args=[w.case.pk])),
    Read("case-needs", "coordinator", lambda w: reverse("case-needs", args=[w.case.pk])),
    Read("case-needs", "representative", lambda w: reverse("case-needs", args=[w.case.pk]), "representative"),
    Read("case-transfer", "coordinator", lambda w: reverse("case-transfer", args=[w.case.pk])),
    Read("case-close", "coordinator", lambda w: reverse("case-close", args=[w.case.pk])),
    Read("case-outcome", "practitioner", lambda w: reverse("case-outcome", args=[w.case.pk, w.last_meeting.pk])),
    Read(
        "case-outcome",
        "coordinator",
        lambda w: reverse("case-outcome", args=[w.case.pk, w.last_meeting.pk]),
        "coordinator",
    ),
    Read("transfer-detail", "coordinator", _transfer),
    Read("transfer-pack", "coordinator", lambda w: _transfer(w, "transfer-pack")),
    Read("notification-list", "coordinator", lambda w: reverse("notification-list")),
    Read("conflict-declare", "coordinator", lambda w: reverse("conflict-declare", args=[w.case.pk])),
    Read(
        "conflict-declare",
        "coordinator",
        lambda w: f"{reverse('conflict-declare', args=[w.case.pk])}?meeting={w.next_meeting.pk}",
        "from-meeting",
    ),
    Read("conflict-withdraw", "coordinator", _conflict_to_withdraw),
    Read("referral-list", "coordinator", lambda w: reverse("referral-list")),
    Read("case-list", "coordinator", lambda w: reverse("case-list")),
    Read("case-list", "chair", lambda w: f"{reverse('case-list')}?status=heard&repeat=yes&days=0", "filtered"),
    Read("referral-detail", "coordinator", lambda w: reverse("referral-detail", args=[w.submitted.public_id])),
    Read("referral-detail", "coordinator", lambda w: reverse("referral-detail", args=[w.received.public_id]), "on"),
    Read("referral-tasks", "practitioner", _draft("referral-tasks")),
    Read("referral-check", "practitioner", _draft("referral-check")),
    Read("referral-delete", "practitioner", _draft("referral-delete")),
    Read("referral-return-to-drafter", "representative", _waiting_for_check),
    *[
        Read("referral-section", "practitioner", _draft("referral-section", section), section)
        for section in ("referrer", "victim", "victim-contact", "victim-equality", "checklist", "incident", "reason")
    ],
    Read("referral-people", "practitioner", _draft("referral-people", "perpetrators")),
    Read("referral-people", "practitioner", _draft("referral-people", "children"), "children"),
    Read("referral-person-add", "practitioner", _draft("referral-person-add", "perpetrators")),
    Read("referral-person", "practitioner", _draft_perpetrator),
    Read("meeting-detail", "coordinator", _meeting("meeting-detail")),
    Read("meeting-attendance", "coordinator", _meeting("meeting-attendance", last=True)),
    Read("meeting-move", "coordinator", _meeting("meeting-move")),
    Read("meeting-cancel", "coordinator", _meeting("meeting-cancel")),
    Read("agenda-item", "coordinator", _item("agenda-item")),
    Read("item-interim", "coordinator", _item("item-interim")),
    Read("live-item", "coordinator", _item("live-item")),
    Read("live-action-edit", "chair", _agreed_action),
    Read("meeting-minutes", "coordinator", _meeting("meeting-minutes", last=True)),
    Read("meeting-minutes", "representative", _meeting("meeting-minutes", last=True), "representative"),
    Read("agenda-pdf", "coordinator", _meeting("agenda-pdf")),
    Read("minutes-pdf", "coordinator", _meeting("minutes-pdf", last=True)),
    Read("research-tracker", "coordinator", _meeting("research-tracker")),
    Read("research-item", "representative", _item("research-item")),
    Read("survivor-voice", "idaa", _item("survivor-voice")),
    Read("person-pattern", "coordinator", lambda w: reverse("person-pattern", args=[w.perpetrator.pk])),
    Read("action-list", "coordinator", lambda w: f"{reverse('action-list')}?show=all"),
    Read("action-detail", "representative", lambda w: reverse("action-detail", args=[w.action.pk])),
    Read("case-plan", "coordinator", lambda w: reverse("case-plan", args=[w.case.pk])),
    Read("case-plan", "housing", lambda w: reverse("case-plan", args=[w.case.pk]), "attending-agency"),
    Read("action-export-csv", "representative", lambda w: f"{reverse('action-export-csv')}?show=all"),
    Read("action-export-pdf", "representative", lambda w: f"{reverse('action-export-pdf')}?show=all"),
    Read("governance-dashboard", "governance", _governance("governance-dashboard")),
    Read("governance-csv", "governance", _governance("governance-csv")),
    Read("governance-pdf", "governance", _governance("governance-pdf")),
    Read("api-governance", "governance", _governance("api-governance")),
    Read("audit-log", "administrator", lambda w: reverse("audit-log")),
    Read("api-referrals", "representative", lambda w: reverse("api-referrals")),
    Read("api-referral", "representative", lambda w: reverse("api-referral", args=[w.received.public_id])),
    Read("api-agenda", "representative", lambda w: reverse("api-agenda", args=[w.next_meeting.pk])),
    Read(
        "api-item-research",
        "representative",
        lambda w: reverse("api-item-research", args=[w.next_meeting.pk, w.item.pk]),
    ),
    Read("api-actions", "representative", lambda w: f"{reverse('api-actions')}?show=all"),
    Read("api-action", "representative", lambda w: reverse("api-action", args=[w.action.pk])),
]

# Routes that answer GET but show no case data.
EXEMPT = {
    "home": "counts and links only: aggregate figures carry no personal data",
    "sign-in": "the sign-in form",
    "two-factor": "the two-factor code form",
    "two-factor-set-up": "the two-factor set-up page (the user's own device)",
    "accessibility": "a fixed information page",
    "privacy": "a fixed information page",
    "health": "the load balancer's health check",
    "api-schema": "the API's description, no data",
    "api-docs": "the API's documentation page, no data",
    "meeting-list": "meeting dates, places and case counts: no case is named",
    "api-meetings": "meeting dates and times: no case is named",
    "meeting-add": "the form to add an extra meeting",
    "referral-start": "the form to choose the area of a new referral",
    "reminder-preference": "the user's own reminder choice",
    "people-search": "GET shows the empty search form; results come only by POST, audited as a search",
    "live-start": "GET only redirects to the case's live page (live-item), which is audited",
    "token-list": "the user's own API tokens (names, prefixes, dates): no case data",
    "token-create": "the form to make an API token",
    "token-revoke": "asks to confirm revoking one of the user's API tokens: no case data",
    "service-token-create": "the form to make an API token for the agency's service account",
    "account-list": "accounts and invitations: staff of agencies, no case data",
    "account-invite": "the form to invite someone",
    "account-deactivate": "the confirmation to close an account: no case data",
    "account-review": "an agency's accounts in an area, for the quarterly check: no case data",
    "invitation-accept": "the invitee's first sign-in: their own name and a password form",
    "recovery-codes": "the user's own recovery codes",
    "outbox-undelivered": "emails not delivered: their kind, staff recipient, counts and times, no case data",
    "drafts": "the user's own text, typed and not yet saved, handed back to them only (marac/drafts/)",
}

# Routes that change something and answer no GET (checked below: 405).
POST_ONLY = {
    "sign-out",
    "session-extend",
    "outbox-undelivered-retry",
    "transfer-accept",
    "case-worker-end",
    "case-process-end",
    "referral-send",
    "referral-receive",
    "referral-return",
    "referral-review",
    "referral-person-link",
    "referral-person-remove",
    "meeting-circulate",
    "agenda-recirculate",
    "meeting-invite",
    "agenda-suggested-order",
    "agenda-move",
    "agenda-reschedule",
    "live-open",
    "live-share",
    "live-decisions",
    "live-action-add",
    "live-action-remove",
    "research-action",
    "research-agency-action",
    "research-remind",
    "api-action-updates",
    "api-circulate",
    "api-attendance",
    "invitation-resend",
    "invitation-revoke",
}


def _admin_patterns() -> set[int]:
    """The administration site's routes: its own pages (users, agencies, areas, the
    audit trail), with no case data in them, and for system administrators only."""
    [admin] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "admin"]
    return {id(p) for p in flat_patterns(admin.url_patterns)}


def _service_routes() -> list[URLPattern]:
    admin = _admin_patterns()
    return [p for p in flat_patterns() if id(p) not in admin]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(2)
        transaction.set_rollback(True)


def test_every_route_is_read_audited_exempt_or_post_only() -> None:
    routes = _service_routes()
    assert all(p.name for p in routes), "every route of the service has a name"
    names = {str(p.name) for p in routes}
    covered = {read.route for read in READS}
    placed = [covered, set(EXEMPT), POST_ONLY]
    unplaced = names - set().union(*placed)
    assert not unplaced, f"new routes: add each to READS (it shows case data), EXEMPT or POST_ONLY: {sorted(unplaced)}"
    assert not set().union(*placed) - names, "routes listed here that no longer exist"
    assert not covered & set(EXEMPT), "a route both read-audited and exempt"
    assert not covered & POST_ONLY, "a route both read-audited and POST only"
    assert not set(EXEMPT) & POST_ONLY, "a route both exempt and POST only"


@pytest.mark.parametrize("read", READS, ids=[read.id for read in READS])
def test_reading_case_data_writes_an_audit_event(world: World, read: Read) -> None:
    url = read.url(world)
    assert resolve(url.split("?")[0]).url_name == read.route
    user = world.users[read.user]
    client = sign_in_verified(Client(), user)
    before = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    response = client.get(url)
    assert response.status_code == 200, url
    events = list(AuditEvent.objects.filter(id__gt=before, actor=user))
    reads = [event for event in events if event.verb in READ_VERBS]
    assert reads, f"{read.id}: no view, list or export event; events written: {[e.verb for e in events]}"
    family_name = world.case.victim.family_name.lower()
    assert all(family_name not in json.dumps(event.detail).lower() for event in reads)


@pytest.mark.parametrize("route", sorted(POST_ONLY))
def test_post_only_routes_answer_no_get(world: World, route: str) -> None:
    [pattern] = [p for p in _service_routes() if p.name == route]
    samples = {"int": 1, "uuid": "0b0c0c0b-0c0c-4b0c-8c0c-0b0c0c0b0c0c"}
    kwargs = {
        name: samples.get(type(converter).__name__.removesuffix("Converter").lower(), "sample")
        for name, converter in pattern.pattern.converters.items()
    }
    client = sign_in_verified(Client(), world.users["coordinator"])
    assert client.get(reverse(route, kwargs=kwargs)).status_code == 405
