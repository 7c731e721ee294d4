"""The access matrix, reads: GET every route as every persona in every situation it names.

A route the resolver knows without a row in ``table.py`` fails
``test_every_route_has_a_row``. Each route's GETs are one test; every
combination that differs from the table is listed in its failure.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.access_matrix.harness import (
    CHECKED,
    Mismatches,
    Target,
    each_persona,
    is_api,
    json_404,
    service_routes,
    targets,
)
from tests.access_matrix.personas import PERSONAS, classify
from tests.access_matrix.routes import URLS
from tests.access_matrix.table import ADMIN, TABLE
from tests.access_matrix.world import RESTRICTED_TEXT, MatrixWorld
from tests.conftest import sign_in_verified
from tests.test_url_access import _walk

pytestmark = pytest.mark.django_db

Matrix = tuple[MatrixWorld, dict[str, Client]]


def test_every_route_has_a_row() -> None:
    routes = service_routes()
    missing = sorted(routes - set(TABLE))
    assert not missing, (
        f"new routes with no row in the access matrix: {missing}. Add a row for each to TABLE in "
        "tests/access_matrix/table.py (who may GET and POST it, in which situations) and its URL to "
        "URLS in tests/access_matrix/routes.py."
    )
    assert not set(TABLE) - routes, f"rows for routes that no longer exist: {sorted(set(TABLE) - routes)}"
    assert set(URLS) == set(TABLE), f"routes without a URL builder: {sorted(set(TABLE) ^ set(URLS))}"


def _read(client: Client, target: Target, persona: str, want: str, found: Mismatches) -> None:
    response = client.get(target.url)
    got = classify(response, write=False)
    found.check(target, "get", persona, want, got)
    if got == "hidden" and is_api(target.url) and not json_404(response):
        found.add(target, "get", persona, "a 404 that is not JSON")
    readable = target.situation == "restricted" and response.status_code == 200 and not response.streaming
    if readable and RESTRICTED_TEXT in response.content.decode(errors="replace"):
        found.add(target, "get", persona, "shows the finding restricted to another agency")
    CHECKED["reads"] += 1


@pytest.mark.parametrize("route", sorted(TABLE))
def test_reads_match_the_table(matrix: Matrix, route: str) -> None:
    world, clients = matrix
    row, found = TABLE[route], Mismatches()
    for target in targets(route, row, world):
        for persona, want in each_persona(row, "get", target):
            _read(clients[persona], target, persona, want, found)
    assert not found.lines, found.report(route)


def _admin_urls() -> list[str]:
    [admin] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "admin"]
    return sorted(set(_walk(admin.url_patterns, "admin/")))


ADMIN_URLS = _admin_urls()


# The administration site's own login and logout pages only forward to the service's sign-in and sign-out.
ADMIN_FORWARDS = {"/admin/login/", "/admin/logout/"}


def test_the_administration_site_is_the_administrators(matrix: Matrix) -> None:
    """Every page of the administration site (sample ids in its URLs): the administrator is let in
    (a sample id may then answer 403, 404 or 405), everyone else is sent to sign in."""
    _, clients = matrix
    found = Mismatches()
    for url in ADMIN_URLS:
        target = Target(url, "-", url)
        for persona in PERSONAS:
            if url in ADMIN_FORWARDS and persona != "anonymous":
                continue
            response = clients[persona].get(url)
            got = classify(response, write=False)
            if persona == "administrator" and got != "signin":
                got = "ok"  # let in
            found.check(target, "get", persona, str(ADMIN.get[persona]) if persona != "anonymous" else "signin", got)
            CHECKED["reads"] += 1
    assert not found.lines, found.report("admin")


def test_the_restricted_finding_is_there_to_hide(matrix: Matrix) -> None:
    """Guards the check above: the agency that wrote the restricted finding reads it on the research page."""
    world, _ = matrix
    situation = world["restricted"]
    assert situation.item is not None
    client = sign_in_verified(Client(), world.users["housing_rep"])
    response = client.get(URLS["research-item"](situation, world) or "")
    assert response.status_code == 200
    assert RESTRICTED_TEXT in response.content.decode()
