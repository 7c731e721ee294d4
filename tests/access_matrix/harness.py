"""Requesting one route as every persona in every situation, and comparing with the table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver

from actions.models import Action, ActionUpdate
from cases.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseTransfer,
    ConflictOfInterest,
    Meeting,
    Minutes,
    Referral,
    ReferralPerson,
)
from ppmt.models import ResearchEntry, ResearchSubmission, SharedInformation, SurvivorVoice
from tests.access_matrix.cells import NONE, Row, expected
from tests.access_matrix.personas import PERSONAS
from tests.access_matrix.routes import URLS
from tests.access_matrix.world import MatrixWorld, Situation
from tests.url_helpers import flat_patterns

# How many combinations (route x persona x situation x method) the matrix checked in this run.
CHECKED = {"reads": 0, "writes": 0}

# The tables a refused write must leave as they were: their row counts and, for those with a
# status, every row's status (in one query).
WATCHED = [Referral, ReferralPerson, Case, CaseTransfer, Meeting, AgendaItem, Attendance, ConflictOfInterest]
WATCHED += [Minutes, Action, ActionUpdate, ResearchSubmission, ResearchEntry, SurvivorVoice, SharedInformation]
_STATUS = [Referral, Case, CaseTransfer, Meeting, Minutes, Action, ResearchSubmission]


def _snapshot_sql() -> str:
    """One query: the watched tables' row counts and statuses (table names from the models, no input)."""
    tables = [connection.ops.quote_name(m._meta.db_table) for m in WATCHED]
    statuses = [connection.ops.quote_name(m._meta.db_table) for m in _STATUS]
    parts = [f"(SELECT count(*) FROM {t})" for t in tables]  # noqa: S608
    parts += [f"(SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM {t})" for t in statuses]  # noqa: S608
    return "SELECT " + ", ".join(parts)


SNAPSHOT_SQL = _snapshot_sql()


def snapshot() -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOT_SQL)
        row = cursor.fetchone()
    return tuple(row)


def admin_patterns() -> list[URLPattern]:
    [admin] = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "admin"]
    return flat_patterns(admin.url_patterns)


def service_routes() -> set[str]:
    """The names of every route of the service outside the administration site."""
    admin = {id(p) for p in admin_patterns()}
    return {str(p.name) for p in flat_patterns() if id(p) not in admin}


@dataclass
class Target:
    """One route in one situation: its URL."""

    route: str
    situation: str
    url: str


def targets(route: str, row: Row, world: MatrixWorld) -> Iterator[Target]:
    for name in row.situations:
        situation: Situation = world["draft"] if row.situations == NONE else world[name]
        url = URLS[route](situation, world)
        assert url is not None, f"{route}: the world has no object for the situation {name!r}"
        yield Target(route, name, url)


@dataclass
class Mismatches:
    """What differed from the table, one line each."""

    lines: list[str] = field(default_factory=list)

    def check(self, target: Target, method: str, persona: str, want: str, got: str) -> None:
        if want != got:
            self.lines.append(
                f"{target.route} | {target.situation} | {persona} | {method.upper()}: expected {want}, got {got}"
            )

    def add(self, target: Target, method: str, persona: str, text: str) -> None:
        self.lines.append(f"{target.route} | {target.situation} | {persona} | {method.upper()}: {text}")

    def report(self, route: str) -> str:
        return (
            f"{len(self.lines)} combinations of {route!r} differ from tests/access_matrix/table.py "
            "(route | situation | persona | method):\n" + "\n".join(self.lines)
        )


def is_api(url: str) -> bool:
    return url.startswith("/api/")


def json_404(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def each_persona(row: Row, method: str, target: Target) -> Iterator[tuple[str, str]]:
    """(persona, expected outcome) for every persona."""
    for persona in PERSONAS:
        yield persona, expected(row, method, persona, target.situation)
