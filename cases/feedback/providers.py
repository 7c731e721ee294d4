"""What the actions app tells the outcome page (dependency inversion, ADR 8).

The outcome page lists the actions agreed for a case at a meeting that involve the viewer's
agency. Actions sit above cases in the layers, so cases may not import them: ``actions.apps``
registers its reader here when it is ready. Without one, there are no actions to list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import models

from cases.models import Case, Meeting

# (case, meeting, agency id) -> the actions agreed for the case at the meeting that the agency owns or
# shares (model instances, for ``{% status_tag %}``, each with ``is_owner``), in one query however many.
AgencyActionsReader = Callable[[Case, Meeting, int], Sequence[models.Model]]

_readers: list[AgencyActionsReader] = []


def register_agency_actions(reader: AgencyActionsReader) -> None:
    """Read an agency's actions on a hearing with ``reader`` (replacing any registered before)."""
    _readers[:] = [reader]


def agency_actions(case: Case, meeting: Meeting, agency_id: int | None) -> Sequence[models.Model]:
    """The actions agreed for ``case`` at ``meeting`` that ``agency_id`` owns or shares (none without an agency)."""
    if agency_id is None or not _readers:
        return []
    return _readers[0](case, meeting, agency_id)
