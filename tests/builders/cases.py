"""People in cases, as rows: the case's victim comes from ``CaseFactory``."""

from __future__ import annotations

from typing import Any

from cases.models import Case, CaseParty, PartyRole, Person
from marac.models import MaracArea
from tests.factories import CaseFactory, PersonFactory


def person_in_case(
    area: MaracArea,
    *,
    role: str = PartyRole.PERPETRATOR,
    case: Case | None = None,
    person: Person | None = None,
    **person_fields: Any,
) -> Person:
    """``person`` (a new one with ``person_fields``) named in ``case`` (a new case in
    ``area``), as the person causing harm unless ``role`` says otherwise."""
    person = person or PersonFactory(**person_fields)
    CaseParty.objects.create(case=case or CaseFactory(area=area), person=person, role=role)
    return person


def perpetrator_case(
    area: MaracArea, perpetrator: Person, *, victim: Person | None = None, relationship: str = "Ex-partner", **case: Any
) -> Case:
    """A new case in ``area`` in which ``perpetrator`` causes harm to ``victim`` (a new person by default)."""
    made = CaseFactory(area=area, victim=victim or PersonFactory(), **case)
    CaseParty.objects.create(
        case=made, person=perpetrator, role=PartyRole.PERPETRATOR, relationship_to_victim=relationship
    )
    return made
