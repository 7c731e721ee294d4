"""The core domain: people who use the system, their agencies, MARAC areas,
memberships (who holds which role where) and the append-only audit log."""

from __future__ import annotations

from datetime import time
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password", "agency"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    IDAA = "idaa", "IDAA service"
    CHILDREN_FAMILIES = "children_families", "Children and families social work"
    HOUSING = "housing", "Housing"
    HEALTH = "health", "Health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_USE = "substance_use", "Substance use"
    EDUCATION = "education", "Education"
    JUSTICE = "justice", "Justice social work or probation"
    ADULT_PROTECTION = "adult_protection", "Adult support and protection"
    SPECIALIST = "specialist", "Specialist service"
    # Specialist and "by and for" services the source reports say are missing from the table
    # (a need on a case suggests inviting them: cases.needs.kinds).
    HONOUR_BASED_ABUSE = "honour_based_abuse", "Honour-based abuse and forced marriage service"
    BY_AND_FOR = "by_and_for", "By and for service for Black and minoritised survivors"
    IMMIGRATION = "immigration", "Immigration advice service"
    YOUNG_PEOPLE = "young_people", "Young people's service"
    DISABILITY = "disability", "Disability service"
    MALE_VICTIMS = "male_victims", "Male survivors' service"
    LGBT = "lgbt", "LGBT+ service"
    MARAC = "marac", "MARAC coordination"
    OTHER = "other", "Other"


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    # Specialist "by and for" services describe whom they serve.
    specialism = models.CharField(max_length=200, blank=True)
    secure_email_domain = models.CharField(
        max_length=200, blank=True, help_text="Domain of the agency's secure email, e.g. police.example.gov.uk"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class MeetingPattern(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"


class ChecklistChoice(models.TextChoices):
    DASH = "dash", "DASH risk identification checklist"
    DAQ = "daq", "Police Scotland DAQ (DASH plus questions about children)"


class MaracArea(models.Model):
    """One MARAC: usually one local authority, sometimes part of one."""

    name = models.CharField(max_length=200, unique=True)
    local_authority = models.CharField(max_length=200)
    code = models.SlugField(max_length=20, unique=True, help_text="Short code used in case references")
    nation = models.CharField(
        max_length=20,
        choices=[("scotland", "Scotland"), ("england", "England"), ("wales", "Wales"), ("ni", "Northern Ireland")],
        default="scotland",
    )
    meeting_pattern = models.CharField(max_length=20, choices=MeetingPattern.choices, default=MeetingPattern.MONTHLY)
    meeting_weekday = models.PositiveSmallIntegerField(
        default=2,
        choices=[(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")],
        help_text="Day of the week regular meetings are held (monthly: the first such day of the month)",
    )
    meeting_start_time = models.TimeField(default=time(10, 0))
    meeting_minutes = models.PositiveSmallIntegerField(
        default=180, validators=[MinValueValidator(15)], help_text="Planned length of a meeting, in minutes"
    )
    meeting_place = models.CharField(max_length=200, blank=True)
    minutes_per_case = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(7), MaxValueValidator(12)],
        help_text="Time for each case on the agenda (7 to 12 minutes)",
    )
    research_deadline_days = models.PositiveSmallIntegerField(
        default=2, help_text="Days before a meeting that research is due (at 5pm)"
    )
    action_due_soon_days = models.PositiveSmallIntegerField(
        default=3, help_text="Days before an action's due date that its owner is reminded"
    )
    action_escalation_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days overdue before an action is escalated to the coordinator"
    )
    action_due_horizon_days = models.PositiveSmallIntegerField(
        default=182,
        validators=[MinValueValidator(14), MaxValueValidator(730)],
        help_text="Furthest an action's due date may be from its meeting, in days (longer work is reviewed at a "
        "later meeting)",
    )
    minutes_due_working_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1)], help_text="Working days after a meeting for approved minutes"
    )
    meetings_ahead = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How many regular meetings to keep scheduled ahead",
    )
    adult_female_population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Women aged 16 and over, for the expected-volume figure"
    )
    checklist = models.CharField(max_length=10, choices=ChecklistChoice.choices, default=ChecklistChoice.DASH)
    # Referral thresholds (domain: SafeLives defaults 14 "yes" answers, 3 call-outs in 12 months).
    visible_high_risk_threshold = models.PositiveSmallIntegerField(default=14, validators=[MinValueValidator(1)])
    escalation_callouts = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    escalation_window_months = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    retention_years = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1)], help_text="Years after the last activity before review"
    )
    core_agencies = models.ManyToManyField(Agency, blank=True, related_name="core_for_areas")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = "MARAC area"

    def __str__(self) -> str:
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. Belongs to one agency; roles come from memberships."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the administration site")
    # Demo accounts (seed_demo) may skip two-factor only when MARAC_DEMO=1.
    is_demo = models.BooleanField(default=False, editable=False)
    is_service_account = models.BooleanField(
        default=False,
        help_text="An agency system's account: it uses the API only, with tokens its agency's representative issues",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering: ClassVar = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "MARAC coordinator"
    CHAIR = "chair", "MARAC chair"
    REPRESENTATIVE = "representative", "Agency representative"
    PRACTITIONER = "practitioner", "Agency practitioner"
    IDAA = "idaa", "IDAA"
    GOVERNANCE = "governance", "Governance group member"
    ADMINISTRATOR = "administrator", "System administrator"


class Membership(models.Model):
    """A user holds a role in a MARAC area. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(MaracArea, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["area__name", "role"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="membership_unique_role_per_area"),
        ]
        indexes: ClassVar = [models.Index(fields=["area", "role"], name="membership_area_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.area}"


class AuditVerb(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED_OUT = "locked_out", "Account locked"
    TWO_FACTOR_FAILED = "2fa_failed", "Two-factor code rejected"
    TWO_FACTOR_SET_UP = "2fa_set_up", "Two-factor set up"
    TWO_FACTOR_VERIFIED = "2fa_verified", "Two-factor code accepted"
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"


class AuditEvent(models.Model):
    """Append-only record of who did what, when, where.

    The database refuses UPDATE and DELETE on this table (a trigger, see the
    migration), and in production the application's role holds only INSERT
    and SELECT on it. ``detail`` holds structured, non-personal facts only
    (identifiers, counts, field names), never names, addresses or free text.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    verb = models.CharField(max_length=20, choices=AuditVerb.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "created_at"], name="audit_actor_time"),
            models.Index(fields=["area", "created_at"], name="audit_area_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.object_type} {self.object_id}"


class SignInThrottle(models.Model):
    """Failed sign-in attempts for one account or one client address (see
    ``marac.sign_in_throttle``). ``key`` is a keyed hash (HMAC with the secret
    key) of the scope and the email or address: what was typed is never stored."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(default=timezone.now, db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.failures} failures until {self.blocked_until}"


# Accounts over their life (invitations, quarterly reviews): models of this app, kept in their subpackage.
from marac.accounts.models import AccountReview, AccountReviewDecision, Invitation  # noqa: E402,F401

# Text typed and not yet saved, kept for its writer (marac/drafts/).
from marac.drafts.models import Draft  # noqa: E402,F401

# Every email the service sends (docs/adr/0011-outbox.md).
from marac.outbox.models import MessageKind, OutboxMessage  # noqa: E402,F401

# API tokens (issued by their owner after two-factor, or by a representative for a service account).
from marac.tokens.models import ApiToken  # noqa: E402,F401
