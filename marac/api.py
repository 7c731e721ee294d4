"""REST API plumbing shared by every app's endpoints."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from marac.middleware import two_factor_satisfied
from marac.models import User

T = TypeVar("T")


class VerifiedSessionAuthentication(SessionAuthentication):
    """Browser sessions count only once two-factor authentication is done."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not two_factor_satisfied(user):
            return None
        return user, None


# drf-spectacular's extension registry (__init_subclass__) is untyped.
class VerifiedSessionScheme(SessionScheme):  # type: ignore[no-untyped-call]
    """Describes VerifiedSessionAuthentication in the OpenAPI schema (a cookie session)."""

    target_class = "marac.api.VerifiedSessionAuthentication"


def api_user(request: Request) -> User:
    """The signed-in user of an API request.

    DRF types ``request.user`` as ``User | AnonymousUser``; the API's
    authentication and permission classes already refuse anonymous requests,
    so this only narrows the type (and answers 401 should that ever fail).
    """
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user


def serialize_many(serializer: type[serializers.BaseSerializer[T]], instances: Iterable[T]) -> list[Any]:
    """The JSON of several objects: what ``serializer(instances, many=True).data``
    gives, typed (DRF's stubs do not know that ``many=True`` takes a list)."""
    return serializers.ListSerializer(instances, child=serializer()).data


class ErrorOutput(serializers.Serializer[dict[str, Any]]):
    """The body of a 401, 403, 404 or 412 answer."""

    detail = serializers.CharField(help_text="What went wrong and what to do, in plain words")


_ERRORS = {
    400: (
        OpenApiTypes.OBJECT,
        "The input is not valid. Field errors come as {field: [messages]} when the request's shape is wrong, "
        'or as {"problems": {field: [messages]}} when a rule of the service is not met. Nothing was changed.',
    ),
    401: (ErrorOutput, "No valid token (Authorization: Token ...) or two-factor-verified session."),
    403: (ErrorOutput, "Signed in, but your role does not allow this here."),
    404: (ErrorOutput, "No such object among those you may see (the same answer whether or not it exists)."),
    412: (ErrorOutput, "If-Match does not match the current version: read the object again, then send the change."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The schema's description of the error answers an endpoint gives (401 and
    403 always: every endpoint needs a user with a role)."""
    return {
        code: OpenApiResponse(response=_ERRORS[code][0], description=_ERRORS[code][1])
        for code in sorted({401, 403, *codes})
    }
