"""Query budgets: every main page and API endpoint reads in a constant number of queries.

Two worlds of the same shape are built once for this module by
``build_world(n)`` (tests/query_budget_world): a small one (n = 2) and a large
one (n = 7). The large one has more of every row the pages list: cases on the
agenda and people in each case, referrals on a case and referrals waiting in
each list, research entries per PPMT stage, information shared at the meeting,
actions and their updates, invited agencies and their attendance, language
prompts, notifications, meetings, MARAC areas and audit events.

Each case below is one page (or API endpoint) seen by one user: it is
requested once in each world to warm up (the session, the two-factor device,
first-request caches), then again with the queries counted, and the two counts
must be exactly equal. A page whose count grows with the rows it lists has an
N+1: fix it in the selector or view (``select_related``, ``prefetch_related``,
one aggregate), never by loosening the budget here.

The worlds are built inside a transaction that is rolled back when the module
ends, and each test runs in a savepoint of its own (pytest-django's ``db``), so
whatever a request changes (an audit event, a notification read, a case's
timer started) is undone after each test and the worlds stay as built.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from actions.models import Action, ActionStatus
from cases.models import (
    CaseStatus,
    Notification,
    PartyRole,
    Referral,
    ReferralStatus,
)
from cases.referrals import services as referral_services
from marac.models import AuditVerb
from ppmt.models import (
    ResearchEntry,
    SharedInformation,
)
from ppmt.stages import PpmtStage
from tests.conftest import sign_in_verified
from tests.query_budget_world import World, build_world
from tests.query_budget_world.prepared import actions_only, between, drafts, links, new_action

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 7
SIZES = (SMALL, LARGE)


@pytest.fixture(scope="module")
def worlds(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[int, World]]:
    """Both worlds, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield {n: build_world(n) for n in SIZES}
        transaction.set_rollback(True)


# --- Measuring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page or endpoint, requested by one of the world's users."""

    name: str
    user: str
    url: Callable[[World], str]
    method: str = "get"
    # The body of a POST, or what makes it from the world.
    data: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    status: int = 200
    # Sent by htmx (HX-Request): a region of the page answers, not the whole page.
    htmx: bool = False
    # The If-Match a write sends: the current version of what it changes, read before each request.
    if_match: Callable[[World], str] | None = None
    # Set the world up for this page first (undone after the test, as everything a test changes).
    prepare: Callable[[World], None] | None = None


def _client(world: World, user: str, url: str) -> Client:
    """The API as agency systems use it (a token); the pages as a person does (signed in, two-factor done)."""
    if url.startswith("/api/"):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[user]}")
        return api
    return sign_in_verified(Client(), world.users[user])


def page_queries(world: World, page: Page) -> list[str]:
    """The SQL of one request to ``page`` in ``world``, after a warm-up request."""
    if page.prepare is not None:
        page.prepare(world)
    url = page.url(world)
    send = getattr(_client(world, page.user, url), page.method)
    data = page.data(world) if callable(page.data) else page.data
    kwargs: dict[str, Any] = {"data": data, "format": "json"} if data is not None else {}
    if page.htmx:
        kwargs["HTTP_HX_REQUEST"] = "true"
    if page.if_match is not None:
        kwargs["HTTP_IF_MATCH"] = page.if_match(world)
    assert send(url, **kwargs).status_code == page.status, url
    if page.if_match is not None:
        kwargs["HTTP_IF_MATCH"] = page.if_match(world)
    with CaptureQueriesContext(connection) as captured:
        response = send(url, **kwargs)
    assert response.status_code == page.status, url
    return [query["sql"] for query in captured.captured_queries]


def _shape(sql: str) -> str:
    """A query with its literal values (and savepoint names) taken out, to compare two worlds' queries."""
    sql = re.sub(r'"s\d+_x\d+"', "?", sql)
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(?...)", sql)


def _difference(small: list[str], large: list[str]) -> str:
    more = Counter(map(_shape, large)) - Counter(map(_shape, small))
    fewer = Counter(map(_shape, small)) - Counter(map(_shape, large))
    lines = [f"{count} more x {sql[:400]}" for sql, count in more.most_common()]
    lines += [f"{count} fewer x {sql[:400]}" for sql, count in fewer.most_common()]
    return "\n".join(lines)


def _meeting(name: str, *, last: bool = False) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[(w.last_meeting if last else w.next_meeting).pk])


def _item(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.next_meeting.pk, w.item.pk])


def _agreed(name: str) -> Callable[[World], str]:
    """An action agreed at the first case of the next meeting (its live page's Change and Remove)."""
    return lambda w: reverse(name, args=[w.next_meeting.pk, w.item.pk, Action.objects.filter(item=w.item).first().pk])


def _live_post(name: str, data: Any, status: int = 200) -> Page:
    """A region of the live page answering an htmx POST (issue 19): constant in shared items and actions."""
    return Page(f"{name}-htmx-{status}", "chair", _item(name), method="post", data=data, status=status, htmx=True)


def _governance(name: str, area: str | None = None) -> Callable[[World], str]:
    return lambda w: f"{reverse(name)}?area={area or w.area.pk}&quarter={w.quarter}"


_ALL_STATUSES = "&".join(f"status={status}" for status in CaseStatus.values)

ROLES = ("coordinator", "chair", "representative", "practitioner", "idaa", "governance", "administrator")


def _sent_to_the_representative(w: World) -> None:
    """The practitioner's draft waits for the representative's check (they may return it)."""
    referral_services.referral_mark_ready(user=w.users["practitioner"], referral=w.draft)


PAGES = [
    *[Page(f"home-{role}", role, lambda w: reverse("home")) for role in ROLES],
    Page("case", "coordinator", lambda w: reverse("case-detail", args=[w.case.pk])),
    Page("case-representative", "representative", lambda w: reverse("case-detail", args=[w.case.pk])),
    Page("case-needs", "coordinator", lambda w: reverse("case-needs", args=[w.case.pk])),
    Page("case-needs-representative", "representative", lambda w: reverse("case-needs", args=[w.case.pk])),
    Page(
        "case-needs-stale",
        "representative",
        lambda w: reverse("case-needs", args=[w.case.pk]),
        "post",
        {"kind": "interpreter", "detail": "Urdu", "version_interpreter": "0"},
        409,
    ),
    Page("case-transfer", "coordinator", lambda w: reverse("case-transfer", args=[w.case.pk])),
    # Its links to other processes (as many ended as the world has cases, and MAPPA open), and a second open
    # MAPPA link refused (the page again, with its error).
    Page("case-processes", "coordinator", lambda w: reverse("case-processes", args=[w.case.pk]), prepare=links),
    Page(
        "case-process-add-refused",
        "coordinator",
        lambda w: reverse("case-processes", args=[w.case.pk]),
        "post",
        {"process": "mappa", "started_on_day": "3", "started_on_month": "2", "started_on_year": "2026"},
        400,
        prepare=links,
    ),
    Page("case-closable", "coordinator", lambda w: reverse("case-detail", args=[w.closable.pk])),
    Page("case-close", "coordinator", lambda w: reverse("case-close", args=[w.closable.pk])),
    Page(
        "case-close-refused",
        "coordinator",
        lambda w: reverse("case-close", args=[w.closable.pk]),
        method="post",
        data={"reason": "other", "reason_text": "Kept"},  # no version: refused, open actions listed again
        status=400,
    ),
    *[
        Page(f"case-outcome-{role}", role, lambda w: reverse("case-outcome", args=[w.case.pk, w.last_meeting.pk]))
        for role in ("practitioner", "representative", "coordinator")
    ],
    Page(
        "case-outcome-frontline-unticked",
        "representative",
        lambda w: reverse("case-outcome", args=[w.case.pk, w.last_meeting.pk]),
        method="post",
        data={"told": ""},  # the box not ticked: the page again, with its error
        status=400,
    ),
    Page("meeting-list", "coordinator", lambda w: reverse("meeting-list")),
    Page("case-list", "coordinator", lambda w: reverse("case-list")),
    Page(
        "case-list-filtered",
        "coordinator",
        lambda w: f"{reverse('case-list')}?area={w.area.pk}&repeat=yes&children=yes&outstanding=yes&sort=last-heard",
    ),
    Page("case-list-all-statuses", "chair", lambda w: f"{reverse('case-list')}?{_ALL_STATUSES}&sort=reference"),
    Page("meeting-list-representative", "representative", lambda w: reverse("meeting-list")),
    Page("meeting", "coordinator", _meeting("meeting-detail")),
    Page("meeting-representative", "representative", _meeting("meeting-detail")),
    # The details to search with: the referring agency's representative sees the address and the referral's
    # link, another invited agency's neither (the same queries either way, for n cases).
    Page("meeting-other-agency", "housing", _meeting("meeting-detail")),
    Page("attendance", "coordinator", _meeting("meeting-attendance", last=True)),
    Page("meeting-move", "coordinator", _meeting("meeting-move")),
    Page("meeting-cancel", "coordinator", _meeting("meeting-cancel")),
    Page("meeting-held-refuses-a-move", "coordinator", _meeting("meeting-move", last=True)),
    Page("live-item", "chair", _item("live-item")),
    _live_post("live-share", lambda w: {"agency": w.users["housing"].agency_id, "stage": "pattern", "text": "Said."}),
    _live_post("live-share", {"text": "No agency, no stage."}, 400),
    _live_post("live-action-add", new_action),
    _live_post("live-action-add", {"action-description": "Monitor"}, 400),
    _live_post("live-decisions", {"decisions": "Refer to housing.", "action": "save"}),
    _live_post("live-decisions", {"decisions": "Stale.", "action": "save", "version": "0"}, 409),
    Page("live-action-edit-htmx", "chair", _agreed("live-action-edit"), htmx=True),
    Page("live-action-remove-htmx-409", "chair", _agreed("live-action-remove"), "post", {"version": "0"}, 409, True),
    # What the page's script reads on load to restore drafts, and sends as the chair types.
    Page("drafts-restored", "chair", lambda w: f"{reverse('drafts')}?page={_item('live-item')(w)}", prepare=drafts),
    Page(
        "draft-kept",
        "chair",
        lambda w: reverse("drafts"),
        "post",
        lambda w: {"page": _item("live-item")(w), "field": "#decisions", "text": "Housing to fit a second lock."},
        204,
        prepare=drafts,
    ),
    Page("agenda-item", "coordinator", _item("agenda-item")),
    # Work between meetings: the coordinator's page, the agency's research page and the chair's live page.
    Page("item-interim", "coordinator", _item("item-interim"), prepare=between),
    Page("item-interim-refused", "coordinator", _item("item-interim"), "post", {"text": ""}, 400, prepare=between),
    Page("research-item-between", "representative", _item("research-item"), prepare=between),
    Page("live-item-between", "chair", _item("live-item"), prepare=between),
    Page("minutes", "coordinator", _meeting("meeting-minutes", last=True)),
    Page("minutes-representative", "representative", _meeting("meeting-minutes", last=True)),
    Page("minutes-partial-attendance", "housing", _meeting("meeting-minutes", last=True)),
    Page("agenda-pdf", "coordinator", _meeting("agenda-pdf")),
    Page("agenda-pdf-representative", "representative", _meeting("agenda-pdf")),
    Page("agenda-pdf-other-agency", "housing", _meeting("agenda-pdf")),
    Page("minutes-pdf", "coordinator", _meeting("minutes-pdf", last=True)),
    Page("minutes-pdf-representative", "representative", _meeting("minutes-pdf", last=True)),
    # An agency that sent apologies receives the actions it shares (with police) on every case.
    Page("minutes-not-attended", "specialist", _meeting("meeting-minutes", last=True)),
    Page("minutes-pdf-not-attended", "specialist", _meeting("minutes-pdf", last=True)),
    *[
        Page(f"{name}-actions-only", user, _meeting(name, last=True), prepare=actions_only)
        for name in ("meeting-minutes", "minutes-pdf")
        for user in ("coordinator", "representative", "housing", "specialist")
    ],
    Page("research-tracker", "coordinator", _meeting("research-tracker")),
    Page("research-item", "representative", _item("research-item")),
    Page("research-item-other-agency", "housing", _item("research-item")),
    # A finding added in place (htmx): the findings and a new form, or the form as typed with its errors.
    *[
        Page(f"research-item-htmx-{status}", "representative", _item("research-item"), "post", data, status, True)
        for data, status in (
            ({"stage": "pattern", "text": "Two call-outs this month.", "lawful_basis": "safeguarding"}, 200),
            ({"text": "No stage, no lawful basis."}, 400),
        )
    ],
    Page("survivor-voice", "idaa", _item("survivor-voice")),
    *[
        Page(f"actions-{show}", "representative", lambda w, show=show: f"{reverse('action-list')}?show={show}")
        for show in ("outstanding", "due", "overdue", "completed", "all")
    ],
    Page("actions-coordinator", "coordinator", lambda w: f"{reverse('action-list')}?show=all"),
    Page("action", "representative", lambda w: reverse("action-detail", args=[w.action.pk])),
    Page("case-plan", "coordinator", lambda w: reverse("case-plan", args=[w.case.pk])),
    Page("case-plan-representative", "representative", lambda w: reverse("case-plan", args=[w.case.pk])),
    Page("case-plan-partial-attendance", "housing", lambda w: reverse("case-plan", args=[w.case.pk])),
    Page("actions-csv", "representative", lambda w: f"{reverse('action-export-csv')}?show=all"),
    Page("actions-pdf", "representative", lambda w: f"{reverse('action-export-pdf')}?show=all"),
    Page("referral-list", "coordinator", lambda w: reverse("referral-list")),
    Page("referral-list-representative", "representative", lambda w: reverse("referral-list")),
    Page("referral-list-practitioner", "practitioner", lambda w: reverse("referral-list")),
    Page("referral-received", "coordinator", lambda w: reverse("referral-detail", args=[w.received.public_id])),
    Page("referral-repeat", "coordinator", lambda w: reverse("referral-detail", args=[w.repeat.public_id])),
    Page("referral-to-receive", "coordinator", lambda w: reverse("referral-detail", args=[w.submitted.public_id])),
    Page("referral-check", "practitioner", lambda w: reverse("referral-check", args=[w.draft.public_id])),
    Page("referral-delete", "practitioner", lambda w: reverse("referral-delete", args=[w.draft.public_id])),
    Page(
        "referral-return-to-drafter",
        "representative",
        lambda w: reverse("referral-return-to-drafter", args=[w.draft.public_id]),
        prepare=_sent_to_the_representative,
    ),
    Page("person-pattern", "coordinator", lambda w: reverse("person-pattern", args=[w.perpetrator.pk])),
    Page("notifications", "representative", lambda w: reverse("notification-list")),
    Page("governance", "governance", _governance("governance-dashboard")),
    Page("governance-all-areas", "governance", _governance("governance-dashboard", "all")),
    Page("governance-csv", "governance", _governance("governance-csv", "all")),
    Page("governance-pdf", "governance", _governance("governance-pdf", "all")),
    Page("audit-log", "administrator", lambda w: reverse("audit-log")),
    Page("audit-log-sign-ins", "administrator", lambda w: f"{reverse('audit-log')}?verb={AuditVerb.SIGN_IN}"),
    Page("api-referrals", "representative", lambda w: reverse("api-referrals")),
    Page("api-referral", "representative", lambda w: reverse("api-referral", args=[w.received.public_id])),
    Page("api-meetings", "representative", lambda w: reverse("api-meetings")),
    Page("api-agenda", "representative", lambda w: reverse("api-agenda", args=[w.next_meeting.pk])),
    Page("api-research", "representative", lambda w: reverse("api-item-research", args=[w.next_meeting.pk, w.item.pk])),
    Page("api-actions", "representative", lambda w: f"{reverse('api-actions')}?show=all"),
    Page("api-action", "representative", lambda w: reverse("api-action", args=[w.action.pk])),
    # The actions API has no GET on an action's updates: agency systems post them.
    Page(
        "api-action-update",
        "representative",
        lambda w: reverse("api-action-updates", args=[w.action.pk]),
        method="post",
        data={"status": ActionStatus.IN_PROGRESS, "note": "Still in hand"},
        status=201,
        if_match=lambda w: f'"{Action.objects.values_list("version", flat=True).get(pk=w.action.pk)}"',
    ),
    Page("api-governance", "governance", _governance("api-governance", "all")),
]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_query_count_does_not_grow_with_rows(worlds: dict[int, World], page: Page) -> None:
    small, large = (page_queries(worlds[n], page) for n in SIZES)
    assert len(small) == len(large), (
        f"{page.name}: {len(small)} queries with n={SMALL}, {len(large)} with n={LARGE}\n{_difference(small, large)}"
    )


def test_the_large_world_has_more_of_every_row(worlds: dict[int, World]) -> None:
    """The budgets above mean something only if the large world lists more."""
    for n, world in worlds.items():
        assert world.next_meeting.items.count() == n
        assert world.last_meeting.minutes.cases.count() == n
        assert world.last_meeting.attendance.count() == 4 + n
        assert world.case.referrals.filter(status=ReferralStatus.RECEIVED).count() == n
        assert world.case.parties.filter(role=PartyRole.CHILD).count() == n - 1
        assert world.perpetrator.case_parties.count() == n
        assert world.submitted.people.count() == 2 + (n - 1)
        assert world.draft.people.count() == 2 + (n - 1)
        police_entries = ResearchEntry.objects.filter(
            submission__item=world.item, submission__agency=world.users["representative"].agency
        )
        assert police_entries.filter(stage=PpmtStage.PATTERN, superseded_by__isnull=True).count() == n - 1
        assert SharedInformation.objects.filter(item=world.item).count() == n
        assert Action.objects.filter(item=world.item).count() == n
        # The specialist service sent apologies to the last meeting and shares police's actions on each case.
        specialist = world.users["specialist"].agency
        assert not world.last_meeting.attendance.filter(agency=specialist, status__in=["present", "deputy"]).exists()
        assert Action.objects.filter(item__meeting=world.last_meeting, joint_agencies=specialist).count() > n
        assert world.action.updates.count() == 1 + n
        assert world.case.language_prompts.count() >= n
        assert Notification.objects.filter(user=world.users["representative"]).count() >= n
        assert world.users["governance"].memberships.count() == n
        assert world.users["coordinator"].memberships.count() == n
        assert world.area.transfers_in.count() == n - 1
        assert world.perpetrator.aliases.count() == n
        assert world.case.agenda_items.count() == 2 + n + (n - 1)
        assert Referral.objects.filter(area=world.area, status=ReferralStatus.SUBMITTED).count() == n
        assert world.case.status_changes.count() >= n
        assert world.closable.status_changes.count() >= n
        assert world.closable.actions.filter(status=ActionStatus.OPEN).count() >= n
