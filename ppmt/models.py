"""Information shared at the meeting, structured by PPMT stage."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from cases.models import AgendaItem, Meeting
from marac.models import Agency, User
from ppmt.stages import PpmtStage


class SharedInformation(models.Model):
    """What an agency newly shared about a case at the meeting, under one PPMT stage."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="shared")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=PpmtStage.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["item", "stage", "recorded_at", "id"]
        indexes: ClassVar = [models.Index(fields=["item", "stage"], name="shared_item_stage")]

    def __str__(self) -> str:
        return f"Shared at meeting: item {self.item_id}, {self.stage}"


class LawfulBasis(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding of children and individuals at risk (DPA 2018 Sch. 1 para 18)"
    PUBLIC_TASK = "public_task", "Public task with substantial public interest (UK GDPR 6(1)(e), 9(2)(g))"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement processing (DPA 2018 Part 3, s.35)"
    VITAL_INTERESTS = "vital_interests", "Vital interests (UK GDPR 6(1)(d), 9(2)(c))"
    CONSENT = "consent", "Consent of the person"


class ResearchStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Researched"
    NOT_KNOWN = "not_known", "Not known to us"


class ResearchSubmission(models.Model):
    """One agency's research on one case for one meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="research")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="research")
    status = models.CharField(max_length=20, choices=ResearchStatus.choices, default=ResearchStatus.DRAFT)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["item", "agency__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "agency"], name="research_once_per_agency_item"),
        ]

    def __str__(self) -> str:
        return f"Research by agency {self.agency_id} on item {self.item_id}"


class ResearchEntry(models.Model):
    """A finding, under one PPMT stage. Never edited in place once the research
    is submitted: an amendment is a new entry that supersedes the old one, so
    the change history is kept."""

    submission = models.ForeignKey(ResearchSubmission, on_delete=models.CASCADE, related_name="entries")
    stage = models.CharField(max_length=20, choices=PpmtStage.choices)
    text = models.TextField()
    information_date = models.DateField(null=True, blank=True, help_text="When it happened or was recorded")
    source = models.CharField(max_length=200, blank=True, help_text="Where the information comes from")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(Agency, blank=True, related_name="+")
    restriction_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["submission", "stage", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["submission", "stage"], name="research_entry_stage")]

    def __str__(self) -> str:
        return f"Research entry {self.pk} ({self.stage})"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None and not self.withdrawn


class SurvivorVoice(models.Model):
    """The survivor's voice for one case at one meeting, usually from the IDAA.
    Where the IDAA could not reach the survivor another worker with a
    relationship may record it, and the page says who did."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="survivor_voice")
    contact_made = models.BooleanField(default=False)
    no_contact_reason = models.TextField(blank=True)
    views_and_wishes = models.TextField(blank=True)
    fears = models.TextField(blank=True)
    wants_from_marac = models.TextField(blank=True)
    own_risk_view = models.TextField(blank=True, help_text="The survivor's own assessment of the risk")
    strengths = models.TextField(blank=True, help_text="Protective efforts and strengths")
    childrens_voice = models.TextField(blank=True)
    agreed_to_share = models.TextField(blank=True, help_text="What the survivor has agreed may be shared")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by_idaa = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Survivor voice for item {self.item_id}"


class SurvivorVoiceRevision(models.Model):
    """One saved version of the survivor's voice, kept when a later save replaces it: what the
    survivor said, as recorded then, and who recorded it. Never changed after it is written."""

    voice = models.ForeignKey(SurvivorVoice, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    contact_made = models.BooleanField(default=False)
    no_contact_reason = models.TextField(blank=True)
    views_and_wishes = models.TextField(blank=True)
    fears = models.TextField(blank=True)
    wants_from_marac = models.TextField(blank=True)
    own_risk_view = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    childrens_voice = models.TextField(blank=True)
    agreed_to_share = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by_idaa = models.BooleanField(default=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["voice", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["voice", "version"], name="survivor_voice_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"Survivor voice {self.voice_id}, version {self.version}"


class LanguagePromptEvent(models.Model):
    """A survivor-blaming phrase the language check prompted about, and
    whether the writer later reframed it. Shown to the chair; counted (as
    aggregates) for governance."""

    # None while the referral it was raised on is still being drafted (no case yet): filled in on receipt.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="language_prompts"
    )
    referral = models.ForeignKey(
        "cases.Referral", on_delete=models.CASCADE, null=True, blank=True, related_name="language_prompts"
    )
    source = models.CharField(max_length=20, help_text="research, meeting, voice or referral")
    source_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    code = models.CharField(max_length=40)
    matched = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    reframed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-raised_at"]
        indexes: ClassVar = [
            models.Index(fields=["case", "raised_at"], name="language_prompt_case"),
            models.Index(fields=["source", "source_id", "field"], name="language_prompt_source"),
        ]

    def __str__(self) -> str:
        return f"Language prompt {self.code} on case {self.case_id}"


class ResearchReminderSent(models.Model):
    """The coordinator reminded one agency that its research for a meeting is outstanding ("Remind now" on the
    research tracker): at most once a day for each agency and meeting, whoever presses it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    told = models.PositiveIntegerField(help_text="How many of the agency's people were told")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "agency", "sent_on"], name="research_remind_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Research reminder: meeting {self.meeting_id}, agency {self.agency_id}, {self.sent_on}"


class AgencyActionKind(models.TextChoices):
    TAKEN = "taken", "Already taken"
    PROPOSED = "proposed", "Proposed for the meeting to agree"


class AgencyAction(models.Model):
    """Work between meetings, recorded with an agency's research: an action it has already taken since the
    referral (with the date), or one it proposes for the meeting to agree. Shared with the meeting when the
    research is submitted, as its findings are."""

    submission = models.ForeignKey(ResearchSubmission, on_delete=models.CASCADE, related_name="agency_actions")
    kind = models.CharField(max_length=10, choices=AgencyActionKind.choices)
    text = models.TextField()
    taken_on = models.DateField(null=True, blank=True, help_text="When an action already taken was taken")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["submission", "kind", "created_at", "id"]

    def __str__(self) -> str:
        return f"Agency action {self.pk} ({self.kind})"
