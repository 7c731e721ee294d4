"""Risk checklist instruments held as versioned data, and the criteria they give a referral."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.models import (
    ChecklistInstrument,
    Referral,
    RiskChecklist,
)
from cases.referrals import checklists
from cases.referrals.checklists.consistency import ListedPerson, answer_conflicts
from cases.referrals.criteria import Criteria, Thresholds, compute_criteria
from marac.models import MaracArea


def instrument_for_area(area: MaracArea) -> ChecklistInstrument:
    """The current version of the checklist the area uses, loading the
    shipped data file into the database the first time it is needed."""
    current = ChecklistInstrument.objects.filter(key=area.checklist, is_current=True).order_by("-loaded_at").first()
    if current is not None:
        return current
    shipped = checklists.shipped_instrument(area.checklist)
    return checklist_instrument_store(shipped_checklist_data(shipped.key, shipped.version))


def shipped_checklist_data(key: str, version: str) -> dict[str, Any]:
    for path in sorted(checklists.CHECKLIST_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") == key and data.get("version") == version:
            return dict(data)
    raise LookupError(f"no shipped checklist {key} {version}")


def checklist_instrument_store(data: dict[str, Any]) -> ChecklistInstrument:
    """Store a validated checklist version (shipped, or an area's licensed wording).

    Storing the same key and version again changes nothing: answers already
    given always keep the wording they were given against.
    """
    definition = checklists.instrument_from_data(data)
    with transaction.atomic():
        instrument, created = ChecklistInstrument.objects.get_or_create(
            key=definition.key,
            version=definition.version,
            defaults={
                "title": definition.title,
                "source": definition.source,
                "licence_note": definition.licence_note,
                "plain_words": definition.plain_words,
                "data": data,
            },
        )
        if created:
            ChecklistInstrument.objects.filter(key=definition.key).exclude(pk=instrument.pk).update(is_current=False)
    return instrument


def instrument_definition(instrument: ChecklistInstrument) -> checklists.Instrument:
    return checklists.instrument_from_data(instrument.data, source=f"{instrument.key} {instrument.version}")


def checklist_score(checklist: RiskChecklist) -> int:
    if checklist.completed_elsewhere and checklist.recorded_score is not None:
        return checklist.recorded_score
    return checklists.score(instrument_definition(checklist.instrument), checklist.answers)


def checklist_conflicts(referral: Referral, answers: dict[str, str]) -> dict[str, str]:
    """Question id -> why the answer contradicts the people listed on the referral (children, pregnancy)."""
    definition = instrument_definition(referral.checklist.instrument)
    people = [ListedPerson(p.role, p.date_of_birth, p.expected_due_date) for p in referral.people.all()]
    return answer_conflicts(definition, answers, people, on=timezone.localdate(referral.created_at))


def referral_criteria(referral: Referral) -> Criteria:
    """The criteria as they stand now (the pure function, with this referral's facts)."""
    checklist = getattr(referral, "checklist", None)
    score = checklist_score(checklist) if checklist is not None else 0
    return compute_criteria(
        score=score,
        callouts=referral.police_callouts,
        professional_judgement=referral.professional_judgement,
        rationale=referral.professional_judgement_rationale,
        is_repeat=referral.is_repeat,
        thresholds=Thresholds.for_area(referral.area),
    )


def store_criteria(referral: Referral) -> None:
    criteria = referral_criteria(referral)
    referral.score = criteria.score
    referral.reasons = [reason.value for reason in criteria.sorted_reasons]
