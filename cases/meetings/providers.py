"""What the apps above cases add to the agenda (dependency inversion).

The agenda shows each case's outstanding actions from earlier meetings, and
each researching agency its own research status. Actions and research sit
above cases in the layers (docs/adr/0008-layers.md), so cases may not import
them: each app registers its reader here when it is ready (``actions.apps``,
``ppmt.apps``). Without one, the agenda simply shows nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cases.models import AgendaItem, Meeting

# Agenda items -> {item id: outstanding actions on the item's case from earlier meetings}.
OutstandingCounter = Callable[[list[AgendaItem]], dict[int, int]]
# Agenda items -> {item id: the earliest date an action on its case from an earlier meeting has been
# persistently not completed since} (shown to the chair and the coordinators).
PersistentReader = Callable[[list[AgendaItem]], dict[int, date]]
# (meeting, agency id) -> {item id: that agency's research status, as a lower-case label}.
ResearchStatusReader = Callable[[Meeting, int], dict[int, str]]


@dataclass
class _Registered:
    outstanding: OutstandingCounter | None = None
    research_status: ResearchStatusReader | None = None
    persistent: PersistentReader | None = None


_registered = _Registered()


def register_outstanding_counter(counter: OutstandingCounter) -> None:
    """Count outstanding actions for the agenda with ``counter`` (replacing any registered before)."""
    _registered.outstanding = counter


def register_persistent_reader(reader: PersistentReader) -> None:
    """Read the actions persistently not completed for the agenda with ``reader`` (replacing any before)."""
    _registered.persistent = reader


def register_research_status(reader: ResearchStatusReader) -> None:
    """Read an agency's research status for the agenda with ``reader`` (replacing any registered before)."""
    _registered.research_status = reader


def outstanding_counts(items: list[AgendaItem]) -> dict[int, int]:
    """Agenda item id -> outstanding actions from earlier meetings, by the registered counter."""
    counter = _registered.outstanding
    return counter(items) if counter is not None else {}


def research_status(meeting: Meeting, agency_id: int) -> dict[int, str]:
    """Agenda item id -> the agency's research status on it, by the registered reader."""
    reader = _registered.research_status
    return reader(meeting, agency_id) if reader is not None else {}


def persistent_since(items: list[AgendaItem]) -> dict[int, date]:
    """Agenda item id -> since when an action on its case has not been completed, by the registered reader."""
    reader = _registered.persistent
    return reader(items) if reader is not None else {}
