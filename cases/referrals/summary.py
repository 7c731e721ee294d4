"""What the referral pages show of a referral: its people in order, its summary, and who may edit it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases import selectors as case_selectors
from cases.models import PartyRole, Referral, ReferralPerson, RiskChecklist
from cases.people.scoring import Described
from cases.referrals import instruments, selectors, services
from cases.referrals.checklists import ANSWER_LABELS, Instrument, Question
from cases.referrals.checklists.answers import SOURCE_SHORT_LABELS, running_score
from cases.referrals.criteria import Reason, Thresholds
from cases.referrals.handoff.services import may_return_to_drafter
from marac import audit
from marac.http import AuthenticatedHttpRequest

ROLE_ORDER: dict[str, int] = {PartyRole.VICTIM: 0, PartyRole.PERPETRATOR: 1, PartyRole.CHILD: 2, PartyRole.HOUSEHOLD: 3}


def people_in_order(referral: Referral) -> list[ReferralPerson]:
    return sorted(referral.people.all(), key=lambda p: (ROLE_ORDER.get(p.role, 9), p.position, p.pk))


def to_match(person: ReferralPerson) -> Described:
    """A referral's person as matching reads them: names, other names, date of birth and role."""
    return Described(
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        role=person.role,
        aliases=tuple(person.aliases),
    )


def may_edit(request: AuthenticatedHttpRequest, referral: Referral) -> bool:
    return referral.drafted_by_id == request.user.pk or selectors.user_can_check(request.user, referral)


def record_view(request: AuthenticatedHttpRequest, referral: Referral, page: str) -> None:
    """The user read the referral on ``page`` (an audit event in its own transaction)."""
    audit.record_read(request, referral, page=page)


def summary_context(request: AuthenticatedHttpRequest, referral: Referral) -> dict[str, Any]:
    criteria = instruments.referral_criteria(referral)
    thresholds = Thresholds.for_area(referral.area)
    checklist = referral.checklist
    definition = instruments.instrument_definition(checklist.instrument)
    user = request.user
    # The earlier case's history is shown only if the user may see that case
    # (it may be in another area); the repeat flag itself is always shown.
    repeat_visible = bool(
        referral.repeat_of_id and case_selectors.cases_for_user(user).filter(pk=referral.repeat_of_id).exists()
    )
    repeat_history = case_selectors.case_history(referral.repeat_of) if repeat_visible and referral.repeat_of else None
    return {
        "referral": referral,
        "criteria": criteria,
        "criteria_reasons": [(r.label, r.describe(thresholds)) for r in criteria.sorted_reasons],
        "stored_reasons": [Reason(r).label for r in referral.reasons],
        "checklist_sections": checklist_sections(checklist, definition),
        "running": running_score(definition, checklist.answers, thresholds.visible_high_risk),
        "perpetrators": selectors.referral_people(referral, PartyRole.PERPETRATOR),
        "household": [p for p in referral.people.all() if p.role in (PartyRole.CHILD, PartyRole.HOUSEHOLD)],
        "victim": referral.victim,
        "can_see_contact": selectors.may_see_contact(user, referral),
        "repeat_history": repeat_history,
        "section_titles": {section.slug: section.title for section in services.SECTIONS},
        "can_return_to_drafter": may_return_to_drafter(user, referral),
    }


@dataclass(frozen=True)
class AnswerRow:
    """One checklist question as check your answers, the referral and its print show it."""

    question: Question
    answer: str
    source: str
    note: str


def checklist_sections(checklist: RiskChecklist, definition: Instrument) -> list[tuple[str, str, list[AnswerRow]]]:
    """(anchor, heading, rows): the questions counted in the score, then those recorded only (if any)."""
    rows = [
        AnswerRow(
            question=q,
            answer=ANSWER_LABELS.get(checklist.answers.get(q.id, ""), ""),
            source=SOURCE_SHORT_LABELS.get(checklist.sources.get(q.id, ""), ""),
            note=str(checklist.notes.get(q.id, "")),
        )
        for q in definition.questions
    ]
    counted = [row for row in rows if row.question.scored]
    recorded = [row for row in rows if not row.question.scored]
    if not recorded:
        return [("checklist-counted", "", counted)]
    return [
        ("checklist-counted", "Counted in the score", counted),
        ("checklist-not-counted", "Recorded, not counted in the score", recorded),
    ]
