"""Every change to an account over its life: invitation, first sign-in,
deactivation and the quarterly review. Each checks permission, validates,
changes in one transaction and writes an audit event (never a secret, a
password, a name or an email address)."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac import audit
from marac.accounts import outbox, selectors
from marac.accounts.models import AccountReview, AccountReviewDecision, Invitation, ReviewDecision
from marac.models import Agency, AuditVerb, MaracArea, Membership, User
from marac.outbox import services as outbox_services
from marac.outbox.models import MessageKind
from marac.tokens import services as token_services

ACCOUNT_EXISTS = "There is already an account for this email address"
INVITATION_WAITING = "This person already has an invitation waiting: send it again from the list of invitations"
NOT_YOURS = "You cannot invite someone to this role, agency and area"


class InvitationInvalidError(Exception):
    """The link is unknown, used, revoked or expired: every case answers alike."""


# Why an account was closed: a code for the audit log (free text could name someone).
DEACTIVATION_REASONS = [
    ("left", "They have left the agency"),
    ("role_changed", "They no longer need access in their job"),
    ("security", "A security concern about the account"),
    ("other", "Another reason"),
]


def invitation_valid_days() -> int:
    return int(getattr(settings, "MARAC_INVITATION_VALID_DAYS", 7))


def _write_email(invitation: Invitation) -> None:
    """The invitation's email, in the outbox: its link is made when it is sent."""
    outbox_services.enqueue_to_address(
        MessageKind.INVITATION, reference=outbox.reference_for(invitation), area_id=invitation.area_id
    )


def invite_user(
    *,
    actor: User,
    email: str,
    full_name: str,
    job_title: str,
    agency: Agency,
    area: MaracArea,
    role: str,
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite someone to one role in one area; the email goes out once the change is committed."""
    if not selectors.may_invite(selectors.scope_for(actor), agency=agency, area=area, role=role):
        raise PermissionDenied(NOT_YOURS)
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise ValidationError({"email": ACCOUNT_EXISTS})
    with transaction.atomic():
        waiting = Invitation.objects.select_for_update().filter(
            email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        if waiting.exists():
            raise ValidationError({"email": INVITATION_WAITING})
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            agency=agency,
            area=area,
            role=role,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=invitation_valid_days()),
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.CREATE,
            obj=invitation,
            detail={"action": "invite", "role": role, "agency": agency.pk},
            request=request,
        )
        _write_email(invitation)
    return invitation


def _check_invitation_scope(actor: User, invitation: Invitation) -> None:
    scope = selectors.scope_for(actor)
    if not selectors.may_invite(scope, agency=invitation.agency, area=invitation.area, role=invitation.role):
        raise PermissionDenied(NOT_YOURS)


def resend_invitation(*, actor: User, invitation: Invitation, request: HttpRequest | None = None) -> Invitation:
    """Send a new link (the old one stops working) valid for a fresh period."""
    _check_invitation_scope(actor, invitation)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.revoked_at is not None:
            raise ValidationError("This invitation has already been used or withdrawn")
        locked.token_hash = ""
        locked.email_sent_at = None
        locked.expires_at = timezone.now() + timedelta(days=invitation_valid_days())
        locked.save(update_fields=["token_hash", "email_sent_at", "expires_at"])
        audit.record(actor=actor, verb=AuditVerb.CHANGE, obj=locked, detail={"action": "resend"}, request=request)
        _write_email(locked)
    return locked


def revoke_invitation(*, actor: User, invitation: Invitation, request: HttpRequest | None = None) -> Invitation:
    """Withdraw an invitation: its link stops working."""
    _check_invitation_scope(actor, invitation)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError("This invitation has already been used")
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit.record(actor=actor, verb=AuditVerb.CHANGE, obj=locked, detail={"action": "revoke"}, request=request)
    return locked


def _account_for(invitation: Invitation, password: str) -> User:
    """A new account, or the invitee's earlier, closed one opened again."""
    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    if user is not None and user.is_active:
        raise ValidationError(ACCOUNT_EXISTS)
    if user is None:
        user = User(email=invitation.email)
    user.full_name = invitation.full_name
    user.job_title = invitation.job_title
    user.agency = invitation.agency
    user.is_active = True
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def accept_invitation(*, secret: str, password: str, request: HttpRequest | None = None) -> User:
    """First sign-in: set the password, create the account and its role, and use up the link.

    Raises ``InvitationInvalidError`` for any link that does not open a valid
    invitation, and ``ValidationError`` for a password Django's validators refuse.
    """
    with transaction.atomic():
        found = selectors.valid_invitation(secret)
        if found is None:
            raise InvitationInvalidError
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        if not invitation.is_pending or invitation.token_hash != selectors.token_hash(secret):
            raise InvitationInvalidError
        user = _account_for(invitation, password)
        membership, _ = Membership.objects.get_or_create(user=user, area=invitation.area, role=invitation.role)
        if not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        audit.record(
            actor=user,
            verb=AuditVerb.CREATE,
            obj=user,
            area=invitation.area,
            detail={"action": "accept_invitation", "invitation": invitation.pk, "role": invitation.role},
            request=request,
        )
    return user


def _end_sessions(user: User) -> int:
    """Delete the user's sessions where they are kept in the database (``SESSION_ENGINE``):
    each unexpired one is read to find its user (the idle timeout keeps them few).
    Elsewhere the changed session hash alone ends them at their next request."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseSessionStore):
        return 0
    ended = 0
    live = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator(chunk_size=500):
        data = store().decode(session.session_data)
        if str(data.get(SESSION_KEY, "")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def deactivate_user(*, actor: User, user: User, reason: str, request: HttpRequest | None = None) -> User:
    """Close an account in one step: it cannot sign in, its roles end, its sessions end at once,
    its API tokens and two-factor devices are removed."""
    if reason not in dict(DEACTIVATION_REASONS):
        raise ValidationError({"reason": "Select why the account is being closed"})
    if not selectors.may_deactivate(selectors.scope_for(actor), actor, user):
        raise PermissionDenied
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.is_active = False
        # A new password hash changes the session hash, so any session still open is refused too.
        locked.set_unusable_password()
        locked.save(update_fields=["is_active", "password"])
        roles = Membership.objects.filter(user=locked, is_active=True).update(is_active=False)
        TOTPDevice.objects.filter(user=locked).delete()
        StaticDevice.objects.filter(user=locked).delete()
        # Closing the account (allowed above) revokes its tokens; the token service names an actor
        # only for those it lets revoke on their own, otherwise the revocation is the service's.
        token_actor = actor if token_services.is_administrator(actor) else None
        tokens = token_services.revoke_all_tokens(actor=token_actor, user=locked, request=request)
        sessions = _end_sessions(locked)
        audit.record(
            actor=actor,
            verb=AuditVerb.CHANGE,
            obj=locked,
            detail={
                "action": "deactivate",
                "reason": reason,
                "roles_ended": roles,
                "sessions_ended": sessions,
                "tokens_revoked": tokens,
            },
            request=request,
        )
    return locked


def confirm_accounts(
    *,
    actor: User,
    agency: Agency,
    area: MaracArea,
    quarter: str,
    decisions: dict[int, str],
    request: HttpRequest | None = None,
) -> AccountReview:
    """Record the quarter's review of the agency's accounts in the area; close those marked as left."""
    if not selectors.may_review(selectors.scope_for(actor), agency=agency, area=area):
        raise PermissionDenied
    accounts = {user.pk: user for user in selectors.review_accounts(agency=agency, area=area)}
    if set(decisions) != set(accounts) or not set(decisions.values()) <= set(ReviewDecision.values):
        raise ValidationError("The list of accounts has changed: reload the page and try again")
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = AccountReview.objects.create(agency=agency, area=area, quarter=quarter, confirmed_by=actor)
        except IntegrityError:
            raise ValidationError("This quarter's check has already been confirmed") from None
        AccountReviewDecision.objects.bulk_create(
            AccountReviewDecision(review=review, user_id=pk, decision=decision) for pk, decision in decisions.items()
        )
        left = [pk for pk, decision in decisions.items() if decision == ReviewDecision.LEFT]
        for pk in left:
            if pk == actor.pk:
                raise ValidationError("You cannot close your own account: ask a system administrator")
            try:
                deactivate_user(actor=actor, user=accounts[pk], reason="left", request=request)
            except PermissionDenied:
                raise ValidationError(
                    "An account marked as left has roles you cannot end: ask a system administrator to close it"
                ) from None
        audit.record(
            actor=actor,
            verb=AuditVerb.CREATE,
            obj=review,
            detail={
                "action": "confirm_accounts",
                "quarter": quarter,
                "kept": len(decisions) - len(left),
                "left": len(left),
            },
            request=request,
        )
    return review
