"""REST API plumbing shared by every app's endpoints."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.core import validators
from django.http import Http404
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, views
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict

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
    """The body of a 401, 403, 404, 412 or 428 answer."""

    detail = serializers.CharField(help_text="What went wrong and what to do, in plain words")


_ERRORS = {
    400: (
        OpenApiTypes.OBJECT,
        "The input is not valid. Field errors come as {field: [messages]} when the request's shape is wrong, "
        'or as {"problems": {field: [messages]}} when a rule of the service is not met. Nothing was changed.',
    ),
    401: (ErrorOutput, "No valid token (Authorization: Bearer ...) or two-factor-verified session."),
    403: (ErrorOutput, "Signed in, but your role does not allow this here, or your token lacks the scope it needs."),
    404: (ErrorOutput, "No such object among those you may see (the same answer whether or not it exists)."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The schema's description of the error answers an endpoint gives (401 and
    403 always: every endpoint needs a user with a role)."""
    return {
        code: OpenApiResponse(response=_ERRORS[code][0], description=_ERRORS[code][1])
        for code in sorted({401, 403, *codes})
    }


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "10:00:00"})
class LocalTimeField(serializers.TimeField):
    """A time of day in UK local time, as 10:00:00. (The schema's "time" format would need a UTC offset.)"""


# --- Error messages in plain words (the GOV.UK style of the service's forms) ---------------------------------
#
# DRF's defaults ("Ensure this field has no more than 300 characters.", "This field is required.") name no field and
# read like a machine's. Every input serializer of the API derives from InputSerializer, which gives each of its
# fields the wording below, naming the field ("Attendee names must be 300 characters or fewer"). The error codes
# stay DRF's ("max_length", "required"...), so agency systems can still act on them.

_TEXT = {
    "invalid": "{Label} must be text",
    "blank": "Enter {label}",
    "max_length": "{Label} must be {max_length:,} characters or fewer",
    "min_length": "{Label} must be {min_length:,} characters or more",
    "null_characters_not_allowed": "{Label} must not contain null characters",
    "surrogate_characters_not_allowed": "{Label} must not contain surrogate characters",
}
_NUMBER = {
    "invalid": "{Label} must be a whole number",
    "max_string_length": "{Label} must be a whole number",
    "min_value": "{Label} must be {min_value} or more",
    "max_value": "{Label} must be {max_value} or less",
}
_LIST = {
    "not_a_list": "{Label} must be a list",
    "empty": "{Label} must have at least one entry",
    "max_length": "{Label} must have {max_length} entries or fewer",
    "min_length": "{Label} must have {min_length} entries or more",
}
_OBJECT = {
    "invalid": "{Label} must be a JSON object",
    "not_a_dict": "{Label} must be a JSON object",
    "empty": "Enter {label}",
}
_DATE = {
    "invalid": "{Label} must be a real date, in the format YYYY-MM-DD",
    "datetime": "{Label} must be a date in the format YYYY-MM-DD, without a time",
}
# The wording for each kind of field, the most specific first (a SlugField is a CharField).
_WORDING: list[tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, str]]] = [
    (
        serializers.SlugField,
        {**_TEXT, "invalid": "{Label} must contain only letters, numbers, hyphens and underscores"},
    ),
    (serializers.ChoiceField, {"required": "Select {label}", "null": "Select {label}", "blank": "Select {label}"}),
    (serializers.CharField, _TEXT),
    (serializers.IntegerField, _NUMBER),
    (serializers.BooleanField, {"invalid": "{Label} must be true or false", "null": "{Label} must be true or false"}),
    (serializers.DateField, _DATE),
    (serializers.ListField, _LIST),
    (serializers.ListSerializer, _LIST),
    (serializers.DictField, _OBJECT),
    (serializers.Serializer, _OBJECT),
]
# Django's validators that DRF's fields build from max_length, min_value...: the message key each one uses.
_LIMITS: dict[type[validators.BaseValidator], str] = {
    validators.MaxLengthValidator: "max_length",
    validators.MinLengthValidator: "min_length",
    validators.MaxValueValidator: "max_value",
    validators.MinValueValidator: "min_value",
}


def plain_messages(field: serializers.Field[Any, Any, Any, Any], label: str) -> dict[str, str]:
    """The messages a field of this kind gives, naming it: ``label`` as it reads mid-sentence
    ("the victim's postcode")."""
    messages = {"required": "Enter {label}", "null": "Enter {label}"}
    for kind, wording in reversed(_WORDING):
        if isinstance(field, kind):
            messages |= wording
    if isinstance(field, serializers.ChoiceField):
        choices = ", ".join(str(choice) for choice in field.choices if choice != "")
        messages["invalid_choice"] = "{Label} must be one of: " + choices.replace("{", "{{").replace("}", "}}")
    capitalised = label[:1].upper() + label[1:]
    # Not str.format: the messages keep DRF's own placeholders ({max_length}...) for DRF to fill.
    return {key: text.replace("{label}", label).replace("{Label}", capitalised) for key, text in messages.items()}


def use_plain_messages(field: serializers.Field[Any, Any, Any, Any], label: str) -> None:
    """Give ``field`` (and the child of a list or dictionary) the plain messages, its length and range
    limits included: DRF builds those validators, with their messages, when the field is made."""
    messages = plain_messages(field, label)
    field.error_messages.update(messages)
    field.validators = [_reworded(validator, messages) for validator in field.validators]
    child = getattr(field, "child", None)  # the fields of a nested serializer have their own names: not changed
    if isinstance(child, serializers.Field):
        use_plain_messages(child, label)


def _reworded(validator: Any, messages: dict[str, str]) -> Any:
    key = next((key for kind, key in _LIMITS.items() if type(validator) is kind), None)
    if key is not None and key in messages:
        return type(validator)(validator.limit_value, message=messages[key].format(**{key: validator.limit_value}))
    code = getattr(validator, "code", None)
    if code in messages and hasattr(validator, "message"):
        validator = copy.copy(validator)  # a validator given to a field may be shared with others
        validator.message = messages[code]
    return validator


# The base of every input the API takes: plain messages that name the field. A field is named by its name
# ("attendee_names": "attendee names") or its entry in ``labels``, after ``owner`` ("the victim's" gives "the
# victim's postcode"). (Comments, not a docstring: the schema would show a docstring as each input's description.)
class InputSerializer(serializers.Serializer[dict[str, Any]]):
    owner: ClassVar[str] = ""
    labels: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # As the whole request; a serializer inside another is given its name by that one (get_fields).
        self.error_messages |= dict.fromkeys(["invalid", "null", "required"], "The request body must be a JSON object")

    @property
    def errors(self) -> ReturnDict[Any, Any]:
        errors = super().errors
        key = api_settings.NON_FIELD_ERRORS_KEY
        if [getattr(error, "code", None) for error in errors.get(key, [])] == ["null"]:  # DRF's "No data provided"
            errors[key] = [exceptions.ErrorDetail(str(self.error_messages["null"]), code="null")]
        return errors

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name, field in fields.items():
            phrase = self.labels.get(name, name.replace("_", " "))
            use_plain_messages(field, f"{self.owner} {phrase}" if self.owner else phrase)
        return fields


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, in plain words where DRF's own would show a parser's internals or a model's name."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # the same answer whether the object exists or may not be seen
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError("The request body could not be read: send it as JSON")
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.UnsupportedMediaType(
            "", detail="Send the request body as JSON, with the header Content-Type: application/json"
        )
    return views.exception_handler(exc, context)
