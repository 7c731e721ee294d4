"""Every change to a case as a whole: transfer between MARAC areas.

Each service checks permission, validates, writes in one transaction and
records the audit event in that transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases import selectors
from cases.models import (
    Case,
    CaseParty,
    CaseStatus,
    CaseTransfer,
    StatusReason,
    TransferStatus,
)
from cases.referrals.receive import next_case_reference
from cases.status import services as status_services
from marac import audit
from marac.models import AuditVerb, MaracArea, User


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
        status_services.case_status_change(
            user=user, case=old, to=CaseStatus.TRANSFERRED_OUT, reason=StatusReason.TRANSFER_OUT
        )
        locked.status = TransferStatus.ACCEPTED
        locked.accepted_by = user
        locked.accepted_at = timezone.now()
        locked.new_case = new
        locked.save(update_fields=["status", "accepted_by", "accepted_at", "new_case"])
        audit.record(actor=user, verb=AuditVerb.CREATE, obj=new, detail={"transferred_from": old.pk})
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, area=locked.to_area, detail={"status": "accepted"})
    return new
