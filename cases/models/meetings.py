"""MARAC meetings, their agendas, attendance and conflicts of interest."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cases.models.people import Case, Person
from marac.models import Agency, MaracArea, User


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CIRCULATED = "circulated", "Agenda circulated"
    IN_PROGRESS = "in_progress", "In progress"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MinutesScope(models.TextChoices):
    """What the circulated minutes carry for each case (chosen by the coordinator per meeting)."""

    FULL = "full", "Full minutes: what was shared, the decisions and the actions"
    ACTIONS = "actions", "Actions only: the action plan, without what was shared"


class Meeting(models.Model):
    """One MARAC meeting. Regular meetings are generated ahead from the
    area's pattern so agencies can plan; extra meetings are added by hand."""

    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField()
    planned_minutes = models.PositiveSmallIntegerField(
        default=180, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    research_deadline = models.DateTimeField()
    minutes_per_case = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(7), MaxValueValidator(12)]
    )
    is_extra = models.BooleanField(default=False, help_text="A one-off meeting added to the regular pattern")
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    invited_agencies = models.ManyToManyField(Agency, blank=True, related_name="meetings_invited")
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The cases on the agenda when it last went to the invited agencies (circulated or recirculated): the
    # agenda now, against these, is what changed since (cases.meetings.recirculation). None before it went out.
    agenda_sent_cases = ArrayField(models.BigIntegerField(), null=True, blank=True)
    minutes_scope = models.CharField(max_length=10, choices=MinutesScope.choices, default=MinutesScope.FULL)
    # Cancelled by the coordinator or chair, with their reason (shown on the meeting's page, never in an audit event).
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cancellation_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking: bumped by every agenda change")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["date", "start_time"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["area", "date"], condition=models.Q(is_extra=False), name="one_regular_meeting_per_day"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["area", "date"], name="meeting_area_date")]

    def __str__(self) -> str:
        return f"{self.area} meeting on {self.date:%d %B %Y}"

    @property
    def has_happened(self) -> bool:
        return self.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED) or self.date < timezone.localdate()


class AgendaItem(models.Model):
    """A case listed on a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(12)],
        help_text="Time for this case; the meeting's default when blank",
    )
    ppmt_mapping = models.BooleanField(default=False, help_text="Selected for full Perpetrator Pattern Mapping")
    mapping_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency that holds the full mapping (children and families social work by default)",
    )
    added_at = models.DateTimeField(default=timezone.now)
    # The live meeting.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    decisions = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["meeting", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once_per_meeting"),
        ]
        indexes: ClassVar = [models.Index(fields=["case", "meeting"], name="agenda_item_case")]

    def __str__(self) -> str:
        return f"Agenda item {self.position} of meeting {self.meeting_id}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    PARTIAL = "partial", "Present for some cases"
    DEPUTY = "deputy", "Deputy sent"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    """Each invited agency's attendance at a meeting (feeds governance)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    cases_attended = models.ManyToManyField(AgendaItem, blank=True, related_name="attended_by")
    attendee_names = models.CharField(max_length=300, blank=True, help_text="Who attended for the agency")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["meeting", "agency__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="attendance_once_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} at meeting {self.meeting_id}: {self.status}"


class ConflictOfInterestQuerySet(models.QuerySet["ConflictOfInterest"]):
    def active(self) -> ConflictOfInterestQuerySet:
        """The conflicts in force: every access rule reads conflicts through this, never a withdrawn one."""
        return self.filter(withdrawn_at__isnull=True)


class ConflictOfInterest(models.Model):
    """A user's declared connection to someone in a case. From then on the
    user cannot open the case anywhere; the agency needs another representative.
    A coordinator of the area may withdraw it, with a reason (the row is kept)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="conflicts")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="conflicts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    connection = models.CharField(
        max_length=40,
        choices=[
            ("related", "Related to someone in the case"),
            ("knows", "Knows someone in the case personally"),
            ("other", "Another connection"),
        ],
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="conflicts")
    declared_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    withdrawal_reason = models.CharField(max_length=1000, blank=True)

    objects = ConflictOfInterestQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-declared_at"]
        constraints: ClassVar = [
            # One conflict in force per user and case; withdrawn ones are kept as history.
            models.UniqueConstraint(
                fields=["user", "case"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="conflict_once_per_user_case",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["case"], name="conflict_case")]

    def __str__(self) -> str:
        return f"Conflict of interest: user {self.user_id}, case {self.case_id}"


class Notification(models.Model):
    """An in-application notification. Carries no personal data: a message
    about a meeting or a reference, and a link."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=200)
    link = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=100, help_text="One notification per user and event")

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_once_per_event"),
        ]
        indexes: ClassVar = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved by the chair"
    DISTRIBUTED = "distributed", "Distributed"


class Minutes(models.Model):
    """A meeting's minutes: generated from what was recorded, edited by the
    coordinator, approved by the chair, then distributed. Each agency sees
    the general section and the cases it attended."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    general = models.TextField(blank=True, help_text="Attendance, apologies and other business")
    status = models.CharField(max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    distributed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of meeting {self.meeting_id}"


class MinutesRead(models.Model):
    """Who opened distributed minutes (so those who have not are reminded once)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["minutes", "user"], name="minutes_read_once")]

    def __str__(self) -> str:
        return f"Minutes {self.minutes_id} read by user {self.user_id}"


class MinutesCase(models.Model):
    """The minutes of one case."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="cases")
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes_case")
    text = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["item__position", "item_id"]

    def __str__(self) -> str:
        return f"Minutes of agenda item {self.item_id}"
