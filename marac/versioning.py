"""Optimistic locking: every edit carries the version the editor loaded.

Editable models have an integer ``version`` column. A service locks the row,
checks that the version the user loaded is still current, changes it and
bumps the version in the same transaction, so a stale editor gets a
``StaleVersionError`` (409 on pages, 412 on the API) and never overwrites
someone else's change without seeing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.db import models

from marac.http import parse_id


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
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    # Every versioned model has a ``version`` field; typing cannot say "a Model with it".
    if expected_version is not None and locked.version != expected_version:  # type: ignore[attr-defined]
        raise StaleVersionError
    return locked


def bump_version(obj: models.Model, fields: Iterable[str] = ()) -> None:
    """Save ``fields`` of ``obj`` and its next version, in one UPDATE.

    ``obj`` is the row ``lock_version`` returned: it is locked until the
    transaction ends, so its version is current and the increment is safe.
    Its ``auto_now`` fields (``updated_at``) are saved too: every change
    touches them.
    """
    touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.version += 1  # type: ignore[attr-defined]  # a versioned model (see lock_version)
    obj.save(update_fields=list(dict.fromkeys([*fields, "version", *touched])))


def parse_version(value: object) -> int | None:
    """The version posted by a form or sent in ``If-Match``, or None if absent or malformed."""
    return parse_id(str(value or "").strip().strip('"'))
