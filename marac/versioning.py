"""Optimistic locking: every edit carries the version the editor loaded.

Editable models have an integer ``version`` column. A service locks the row,
checks that the version the user loaded is still current, changes it and
bumps the version in the same transaction, so a stale editor gets a
``StaleVersionError`` (409 on pages, 412 on the API) and never overwrites
someone else's change without seeing it.

An object made on its first save (the survivor's voice) has version 0
before it exists: a form carries 0, and a second first save, which finds the
row made meanwhile, is stale too (``StaleVersionError``, never the
database's IntegrityError). An edit of something without a version column
carries what identifies the state it was made from instead: a research
amendment names the finding it replaces, a live meeting's decisions the
fingerprint of the text they were loaded with (``fingerprint``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import models
from django.http import HttpRequest
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions

from marac.http import parse_id

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.response import Response


class StaleVersionError(Exception):
    """Someone else saved this object since the user loaded it."""


class Versioned(Protocol):
    pk: Any
    version: int


V = TypeVar("V", bound=models.Model)


def lock_version(obj: V, expected_version: int | None) -> V:
    """Lock ``obj``'s row for this transaction and check the editor's version.

    ``expected_version`` None means the caller has no version to check (a
    service acting on its own decision, not on an editor's form).
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    # Every versioned model has a ``version`` field; typing cannot say "a Model with it".
    if expected_version is not None and locked.version != expected_version:  # type: ignore[attr-defined]
        raise StaleVersionError
    return locked


def bump_version(obj: models.Model, fields: Iterable[str] = ()) -> None:
    """Save ``fields`` of ``obj`` and its next version, in one UPDATE.

    ``obj`` is the row ``lock_version`` returned: it is locked until the
    transaction ends, so its version is current and the increment is safe.
    Its ``auto_now`` fields (``updated_at``) are saved too: every change
    touches them.
    """
    touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.version += 1  # type: ignore[attr-defined]  # a versioned model (see lock_version)
    obj.save(update_fields=list(dict.fromkeys([*fields, "version", *touched])))


def fingerprint(text: str) -> str:
    """A short digest of ``text``: the "version" of a text with no version column, carried by a form
    so that a change made from a stale copy of it can be refused."""
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def parse_version(value: object) -> int | None:
    """The version posted by a page's form, or None if absent or malformed. (The API's If-Match is
    stricter: ``if_match_version``.)"""
    return parse_id(str(value or "").strip().strip('"'))


# --- The API: ETag on every read of an editable object, a strong If-Match on every write --------------------
#
# An editable object's ETag is its version as a strong entity tag, "3". A write must send it back in If-Match:
# without If-Match the answer is 428 (nothing is changed "whatever the version"); a weak tag (W/"3"), "*", a
# list or anything but one strong tag, or a version that is no longer current, gets 412. The pages carry the
# version in a hidden field instead, and a stale one gets 409 with what the editor typed kept.

_STRONG_TAG = re.compile(r'"(\d{1,19})"')

NO_IF_MATCH = (
    'Send If-Match with the ETag you read (for example If-Match: "3"): '
    "a change without it could overwrite someone else's"
)
NOT_STRONG = (
    'If-Match must be the one strong ETag you read, such as "3" (not W/"3", "*" or a list): read the object '
    "again, then send the change"
)
STALE = "Someone changed this since you read it: read it again (its ETag is the current version), then send the change"


class PreconditionRequired(exceptions.APIException):
    """A write without If-Match (428 Precondition Required, RFC 6585)."""

    status_code = 428
    default_detail = NO_IF_MATCH
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    """If-Match names a version that is not the current one, or is not one strong ETag (412)."""

    status_code = 412
    default_detail = STALE
    default_code = "precondition_failed"


def etag(version: int) -> str:
    """The strong ETag of an object at ``version``: ``"3"``."""
    return f'"{version}"'


def with_etag(response: Response, version: int) -> Response:
    """``response`` with the ETag of the object it shows."""
    response["ETag"] = etag(version)
    return response


def if_match_version(request: HttpRequest | Request) -> int:
    """The version a write's strong If-Match names.

    Raises ``PreconditionRequired`` (428) without If-Match and ``PreconditionFailed`` (412) for a weak tag,
    ``*``, a list or anything else that is not one strong ETag: the service then checks that version under
    its row lock (``lock_version``), and a stale one is a ``StaleVersionError``, which the view answers with
    ``PreconditionFailed`` too.
    """
    value = request.headers.get("If-Match")
    if value is None or not value.strip():
        raise PreconditionRequired
    match = _STRONG_TAG.fullmatch(value.strip())
    version = parse_id(match[1]) if match else None
    if version is None:
        raise PreconditionFailed(NOT_STRONG)
    return version


# The schema's description of If-Match on a write, and of the answers it brings.
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    pattern=r'^"\d+"$',
    description='The ETag you read, e.g. "3": the change is made only if nobody changed the object since. '
    'Without it: 428. A weak ETag (W/"3"), "*", or a version that is no longer current: 412.',
)
ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description='The object\'s version as a strong ETag, e.g. "3": send it in If-Match to change the object',
)


def precondition_responses() -> dict[int, OpenApiResponse]:
    """The 412 and 428 answers of a write that needs If-Match (in the API's error shape)."""
    # Imported here: the services import this module, and marac.api (the API's plumbing) must not be
    # the first module to import DRF's views (DRF's settings import marac.api itself).
    from marac.api import ErrorOutput  # noqa: PLC0415

    return {
        412: OpenApiResponse(response=ErrorOutput, description=STALE + " (or If-Match was not one strong ETag)"),
        428: OpenApiResponse(response=ErrorOutput, description=NO_IF_MATCH),
    }
