"""Apply the agenda's suggested order (``cases.meetings.order.rules``) in one click.

The write is ``agenda_reorder``'s: the coordinator's or chair's, version-checked, one transaction, its
audit event. The coordinator can reorder afterwards with the agenda's own controls.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.meetings.order.rules import suggested_key
from cases.meetings.schedule import OPEN_STATUSES
from cases.models import CaseParty, Meeting, PartyRole
from marac.models import User
from marac.versioning import lock_version

NOT_REORDERABLE = "The agenda can no longer be reordered: the meeting has started, been held or been cancelled"


def suggested_order(meeting: Meeting, user: User) -> list[int]:
    """The meeting's item ids in the suggested order. Cases the user declared a conflict of interest on
    keep their places (they cannot move them); the others fill the remaining places in order."""
    children = CaseParty.objects.filter(case_id=OuterRef("case_id"), role=PartyRole.CHILD)
    rows = list(
        meeting.items.annotate(has_children=Exists(children))
        .order_by("position", "id")
        .values_list("pk", "has_children", "case__last_heard_on")
    )
    visible = set(meeting_selectors.agenda_items_for_user(meeting, user).values_list("pk", flat=True))
    movable = sorted(
        (row for row in rows if row[0] in visible),
        key=lambda row: suggested_key(has_children=row[1], last_heard_on=row[2], meeting_date=meeting.date),
    )
    placed = iter(movable)
    return [row[0] if row[0] not in visible else next(placed)[0] for row in rows]


def agenda_apply_suggested_order(*, user: User, meeting: Meeting, expected_version: int | None) -> bool:
    """Put the agenda in the suggested order. Returns whether anything moved. Refused once the
    meeting has started (``NOT_REORDERABLE``); ``StaleVersionError`` if the agenda changed since the
    coordinator loaded it."""
    meeting_services.require_coordinator(user, meeting)
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)  # held to the end: the order is computed on it
        if locked.status not in OPEN_STATUSES:
            raise ValidationError({"meeting": NOT_REORDERABLE})
        order = suggested_order(locked, user)
        current = list(locked.items.order_by("position", "id").values_list("pk", flat=True))
        meeting_services.agenda_reorder(
            user=user, meeting=locked, order=order, expected_version=locked.version, detail="suggested_order"
        )
    return order != current
