"""The governance group's review of referrals after they are heard."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models import Referral
from marac.models import User


class ReferralReview(models.Model):
    """Every referral is heard; afterwards the governance group may judge one
    inappropriate and send feedback to the referring agency. Recorded by the
    coordinator for the group (governance members see aggregates only)."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="review")
    inappropriate = models.BooleanField(default=True)
    feedback = models.TextField(help_text="Feedback to the referring agency, in strengths-based language")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Review of referral {self.referral_id}"
