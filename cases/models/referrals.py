"""Referrals to a MARAC, with the risk checklist they carry.

A referral is drafted by an agency practitioner, checked and submitted by
their agency's MARAC representative, and received by the area's
coordinator, who links the people to existing records (or creates them)
and files the referral on a case. Until then the people exist only as the
referrer described them (``ReferralPerson``): matching never shows a
referrer a record they may not see.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from cases.models.people import Case, Gender, PartyRole, Person, YesNoPreferNot
from marac.models import Agency, MaracArea, User
from marac.validators import validate_phone


class ChecklistInstrument(models.Model):
    """One version of a risk checklist (DASH, DAQ, or an area's licensed wording).

    Loaded from a data file (cases/referrals/checklists/*.json, or one an area supplies
    with ``manage.py load_checklist``); never edited once answers use it.
    """

    key = models.CharField(max_length=40)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    source = models.TextField(blank=True)
    licence_note = models.TextField(blank=True)
    plain_words = models.BooleanField(default=True)
    data = models.JSONField(help_text="The whole instrument file, questions included")
    loaded_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True, help_text="Offered for new referrals")

    class Meta:
        ordering: ClassVar = ["key", "-loaded_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["key", "version"], name="checklist_instrument_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def questions(self) -> list[dict[str, object]]:
        return list(self.data.get("questions", []))


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    READY_FOR_CHECK = "ready_for_check", "Waiting for your agency's MARAC representative"
    # The representative sent it back to the practitioner with a note (``Referral.check_note``).
    RETURNED_BY_REP = "returned_by_rep", "Returned by your agency's MARAC representative"
    SUBMITTED = "submitted", "Submitted to the MARAC"
    RETURNED = "returned", "Returned by the coordinator"
    RECEIVED = "received", "Received by the coordinator"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class Concern(models.TextChoices):
    """A concern the referrer has, has not, or cannot say (the needs the source reports say MARACs miss)."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Referral(models.Model):
    """One referral to one MARAC area."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)

    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="referrals_drafted")
    referrer_phone = models.CharField(max_length=40, blank=True, validators=[validate_phone])
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_submitted"
    )
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_received"
    )

    incident_date = models.DateField(null=True, blank=True, help_text="Date of the most recent incident")
    police_callouts = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Police call-outs for domestic abuse in the area's escalation window"
    )
    consent = models.CharField(max_length=20, choices=Consent.choices, blank=True)
    consent_note = models.TextField(blank=True, help_text="Why consent was refused or not sought")
    reason = models.TextField(blank=True, help_text="The reason for referral, in the referrer's words")
    # A database default too: bulk loaders (the synthetic national data) need not name the columns.
    honour_based_abuse = models.CharField(
        max_length=10,
        choices=Concern.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Concerns of honour-based abuse or forced marriage",
    )
    immigration_concern = models.CharField(
        max_length=10,
        choices=Concern.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Concerns about the survivor's immigration status, or no recourse to public funds",
    )
    strengths = models.TextField(blank=True, help_text="The survivor's protective strategies and strengths")
    risks_to_professionals = models.TextField(blank=True)
    professional_judgement = models.BooleanField(default=False)
    professional_judgement_rationale = models.TextField(blank=True)

    # Computed by cases.criteria at each save, stored for lists and reports.
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    is_repeat = models.BooleanField(default=False)
    repeat_of = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="repeated_by")

    return_reason = models.TextField(blank=True)
    check_note = models.TextField(
        blank=True, help_text="What the agency's MARAC representative asked the practitioner to add or correct"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking: bumped by every change")

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["area", "status"], name="referral_area_status"),
            models.Index(fields=["referring_agency", "status"], name="referral_agency_status"),
            models.Index(fields=["drafted_by", "status"], name="referral_drafter_status"),
            # Governance: referrals received in a period, per area.
            models.Index(fields=["area", "submitted_at"], name="referral_area_submitted"),
            # A case's latest referral (agendas, governance, repeat detection).
            models.Index(fields=["case", "status", "submitted_at"], include=["is_repeat"], name="referral_case_sent"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.public_id}"

    @property
    def short_id(self) -> str:
        return str(self.public_id)[:8].upper()

    @property
    def victim(self) -> ReferralPerson | None:
        return next((p for p in self.people.all() if p.role == PartyRole.VICTIM), None)

    @property
    def is_editable(self) -> bool:
        return self.status in (
            ReferralStatus.DRAFT,
            ReferralStatus.READY_FOR_CHECK,
            ReferralStatus.RETURNED_BY_REP,
            ReferralStatus.RETURNED,
        )

    @property
    def is_deletable(self) -> bool:
        """A draft never sent to the MARAC (the MARAC keeps what it has been sent)."""
        return self.status in (ReferralStatus.DRAFT, ReferralStatus.READY_FOR_CHECK, ReferralStatus.RETURNED_BY_REP)


class ReferralPerson(models.Model):
    """A person as the referrer described them. Linked to a ``Person`` when
    the coordinator receives the referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField(null=True, blank=True, help_text="For an unborn child")
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    relationship_to_victim = models.CharField(max_length=100, blank=True)
    # Children
    school = models.CharField(max_length=200, blank=True)
    lives_with = models.CharField(max_length=200, blank=True)
    child_protection_status = models.CharField(max_length=200, blank=True)
    # The victim's restricted contact details: shown only to those who need them.
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    safe_phone = models.CharField(max_length=40, blank=True, validators=[validate_phone])
    safe_times = models.CharField(max_length=200, blank=True)
    may_leave_message = models.CharField(max_length=3, choices=[("yes", "Yes"), ("no", "No")], blank=True)
    preferred_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    # Equality data ("prefer not to say" is an answer).
    ethnicity = models.CharField(max_length=100, blank=True)
    black_or_minoritised = models.CharField(max_length=20, choices=YesNoPreferNot.choices, blank=True)
    lgbt = models.CharField("LGBT+", max_length=20, choices=YesNoPreferNot.choices, blank=True)
    disabled = models.CharField(max_length=20, choices=YesNoPreferNot.choices, blank=True)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["referral", "role", "position", "id"]
        indexes: ClassVar = [models.Index(fields=["referral", "role"], name="referral_person_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on a referral"

    @property
    def display_name(self) -> str:
        name = f"{self.given_names} {self.family_name}".strip()
        return name or "Name not known"


class RiskAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"
    NOT_ASKED = "not_asked", "Not asked"


class RiskChecklist(models.Model):
    """The risk checklist answers a referral carries (no re-typing)."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="checklist")
    instrument = models.ForeignKey(ChecklistInstrument, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict, blank=True, help_text="Question id -> yes / no / dont_know / not_asked")
    sources = models.JSONField(
        default=dict, blank=True, help_text="Question id -> who gave the answer: victim, third_party or professional"
    )
    notes = models.JSONField(default=dict, blank=True, help_text="Question id -> the referrer's note on the answer")
    completed_elsewhere = models.BooleanField(
        default=False, help_text="Completed in another system: the score is recorded, answers where known"
    )
    recorded_score = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Risk checklist for {self.referral}"
