"""Administration for system administrators: areas, agencies, users, memberships.

Case content is deliberately not registered here: administrators manage
configuration and review the audit log, they do not read case records.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from marac.models import Agency, AuditEvent, MaracArea, Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ("area", "role", "is_active")


@admin.register(User)
# django-stubs bounds UserAdmin to AbstractUser; our User (AbstractBaseUser) has the fields it uses.
class UserAdmin(BaseUserAdmin[User]):  # type: ignore[type-var]
    ordering = ("full_name",)
    list_display = ("full_name", "email", "agency", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "agency", "memberships__area", "memberships__role")
    search_fields = ("full_name", "email")
    list_select_related = ("agency",)
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "agency")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "agency", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "kind", "specialism", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(MaracArea)
class MaracAreaAdmin(admin.ModelAdmin[MaracArea]):
    list_display = ("name", "local_authority", "code", "meeting_pattern", "checklist", "is_active")
    list_filter = ("nation", "meeting_pattern", "is_active")
    search_fields = ("name", "local_authority", "code")
    filter_horizontal = ("core_agencies",)
    fieldsets = (
        (None, {"fields": ("name", "local_authority", "code", "nation", "is_active")}),
        (
            "Meetings",
            {
                "fields": (
                    "meeting_pattern",
                    "meeting_weekday",
                    "meeting_start_time",
                    "meeting_minutes",
                    "meeting_place",
                    "minutes_per_case",
                    "research_deadline_days",
                    "meetings_ahead",
                    "core_agencies",
                )
            },
        ),
        (
            "Referral thresholds",
            {"fields": ("checklist", "visible_high_risk_threshold", "escalation_callouts", "escalation_window_months")},
        ),
        ("Governance and retention", {"fields": ("adult_female_population", "retention_years")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "area", "role", "is_active")
    list_filter = ("area", "role", "is_active")
    search_fields = ("user__full_name", "user__email")
    list_select_related = ("user", "area")
    autocomplete_fields = ("user",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the table refuses changes anyway."""

    list_display = ("created_at", "actor", "verb", "object_type", "object_id", "area")
    list_filter = ("verb", "area")
    list_select_related = ("actor", "area")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return super().get_queryset(request)
