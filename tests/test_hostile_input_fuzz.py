"""No server error from any input: random and hostile values posted to every form and query string.

A coordinator and a police representative sign in to one MARAC area with every
kind of row (tests/query_budget_world) and follow every link from their home
page and the pages of a case's life (tests/hostile_pages.py). Hypothesis then
sends each form back with some of its fields replaced by hostile values
(Unicode digits, huge numbers, 100,000 characters of text, NUL bytes, script
and SQL payloads, formulas, several values where one is expected), adds them to
every page's query string and path ids, and posts them as JSON to the API.
Every answer must be below 500: a form error, a 404 or a redirect.

The examples are bounded and derandomised, so the module runs in well under a
minute and gives the same answer every time; the reproductions of the input
review's findings are in test_hostile_input.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from actions.models import Action
from cases.models import Meeting
from tests.conftest import sign_in_verified
from tests.hostile_pages import FoundForm, crawl
from tests.query_budget_world import World, build_world

pytestmark = pytest.mark.django_db

# The allocated IDAA reaches the survivor's voice form, which only they (or a named worker) may use.
USERS = ("coordinator", "representative", "idaa")

HOSTILE = [
    "²",
    "١٢",
    "１２",
    "99999999999999999999",
    "9" * 5000,
    "-1",
    "0",
    "1e309",
    "NaN",
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE cases_case; --",
    '=HYPERLINK("http://example.org")',
    "x" * 100_000,
    "../../etc/passwd",
    "2026-13-45",
    "9999-Q4",
    "0000-Q1",
    "true",
    "new",
    "\u202egnp.exe",
    "{}",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
# One value, or several where the page expects one (or none).
hostile_values = st.one_of(hostile_text.map(lambda v: [v]), st.lists(hostile_text, max_size=3))

QUERY_NAMES = ("meeting", "amend", "quarter", "area", "show", "page", "verb", "date_from", "date_to", "q", "next")

BOUNDED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _seeds(world: World) -> list[str]:
    meeting, item = world.next_meeting.pk, world.item.pk
    return [
        reverse("home"),
        reverse("case-detail", args=[world.case.pk]),
        reverse("meeting-detail", args=[meeting]),
        reverse("agenda-item", args=[meeting, item]),
        reverse("live-item", args=[meeting, item]),
        reverse("research-item", args=[meeting, item]),
        reverse("survivor-voice", args=[meeting, item]),
        reverse("meeting-attendance", args=[world.last_meeting.pk]),
        reverse("meeting-minutes", args=[world.last_meeting.pk]),
        reverse("referral-detail", args=[world.submitted.public_id]),
        reverse("referral-check", args=[world.draft.public_id]),
        reverse("referral-tasks", args=[world.draft.public_id]),
        reverse("referral-start"),
        reverse("action-detail", args=[world.action.pk]),
        reverse("case-transfer", args=[world.case.pk]),
        reverse("case-close", args=[world.closable.pk]),
        reverse("case-outcome", args=[world.case.pk, world.last_meeting.pk]),
        reverse("conflict-declare", args=[world.case.pk]),
        reverse("people-search"),
        reverse("governance-dashboard"),
        reverse("notification-list"),
    ]


@pytest.fixture(scope="module")
def site(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The world, and for each user the pages and forms they reach; rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world(2)
        found = {user: crawl(sign_in_verified(Client(), world.users[user]), _seeds(world)) for user in USERS}
        yield {
            "world": world,
            "pages": {u: p for u, (p, _) in found.items()},
            "forms": {u: f for u, (_, f) in found.items()},
        }
        transaction.set_rollback(True)


def _forms(site: dict[str, Any]) -> list[tuple[str, FoundForm]]:
    return [(user, form) for user in USERS for form in site["forms"][user]]


def test_the_crawl_reaches_the_forms_of_every_stage(site: dict[str, Any]) -> None:
    """The fuzzing below means something only if the crawl found the pages that take input."""
    actions = {urlsplit_path(form.action) for _, form in _forms(site)}
    world = site["world"]
    meeting, item = world.next_meeting.pk, world.item.pk
    for expected in (
        reverse("research-item", args=[meeting, item]),
        reverse("survivor-voice", args=[meeting, item]),
        reverse("agenda-item", args=[meeting, item]),
        reverse("meeting-attendance", args=[world.last_meeting.pk]),
        reverse("referral-start"),
        reverse("referral-receive", args=[world.submitted.public_id]),
        reverse("action-detail", args=[world.action.pk]),
        reverse("conflict-declare", args=[world.case.pk]),
        reverse("case-close", args=[world.closable.pk]),
        reverse("case-outcome", args=[world.case.pk, world.last_meeting.pk]),
    ):
        assert expected in actions, expected
    print(f"{len(actions)} form targets, {sum(len(p) for p in site['pages'].values())} pages")


def urlsplit_path(url: str) -> str:
    return url.split("?", 1)[0].replace("http://testserver", "")


@settings(BOUNDED, max_examples=120)
@given(data=st.data())
def test_no_form_answers_a_server_error(site: dict[str, Any], data: st.DataObject) -> None:
    user, form = data.draw(st.sampled_from(_forms(site)), label="form")
    fields = dict(form.fields)
    names = sorted(fields) or ["field"]
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True), label="replaced"):
        fields[name] = data.draw(hostile_values, label=name)
    client = sign_in_verified(Client(), site["world"].users[user])
    send = client.post if form.method == "post" else client.get
    response = send(form.action, fields)
    assert response.status_code < 500, (form.action, fields)


@BOUNDED
@given(data=st.data())
def test_no_query_string_answers_a_server_error(site: dict[str, Any], data: st.DataObject) -> None:
    user = data.draw(st.sampled_from(USERS), label="user")
    page = data.draw(st.sampled_from(site["pages"][user]), label="page")
    names = data.draw(st.lists(st.sampled_from(QUERY_NAMES), min_size=1, max_size=3, unique=True), label="names")
    params = {name: data.draw(hostile_values, label=name) for name in names}
    response = sign_in_verified(Client(), site["world"].users[user]).get(urlsplit_path(page), params)
    assert response.status_code < 500, (page, params)


@settings(BOUNDED, max_examples=30)
@given(data=st.data())
def test_no_path_id_answers_a_server_error(site: dict[str, Any], data: st.DataObject) -> None:
    user = data.draw(st.sampled_from(USERS), label="user")
    with_ids = [page for page in site["pages"][user] if re.search(r"/\d+/", page)]
    page = data.draw(st.sampled_from(with_ids), label="page")
    number = data.draw(st.sampled_from(["0", "00000000000000000001", "99999999999999999999", "9" * 400]))
    url = re.sub(r"/\d+/", f"/{number}/", urlsplit_path(page), count=1)
    response = sign_in_verified(Client(), site["world"].users[user]).get(url)
    assert response.status_code < 500, url


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(HOSTILE[:6]), inner)),
    max_leaves=6,
)


def _api_targets(world: World) -> list[tuple[str, str, tuple[str, ...]]]:
    """(user, endpoint, the fields it reads) for every API endpoint that takes input."""
    checklist = ("answers", "sources", "completed_elsewhere", "recorded_score")
    return [
        (
            "coordinator",
            reverse("api-attendance", args=[world.last_meeting.pk]),
            ("agency", "status", "attendee_names", "cases_attended"),
        ),
        ("coordinator", reverse("api-circulate", args=[world.next_meeting.pk]), ()),
        ("representative", reverse("api-action-updates", args=[world.action.pk]), ("status", "note")),
        (
            "representative",
            reverse("api-referrals"),
            (
                "area",
                "submit",
                "reason",
                "strengths",
                "consent",
                "victim",
                "perpetrators",
                "household",
                "checklist",
                *checklist,
            ),
        ),
    ]


def _current_etag(url: str) -> str:
    """The If-Match naming the current version of what the write at ``url`` changes ("" for a create)."""
    kwargs = resolve(url).kwargs
    if "action_id" in kwargs:
        version = Action.objects.values_list("version", flat=True).get(pk=kwargs["action_id"])
    elif "meeting_id" in kwargs:
        version = Meeting.objects.values_list("version", flat=True).get(pk=kwargs["meeting_id"])
    else:
        return ""
    return f'"{version}"'


@BOUNDED
@given(data=st.data())
def test_no_api_input_answers_a_server_error(site: dict[str, Any], data: st.DataObject) -> None:
    world = site["world"]
    user, url, names = data.draw(st.sampled_from(_api_targets(world)), label="endpoint")
    body = {name: data.draw(json_values, label=name) for name in names if data.draw(st.booleans())}
    api = APIClient()
    api.force_authenticate(world.users[user])
    if_match = data.draw(st.sampled_from(["", "²", '"1"', "99999999999999999999", 'W/"1"', "*", "current"]))
    if if_match == "current":  # the current version, so that the body reaches the serializers and services
        if_match = _current_etag(url)
    response = api.post(url, body, format="json", HTTP_IF_MATCH=if_match)
    assert response.status_code < 500, (url, body)
