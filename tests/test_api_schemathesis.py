"""Schemathesis against the API's own OpenAPI schema: no input answers a server error.

The schema is the one the running application serves at /api/v1/schema/ (made
in process by the same generator), and every operation in it is called, through
Django's WSGI handler, with inputs generated from it: valid ones, invalid ones
(wrong types, too long, out of range, missing) and the boundary values of each
field. A coordinator and a
police representative of one MARAC area with every kind of row
(tests/query_budget_world) make the calls, with the path ids either generated
or those of real rows they may see, so the inputs reach the serializers and the
services rather than stopping at 401 or 404.

Every answer must be below 500 and match what the schema says of it (status
code, content type, body). The examples are bounded and derandomised, so the
module runs in a few minutes on two cores and gives the same answer every time.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from marac.models import User
from tests.conftest import sign_in_verified
from tests.query_budget_world import World, build_world

pytestmark = pytest.mark.django_db

T = TypeVar("T")
USERS = ("coordinator", "representative")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Any 32 letters: Django compares the CSRF cookie with the header; the API's session authentication checks CSRF.
CSRF_SECRET = "schemathesis" + "x" * 20


def credentials(user: User) -> dict[str, dict[str, str]]:
    """How the calls authenticate as ``user``: the one place to change when the API's authentication changes.

    A two-factor-verified browser session (as tests/conftest.py's sign_in_verified) with a CSRF cookie
    and header: what the API's session authentication accepts, whatever happens to its tokens.
    """
    session = sign_in_verified(Client(), user).cookies[django_settings.SESSION_COOKIE_NAME].value
    return {
        "cookies": {django_settings.SESSION_COOKIE_NAME: session, django_settings.CSRF_COOKIE_NAME: CSRF_SECRET},
        "headers": {"X-CSRFToken": CSRF_SECRET},
    }


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One MARAC area with every kind of row; rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(2)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def logins(world: World, django_db_blocker: Any) -> dict[str, dict[str, dict[str, str]]]:
    with django_db_blocker.unblock():
        return {name: credentials(world.users[name]) for name in USERS}


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, serving on the test's database connection (as Django's test client does:
    a real server closes the connection at each request's start and end, which would end the test's transaction)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def real_rows(world: World) -> dict[str, list[Any]]:
    """For each parameter or body field naming a row, rows the users may see."""
    return {
        "meeting_id": [world.next_meeting.pk, world.last_meeting.pk],
        "item_id": [world.item.pk],
        "action_id": [world.action.pk],
        "public_id": [str(world.submitted.public_id), str(world.received.public_id), str(world.draft.public_id)],
        "query:quarter": [world.quarter],
        # The governance figures take an area's id, a referral the area's code.
        "query:area": ["all", str(world.area.pk)],
        "body:area": [world.area.code],
        # Parts of a referral the services take, so that some referrals are sent.
        "body:victim": [{"given_names": "Dana", "family_name": "Schemathesis"}],
        "body:perpetrators": [[{"given_names": "Eli"}]],
        "body:checklist": [{"answers": {f"q{i}": "yes" if i <= 14 else "no" for i in range(1, 25)}}],
        "agency": [agency.pk for agency in world.last_meeting.area.core_agencies.all()],
        "cases_attended": [[world.item.pk]],
    }


def choose(case: schemathesis.Case, purpose: str, choices: Sequence[T]) -> T:
    """One of ``choices``, the same each time for the same generated request: a choice Hypothesis does not
    make, since drawing it (@schema.given) would turn off schemathesis's coverage phase, its boundary values."""
    generated = f"{purpose}|{case.path_parameters!r}|{case.query!r}|{case.headers!r}|{case.body!r}"
    return choices[zlib.crc32(generated.encode()) % len(choices)]


def aim_at_real_rows(case: schemathesis.Case, world: World) -> None:
    """In half the requests, replace the ids and codes Hypothesis made up by those of rows the users may see,
    so that these requests reach the serializers and services rather than stop at a 404."""
    if not choose(case, "real rows", [True, False]):
        return
    rows = real_rows(world)
    containers = [("", case.path_parameters), ("query:", case.query), ("body:", case.body), ("", case.body)]
    for prefix, values in containers:
        if isinstance(values, dict):
            for name in [name for name in values if rows.get(prefix + name)]:
                values[name] = choose(case, prefix + name, rows[prefix + name])


def served_schema() -> schemathesis.BaseSchema:
    """The schema as /api/v1/schema/ serves it, generated in process by the running application's own code.

    Built while the tests are collected, before there is a database: the schema endpoint itself needs a
    signed-in user, so this renders what it would answer (tests/test_api_schema.py checks that the published
    docs/api/openapi.yaml is the same).
    """
    document = SchemaGenerator().get_schema(request=None, public=True)
    config = schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "deterministic": True},
            # The referral's many fields would give over a thousand boundary cases, most of them invalid ones;
            # the fuzzing phase sends invalid referrals too.
            "operations": [
                {
                    "include-path": "/api/v1/referrals/",
                    "include-method": "POST",
                    "phases": {"coverage": {"generation": {"mode": "positive"}}},
                }
            ],
        }
    )
    return schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)), config=config)


schema = served_schema()


# Bounded and the same every run (with the schema's "deterministic" generation): about a minute for the module.
# Health checks off: the examples share the module's world, and a request is slow by Hypothesis's measure.
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@schema.parametrize()
def test_no_api_input_answers_a_server_error(
    case: schemathesis.Case,
    app: WSGIHandler,
    world: World,
    logins: dict[str, dict[str, dict[str, str]]],
) -> None:
    who = choose(case, "user", USERS)
    aim_at_real_rows(case, world)
    case.call_and_validate(checks=CHECKS, app=app, **logins[who])


def test_the_schema_tested_is_the_one_the_application_serves(world: World) -> None:
    served = sign_in_verified(Client(), world.users["coordinator"]).get("/api/v1/schema/")
    assert served.status_code == 200
    assert yaml.safe_load(served.content) == schema.raw_schema
    assert len(list(schema.get_all_operations())) >= 11
