"""Explicit per-case grants to named people, on top of the membership roles.

Membership roles are the base rule (a coordinator sees the area, an agency's
representative the cases on agendas their agency is invited to). Some people
see a case only because they were named on it:

- the IDAA allocated to the survivor (who also records the survivor's voice);
- a practitioner named as the case's keyworker;
- a worker named to record the survivor's voice where no IDAA could reach
  them (the fallback).

These are django-guardian object permissions held in a direct foreign-key
table (``CaseGrant``), so "which cases may this user see" is an index lookup
on (user, permission, case), not a generic object-id scan. Who granted it and
when are kept on the row; each change is also an audit event.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from cases.models.people import Case
from marac.models import User


class GrantKind(models.TextChoices):
    """The case permissions (``cases.<codename>``) a grant can carry."""

    IDAA = "allocated_idaa", "Allocated IDAA"
    KEYWORKER = "keyworker", "Keyworker"
    VOICE_FALLBACK = "voice_fallback", "Records the survivor's voice (no IDAA contact)"


# The grants that let their holder see the case.
SEEING_GRANTS = (GrantKind.IDAA, GrantKind.KEYWORKER, GrantKind.VOICE_FALLBACK)
# The grants that let their holder write the survivor's voice.
VOICE_GRANTS = (GrantKind.IDAA, GrantKind.VOICE_FALLBACK)


class CaseGrant(UserObjectPermissionBase):
    """One person's grant on one case (a django-guardian user object permission)."""

    # Indexed by case_grant_case (case first), and by the unique (user, permission, case).
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants", db_index=False)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "named worker on a case"
        verbose_name_plural = "named workers on cases"
        indexes: ClassVar = [models.Index(fields=["content_object", "permission"], name="case_grant_case")]

    def __str__(self) -> str:
        return f"grant {self.pk} on case {self.content_object_id}"
