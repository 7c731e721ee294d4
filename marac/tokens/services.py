"""Every change to API tokens: issue, revoke, revoke all of a user's.

Who may issue a token: its owner, in a session verified by two-factor; or, for an agency's service account,
a representative of that agency. Nobody else, and an administrator never for another person: a token acts
as its owner, so making one for someone else would let its maker act as them. Who may revoke: the owner, the
person who issued it, a representative of a service account's agency, or an administrator.
Each change writes its audit event in its transaction, never with the secret.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from marac import audit
from marac.models import AuditVerb, User
from marac.tokens import selectors
from marac.tokens.models import PREFIX_LENGTH, ApiToken, TokenScope, hash_secret, new_secret

MAX_DAYS = 365
MAX_NAME_LENGTH = 100


def default_days() -> int:
    return int(getattr(settings, "MARAC_API_TOKEN_DAYS", 90))


def is_administrator(user: User) -> bool:
    return bool(user.is_staff or user.is_superuser)


def _check_issuer(*, actor: User, owner: User, verified: bool) -> None:
    if not owner.is_active:
        raise PermissionDenied("API tokens can only be made for an active account.")
    if actor.pk == owner.pk and owner.is_service_account:
        raise PermissionDenied("A service account's tokens are made by its agency's representative.")
    if not verified:
        raise PermissionDenied("Sign in with two-factor authentication before you make an API token.")
    if actor.pk == owner.pk:
        return
    if is_administrator(actor):
        raise PermissionDenied("An administrator cannot make an API token for another person.")
    if not (owner.is_service_account and selectors.is_agency_representative(actor, owner.agency_id)):
        raise PermissionDenied(
            "Only the account's owner, or their agency's representative for a service account, can make its tokens."
        )


def _clean(name: str, scopes: Iterable[str], days: int) -> tuple[str, list[str]]:
    problems: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        problems["name"] = ["Enter a name for the token, so that you can recognise it"]
    elif len(name) > MAX_NAME_LENGTH:
        problems["name"] = [f"The name must be {MAX_NAME_LENGTH} characters or fewer"]
    wanted = set(scopes)
    known = [scope for scope in TokenScope.values if scope in wanted]
    if not wanted:
        problems["scopes"] = ["Select what the token may do"]
    elif len(known) != len(wanted):
        problems["scopes"] = ["Select only the choices listed"]
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        problems["days"] = [f"The number of days must be between 1 and {MAX_DAYS}"]
    if problems:
        raise ValidationError(problems)
    return name, known


def issue_token(
    *,
    actor: User,
    owner: User,
    name: str,
    scopes: Iterable[str],
    days: int | None = None,
    verified: bool = False,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``owner``; returns the token and its secret, which is never stored or shown again.

    ``verified``: the actor's session passed two-factor authentication (``request.user.is_verified()``);
    without it no token is made, for oneself or for a service account.
    """
    _check_issuer(actor=actor, owner=owner, verified=verified)
    days = default_days() if days is None else days
    name, clean_scopes = _clean(name, scopes, days)
    secret = new_secret()
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            owner=owner,
            name=name,
            key_prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            scopes=clean_scopes,
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.CREATE,
            obj=token,
            detail={
                "owner": owner.pk,
                "scopes": clean_scopes,
                "days": days,
                "service_account": owner.is_service_account,
            },
            request=request,
        )
    return token, secret


def may_revoke(actor: User, token: ApiToken) -> bool:
    if actor.pk in (token.owner_id, token.created_by_id) or is_administrator(actor):
        return True
    return token.owner.is_service_account and selectors.is_agency_representative(actor, token.owner.agency_id)


def _revoke_locked(*, actor: User | None, token: ApiToken, request: HttpRequest | None, reason: str) -> bool:
    """Revoke a locked token and record it; False when it was already revoked."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor=actor,
        verb=AuditVerb.CHANGE,
        obj=token,
        detail={"revoked": True, "owner": token.owner_id, "reason": reason},
        request=request,
    )
    return True


def revoke_token(*, actor: User, token: ApiToken, request: HttpRequest | None = None) -> ApiToken:
    """Revoke ``token`` now: it stops working at once. Revoking a revoked token changes nothing."""
    if not may_revoke(actor, token):
        raise PermissionDenied("Only the token's owner, the person who made it or an administrator can revoke it.")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().select_related("owner").get(pk=token.pk)
        _revoke_locked(actor=actor, token=locked, request=request, reason="revoked")
    return locked


def revoke_all_tokens(*, actor: User | None, user: User, request: HttpRequest | None = None) -> int:
    """Revoke every token of ``user`` (a leaver, a compromised account); returns how many were revoked.

    ``actor`` None is the service itself (an account closed by a scheduled task)."""
    may = (
        actor is None
        or actor.pk == user.pk
        or is_administrator(actor)
        or (user.is_service_account and selectors.is_agency_representative(actor, user.agency_id))
    )
    if not may:
        raise PermissionDenied("Only the account's owner or an administrator can revoke all its tokens.")
    with transaction.atomic():
        tokens = ApiToken.objects.select_for_update().filter(owner=user, revoked_at__isnull=True).order_by("pk")
        return sum(_revoke_locked(actor=actor, token=token, request=request, reason="all") for token in tokens)


def record_use(token: ApiToken) -> None:
    """Note when a token was last used: at most once a minute, so that busy clients do not write on every call."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < timedelta(minutes=1):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
