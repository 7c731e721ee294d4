"""The access matrix's world: built once for the package (reads and writes), rolled back at its end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.access_matrix.harness import CHECKED
from tests.access_matrix.personas import clients
from tests.access_matrix.world import MatrixWorld, build_matrix_world


@pytest.fixture(scope="package")
def matrix(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[MatrixWorld, dict[str, Client]]]:
    """The world and one signed-in client per persona, built once and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_matrix_world()
        yield world, clients(world)
        transaction.set_rollback(True)
    print(f"access matrix: {CHECKED['reads'] + CHECKED['writes']} combinations")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The number of combinations the access matrix checked, in the summary."""
    total = CHECKED["reads"] + CHECKED["writes"]
    if total:
        terminalreporter.write_line(
            f"access matrix: {total} combinations ({CHECKED['reads']} reads, {CHECKED['writes']} writes)"
        )
