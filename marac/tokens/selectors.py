"""Reads of API tokens and service accounts. Pages read through these; what a user may not see answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from marac.models import Membership, Role, User
from marac.tokens.models import ApiToken, hash_secret


def is_agency_representative(user: User, agency_id: int | None) -> bool:
    """Whether ``user`` is an active representative (in any active MARAC area) of the agency ``agency_id``."""
    if agency_id is None or user.agency_id != agency_id:
        return False
    return Membership.objects.filter(user=user, role=Role.REPRESENTATIVE, is_active=True, area__is_active=True).exists()


def service_accounts_for(user: User) -> QuerySet[User]:
    """The active service accounts of the user's agency, if the user is its representative."""
    agency_id = user.agency_id
    if agency_id is None or not is_agency_representative(user, agency_id):
        return User.objects.none()
    return User.objects.filter(agency_id=agency_id, is_service_account=True, is_active=True).order_by("full_name", "pk")


def tokens_owned_by(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(owner=user).order_by("-created_at", "-pk")


def service_account_tokens_for(user: User) -> QuerySet[ApiToken]:
    """Tokens of the service accounts the user, as their agency's representative, looks after."""
    return (
        ApiToken.objects.filter(owner__in=service_accounts_for(user))
        .select_related("owner")
        .order_by("owner__full_name", "-created_at", "-pk")
    )


def token_get_for_user(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens, or of a service account they look after; otherwise 404."""
    token = (
        ApiToken.objects.select_related("owner")
        .filter(Q(owner=user) | Q(owner__in=service_accounts_for(user)), pk=token_id)
        .first()
    )
    if token is None:
        raise Http404
    return token


def service_account_get_for_user(user: User, account_id: int) -> User:
    account = service_accounts_for(user).filter(pk=account_id).first()
    if account is None:
        raise Http404
    return account


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret (found by its hash), with its owner, or None."""
    return ApiToken.objects.select_related("owner").filter(key_hash=hash_secret(secret)).first()
