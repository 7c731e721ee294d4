"""What the apps above cases tell the closing of a case (dependency inversion, ADR 8).

Closing a case with open actions asks the coordinator to confirm, listing them. Actions sit above
cases in the layers, so cases may not import them: ``actions.apps`` registers its reader here when
it is ready. Without one, a case has no open actions to list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cases.models import Case
from marac.versioning import fingerprint


@dataclass(frozen=True)
class OpenAction:
    """An action still open or in progress on a case, as the closing page lists it."""

    reference: str
    owner: str
    description: str
    due_date: date
    status: str


# A case -> its open and in-progress actions (one query, however many there are).
OpenActionsReader = Callable[[Case], list[OpenAction]]

_readers: list[OpenActionsReader] = []


def register_open_actions(reader: OpenActionsReader) -> None:
    """Read a case's open actions with ``reader`` (replacing any registered before)."""
    _readers[:] = [reader]


def open_actions(case: Case) -> list[OpenAction]:
    """The case's open and in-progress actions, by the registered reader."""
    return _readers[0](case) if _readers else []


def seen(actions: list[OpenAction]) -> str:
    """What identifies the list of open actions a closer was shown: a page carries it, so that closing
    after another action was agreed meanwhile asks again (the case's version does not move with actions)."""
    return fingerprint("|".join(action.reference for action in actions))
