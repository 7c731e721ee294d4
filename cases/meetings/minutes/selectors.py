"""What a reader receives of a meeting's minutes: the scope the coordinator chose, attendance, and the
actions agreed at the meeting (read here, decided nowhere else; the page and the PDF both read it).

- The area's coordinators and chairs receive the full minutes of every case (what was shared, the
  decisions and the actions), labelled with what the agencies receive.
- An agency that attended a case (``minuted_items_for_user``: present or deputising, the ticked cases
  when present for some, and the people named on the case) receives, with full minutes, the case's
  minutes and its actions; with actions only, its actions and nothing of what was shared.
- An agency that did not attend a case still needs the actions it owns or shares: it receives only
  those, on the cases it sees on the agenda (never one its user declared a conflict on), whatever
  the scope.

"Actions only" leaves out the decisions too: the decisions are free text that restate what was shared,
and they sit in the case's minutes text that the coordinator edits and the chair approves, so showing
them separately would pass round what the coordinator left out. A coordinator who wants the decisions
to go out chooses full minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cases.meetings import selectors as meeting_selectors
from cases.meetings.minutes.providers import MinutesAction, meeting_actions
from cases.models import Meeting, Minutes, MinutesCase, MinutesScope
from cases.selectors import user_coordinates
from marac.models import User


@dataclass(frozen=True)
class CaseMinutes:
    """One case as the reader receives it."""

    minutes_case: MinutesCase
    actions: list[MinutesAction]
    show_text: bool  # what was shared and the decisions (full minutes)
    own_actions_only: bool = False  # the reader's agency did not attend: only its own actions

    @property
    def case_id(self) -> int:
        return self.minutes_case.item.case_id


@dataclass(frozen=True)
class MinutesReceived:
    """The minutes as one reader receives them."""

    meeting: Meeting
    minutes: Minutes
    scope: str  # what the agencies receive (the meeting's choice)
    coordinating: bool
    cases: list[CaseMinutes] = field(default_factory=list)

    @property
    def received(self) -> str:
        """The scope this reader receives: coordinators and chairs always the full minutes."""
        return MinutesScope.FULL if self.coordinating else self.scope

    @property
    def shows_general(self) -> bool:
        """The general minutes (apologies, matters arising, what was said outside a case) go out with the
        full minutes only: under "actions only" they could pass round what the coordinator left out."""
        return self.received == MinutesScope.FULL

    @property
    def scope_label(self) -> str:
        return str(MinutesScope(self.scope).label)

    @property
    def has_own_actions_only(self) -> bool:
        return any(case.own_actions_only for case in self.cases)

    def audit_detail(self, **extra: Any) -> dict[str, Any]:
        """What the reader received, as identifiers: the scope and the cases (and those with own actions only)."""
        detail: dict[str, Any] = {
            "minutes_scope": self.received,
            "cases": [case.case_id for case in self.cases if not case.own_actions_only],
        }
        own = [case.case_id for case in self.cases if case.own_actions_only]
        if own:
            detail["own_actions_cases"] = own
        return {**extra, **detail}


def _own_actions_cases(
    user: User, meeting: Meeting, minutes: Minutes, actions: dict[int, list[MinutesAction]], attended: set[int]
) -> list[CaseMinutes]:
    """The cases the reader's agency did not attend but owns or shares actions on, with only those actions."""
    own = {
        item_id: [action for action in item_actions if action.involves(user.agency_id)]
        for item_id, item_actions in actions.items()
        if item_id not in attended
    }
    own = {item_id: mine for item_id, mine in own.items() if mine}
    if not own:
        return []
    visible = meeting_selectors.agenda_items_for_user(meeting, user).filter(pk__in=list(own))
    rows = (
        minutes.cases.filter(item__in=visible.values("pk"))
        .select_related("item", "item__case")
        .order_by("item__position")
    )
    return [CaseMinutes(row, own[row.item_id], show_text=False, own_actions_only=True) for row in rows]


def minutes_received(user: User, meeting: Meeting) -> MinutesReceived:
    """The minutes of ``meeting`` as ``user`` receives them (404 as ``minutes_for_user`` answers)."""
    minutes, attended = meeting_selectors.minutes_for_user(user, meeting)
    coordinating = user_coordinates(user, meeting.area_id)
    scope = meeting.minutes_scope
    full = coordinating or scope == MinutesScope.FULL
    actions = meeting_actions(meeting)
    cases = [CaseMinutes(case, actions.get(case.item_id, []), show_text=full) for case in attended]
    if not coordinating and user.agency_id:
        cases += _own_actions_cases(user, meeting, minutes, actions, {case.item_id for case in attended})
        cases.sort(key=lambda case: (case.minutes_case.item.position, case.minutes_case.item_id))
    return MinutesReceived(meeting=meeting, minutes=minutes, scope=scope, coordinating=coordinating, cases=cases)
