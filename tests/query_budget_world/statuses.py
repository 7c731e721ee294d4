"""The status history of a query-budget world: n changes on the case, each by a different user, and a
case the coordinator can close, heard, with n open actions and n changes in its history."""

from __future__ import annotations

from datetime import timedelta

from cases.models import AgendaItem, Case, CaseStatus, CaseStatusChange, Meeting, StatusReason
from tests.query_budget_world.setting import Setting, police_action


def add_status_history(s: Setting, case: Case, meeting: Meeting) -> None:
    """n changes in ``case``'s status history (rows: the table allows no n changes in a row), each by a
    different user, the "another reason" ones with their words."""
    users = list(s.users.values())
    for k in range(s.n):
        CaseStatusChange.objects.create(
            case=case,
            from_status=CaseStatus.HEARD,
            to_status=CaseStatus.LISTED,
            reason=StatusReason.LISTED if k % 2 else StatusReason.OTHER,
            reason_text="" if k % 2 else f"Recorded for the budget {k}",
            changed_by=users[k % len(users)],
            meeting=meeting,
        )


def make_closable(s: Setting, case: Case, last_meeting: Meeting) -> Case:
    """``case``, heard at the last meeting, with n open actions owned by police and n history rows."""
    item = AgendaItem.objects.get(meeting=last_meeting, case=case)
    for k in range(s.n):
        police_action(s, item, s.today + timedelta(days=20 + k))
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.HEARD)
    add_status_history(s, case, last_meeting)
    case.refresh_from_db()
    return case
