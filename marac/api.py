"""REST API plumbing shared by every app's endpoints."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from marac.middleware import two_factor_satisfied


class VerifiedSessionAuthentication(SessionAuthentication):
    """Browser sessions count only once two-factor authentication is done."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None or not two_factor_satisfied(result[0]):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """Describes VerifiedSessionAuthentication in the OpenAPI schema (a cookie session)."""

    target_class = "marac.api.VerifiedSessionAuthentication"
