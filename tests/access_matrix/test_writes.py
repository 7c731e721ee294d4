"""The access matrix, writes: POST every route as every persona in every situation it names.

Each POST runs in a transaction rolled back after it, so no write changes the
next. A write the table refuses (anything but ``ok``) must leave the main
tables as they were (row counts and statuses).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from tests.access_matrix.harness import CHECKED, Mismatches, Target, each_persona, snapshot, targets
from tests.access_matrix.personas import classify
from tests.access_matrix.routes import BODIES, IF_MATCH, JSON_BODIES
from tests.access_matrix.table import TABLE
from tests.access_matrix.world import MatrixWorld
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db

Matrix = tuple[MatrixWorld, dict[str, Client]]


def _post(client: Client, target: Target, world: MatrixWorld) -> HttpResponse:
    situation = world["draft"] if target.situation == "-" else world[target.situation]
    if target.route in JSON_BODIES:
        body = JSON_BODIES[target.route](situation, world)
        if_match = IF_MATCH[target.route](situation, world) if target.route in IF_MATCH else None
        headers = {"If-Match": if_match} if if_match else {}
        return client.post(target.url, body, content_type="application/json", headers=headers)
    return client.post(target.url, BODIES[target.route](situation, world) if target.route in BODIES else {})


def _write(client: Client, target: Target, persona: str, want: str, world: MatrixWorld, found: Mismatches) -> None:
    with transaction.atomic():
        before = snapshot() if want != "ok" else None
        response = _post(client, target, world)
        got = classify(response, write=True)
        found.check(target, "post", persona, want, got)
        if before is not None and snapshot() != before:
            found.add(target, "post", persona, f"refused ({got}) but it changed the data")
        transaction.set_rollback(True)
    CHECKED["writes"] += 1


@pytest.mark.parametrize("route", sorted(TABLE))
def test_writes_match_the_table(matrix: Matrix, route: str) -> None:
    world, clients = matrix
    row, found = TABLE[route], Mismatches()
    for target in targets(route, row, world):
        for persona, want in each_persona(row, "post", target):
            client = clients[persona]
            if route == "sign-out" and persona != "anonymous":
                client = sign_in_verified(Client(), world.users[persona])  # signing out ends the session
            _write(client, target, persona, want, world, found)
    assert not found.lines, found.report(route)
