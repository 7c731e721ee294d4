"""Request types for views.

Every page needs a signed-in user (``marac.middleware`` sends anyone else to
sign in), so views take an ``AuthenticatedHttpRequest``: its ``user`` is a
``marac.models.User``, never ``AnonymousUser``, and services can be called
with it without casts. Its ``htmx`` says whether htmx sent it (a region of a
page saving in place, which answers with that region alone).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django_htmx.middleware import HtmxDetails

from marac.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django_htmx.middleware.HtmxMiddleware: falsy unless htmx made the request


# The largest id or number a query may receive: PostgreSQL's bigint. Anything
# larger cannot name a row, and would make the database raise.
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A positive whole number typed as ASCII digits (an id, a version, a count), or None.

    The one parser for ids and numbers from query strings, form posts and
    headers: ``str.isdigit`` alone accepts "²" and other Unicode digits that
    ``int`` refuses, and ``int`` alone accepts "-1", " 1_0" and huge values
    that the database refuses. Surrounding spaces are ignored.
    """
    text = str(value if value is not None else "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def int_or_404(value: object) -> int:
    """``parse_id`` for a value that names an object: a malformed id answers 404,
    exactly as a missing or hidden object does."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number
