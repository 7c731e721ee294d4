"""The whole meeting's attendance saved at once (the attendance page: one row per invited agency).

Same rules as cases.services: permission, validation, one transaction, an audit event in it. Each agency's
row is checked and saved by the per-agency rules of ``cases.meetings.services``; every row is checked
before any is saved, so the coordinator sees every problem in one round and a refusal saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Attendance, Meeting
from marac.models import Agency, User
from marac.versioning import bump_version, lock_version


@dataclass(frozen=True)
class AttendanceRow:
    """One agency's attendance as entered: ``cases_attended`` only for an agency present for some cases."""

    agency: Agency
    status: str
    attendee_names: str = ""
    cases_attended: Sequence[AgendaItem] = field(default_factory=tuple)


class AttendanceRowsError(ValidationError):
    """Rows refused: ``rows`` maps each refused agency to its problems, keyed by field."""

    def __init__(self, rows: dict[Agency, dict[str, list[str]]]) -> None:
        self.rows = rows
        super().__init__(
            [f"{agency.name}: {text}" for agency, fields in rows.items() for texts in fields.values() for text in texts]
        )


def attendance_record_all(
    *, user: User, meeting: Meeting, rows: Sequence[AttendanceRow], expected_version: int | None = None
) -> list[Attendance]:
    """Record the attendance of every agency in ``rows``; those whose attendance is already as entered
    are left alone (no save, no audit event). Every changed row is checked first: any refusal raises
    ``AttendanceRowsError`` naming every refused agency, and nothing is saved. The changed rows are then
    saved in one transaction that takes the meeting's row lock, checks ``expected_version`` once
    (``StaleVersionError`` if someone changed the meeting's record since) and moves the version on once.
    Returns the attendance saved."""
    meeting_services.require_coordinator(user, meeting)
    changed = _changed_rows(user, meeting, rows)
    checked: list[tuple[AttendanceRow, list[AgendaItem]]] = []
    refused: dict[Agency, dict[str, list[str]]] = {}
    for row in changed:
        try:
            cases = meeting_services.attendance_check(
                user=user,
                meeting=meeting,
                agency=row.agency,
                status=row.status,
                attendee_names=row.attendee_names,
                cases=row.cases_attended,
            )
        except ValidationError as exc:
            refused[row.agency] = exc.message_dict
        else:
            checked.append((row, cases))
    if refused:
        raise AttendanceRowsError(refused)
    if not checked:
        return []
    with transaction.atomic():
        locked = lock_version(meeting, expected_version)
        bump_version(locked)
        return [
            meeting_services.attendance_write(
                user=user,
                meeting=meeting,
                agency=row.agency,
                status=row.status,
                attendee_names=row.attendee_names,
                cases=cases,
            )
            for row, cases in checked
        ]


def _changed_rows(user: User, meeting: Meeting, rows: Sequence[AttendanceRow]) -> list[AttendanceRow]:
    """The rows that differ from the attendance recorded: its status, its names, or the cases the user
    may see that it was present for (cases hidden from the user by a conflict of interest stay as they are)."""
    recorded = {a.agency_id: a for a in meeting.attendance.prefetch_related("cases_attended")}
    visible = set(meeting_selectors.agenda_items_for_user(meeting, user).values_list("pk", flat=True))
    changed = []
    for row in rows:
        record = recorded.get(row.agency.pk)
        if (
            record is None
            or record.status != row.status
            or record.attendee_names != row.attendee_names
            or {item.pk for item in record.cases_attended.all()} & visible != {item.pk for item in row.cases_attended}
        ):
            changed.append(row)
    return changed
