"""PPMT research, the survivor's voice and information shared at the meeting.

Through the services, as the agency's user ``by`` (a draft until submitted):

    entry = finding(item, by=police_rep, stage=PpmtStage.PATTERN, text="Breached bail twice.")
    submitted_research(item, by=police_rep, findings=[{"text": "Known to police."}])
    survivor_voice(item, by=idaa, strengths="She keeps a safe phone.")

As rows, for a meeting already held or a research status set by hand:

    research(item, housing, entries=[{"stage": "protective", "text": "Finding"}])
    research_entry(item, police, PpmtStage.PATTERN, "Restricted.", restricted_to=[health])
    recorded_voice(item, recorded_by=coordinator, strengths="Changed the locks")
    shared_information(item, police, PpmtStage.PATTERN, "He tracked her phone.", on=today)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils import timezone

from cases.models import AgendaItem
from marac.models import Agency, User
from ppmt import services as research_services
from ppmt.models import (
    LawfulBasis,
    ResearchEntry,
    ResearchStatus,
    ResearchSubmission,
    SharedInformation,
    SurvivorVoice,
)
from ppmt.stages import PpmtStage
from tests.builders.days import at
from tests.builders.grants import voice_recorder
from tests.factories import UserFactory

RESTRICTION_REASON = "Live police investigation"


def finding(
    item: AgendaItem,
    *,
    by: User,
    stage: str = PpmtStage.PATTERN,
    text: str = "Breached bail twice in October.",
    lawful_basis: str = LawfulBasis.SAFEGUARDING,
    **fields: Any,
) -> ResearchEntry:
    """A finding of ``by``'s agency, saved through the research service (other
    ``research_entry_save`` arguments as ``fields``: ``restricted_to``, ``replaces``...)."""
    return research_services.research_entry_save(
        user=by, item=item, stage=stage, text=text, lawful_basis=lawful_basis, **fields
    )


def submitted_research(item: AgendaItem, *, by: User, findings: Iterable[Mapping[str, Any]]) -> list[ResearchEntry]:
    """``findings`` (each the keyword arguments of ``finding``) saved and submitted by ``by``."""
    entries = [finding(item, by=by, **fields) for fields in findings]
    research_services.research_submit(user=by, item=item)
    return entries


def survivor_voice(item: AgendaItem, *, by: User, **data: Any) -> SurvivorVoice:
    """The survivor's voice recorded by ``by`` (the IDAA, or another worker) through the service;
    contact made unless ``data`` says otherwise. ``by`` is first named on the case to record it
    (the allocated IDAA, or the fallback worker) if they are not already."""
    voice_recorder(item.case, by)
    return research_services.survivor_voice_save(
        user=by, item=item, data={"contact_made": True, **data}, expected_version=None
    )


def research(
    item: AgendaItem,
    agency: Agency,
    *,
    entries: Iterable[Mapping[str, Any]],
    status: str = ResearchStatus.SUBMITTED,
    created_by: User | None = None,
) -> list[ResearchEntry]:
    """The agency's research on ``item`` as rows: its submission (``status`` when new) and
    ``entries``, each a mapping of entry fields with ``stage`` and ``text`` at least. An entry
    with ``restricted_to`` agencies is restricted (for ``RESTRICTION_REASON`` unless it gives
    one). Written by ``created_by`` (by default a new user of the agency)."""
    submission, _ = ResearchSubmission.objects.get_or_create(item=item, agency=agency, defaults={"status": status})
    author = created_by or UserFactory(agency=agency)
    return [_entry(submission, author, **fields) for fields in entries]


def _entry(
    submission: ResearchSubmission,
    created_by: User,
    *,
    stage: str,
    text: str,
    lawful_basis: str = LawfulBasis.SAFEGUARDING,
    restricted_to: Iterable[Agency] = (),
    restriction_reason: str | None = None,
    **fields: Any,
) -> ResearchEntry:
    restricted_to = list(restricted_to)
    if restriction_reason is None:
        restriction_reason = RESTRICTION_REASON if restricted_to else ""
    entry = ResearchEntry.objects.create(
        submission=submission,
        stage=stage,
        text=text,
        lawful_basis=lawful_basis,
        restricted=bool(restricted_to),
        restriction_reason=restriction_reason,
        created_by=created_by,
        **fields,
    )
    if restricted_to:
        entry.restricted_to.set(restricted_to)
    return entry


def research_entry(
    item: AgendaItem,
    agency: Agency,
    stage: str,
    text: str,
    *,
    status: str = ResearchStatus.SUBMITTED,
    created_by: User | None = None,
    **fields: Any,
) -> ResearchEntry:
    """One entry of the agency's research on ``item``, as ``research`` writes it."""
    [entry] = research(
        item, agency, entries=[{"stage": stage, "text": text, **fields}], status=status, created_by=created_by
    )
    return entry


def recorded_voice(item: AgendaItem, *, recorded_by: User, **fields: Any) -> SurvivorVoice:
    """The survivor's voice on ``item`` as a row (contact made), recorded by ``recorded_by`` for their agency."""
    return SurvivorVoice.objects.create(
        item=item, contact_made=True, recorded_by=recorded_by, recorded_by_agency=recorded_by.agency, **fields
    )


def shared_information(
    item: AgendaItem,
    agency: Agency,
    stage: str,
    text: str,
    *,
    on: date | None = None,
    recorded_by: User | None = None,
) -> SharedInformation:
    """What ``agency`` shared at the meeting on ``item`` (a row), recorded at midday ``on``
    (now by default) by ``recorded_by`` (by default a new user of the agency)."""
    return SharedInformation.objects.create(
        item=item,
        agency=agency,
        stage=stage,
        text=text,
        recorded_by=recorded_by or UserFactory(agency=agency),
        recorded_at=at(on) if on else timezone.now(),
    )
