"""The governance tests' data set (tests/governance/world.py), its Q3 figures and a signed-in member."""

from __future__ import annotations

import pytest
from django.test import Client

from governance.figures import Figures, governance_figures
from tests.conftest import sign_in_verified
from tests.governance.world import Q3_END, Q3_START, World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def figures(world: World) -> Figures:
    return governance_figures(areas=[world.area], start=Q3_START, end=Q3_END)


@pytest.fixture
def gov_client(client: Client, world: World) -> Client:
    """The governance member of the area, signed in with two-factor authentication."""
    return sign_in_verified(client, world.governance)
