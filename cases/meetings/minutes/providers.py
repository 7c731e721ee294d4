"""The actions agreed at a meeting, for its minutes (dependency inversion, ADR 8).

Each case's minutes carry the actions agreed for it at the meeting. Actions sit above cases in the
layers, so cases may not import them: ``actions.apps`` registers its reader here when it is ready.
Without one, the minutes carry no actions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cases.models import Meeting


@dataclass(frozen=True)
class MinutesAction:
    """One action agreed at the meeting, as the minutes show it (identifiers and the agreed text)."""

    item_id: int  # the agenda item it was agreed on
    reference: str
    owner_agency_id: int
    owner: str
    joint_agency_ids: tuple[int, ...]
    joint: tuple[str, ...]  # the joint agencies' names, in the same order
    description: str
    due_date: date
    status: str  # its status, as a label

    def involves(self, agency_id: int | None) -> bool:
        """Is ``agency_id`` the owner or one of the joint agencies?"""
        return agency_id is not None and (agency_id == self.owner_agency_id or agency_id in self.joint_agency_ids)


# A meeting -> every action agreed at it, for all its cases (one query, however many there are).
MeetingActionsReader = Callable[[Meeting], list[MinutesAction]]

_readers: list[MeetingActionsReader] = []


def register_meeting_actions(reader: MeetingActionsReader) -> None:
    """Read a meeting's actions with ``reader`` (replacing any registered before)."""
    _readers[:] = [reader]


def meeting_actions(meeting: Meeting) -> dict[int, list[MinutesAction]]:
    """Agenda item id -> the actions agreed on it at ``meeting``, by the registered reader."""
    by_item: dict[int, list[MinutesAction]] = defaultdict(list)
    for action in _readers[0](meeting) if _readers else []:
        by_item[action.item_id].append(action)
    return dict(by_item)
