"""People and cases. Referrals, risk checklists and meetings build on these."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils import timezone

from marac.models import MaracArea


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman or girl"
    MAN = "man", "Man or boy"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Another gender"
    PREFER_NOT = "prefer_not", "Prefer not to say"
    NOT_RECORDED = "", "Not recorded"


class YesNoPreferNot(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not", "Prefer not to say"
    NOT_RECORDED = "", "Not recorded"


class Person(models.Model):
    """Anyone named in a case: victim, person causing harm, child, household member."""

    given_names = models.CharField(max_length=200)
    family_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    # Equality data (governance reports aggregates only); "prefer not to say" is an answer.
    ethnicity = models.CharField(max_length=100, blank=True)
    black_or_minoritised = models.CharField(max_length=20, choices=YesNoPreferNot.choices, blank=True)
    lgbt = models.CharField("LGBT+", max_length=20, choices=YesNoPreferNot.choices, blank=True)
    disabled = models.CharField(max_length=20, choices=YesNoPreferNot.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The MARAC areas of the cases this person is named in, kept by a database
    # trigger on CaseParty (migration cases 0008). Only a search index: it lets
    # people search narrow 3,000,000 people to the user's areas with a GIN
    # index before the exact visibility rule runs. Never shown, never decides
    # access, never written by the application.
    area_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)

    class Meta:
        ordering: ClassVar = ["family_name", "given_names"]
        indexes: ClassVar = [
            models.Index(fields=["family_name", "given_names"], name="person_name"),
            GinIndex(fields=["area_ids"], name="person_areas"),
            GinIndex(fields=["family_name"], name="person_family_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["given_names"], name="person_given_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["date_of_birth"], name="person_dob"),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # area_ids belongs to the database trigger: an update never writes it.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields if not f.primary_key and f.attname != "area_ids"
            ]
        super().save(*args, **kwargs)


class PersonAlias(models.Model):
    """Another name a person is known by (perpetrators often use several)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="Where this name was used, e.g. 'social media'")

    class Meta:
        ordering: ClassVar = ["family_name", "given_names"]
        verbose_name_plural = "person aliases"
        indexes: ClassVar = [
            GinIndex(fields=["family_name"], name="alias_family_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["given_names"], name="alias_given_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class CaseStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    LISTED = "listed", "Listed for a meeting"
    HEARD = "heard", "Heard"
    CLOSED = "closed", "Closed"
    TRANSFERRED_OUT = "transferred_out", "Transferred to another MARAC"


class Case(models.Model):
    """One victim's case in one MARAC area."""

    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=40, unique=True, help_text="Carries no personal data")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases_as_victim")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by ``cases.status.services.case_status_change`` only: when the case stopped being open
    # (closed or transferred out; cleared when re-opened), from which the invited agencies' access
    # runs out (``MARAC_ACCESS_AFTER_CLOSURE_DAYS``), and the date of the meeting that last heard it.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_heard_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking: bumped by every change")

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["area", "status"], name="case_area_status"),
            # The coordinator's case list (cases.caselist.selectors): one index per sort, read either way.
            models.Index(F("area"), F("last_heard_on").desc(nulls_last=True), F("id").desc(), name="case_area_heard"),
            models.Index(fields=["area", "created_at", "id"], name="case_area_created"),
            models.Index(fields=["area", "reference"], name="case_area_reference"),
            # Searching by part of a reference (``reference__icontains``: UPPER(reference) LIKE '%...%').
            GinIndex(OpClass(Upper("reference"), name="gin_trgm_ops"), name="case_reference_trgm"),
        ]
        # Held per case by named people (cases.models.grants.CaseGrant), never through a group.
        permissions: ClassVar = [
            ("allocated_idaa", "Is the IDAA allocated to the case"),
            ("keyworker", "Is the case's keyworker"),
            ("voice_fallback", "Records the survivor's voice where no IDAA could reach them"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseReferenceCounter(models.Model):
    """The last case number issued per area and year (references like FRN-2026-0042)."""

    area = models.ForeignKey(MaracArea, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["area", "year"], name="case_reference_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.year}: {self.last_number}"


class PartyRole(models.TextChoices):
    VICTIM = "victim", "Victim or survivor"
    PERPETRATOR = "perpetrator", "Person causing harm"
    CHILD = "child", "Child"
    HOUSEHOLD = "household", "Other household member"


class CaseParty(models.Model):
    """A person's part in a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    relationship_to_victim = models.CharField(max_length=100, blank=True)
    # Children: where they go to school or nursery, and with whom they live.
    school = models.CharField(max_length=200, blank=True)
    lives_with = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar = ["case", "role"]
        verbose_name_plural = "case parties"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="case_party_unique"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["person", "role"], name="case_party_person_role"),
            # The case list's "children in the household" (cases.caselist.selectors).
            models.Index(fields=["case"], condition=models.Q(role="child"), name="case_party_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.case.reference}"
