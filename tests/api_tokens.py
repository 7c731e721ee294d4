"""API tokens for tests: ``token_for(user)`` is the Authorization header value of a new token of ``user``.

The token is written directly (no audit event), as a test's set-up; the services that issue tokens, with
their checks and audit events, are tested in test_api_tokens.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from marac.models import User
from marac.tokens.models import PREFIX_LENGTH, ApiToken, TokenScope, hash_secret, new_secret

ALL_SCOPES = tuple(TokenScope.values)


def make_token(user: User, scopes: Iterable[str] = ALL_SCOPES, days: int = 90) -> tuple[ApiToken, str]:
    """A token of ``user`` with ``scopes``, and its secret."""
    secret = new_secret()
    token = ApiToken.objects.create(
        owner=user,
        name="Test token",
        key_prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        scopes=list(scopes),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, secret


def token_for(user: User, scopes: Iterable[str] = ALL_SCOPES) -> str:
    """The ``Authorization`` header value of a new token of ``user``: ``Bearer <secret>``."""
    return f"Bearer {make_token(user, scopes)[1]}"
