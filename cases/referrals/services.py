"""Every change to referrals, cases and people.

Each service checks permission (raising Http404 for what the user may not
see, PermissionDenied for what they may see but not do), validates, writes
in one transaction and records the audit event in that transaction. The web
pages and the API call these same functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases import selectors as case_selectors
from cases.models import (
    CaseParty,
    PartyRole,
    Referral,
    ReferralPerson,
    ReferralStatus,
    RiskChecklist,
)
from cases.referrals import checklists, selectors
from cases.referrals.checklists.answers import validate_notes, validate_sources
from cases.referrals.instruments import (
    checklist_conflicts,
    instrument_definition,
    instrument_for_area,
    referral_criteria,
    store_criteria,
)
from cases.referrals.providers import LANGUAGE_CHECKED_FIELDS, record_prompts
from cases.referrals.repeats import detect_repeat
from marac import audit
from marac.models import AuditVerb, MaracArea, User
from marac.versioning import bump_version, lock_version


def _require_editor(user: User, referral: Referral) -> None:
    """The drafter, or their agency's representative, may edit until it is sent."""
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not referral.is_editable:
        raise PermissionDenied("This referral has been sent to the MARAC and can no longer be changed.")
    if referral.drafted_by_id != user.pk and not selectors.user_can_check(user, referral):
        raise PermissionDenied("Only the practitioner who drafted it or their agency's representative can change it.")


def _lock_editable(referral: Referral, expected_version: int | None) -> Referral:
    """Lock for an edit, checking again on the locked row: the referral may
    have been sent since the caller loaded it."""
    locked = lock_version(referral, expected_version)
    if not locked.is_editable:
        raise PermissionDenied("This referral has been sent to the MARAC and can no longer be changed.")
    return locked


def referral_start(*, user: User, area: MaracArea) -> Referral:
    """Start a draft referral to ``area`` for the user's agency."""
    if not selectors.referral_areas_for(user).filter(pk=area.pk).exists():
        raise Http404
    if user.agency_id is None:
        raise PermissionDenied("Your account is not linked to an agency. Ask your system administrator.")
    with transaction.atomic():
        referral = Referral.objects.create(area=area, referring_agency_id=user.agency_id, drafted_by=user)
        ReferralPerson.objects.create(referral=referral, role=PartyRole.VICTIM)
        RiskChecklist.objects.create(referral=referral, instrument=instrument_for_area(area))
        store_criteria(referral)
        referral.save(update_fields=["score", "reasons"])
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=referral, area=area)
    return referral


REFERRAL_FIELDS = {
    "honour_based_abuse",
    "immigration_concern",
    "referrer_phone",
    "incident_date",
    "police_callouts",
    "consent",
    "consent_note",
    "reason",
    "strengths",
    "risks_to_professionals",
    "professional_judgement",
    "professional_judgement_rationale",
}


def referral_update(
    *, user: User, referral: Referral, data: Mapping[str, Any], expected_version: int | None = None
) -> Referral:
    """Save answers to referral-level questions (one section at a time)."""
    unknown = set(data) - REFERRAL_FIELDS
    if unknown:
        raise ValueError(f"not referral fields: {sorted(unknown)}")
    _require_editor(user, referral)
    with transaction.atomic():
        locked = _lock_editable(referral, expected_version)
        for field, value in data.items():
            setattr(locked, field, value)
        if not locked.professional_judgement:
            locked.professional_judgement_rationale = ""
        locked.full_clean(exclude=["case", "repeat_of", "submitted_by", "received_by"])
        store_criteria(locked)
        bump_version(locked, [*data.keys(), "professional_judgement_rationale", "score", "reasons"])
        # The wording prompts the page showed, recorded as they are raised (and as reframed once reworded).
        for field in LANGUAGE_CHECKED_FIELDS:
            if field in data or field == "professional_judgement_rationale":
                record_prompts(user=user, referral=locked, field=field, text=getattr(locked, field))
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"fields": sorted(data)})
    return locked


PERSON_FIELDS = {f.name for f in ReferralPerson._meta.get_fields()} - {"id", "referral", "person", "role", "position"}


def referral_person_save(
    *,
    user: User,
    referral: Referral,
    role: str,
    data: Mapping[str, Any],
    person: ReferralPerson | None = None,
) -> ReferralPerson:
    """Add or change a person on the referral (victim, person causing harm, child, household member)."""
    unknown = set(data) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    _require_editor(user, referral)
    if person is not None and person.referral_id != referral.pk:
        raise Http404
    with transaction.atomic():
        locked = _lock_editable(referral, None)
        if person is None:
            if role == PartyRole.VICTIM and locked.people.filter(role=PartyRole.VICTIM).exists():
                raise ValidationError({"role": "A referral is about one survivor: refer another survivor separately"})
            position = locked.people.filter(role=role).count()
            person = ReferralPerson(referral=locked, role=role, position=position)
        for field, value in data.items():
            setattr(person, field, value)
        person.full_clean(exclude=["referral", "person"])
        person.save()
        bump_version(locked, [])
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"person_role": role, "fields": sorted(data)}
        )
    return person


def referral_person_link(
    *, user: User, referral: Referral, person: ReferralPerson, existing_id: int | None
) -> ReferralPerson:
    """The referrer says this is (or is not) a person already on record, among those they can see."""
    _require_editor(user, referral)
    if person.referral_id != referral.pk:
        raise Http404
    if existing_id is not None:
        visible = CaseParty.objects.filter(case__in=case_selectors.cases_for_user(user), person_id=existing_id)
        if not visible.exists():
            raise Http404
    with transaction.atomic():
        locked = _lock_editable(referral, None)
        ReferralPerson.objects.filter(pk=person.pk).update(person_id=existing_id)
        bump_version(locked, [])
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"person_role": person.role, "linked": existing_id}
        )
    person.refresh_from_db()
    return person


def referral_person_remove(*, user: User, referral: Referral, person: ReferralPerson) -> None:
    _require_editor(user, referral)
    if person.referral_id != referral.pk or person.role == PartyRole.VICTIM:
        raise Http404
    with transaction.atomic():
        locked = _lock_editable(referral, None)
        person.delete()
        bump_version(locked, [])
        audit.record(actor=user, verb=AuditVerb.DELETE, obj=locked, detail={"person_role": person.role})


def referral_checklist_save(
    *,
    user: User,
    referral: Referral,
    answers: Mapping[str, str],
    sources: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    completed_elsewhere: bool = False,
    recorded_score: int | None = None,
    expected_version: int | None = None,
) -> RiskChecklist:
    """Record the risk checklist answers, who gave each and a note on each (the referral carries them:
    no re-typing). Answers the people listed contradict are refused with the other errors."""
    _require_editor(user, referral)
    checklist = referral.checklist
    errors = checklist_errors(referral, answers, sources or {}, notes or {})
    if completed_elsewhere and recorded_score is None:
        errors["recorded_score"] = "Enter the score from the checklist completed in the other system"
    max_score = instrument_definition(checklist.instrument).max_score
    if recorded_score is not None and not 0 <= recorded_score <= max_score:
        errors["recorded_score"] = f"Enter a score from 0 to {max_score}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_editable(referral, expected_version)
        checklist.answers = {key: value for key, value in answers.items() if value}
        checklist.sources = {key: value for key, value in (sources or {}).items() if value}
        checklist.notes = {key: value.strip() for key, value in (notes or {}).items() if value.strip()}
        checklist.completed_elsewhere = completed_elsewhere
        checklist.recorded_score = recorded_score if completed_elsewhere else None
        checklist.save()
        locked.checklist = checklist
        store_criteria(locked)
        bump_version(locked, ["score", "reasons"])
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"section": "checklist", "score": locked.score}
        )
    return checklist


def checklist_errors(
    referral: Referral, answers: Mapping[str, str], sources: Mapping[str, str], notes: Mapping[str, str]
) -> dict[str, str]:
    """Every problem with these checklist answers at once: unknown questions and answers, sources and
    notes, and answers the people listed on the referral contradict. Reads only."""
    definition = instrument_definition(referral.checklist.instrument)
    errors = checklists.validate_answers(definition, answers)
    errors |= validate_sources(definition, sources) | validate_notes(definition, notes)
    conflicts = checklist_conflicts(referral, dict(answers))
    return {**conflicts, **errors}


@dataclass(frozen=True)
class Section:
    slug: str
    title: str


SECTIONS = [
    Section("referrer", "About you and your agency"),
    Section("victim", "About the survivor"),
    Section("victim-contact", "Address and safe contact"),
    Section("victim-equality", "Equality information"),
    Section("perpetrators", "The person causing harm"),
    Section("children", "Children and household members"),
    Section("checklist", "Risk checklist"),
    Section("incident", "Incident and police call-outs"),
    Section("reason", "Reason for referral"),
    Section("strengths", "The survivor's strengths and protective strategies"),
    Section("professionals", "Risks to professionals"),
    Section("consent", "The survivor's consent"),
]


def referral_problems(referral: Referral) -> dict[str, str]:
    """What must be answered before the referral can be sent: section -> message.

    Being below the threshold is never a problem: every referral is heard.
    """
    problems: dict[str, str] = {}
    victim = referral.victim
    if victim is None or not (victim.given_names or victim.family_name):
        problems["victim"] = "Enter the survivor's name"
    if not selectors.referral_people(referral, PartyRole.PERPETRATOR):
        problems["perpetrators"] = "Add the person causing harm (enter what is known, even if only a first name)"
    checklist = getattr(referral, "checklist", None)
    if checklist is None or not (checklist.answers or checklist.completed_elsewhere):
        problems["checklist"] = "Answer the risk checklist questions"
    elif conflicts := checklist_conflicts(referral, checklist.answers):
        problems["checklist"] = next(iter(conflicts.values()))
    if not referral.reason.strip():
        problems["reason"] = "Enter the reason for referral"
    if not referral.strengths.strip():
        problems["strengths"] = "Describe the survivor's strengths and protective strategies"
    if not referral.consent:
        problems["consent"] = "Select whether the survivor gave consent to this referral"
    elif referral.consent != "given" and not referral.consent_note.strip():
        problems["consent"] = "Explain why consent was refused or not sought"
    criteria = referral_criteria(referral)
    if referral.professional_judgement and not referral.professional_judgement_rationale.strip():
        problems["reason"] = "Explain your professional judgement: why is this person at high risk of serious harm?"
    elif criteria.offer_professional_judgement and not referral.professional_judgement:
        # Below threshold: ask for professional judgement (never refuse the referral).
        problems["reason"] = (
            "The checklist score and call-outs are below the area's threshold: "
            "say whether you are referring on professional judgement, and why"
        )
    return problems


def referral_mark_ready(*, user: User, referral: Referral) -> Referral:
    """The practitioner asks their agency's MARAC representative to check and send it."""
    _require_editor(user, referral)
    problems = referral_problems(referral)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = lock_version(referral, None)
        if locked.status == ReferralStatus.READY_FOR_CHECK:
            return locked
        locked.status = ReferralStatus.READY_FOR_CHECK
        bump_version(locked, ["status"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
    return locked


def referral_submit(*, user: User, referral: Referral) -> Referral:
    """The agency's MARAC representative checks and sends the referral.

    A representative who drafted it themselves may send it directly (a
    single-person agency approves its own). Sending twice (two browser tabs)
    sends once.
    """
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not selectors.user_can_check(user, referral):
        raise PermissionDenied("Only your agency's MARAC representative can send a referral to the MARAC.")
    with transaction.atomic():
        locked = lock_version(referral, None)
        if locked.status in selectors.SENT_STATUSES and locked.status != ReferralStatus.RETURNED:
            return locked  # already sent: the second tab changes nothing
        if not locked.is_editable:
            raise PermissionDenied("This referral cannot be sent in its current state.")
        problems = referral_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.status = ReferralStatus.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.return_reason = ""
        repeat_case = detect_repeat(locked)
        locked.is_repeat = repeat_case is not None
        locked.repeat_of = repeat_case
        store_criteria(locked)
        bump_version(
            locked,
            ["status", "submitted_by", "submitted_at", "return_reason", "is_repeat", "repeat_of", "score", "reasons"],
        )
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
    return locked


def referral_return(*, user: User, referral: Referral, reason: str) -> Referral:
    """The coordinator returns a referral for more information (never refuses it)."""
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not case_selectors.user_coordinates(user, referral.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can return a referral.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter what the referring agency needs to add or correct"})
    with transaction.atomic():
        locked = lock_version(referral, None)
        if locked.status != ReferralStatus.SUBMITTED:
            raise PermissionDenied("Only a referral waiting to be received can be returned.")
        locked.status = ReferralStatus.RETURNED
        locked.return_reason = reason.strip()
        bump_version(locked, ["status", "return_reason"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
    return locked
