"""REST API plumbing shared by every app's endpoints."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from drf_spectacular.authentication import SessionScheme
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
