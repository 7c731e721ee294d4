"""Recording who interpreted at a contact with the survivor (a service: permission, validation, one
transaction, an audit event). A family member or friend is refused, with the reason why."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases import selectors as case_selectors
from cases.grants.selectors import holds_grant
from cases.models import Case, InterpretedBy, InterpretedContact
from cases.needs import selectors
from marac import audit
from marac.models import AuditVerb, User

FAMILY_REFUSED = (
    "A family member, friend or child must never interpret: they may be connected to the person causing "
    "harm, and the survivor cannot speak freely in front of them. Book an independent interpreter"
)


def may_record_contact(user: User, case: Case) -> bool:
    """The agencies at the case, and the people named on it (the IDAA who contacts the survivor)."""
    return selectors.may_set_needs(user, case) or holds_grant(user, case.pk)


def contacts_on(case: Case) -> list[InterpretedContact]:
    return list(case.interpreted_contacts.select_related("recorded_by", "recorded_by_agency"))


def interpreted_contact_record(
    *, actor: User, case: Case, contact_on: date | None, language: str, interpreted_by: str, reference: str = ""
) -> InterpretedContact:
    if not case_selectors.cases_for_user(actor).filter(pk=case.pk).exists():
        raise Http404
    if not may_record_contact(actor, case):
        raise PermissionDenied("Only the agencies at the case and the people named on it record its contacts.")
    errors: dict[str, str] = {}
    if interpreted_by == InterpretedBy.FAMILY_OR_FRIEND:
        errors["interpreted_by"] = FAMILY_REFUSED
    elif interpreted_by not in InterpretedBy.values:
        errors["interpreted_by"] = "Select who interpreted"
    if contact_on is None or contact_on > timezone.localdate():
        errors["contact_on"] = "Enter the date of the contact, today or in the past"
    language, reference = language.strip(), reference.strip()
    if not language or len(language) > 100:
        errors["language"] = "Enter the language, in 100 characters or fewer"
    if len(reference) > 200:
        errors["reference"] = "Enter 200 characters or fewer"
    if errors or contact_on is None:  # (no date is an error above)
        raise ValidationError(errors)
    with transaction.atomic():
        contact = InterpretedContact.objects.create(
            case=case,
            contact_on=contact_on,
            language=language,
            interpreted_by=interpreted_by,
            reference=reference,
            recorded_by=actor,
            recorded_by_agency_id=actor.agency_id,
        )
        detail = {"case": case.pk, "interpreted_by": interpreted_by}
        audit.record(actor=actor, verb=AuditVerb.CREATE, obj=contact, area=case.area, detail=detail)
    return contact
