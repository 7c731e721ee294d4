"""Actions agreed on a case at a meeting.

Through the services, recorded by the coordinator or chair ``by`` and, with a
``status``, updated by the owning agency's user:

    action = action_for(item, by=coordinator, owner=police, due=today + timedelta(days=7))
    done = action_for(item, by=coordinator, owner=police, due=soon,
                      status=ActionStatus.COMPLETED, updated_by=police_rep, note="Visited.")

As a row, for an action agreed at a meeting already held, closed on a given day:

    past_action(item, owner=police, due=date(2026, 7, 29), focus=ActionFocus.PERPETRATOR,
                created_by=coordinator, created=at(date(2026, 7, 15), 11),
                status=ActionStatus.COMPLETED, closed=at(date(2026, 7, 25)))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from actions import services as action_services
from actions.models import Action, ActionFocus, ActionStatus
from cases.models import AgendaItem
from marac.models import Agency, User

DESCRIPTION = "Visit the survivor to review the safety plan."


def action_for(
    item: AgendaItem,
    *,
    by: User,
    owner: Agency,
    due: date,
    focus: str = ActionFocus.SURVIVOR,
    description: str = DESCRIPTION,
    joint: Iterable[Agency] = (),
    status: str | None = None,
    updated_by: User | None = None,
    note: str = "",
    **extra: Any,
) -> Action:
    """An action on ``item``'s case owned by ``owner``, recorded by ``by`` through the
    action service; with ``status``, then updated to it (with ``note``) by ``updated_by``
    (``by`` unless given) through the service, so its history is the real one.

    The service asks for a due date after the meeting. Most tests' meetings are scheduled ahead of
    today, while their due dates are reckoned from today (due soon, overdue): a ``due`` on or before
    the meeting's day is recorded as the day after it, then set on the row, as ``past_action`` does
    for what the service cannot back-date."""
    recorded_due = max(due, item.meeting.date + timedelta(days=1))
    action = action_services.action_create(
        user=by,
        case=item.case,
        item=item,
        description=description,
        owner_agency=owner,
        focus=focus,
        due_date=recorded_due,
        joint_agencies=joint,
        **extra,
    )
    if recorded_due != due:
        Action.objects.filter(pk=action.pk).update(due_date=due)
        action.due_date = due
    if status is not None:
        action = action_services.action_update(user=updated_by or by, action=action, status=status, note=note)
    return action


def past_action(
    item: AgendaItem,
    *,
    owner: Agency,
    due: date,
    focus: str,
    created_by: User,
    created: datetime | None = None,
    status: str = ActionStatus.OPEN,
    closed: datetime | None = None,
    description: str = "Visit",
) -> Action:
    """An action row on ``item``'s case, agreed at ``created`` (now by default) and, when
    ``closed`` is given, closed then with ``status``: what the service cannot back-date."""
    fields: dict[str, Any] = {"created_at": created} if created is not None else {}
    return Action.objects.create(
        case=item.case,
        item=item,
        owner_agency=owner,
        description=description,
        focus=focus,
        due_date=due,
        status=status,
        created_by=created_by,
        closed_at=closed,
        **fields,
    )
