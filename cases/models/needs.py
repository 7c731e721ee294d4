"""Needs as structured flags on a case, and the per-case invitation of an agency.

The source reports say MARACs miss the needs small and specialist services see:
honour-based abuse or forced marriage, immigration status and no recourse to
public funds, an interpreter (and the language), a survivor aged 16 or 17 (and
how they prefer to be contacted), disability (and whether the person causing
harm is their carer), a male survivor, an LGBT+ survivor. Each is one row per
case and kind: set from the referral when the coordinator receives it, set,
changed and ended by the agencies at the case. Ending keeps the row (the
governance counts and the audit trail read it); setting it again re-opens it.

A need suggests inviting the matching specialist or "by and for" service to the
case (``cases.needs.kinds``): ``CaseInvitation`` lets that agency's
representatives see that one case of the agenda, and no other.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models.people import Case
from marac.models import Agency, User


class NeedKind(models.TextChoices):
    HONOUR_BASED_ABUSE = "honour_based_abuse", "Honour-based abuse or forced marriage"
    IMMIGRATION = "immigration", "Immigration status concerns or no recourse to public funds"
    INTERPRETER = "interpreter", "Interpreter needed"
    AGED_16_17 = "aged_16_17", "Aged 16 or 17"
    DISABILITY = "disability", "Disability"
    MALE_VICTIM = "male_victim", "Male survivor"
    LGBT = "lgbt", "LGBT+"


class NeedSource(models.TextChoices):
    REFERRAL = "referral", "From the referral"
    AGENCY = "agency", "Recorded by an agency"


class CaseNeed(models.Model):
    """One need of the survivor on one case (one row per case and kind)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(max_length=32, choices=NeedKind.choices)
    # The language (interpreter), the preferred way of contact (aged 16 or 17), or a short note.
    detail = models.CharField(max_length=200, blank=True)
    # Disability: the person causing harm is the survivor's carer.
    harm_by_carer = models.BooleanField(default=False)
    source = models.CharField(max_length=20, choices=NeedSource.choices)
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking: bumped by every change")

    class Meta:
        ordering: ClassVar = ["case", "kind"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["case", "kind"], name="case_need_one_per_kind")]

    def __str__(self) -> str:
        return f"need {self.kind} on case {self.case_id}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class CaseInvitation(models.Model):
    """An agency invited to one case (not to the whole meeting): its representatives in the case's area
    see that case, its agenda row and its research, and no other case of the agenda."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_invitations")
    # The need that suggested it, if any (its kind).
    for_need = models.CharField(max_length=32, choices=NeedKind.choices, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["case", "invited_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "agency"], name="case_invitation_one_per_agency")
        ]
        indexes: ClassVar = [models.Index(fields=["agency", "case"], name="case_invitation_agency")]

    def __str__(self) -> str:
        return f"agency {self.agency_id} invited to case {self.case_id}"


class InterpretedBy(models.TextChoices):
    """Who interpreted at a contact with the survivor. A family member or friend is never accepted:
    they may be connected to the person causing harm, and the survivor cannot speak freely."""

    PROFESSIONAL = "professional", "An independent professional interpreter (in person, by phone or video)"
    BILINGUAL_WORKER = "bilingual_worker", "A trained bilingual worker of an agency"
    FAMILY_OR_FRIEND = "family_or_friend", "A family member, friend or child of the survivor"


class InterpretedContact(models.Model):
    """One contact with the survivor through an interpreter: when, in which language, who interpreted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interpreted_contacts")
    contact_on = models.DateField()
    language = models.CharField(max_length=100)
    interpreted_by = models.CharField(max_length=20, choices=InterpretedBy.choices)
    # The interpreting service's booking reference or the worker's name (never the survivor's details).
    reference = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["case", "-contact_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["case", "contact_on"], name="interpreted_contact_case")]

    def __str__(self) -> str:
        return f"interpreted contact {self.pk} on case {self.case_id}"
