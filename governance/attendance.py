"""Attendance at the meetings held: each invited agency's record, and the
agencies missing repeatedly (part of the governance figures)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef

from cases.models import Attendance, AttendanceStatus, Meeting
from governance.scope import Scope
from governance.suppression import Figure

# An agency absent, sending apologies or not recorded at this many meetings is missing repeatedly.
MISSING_REPEATEDLY = 2


def attendance_figures(scope: Scope) -> dict[str, Any]:
    """Attendance by agency over held meetings (invited agencies; not recorded counts too).

    The ``attendance`` and ``missing_repeatedly`` fields of ``Figures``.
    """
    held_meetings = scope.held_meetings()
    invited = list(
        Meeting.invited_agencies.through.objects.filter(meeting__in=held_meetings)
        .values("agency_id", "agency__name")
        .annotate(n=Count("id"))
    )
    recorded = {
        (row["agency_id"], row["status"]): row["n"]
        for row in Attendance.objects.filter(meeting__in=held_meetings)
        # Only agencies still invited to that meeting (invitations can change afterwards).
        .filter(
            Exists(
                Meeting.invited_agencies.through.objects.filter(
                    meeting_id=OuterRef("meeting_id"), agency_id=OuterRef("agency_id")
                )
            )
        )
        .values("agency_id", "status")
        .annotate(n=Count("id"))
    }
    attendance = []
    missing = []
    for row in sorted(invited, key=lambda r: r["agency__name"]):
        counts = {status: recorded.get((row["agency_id"], status), 0) for status in AttendanceStatus.values}
        not_recorded = row["n"] - sum(counts.values())
        attendance.append(
            {
                "agency": row["agency__name"],
                "invited": row["n"],
                **{k: Figure(v, suppress=False) for k, v in counts.items()},
                "not_recorded": Figure(not_recorded, suppress=False),
            }
        )
        away = counts[AttendanceStatus.ABSENT] + counts[AttendanceStatus.APOLOGIES] + not_recorded
        if away >= MISSING_REPEATEDLY:
            missing.append(row["agency__name"])
    return {"attendance": attendance, "missing_repeatedly": missing}
