"""Invitations to the service and each agency's quarterly review of its accounts.

Registered with the ``marac`` app by an import at the bottom of ``marac.models``. The
role is one of ``marac.models.Role``: forms and services offer and check it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Related models are named by label, not imported: ``marac.models`` imports this
# module to register it, so importing back would make a cycle.
AGENCY = "marac.Agency"
AREA = "marac.MaracArea"
USER = settings.AUTH_USER_MODEL


class Invitation(models.Model):
    """An invitation to sign in for the first time, and the outbox row for its email.

    The emailed link carries a random secret; only its SHA-256 hash is kept
    (``token_hash``), set when the email is sent, so the secret never reaches
    the database. ``email_sent_at`` empty means the email is still to send.
    """

    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(AGENCY, on_delete=models.PROTECT, related_name="invitations")
    area = models.ForeignKey(AREA, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(max_length=20)
    token_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "marac"
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="invitation_token_hash_unique"
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["created_at"],
                condition=Q(email_sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_unsent",
            ),
            models.Index(fields=["area", "agency"], name="invitation_area_agency"),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    @property
    def is_pending(self) -> bool:
        """Neither accepted nor revoked, and not yet expired."""
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AccountReview(models.Model):
    """An agency's representative confirms, once a quarter, who in their agency
    still needs access in one MARAC area."""

    agency = models.ForeignKey(AGENCY, on_delete=models.PROTECT, related_name="account_reviews")
    area = models.ForeignKey(AREA, on_delete=models.PROTECT, related_name="account_reviews")
    quarter = models.CharField(max_length=7, help_text="The quarter reviewed, like 2026-Q4")
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "marac"
        ordering: ClassVar = ["-quarter", "area__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["agency", "area", "quarter"], name="account_review_once_a_quarter"),
        ]

    def __str__(self) -> str:
        return f"Account review {self.quarter}"


class ReviewDecision(models.TextChoices):
    KEPT = "kept", "Still needs access"
    LEFT = "left", "Has left"


class AccountReviewDecision(models.Model):
    """What the review decided for one account."""

    review = models.ForeignKey(AccountReview, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=4, choices=ReviewDecision.choices)

    class Meta:
        app_label = "marac"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "user"], name="account_review_decision_once"),
        ]

    def __str__(self) -> str:
        return self.get_decision_display()
