"""Every change of a case's status goes through ``case_status_change``, and nowhere else.

It checks who may make the change (or that the meeting, referral or transfer causing it is the
case's), takes the case's row lock, checks the version the editor loaded, checks the change against
the table of allowed transitions (``cases.status.transitions``), then writes the status, a history
row and an audit event (the reason code only: never the reason's text), in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from cases import selectors
from cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    CaseTransfer,
    CloseReason,
    Meeting,
    Referral,
    ReferralStatus,
    StatusReason,
    TransferStatus,
)
from cases.status import providers, transitions
from marac import audit
from marac.models import AuditVerb, User
from marac.roles import COORDINATING_ROLES
from marac.selectors import area_ids_for
from marac.versioning import bump_version, lock_version

NOT_CLOSER = "Only the MARAC's coordinator or chair can close a case."
CHOOSE_REASON = "Select why the case is being closed"
DESCRIBE_OTHER = "Enter the reason the case is being closed"
CONFIRM_OPEN_ACTIONS = "Confirm that you understand the case's open actions stay open"
OPEN_ACTIONS_CHANGED = "The case's open actions changed since you opened this page: check them and confirm again"


def _require_closer(user: User | None, case: Case) -> None:
    if user is None or not Case.objects.filter(selectors.case_visibility(user), pk=case.pk).exists():
        raise Http404
    if not selectors.user_coordinates(user, case.area_id):
        raise PermissionDenied(NOT_CLOSER)


def _require_cause(
    user: User | None, case: Case, reason: str, meeting: Meeting | None, referral: Referral | None
) -> None:
    """A change the services make themselves must name what caused it, and that must be the case's."""
    if reason in (StatusReason.LISTED, StatusReason.UNLISTED, StatusReason.HEARD, StatusReason.MOVED):
        if meeting is None or meeting.area_id != case.area_id:
            raise PermissionDenied("A listing or hearing names the case's meeting.")
    elif reason in (StatusReason.NEW_REFERRAL, StatusReason.REPEAT):
        if referral is None or referral.case_id != case.pk or referral.status != ReferralStatus.RECEIVED:
            raise PermissionDenied("Only a referral received on the case re-opens it.")
    elif reason == StatusReason.TRANSFER_OUT:
        areas = area_ids_for(user, COORDINATING_ROLES) if user is not None else []
        accepting = CaseTransfer.objects.filter(
            case=case, to_area_id__in=areas, status__in=[TransferStatus.PENDING, TransferStatus.ACCEPTED]
        )
        if not accepting.exists():
            raise PermissionDenied("Only the receiving MARAC's coordinator transfers a case out, by accepting it.")
    else:
        raise PermissionDenied("This reason is recorded only when the status history begins.")


def _check_closing(
    case: Case, reason: str, reason_text: str, open_actions_understood: bool, open_actions_seen: str | None
) -> None:
    if reason == CloseReason.OTHER and not reason_text.strip():
        raise ValidationError({"reason_text": DESCRIBE_OTHER})
    actions = providers.open_actions(case)
    if actions and not open_actions_understood:
        raise ValidationError({"understood": CONFIRM_OPEN_ACTIONS})
    if actions and open_actions_seen is not None and open_actions_seen != providers.seen(actions):
        raise ValidationError({"understood": OPEN_ACTIONS_CHANGED})


def case_status_change(
    *,
    user: User | None,
    case: Case,
    to: str,
    reason: str,
    reason_text: str = "",
    expected_version: int | None = None,
    meeting: Meeting | None = None,
    referral: Referral | None = None,
    open_actions_understood: bool = False,
    open_actions_seen: str | None = None,
) -> CaseStatusChange:
    """Change ``case``'s status to ``to`` for ``reason``; return the history row written.

    Closing (a ``CloseReason``) is the coordinator's or chair's: 404 if they cannot see the case,
    403 if they can but may not close it. Every other change is the services' own and names its
    cause: the meeting (listed, taken off, heard), the referral received (re-opened) or the accepted
    transfer. ``expected_version`` None checks no version (a service acting on its own decision).
    Raises ``StaleVersionError`` if the case changed since the editor loaded it, and
    ``ValidationError`` for a change the table does not allow (closing twice, re-opening a case
    transferred out), for a closing reason that needs words, or for open actions not acknowledged
    (or changed since the closer was shown them: ``open_actions_seen``).
    """
    closing = reason in CloseReason.values
    if closing:
        _require_closer(user, case)
    else:
        _require_cause(user, case, reason, meeting, referral)
    if to not in transitions.REASON_LEADS_TO.get(reason, frozenset()):
        raise ValidationError({"reason": CHOOSE_REASON if closing else "This reason does not lead to that status."})
    with transaction.atomic():
        locked = lock_version(case, expected_version)
        if not transitions.is_allowed(locked.status, to, reason):
            raise ValidationError(transitions.refusal(locked.status, to))
        if closing:
            _check_closing(locked, reason, reason_text, open_actions_understood, open_actions_seen)
        change = CaseStatusChange.objects.create(
            case=locked,
            from_status=locked.status,
            to_status=to,
            reason=reason,
            reason_text=reason_text.strip() if reason == CloseReason.OTHER else "",
            changed_by=user,
            meeting=meeting,
            referral=referral,
        )
        locked.status = to
        fields = ["status", *_dates(locked, to, meeting, change)]
        bump_version(locked, fields)
        audit.record(
            actor=user,
            verb=AuditVerb.CHANGE,
            obj=locked,
            detail={"status": to, "from": change.from_status, "reason": reason},
        )
    case.status, case.version = locked.status, locked.version
    case.closed_at, case.last_heard_on = locked.closed_at, locked.last_heard_on
    return change


def _dates(case: Case, to: str, meeting: Meeting | None, change: CaseStatusChange) -> list[str]:
    """Keep ``closed_at`` (when the case stopped being open; the access of invited agencies runs
    out from it) and ``last_heard_on``; return the fields changed."""
    if to in (CaseStatus.CLOSED, CaseStatus.TRANSFERRED_OUT):
        case.closed_at = change.changed_at
        return ["closed_at"]
    fields = []
    if case.closed_at is not None:
        case.closed_at = None
        fields.append("closed_at")
    if to == CaseStatus.HEARD and change.reason == StatusReason.HEARD and meeting is not None:
        case.last_heard_on = meeting.date
        fields.append("last_heard_on")
    return fields


def case_close(
    *,
    user: User,
    case: Case,
    reason: str,
    reason_text: str,
    expected_version: int | None,
    open_actions_understood: bool = False,
    open_actions_seen: str | None = None,
) -> CaseStatusChange:
    """The coordinator or chair closes a case, with a reason ("another reason" needs words).
    ``open_actions_seen`` (``providers.seen``) names the open actions the page listed: if they changed,
    it asks again."""
    if reason not in CloseReason.values:
        _require_closer(user, case)
        raise ValidationError({"reason": CHOOSE_REASON})
    return case_status_change(
        user=user,
        case=case,
        to=CaseStatus.CLOSED,
        reason=reason,
        reason_text=reason_text,
        expected_version=expected_version,
        open_actions_understood=open_actions_understood,
        open_actions_seen=open_actions_seen,
    )


def _current_status(case: Case) -> str:
    """The status as committed (the caller's copy of the case may be older)."""
    case.status = Case.objects.values_list("status", flat=True).get(pk=case.pk)
    return case.status


def case_listed(*, user: User | None, case: Case, meeting: Meeting) -> CaseStatusChange | None:
    """The case was put on ``meeting``'s agenda: listed (nothing changes if it already is)."""
    if _current_status(case) == CaseStatus.LISTED:
        return None
    return case_status_change(user=user, case=case, to=CaseStatus.LISTED, reason=StatusReason.LISTED, meeting=meeting)


def case_unlisted(*, user: User | None, case: Case, meeting: Meeting) -> CaseStatusChange | None:
    """The case was taken off ``meeting``'s agenda before it was held: back to its status before it was
    listed (referred, or heard for a case listed again)."""
    if _current_status(case) != CaseStatus.LISTED:
        return None
    listings = case.status_changes.filter(to_status=CaseStatus.LISTED).exclude(reason=StatusReason.MOVED)
    listing = listings.order_by("-changed_at", "-id").first()  # a move keeps the status before listing
    back = listing.from_status if listing is not None else CaseStatus.REFERRED
    if back not in transitions.REASON_LEADS_TO[StatusReason.UNLISTED]:
        back = CaseStatus.REFERRED
    return case_status_change(user=user, case=case, to=back, reason=StatusReason.UNLISTED, meeting=meeting)


def case_moved(*, user: User | None, case: Case, meeting: Meeting) -> CaseStatusChange | None:
    """The case's meeting was cancelled and the case moved to ``meeting``'s agenda: still listed, with a
    history row naming the meeting it now waits for (nothing is written if it is not listed)."""
    if _current_status(case) != CaseStatus.LISTED:
        return None
    return case_status_change(user=user, case=case, to=CaseStatus.LISTED, reason=StatusReason.MOVED, meeting=meeting)


def case_reopen(*, user: User | None, case: Case, referral: Referral) -> CaseStatusChange | None:
    """A referral (new, or a repeat) was received on the case: a closed or heard case is referred again."""
    if _current_status(case) not in (CaseStatus.CLOSED, CaseStatus.HEARD):
        return None
    reason = StatusReason.REPEAT if referral.is_repeat else StatusReason.NEW_REFERRAL
    return case_status_change(user=user, case=case, to=CaseStatus.REFERRED, reason=reason, referral=referral)


def case_heard(*, user: User | None, case: Case, meeting: Meeting) -> CaseStatusChange | None:
    """``meeting``, where the case was listed, has been held: heard. A case that is no longer listed
    (transferred out meanwhile) keeps its status."""
    if _current_status(case) != CaseStatus.LISTED:
        return None
    return case_status_change(user=user, case=case, to=CaseStatus.HEARD, reason=StatusReason.HEARD, meeting=meeting)
