"""API tokens. Only a SHA-256 hash of the secret is stored; the secret is shown once, when the token is made.

The models belong to the ``marac`` app (imported at the bottom of ``marac.models``) and name the user model
by its label, so that this module imports nothing from ``marac.models`` (no import cycle).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class TokenScope(models.TextChoices):
    """What a token may do. Each API endpoint names the scope it needs (``token_scopes`` on the view)."""

    REFERRALS_SUBMIT = "referrals:submit", "Submit referrals"
    REFERRALS_READ = "referrals:read", "Read your agency's referrals"
    MEETINGS_READ = "meetings:read", "Read meetings and agendas"
    MEETINGS_UPDATE = "meetings:update", "Circulate agendas and record attendance (coordinators)"
    RESEARCH_READ = "research:read", "Read research on agenda cases"
    ACTIONS_READ = "actions:read", "Read actions"
    ACTIONS_UPDATE = "actions:update", "Add updates to actions"
    GOVERNANCE_READ = "governance:read", "Read governance figures (no personal data)"


class TokenStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class ApiToken(models.Model):
    """One API token of one user (a person, or an agency's service account)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, so that its owner recognises it")
    key_prefix = models.CharField(max_length=8, help_text="The first characters of the secret, to recognise it")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = ArrayField(models.CharField(max_length=32, choices=TokenScope.choices))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "marac"
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = "API token"
        indexes: ClassVar = [models.Index(fields=["owner", "revoked_at"], name="apitoken_owner_revoked")]

    def __str__(self) -> str:
        # Never the secret: a name and the prefix the owner sees on their page.
        return f"{self.name} ({self.key_prefix}…)"

    def status(self, now: datetime | None = None) -> TokenStatus:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    def is_active(self, now: datetime | None = None) -> bool:
        return self.status(now) == TokenStatus.ACTIVE

    def scope_labels(self) -> list[str]:
        labels = dict(TokenScope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]


# The secret is 43 URL-safe characters (32 random bytes from ``secrets``).
SECRET_BYTES = 32
PREFIX_LENGTH = 8


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def hash_secret(secret: str) -> str:
    """The stored form of a secret: its SHA-256, in hex. A token is found by this hash, never by its secret."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
