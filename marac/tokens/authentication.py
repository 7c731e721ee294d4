"""API authentication by token: ``Authorization: Bearer <secret>`` (``Token <secret>`` is accepted too, for
clients written for the earlier tokens). A revoked or expired token, or one whose owner's account is closed,
answers 401 with a message that says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from marac.models import User
from marac.tokens import selectors, services
from marac.tokens.models import ApiToken, TokenScope, TokenStatus

if TYPE_CHECKING:  # drf_spectacular.openapi imports DRF's views, which load this module: a cycle at run time
    from drf_spectacular.openapi import AutoSchema

KEYWORDS = (b"bearer", b"token")
# Longer than any secret this service makes: anything longer is refused before it is hashed.
MAX_SECRET_LENGTH = 200

NOT_VALID = "This API token is not valid. Check it was copied in full, or make a new one on your API tokens page."
REVOKED = "This API token has been revoked. Make a new one on your API tokens page."
EXPIRED = "This API token has expired. Make a new one on your API tokens page."
CLOSED = "The account this API token belongs to is closed."
MALFORMED = "Send the token as 'Authorization: Bearer <token>', with nothing else in the header."


class ApiTokenAuthentication(BaseAuthentication):
    """Finds the token by the SHA-256 hash of the secret; ``request.auth`` is then the ``ApiToken``."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2 or len(parts[1]) > MAX_SECRET_LENGTH:
            raise AuthenticationFailed(MALFORMED)
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(NOT_VALID) from exc
        token = selectors.token_for_secret(secret)
        if token is None:
            raise AuthenticationFailed(NOT_VALID)
        status = token.status()
        if status == TokenStatus.REVOKED:
            raise AuthenticationFailed(REVOKED)
        if status == TokenStatus.EXPIRED:
            raise AuthenticationFailed(EXPIRED)
        if not token.owner.is_active:
            raise AuthenticationFailed(CLOSED)
        services.record_use(token)
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def _scope_list() -> str:
    return "; ".join(f"`{scope.value}`: {scope.label}" for scope in TokenScope)


# drf-spectacular's extension registry (__init_subclass__) is untyped.
class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes ApiTokenAuthentication in the OpenAPI schema: a bearer token."""

    target_class = "marac.tokens.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token, sent as `Authorization: Bearer <token>` (`Token <token>` is accepted too). "
                "A person makes their own on their "
                "API tokens page (signed in with two-factor); an agency's representative makes them for the "
                "agency's service accounts. Each token is named, expires (90 days unless chosen otherwise) "
                "and may do only what its scopes allow; an endpoint a token's scopes do not cover answers 403. "
                f"Scopes: {_scope_list()}."
            ),
        }
