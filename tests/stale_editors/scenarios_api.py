"""The API's edits: ``API_EDITS``, one case for each API write to an object, and its reads of one object."""

from __future__ import annotations

from django.urls import reverse

from actions.models import Action
from cases.models import Attendance, Meeting, Referral
from tests.stale_editors.place import Place
from tests.stale_editors.scenario import Edit, Scenario, circulating, last_note, new_action


def _api_action(p: Place) -> Scenario:
    action = new_action(p)
    return Scenario(
        read_url=reverse("api-action", args=[action.pk]),
        write_url=reverse("api-action-updates", args=[action.pk]),
        editors=(p.police_rep, p.police_rep_2),
        body=lambda value: {"status": "in_progress", "note": value},
        stored=lambda: last_note(action),
        first="Visited the address.",
        second="Phoned the survivor.",
    )


def _api_circulate(p: Place) -> Scenario:
    return circulating(p, "api-agenda", "api-circulate")


def _api_attendance(p: Place) -> Scenario:
    meeting = p.running()
    return Scenario(
        read_url=reverse("api-agenda", args=[meeting.pk]),
        write_url=reverse("api-attendance", args=[meeting.pk]),
        editors=(p.coordinator, p.chair),
        body=lambda value: {"agency": p.police.pk, "status": value},
        stored=lambda: str(
            Attendance.objects.filter(meeting=meeting, agency=p.police).values_list("status", flat=True).first()
        ),
        first="present",
        second="apologies",
    )


API_EDITS = [
    Edit("action update", Action, "api-action-updates", _api_action),
    Edit("circulating the agenda", Meeting, "api-circulate", _api_circulate),
    Edit("attendance", Meeting, "api-attendance", _api_attendance),
]

# API reads of one object that send no ETag, and why.
NO_ETAG: dict[str, str] = {
    "api-item-research": "a list of findings, not one object; no API writes them (pages amend each by its id)",
}
# API reads of one editable object: each sends its version as a strong ETag.
ETAG_READS = {"api-action": Action, "api-agenda": Meeting, "api-referral": Referral}
