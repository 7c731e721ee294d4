"""The stale editors' fixture: a fresh place for each test."""

from __future__ import annotations

import pytest

from tests.stale_editors.place import Place, make_place


@pytest.fixture
def place(db: None) -> Place:
    return make_place()
