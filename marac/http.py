"""Request types for views.

Every page needs a signed-in user (``marac.middleware`` sends anyone else to
sign in), so views take an ``AuthenticatedHttpRequest``: its ``user`` is a
``marac.models.User``, never ``AnonymousUser``, and services can be called
with it without casts.
"""

from __future__ import annotations

from django.http import HttpRequest

from marac.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
