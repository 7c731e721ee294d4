"""The transfer pack of a case moving between MARACs, read only.

Who: the coordinators and chairs of the sending and the receiving area (``transfer_get_for_user``), who may
see the sending case (``case_get_for_user``: a conflict of interest on it answers 404 too). What: each held
meeting that heard the case, with its minutes of the case once the chair approved them, and every action agreed
on the case (every agency's, done and not done), the outstanding ones first. A constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import OUTSTANDING, Action
from cases import selectors as case_selectors
from cases.models import AgendaItem, CaseTransfer, MeetingStatus, MinutesCase, MinutesStatus
from marac.models import User

FINAL_MINUTES = (MinutesStatus.APPROVED, MinutesStatus.DISTRIBUTED)


@dataclass
class Hearing:
    """One meeting that heard the sending case: its minutes of the case (if approved) and the actions agreed."""

    item: AgendaItem
    minutes: str | None
    actions: list[Action] = field(default_factory=list)


@dataclass
class TransferPack:
    transfer: CaseTransfer
    hearings: list[Hearing]
    outstanding: list[Action]
    other_actions: list[Action]  # agreed outside a meeting (none today), kept so nothing is left out

    @property
    def action_count(self) -> int:
        return sum(len(hearing.actions) for hearing in self.hearings) + len(self.other_actions)


def transfer_pack_for_user(user: User, transfer_id: int | str) -> TransferPack:
    transfer = case_selectors.transfer_get_for_user(user, transfer_id)
    case_selectors.case_get_for_user(user, transfer.case_id)  # a conflict on the sending case: 404
    items = list(
        AgendaItem.objects.filter(case_id=transfer.case_id, meeting__status=MeetingStatus.HELD)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "minutes_case",
                queryset=MinutesCase.objects.filter(minutes__status__in=FINAL_MINUTES).only("id", "item_id", "text"),
            )
        )
        .order_by("meeting__date", "id")
    )
    actions = list(
        Action.objects.filter(case_id=transfer.case_id)
        .select_related("owner_agency")
        .prefetch_related("joint_agencies")
        .order_by("due_date", "id")
    )
    by_item: dict[int | None, list[Action]] = {}
    for action in actions:
        by_item.setdefault(action.item_id, []).append(action)
    hearings = [Hearing(item=item, minutes=_minutes_text(item), actions=by_item.pop(item.pk, [])) for item in items]
    leftover = [action for rest in by_item.values() for action in rest]
    return TransferPack(
        transfer=transfer,
        hearings=hearings,
        outstanding=[action for action in actions if action.status in OUTSTANDING],
        other_actions=leftover,
    )


def _minutes_text(item: AgendaItem) -> str | None:
    try:
        return item.minutes_case.text
    except MinutesCase.DoesNotExist:
        return None
