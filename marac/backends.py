"""Password sign-in for people only.

A service account (``User.is_service_account``) is an agency system's: it uses the API with
tokens its agency's representative issues, never the pages. Refusing it here means its
password (if one was ever set) opens nothing, and a session made for it is not honoured.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser

from marac.models import User


class PeopleOnlyBackend(ModelBackend):
    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_service_account", False)
