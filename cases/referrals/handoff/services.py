"""The hand-off inside the referring agency: the representative returns a referral to the
practitioner with a note, and a draft that was never sent is deleted.

Each service checks permission (Http404 for what the user may not see,
PermissionDenied for what they see but may not do), validates, writes in one
transaction and records its audit event there; the practitioner's notice goes
through ``cases.notifications.notify`` (the outbox) in that transaction too.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from cases.models import Referral, ReferralStatus
from cases.notifications import notify
from cases.referrals import selectors
from marac import audit
from marac.models import AuditVerb, User
from marac.versioning import bump_version, lock_version

RETURN_NOTE_MAX = 5_000
# No personal data: the notice and its email say only that a referral came back, and link to it.
RETURNED_NOTICE = "A referral you drafted has been returned to you by your agency's MARAC representative"
NOT_WAITING = "Only a referral waiting for your check can be returned to the practitioner."
NOT_DELETABLE = "This referral has been sent to the MARAC and cannot be deleted."


def _require_visible(user: User, referral: Referral) -> None:
    if not Referral.objects.filter(selectors.referral_visibility(user), pk=referral.pk).exists():
        raise Http404


def may_return_to_drafter(user: User, referral: Referral) -> bool:
    """The agency's MARAC representative, for a referral waiting for their check drafted by someone else."""
    return (
        referral.status == ReferralStatus.READY_FOR_CHECK
        and referral.drafted_by_id != user.pk
        and selectors.user_can_check(user, referral)
    )


def may_delete(user: User, referral: Referral) -> bool:
    """The practitioner who drafted it, while it has never been sent to the MARAC.

    Not the representative: their way to send back someone else's work is to return it with a note.
    """
    return referral.drafted_by_id == user.pk and referral.is_deletable


def referral_return_to_drafter(*, user: User, referral: Referral, note: str, expected_version: int | None) -> Referral:
    """The representative sends the referral back to the practitioner who drafted it, saying what to change."""
    _require_visible(user, referral)
    if not selectors.user_can_check(user, referral) or referral.drafted_by_id == user.pk:
        raise PermissionDenied("Only your agency's MARAC representative can return a referral to the practitioner.")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Enter what the practitioner needs to add or correct"})
    if len(note) > RETURN_NOTE_MAX:
        raise ValidationError(
            {"note": f"What the practitioner needs to change must be {RETURN_NOTE_MAX:,} characters or fewer"}
        )
    with transaction.atomic():
        locked = lock_version(referral, expected_version)
        if locked.status != ReferralStatus.READY_FOR_CHECK:
            raise PermissionDenied(NOT_WAITING)
        locked.status = ReferralStatus.RETURNED_BY_REP
        locked.check_note = note
        bump_version(locked, ["status", "check_note"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=locked, detail={"status": locked.status})
        notify(
            [locked.drafted_by_id],
            key=f"referral-returned-by-rep:{locked.pk}:{locked.version}",
            message=RETURNED_NOTICE,
            link=reverse("referral-tasks", args=[locked.public_id]),
            email=True,
            area_id=locked.area_id,
        )
    return locked


def referral_delete(*, user: User, referral: Referral, expected_version: int | None) -> None:
    """The practitioner deletes a draft they started (never one the MARAC has been sent)."""
    _require_visible(user, referral)
    if referral.drafted_by_id != user.pk:
        raise PermissionDenied("Only the practitioner who started this referral can delete it.")
    with transaction.atomic():
        locked = lock_version(referral, expected_version)
        if not locked.is_deletable:
            raise PermissionDenied(NOT_DELETABLE)
        audit.record(actor=user, verb=AuditVerb.DELETE, obj=locked, detail={"status": locked.status})
        locked.delete()
