"""Receiving a sent referral: matching its people, filing it on a case (a repeat or a new one) and listing it.

The coordinator's decision, in one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases import selectors as case_selectors
from cases.meetings.services import agenda_place_case
from cases.models import (
    Case,
    CaseParty,
    CaseReferenceCounter,
    CaseStatus,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralPerson,
    ReferralStatus,
)
from cases.needs.services import needs_from_referral
from cases.people import matching as selectors
from cases.people.alerts import alert_linked_perpetrators
from cases.referrals import selectors as referral_selectors
from cases.referrals.instruments import store_criteria
from cases.referrals.providers import LANGUAGE_CHECKED_FIELDS, record_prompts
from cases.referrals.repeats import detect_repeat
from cases.status.services import case_reopen
from cases.status.transitions import OPEN
from marac import audit
from marac.models import AuditVerb, MaracArea, User
from marac.versioning import bump_version, lock_version


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


def _require_receiver(user: User, referral: Referral) -> None:
    if not Referral.objects.filter(referral_selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404
    if not case_selectors.user_coordinates(user, referral.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can receive a referral.")


def _visible_people(user: User, links: Mapping[int, int | None]) -> set[int]:
    """The people on record the coordinator can see; every chosen link must be one of them."""
    visible_people = set(
        CaseParty.objects.filter(case__in=case_selectors.cases_for_user(user)).values_list("person_id", flat=True)
    )
    for person_id in links.values():
        if person_id and person_id not in visible_people:
            raise Http404  # a record the coordinator cannot see
    return visible_people


def _link_person(rp: ReferralPerson, chosen: int | None, visible_people: set[int]) -> None:
    """Link a referral's person to the record chosen, a sure match, or a new record."""
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


def _file_on_case(user: User, referral: Referral, people: list[ReferralPerson]) -> Case:
    """The victim's open case in the referral's area, else their closed one (re-opened by the caller), or
    a new one; with everyone on it as a party."""
    victim = next(rp for rp in people if rp.role == PartyRole.VICTIM)
    assert victim.person is not None
    # The victim's open case here; else their latest closed one, which this referral re-opens.
    theirs = Case.objects.select_for_update().filter(area=referral.area, victim=victim.person)
    case = theirs.filter(status__in=OPEN).first() or theirs.filter(status=CaseStatus.CLOSED).first()
    if case is None:
        case = Case.objects.create(
            area=referral.area,
            victim=victim.person,
            reference=next_case_reference(referral.area, timezone.localdate().year),
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
    return case


def _mark_received(user: User, referral: Referral, case: Case) -> None:
    repeat_case = detect_repeat(referral)
    referral.is_repeat = referral.is_repeat or repeat_case is not None
    referral.repeat_of = referral.repeat_of or repeat_case
    referral.case = case
    referral.status = ReferralStatus.RECEIVED
    referral.received_by = user
    referral.received_at = timezone.now()
    store_criteria(referral)
    bump_version(
        referral, ["case", "status", "received_by", "received_at", "is_repeat", "repeat_of", "score", "reasons"]
    )
    audit.record(actor=user, verb=AuditVerb.CHANGE, obj=referral, detail={"status": referral.status, "case": case.pk})


def _record_language_prompts(referral: Referral, case: Case) -> None:
    """The wording prompts raised on the referral's answers, recorded on the case as those on research, meeting
    notes and actions are (``ppmt.prompts``, through ``cases.referrals.providers``), raised by the drafter: those
    recorded while it was drafted are given the case (marked reframed where the sent wording no longer holds
    them), and any the sent wording holds that were not recorded then (a referral sent through the API) are."""
    for field in LANGUAGE_CHECKED_FIELDS:
        record_prompts(
            user=referral.drafted_by, referral=referral, case=case, field=field, text=getattr(referral, field)
        )


def referral_receive(*, user: User, referral: Referral, links: Mapping[int, int | None] | None = None) -> Case:
    """The coordinator receives a referral: each person is linked to an
    existing record (``links``: referral person id -> person id, offered by
    matching) or recorded as new, and the referral is filed on the victim's
    open case in this area, or a new case with a new reference."""
    _require_receiver(user, referral)
    links = dict(links or {})
    visible_people = _visible_people(user, links)
    with transaction.atomic():
        locked = lock_version(referral, None)
        if locked.status == ReferralStatus.RECEIVED and locked.case is not None:
            return locked.case
        if locked.status != ReferralStatus.SUBMITTED:
            raise PermissionDenied("Only a submitted referral can be received.")
        people = list(locked.people.all())
        for rp in people:
            _link_person(rp, links.get(rp.pk), visible_people)
        case = _file_on_case(user, locked, people)
        _mark_received(user, locked, case)
        _record_language_prompts(locked, case)
        # The survivor's needs the referral shows (interpreter, age, disability...) become flags on the case.
        needs_from_referral(user=user, referral=locked, case=case)
        # A closed (or heard) case is referred again: re-opened, then listed below.
        case_reopen(user=user, case=case, referral=locked)
        # List the case on the next meeting whose research deadline it can still meet.
        agenda_place_case(case=case, user=user)
        # Someone named as causing harm here may already be linked to other cases: tell the coordinators.
        alert_linked_perpetrators(case=case, user=user)
    return case
