"""Every change to referrals, cases and people.

Each service checks permission (raising Http404 for what the user may not
see, PermissionDenied for what they may see but not do), validates, writes
in one transaction and records the audit event in that transaction. The web
pages and the API call these same functions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from marac import audit
from marac.models import AuditVerb, MaracArea, User

from . import checklists, selectors
from .criteria import Criteria, Thresholds, compute_criteria, is_repeat_date
from .models import (
    Case,
    CaseParty,
    CaseReferenceCounter,
    CaseStatus,
    CaseTransfer,
    ChecklistInstrument,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralPerson,
    ReferralStatus,
    RiskChecklist,
    TransferStatus,
)


class StaleEditError(Exception):
    """Someone else changed the referral since this user loaded it."""


# --- Checklist instruments ---------------------------------------------------------


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


def _store_criteria(referral: Referral) -> None:
    criteria = referral_criteria(referral)
    referral.score = criteria.score
    referral.reasons = [reason.value for reason in criteria.sorted_reasons]


# --- Permissions -----------------------------------------------------------------


def _require_editor(user: User, referral: Referral) -> None:
    """The drafter, or their agency's representative, may edit until it is sent."""
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not referral.is_editable:
        raise PermissionDenied("This referral has been sent to the MARAC and can no longer be changed.")
    if referral.drafted_by_id != user.pk and not selectors.user_can_check(user, referral):
        raise PermissionDenied("Only the practitioner who drafted it or their agency's representative can change it.")


def _lock(referral: Referral, expected_version: int | None) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEditError
    return locked


def _lock_editable(referral: Referral, expected_version: int | None) -> Referral:
    """Lock for an edit, checking again on the locked row: the referral may
    have been sent since the caller loaded it."""
    locked = _lock(referral, expected_version)
    if not locked.is_editable:
        raise PermissionDenied("This referral has been sent to the MARAC and can no longer be changed.")
    return locked


def _bump(referral: Referral, fields: list[str]) -> None:
    referral.version = F("version") + 1  # type: ignore[assignment]
    referral.save(update_fields=[*fields, "version", "updated_at"])
    referral.refresh_from_db(fields=["version"])


# --- Drafting ----------------------------------------------------------------------


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
        _store_criteria(referral)
        referral.save(update_fields=["score", "reasons"])
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=referral, area=area)
    return referral


REFERRAL_FIELDS = {
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
        _store_criteria(locked)
        _bump(locked, [*data.keys(), "professional_judgement_rationale", "score", "reasons"])
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
                raise ValidationError({"role": "A referral is about one victim: refer another victim separately"})
            position = locked.people.filter(role=role).count()
            person = ReferralPerson(referral=locked, role=role, position=position)
        for field, value in data.items():
            setattr(person, field, value)
        person.full_clean(exclude=["referral", "person"])
        person.save()
        _bump(locked, [])
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
        visible = CaseParty.objects.filter(case__in=selectors.cases_for_user(user), person_id=existing_id)
        if not visible.exists():
            raise Http404
    with transaction.atomic():
        locked = _lock_editable(referral, None)
        ReferralPerson.objects.filter(pk=person.pk).update(person_id=existing_id)
        _bump(locked, [])
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
        _bump(locked, [])
        audit.record(actor=user, verb=AuditVerb.DELETE, obj=locked, detail={"person_role": person.role})


def referral_checklist_save(
    *,
    user: User,
    referral: Referral,
    answers: Mapping[str, str],
    sources: Mapping[str, str] | None = None,
    completed_elsewhere: bool = False,
    recorded_score: int | None = None,
) -> RiskChecklist:
    """Record the risk checklist answers (the referral carries them: no re-typing)."""
    _require_editor(user, referral)
    checklist = referral.checklist
    definition = instrument_definition(checklist.instrument)
    errors = checklists.validate_answers(definition, answers)
    if completed_elsewhere and recorded_score is None:
        errors["recorded_score"] = "Enter the score from the checklist completed in the other system"
    if recorded_score is not None and not 0 <= recorded_score <= definition.max_score:
        errors["recorded_score"] = f"Enter a score from 0 to {definition.max_score}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_editable(referral, None)
        checklist.answers = {key: value for key, value in answers.items() if value}
        checklist.sources = {key: value for key, value in (sources or {}).items() if value}
        checklist.completed_elsewhere = completed_elsewhere
        checklist.recorded_score = recorded_score if completed_elsewhere else None
        checklist.save()
        locked.checklist = checklist
        _store_criteria(locked)
        _bump(locked, ["score", "reasons"])
        audit.record(
            actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"section": "checklist", "score": locked.score}
        )
    return checklist


# --- Completeness, quality assurance and submission --------------------------------------


@dataclass(frozen=True)
class Section:
    slug: str
    title: str


SECTIONS = [
    Section("referrer", "About you and your agency"),
    Section("victim", "The victim or survivor"),
    Section("victim-contact", "Address and safe contact"),
    Section("victim-equality", "Equality information"),
    Section("perpetrators", "The person causing harm"),
    Section("children", "Children and household members"),
    Section("checklist", "Risk checklist"),
    Section("incident", "Incident and police call-outs"),
    Section("reason", "Reason for referral"),
    Section("strengths", "The survivor's strengths and protective strategies"),
    Section("professionals", "Risks to professionals"),
    Section("consent", "The victim's consent"),
]


def referral_problems(referral: Referral) -> dict[str, str]:
    """What must be answered before the referral can be sent: section -> message.

    Being below the threshold is never a problem: every referral is heard.
    """
    problems: dict[str, str] = {}
    victim = referral.victim
    if victim is None or not (victim.given_names or victim.family_name):
        problems["victim"] = "Enter the victim's name"
    if not selectors.referral_people(referral, PartyRole.PERPETRATOR):
        problems["perpetrators"] = "Add the person causing harm (enter what is known, even if only a first name)"
    checklist = getattr(referral, "checklist", None)
    if checklist is None or not (checklist.answers or checklist.completed_elsewhere):
        problems["checklist"] = "Answer the risk checklist questions"
    if not referral.reason.strip():
        problems["reason"] = "Enter the reason for referral"
    if not referral.strengths.strip():
        problems["strengths"] = "Describe the survivor's strengths and protective strategies"
    if not referral.consent:
        problems["consent"] = "Select whether the victim gave consent to this referral"
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
        locked = _lock(referral, None)
        if locked.status == ReferralStatus.READY_FOR_CHECK:
            return locked
        locked.status = ReferralStatus.READY_FOR_CHECK
        _bump(locked, ["status"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
    return locked


def detect_repeat(referral: Referral) -> Case | None:
    """SafeLives: a further incident between the same victim and the same
    person causing harm (or one of them) within 12 months of the victim's last
    referral to a MARAC on this system. The anniversary itself counts."""
    victim = referral.victim
    if victim is None:
        return None
    victim_person = (
        victim.person
        or selectors.strong_matches(
            given_names=victim.given_names, family_name=victim.family_name, date_of_birth=victim.date_of_birth
        ).first()
    )
    if victim_person is None:
        return None
    last = selectors.last_referral_of(victim_person, exclude=referral)
    if last is None or last.case is None or last.submitted_at is None:
        return None
    incident = referral.incident_date or timezone.localdate()
    if not is_repeat_date(last_referral=timezone.localdate(last.submitted_at), incident=incident):
        return None
    earlier = selectors.perpetrators_of(last.case)
    for perpetrator in selectors.referral_people(referral, PartyRole.PERPETRATOR):
        if perpetrator.person_id in earlier:
            return last.case
        matches = selectors.strong_matches(
            given_names=perpetrator.given_names,
            family_name=perpetrator.family_name,
            date_of_birth=perpetrator.date_of_birth,
        )
        if matches.filter(pk__in=earlier).exists():
            return last.case
    return None


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
        locked = _lock(referral, None)
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
        _store_criteria(locked)
        _bump(
            locked,
            ["status", "submitted_by", "submitted_at", "return_reason", "is_repeat", "repeat_of", "score", "reasons"],
        )
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
    return locked


def referral_return(*, user: User, referral: Referral, reason: str) -> Referral:
    """The coordinator returns a referral for more information (never refuses it)."""
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not selectors.user_coordinates(user, referral.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can return a referral.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter what the referring agency needs to add or correct"})
    with transaction.atomic():
        locked = _lock(referral, None)
        if locked.status != ReferralStatus.SUBMITTED:
            raise PermissionDenied("Only a referral waiting to be received can be returned.")
        locked.status = ReferralStatus.RETURNED
        locked.return_reason = reason.strip()
        _bump(locked, ["status", "return_reason"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
    return locked


# --- Receiving: people and cases ----------------------------------------------------------


def next_case_reference(area: MaracArea, year: int) -> str:
    """References like FRN-2026-0042: area code, year, a number per area and year."""
    counter, _ = CaseReferenceCounter.objects.get_or_create(area=area, year=year)
    counter = CaseReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{area.code.upper()}-{year}-{counter.last_number:04d}"


def _person_from(rp: ReferralPerson) -> Person:
    return Person.objects.create(
        given_names=rp.given_names,
        family_name=rp.family_name,
        date_of_birth=rp.date_of_birth,
        gender=rp.gender,
        ethnicity=rp.ethnicity,
        black_or_minoritised=rp.black_or_minoritised,
        lgbt=rp.lgbt,
        disabled=rp.disabled,
    )


def _add_aliases(person: Person, rp: ReferralPerson) -> None:
    known = {(a.given_names.lower(), a.family_name.lower()) for a in person.aliases.all()}
    known.add((person.given_names.lower(), person.family_name.lower()))
    for alias in rp.aliases:
        parts = alias.strip().rsplit(" ", 1)
        given, family = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        if (given.lower(), family.lower()) not in known and alias.strip():
            PersonAlias.objects.create(person=person, given_names=given, family_name=family, note="From a referral")
            known.add((given.lower(), family.lower()))


def referral_receive(*, user: User, referral: Referral, links: Mapping[int, int | None] | None = None) -> Case:
    """The coordinator receives a referral: each person is linked to an
    existing record (``links``: referral person id -> person id, offered by
    matching) or recorded as new, and the referral is filed on the victim's
    open case in this area, or a new case with a new reference."""
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not selectors.user_coordinates(user, referral.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can receive a referral.")
    links = dict(links or {})
    visible_people = set(
        CaseParty.objects.filter(case__in=selectors.cases_for_user(user)).values_list("person_id", flat=True)
    )
    for person_id in links.values():
        if person_id and person_id not in visible_people:
            raise Http404  # a record the coordinator cannot see
    with transaction.atomic():
        locked = _lock(referral, None)
        if locked.status == ReferralStatus.RECEIVED and locked.case is not None:
            return locked.case
        if locked.status != ReferralStatus.SUBMITTED:
            raise PermissionDenied("Only a submitted referral can be received.")
        people = list(locked.people.all())
        for rp in people:
            chosen = links.get(rp.pk)
            if rp.person_id is not None and rp.person_id not in visible_people:
                rp.person = None  # linked by the referrer to a record this coordinator cannot see
            if chosen == 0:
                rp.person = None  # the coordinator says: not the record the referrer linked
            if chosen:
                rp.person = Person.objects.get(pk=chosen)
            elif rp.person is None:
                # The system links a sure match (same names and date of birth) itself,
                # but only to a record the coordinator can see: linking would
                # otherwise show them another area's record (its aliases, its cases).
                rp.person = selectors.strong_matches(
                    given_names=rp.given_names, family_name=rp.family_name, date_of_birth=rp.date_of_birth
                ).filter(pk__in=visible_people).first() or _person_from(rp)
            _add_aliases(rp.person, rp)
            rp.save(update_fields=["person"])
        victim = next(rp for rp in people if rp.role == PartyRole.VICTIM)
        assert victim.person is not None
        case = (
            Case.objects.select_for_update()
            .filter(area=locked.area, victim=victim.person)
            .exclude(status__in=[CaseStatus.CLOSED, CaseStatus.TRANSFERRED_OUT])
            .first()
        )
        if case is None:
            case = Case.objects.create(
                area=locked.area,
                victim=victim.person,
                reference=next_case_reference(locked.area, timezone.localdate().year),
            )
            audit.record(actor=user, verb=AuditVerb.CREATE, obj=case)
        for rp in people:
            CaseParty.objects.update_or_create(
                case=case,
                person=rp.person,
                role=rp.role,
                defaults={
                    "relationship_to_victim": rp.relationship_to_victim,
                    "school": rp.school,
                    "lives_with": rp.lives_with,
                },
            )
        repeat_case = detect_repeat(locked)
        locked.is_repeat = locked.is_repeat or repeat_case is not None
        locked.repeat_of = locked.repeat_of or repeat_case
        locked.case = case
        locked.status = ReferralStatus.RECEIVED
        locked.received_by = user
        locked.received_at = timezone.now()
        _store_criteria(locked)
        _bump(locked, ["case", "status", "received_by", "received_at", "is_repeat", "repeat_of", "score", "reasons"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status, "case": case.pk})
        # List the case on the next meeting whose research deadline it can still meet.
        from .meeting_services import agenda_place_case

        agenda_place_case(case=case, user=user)
        # Someone named as causing harm here may already be linked to other cases: tell the coordinators.
        from .pattern import alert_linked_perpetrators

        alert_linked_perpetrators(case=case, user=user)
    return case


# --- Cross-MARAC transfer ---------------------------------------------------------------------


def case_transfer_request(*, user: User, case: Case, to_area: MaracArea, note: str) -> CaseTransfer:
    """A coordinator sends a case to another MARAC area (the victim has moved)."""
    if not Case.objects.filter(selectors.case_visibility(user), pk=case.pk).exists():
        raise Http404
    if not selectors.user_coordinates(user, case.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can transfer a case.")
    errors = {}
    if to_area.pk == case.area_id or not to_area.is_active:
        errors["to_area"] = "Select a different MARAC area"
    if not note.strip():
        errors["note"] = "Enter a transfer note for the receiving MARAC"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == CaseStatus.TRANSFERRED_OUT:
            raise PermissionDenied("This case has already been transferred.")
        if CaseTransfer.objects.filter(case=locked, status=TransferStatus.PENDING).exists():
            raise ValidationError({"to_area": "A transfer of this case is already waiting to be accepted"})
        transfer = CaseTransfer.objects.create(
            case=locked, from_area_id=locked.area_id, to_area=to_area, note=note.strip(), requested_by=user
        )
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=transfer, area=locked.area, detail={"to_area": to_area.pk})
    return transfer


def case_transfer_accept(*, user: User, transfer: CaseTransfer) -> Case:
    """The receiving coordinator accepts: a new case in their area, linked to where it came from."""
    if not selectors.user_coordinates(user, transfer.to_area_id):
        raise Http404
    with transaction.atomic():
        locked = CaseTransfer.objects.select_for_update().select_related("case").get(pk=transfer.pk)
        if locked.status == TransferStatus.ACCEPTED and locked.new_case is not None:
            return locked.new_case
        if locked.status != TransferStatus.PENDING:
            raise PermissionDenied("This transfer is no longer waiting to be accepted.")
        old = Case.objects.select_for_update().get(pk=locked.case_id)
        new = Case.objects.create(
            area=locked.to_area,
            victim=old.victim,
            reference=next_case_reference(locked.to_area, timezone.localdate().year),
        )
        for party in old.parties.all():
            CaseParty.objects.create(
                case=new,
                person=party.person,
                role=party.role,
                relationship_to_victim=party.relationship_to_victim,
                school=party.school,
                lives_with=party.lives_with,
            )
        old.status = CaseStatus.TRANSFERRED_OUT
        old.version = F("version") + 1  # type: ignore[assignment]
        old.save(update_fields=["status", "version", "updated_at"])
        locked.status = TransferStatus.ACCEPTED
        locked.accepted_by = user
        locked.accepted_at = timezone.now()
        locked.new_case = new
        locked.save(update_fields=["status", "accepted_by", "accepted_at", "new_case"])
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=new, detail={"transferred_from": old.pk})
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, area=locked.to_area, detail={"status": "accepted"})
    return new
