"""Scopes: what an API token may do. Each API view names the scope a token needs for each method
(``token_scopes = {"GET": "actions:read"}``); a view that names none cannot be used with a token.
Sessions of signed-in, two-factor-verified people are not limited by scopes: their roles decide."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from marac.tokens.models import ApiToken, TokenScope

# HEAD and OPTIONS read what GET reads.
_READ_ALIASES = {"HEAD": "GET", "OPTIONS": "GET"}


def required_scope(view: Any, method: str) -> str | None:
    """The scope ``view`` asks of a token for ``method``, or None if tokens may not use it."""
    scopes: dict[str, str] = getattr(view, "token_scopes", {})
    scope = scopes.get(_READ_ALIASES.get(method, method))
    if scope is not None and scope not in TokenScope.values:
        raise ImproperlyConfigured(f"{type(view).__name__} names an unknown token scope")
    return scope


class TokenScopeRequired(BasePermission):
    """403, with what is missing, when the request's token lacks the scope the view asks for."""

    message = "This API token cannot be used here."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True  # a verified session: the user's roles decide, as on the pages
        scope = required_scope(view, request.method or "GET")
        if scope is None:
            self.message = "API tokens cannot be used for this. Use the service's pages instead."
            return False
        if scope not in token.scopes:
            self.message = (
                f"This API token does not allow this: it needs the scope '{scope}'. "
                "Make a new token with that scope on your API tokens page."
            )
            return False
        return True
