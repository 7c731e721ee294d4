"""Optimistic locking: every edit carries the version the editor loaded.

Editable models have an integer ``version`` column. A service locks the row,
checks that the version the user loaded is still current, changes it and
bumps the version in the same transaction, so a stale editor gets a
``StaleVersionError`` (409 on pages, 412 on the API) and never overwrites
someone else's change without seeing it.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db import models
from django.db.models import F


class StaleVersionError(Exception):
    """Someone else saved this object since the user loaded it."""


class Versioned(Protocol):
    pk: Any
    version: int


V = TypeVar("V", bound=models.Model)


def lock_version(obj: V, expected_version: int | None) -> V:
    """Lock ``obj``'s row for this transaction and check the editor's version.

    ``expected_version`` None means the caller has no version to check (a
    service acting on its own decision, not on an editor's form).
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)  # noqa: SLF001 (Django's public API)
    if expected_version is not None and locked.version != expected_version:  # type: ignore[attr-defined]
        raise StaleVersionError
    return locked


def bump_version(obj: models.Model, fields: list[str] | tuple[str, ...] = ()) -> None:
    """Save ``fields`` with the version incremented in the database, then read the new version back."""
    type(obj)._default_manager.filter(pk=obj.pk).update(version=F("version") + 1)  # noqa: SLF001
    if fields:
        obj.save(update_fields=list(fields))
    obj.refresh_from_db(fields=["version"])


def parse_version(value: object) -> int | None:
    """The version posted by a form or sent in ``If-Match``, or None if absent or malformed."""
    text = str(value or "").strip().strip('"')
    return int(text) if text.isascii() and text.isdigit() else None
