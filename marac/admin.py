"""Administration for system administrators: areas, agencies, users, memberships, API tokens.

Case content is deliberately not registered here: administrators manage
configuration and review the audit log, they do not read case records.
Every add, change and delete here writes an audit event (``AuditedAdmin``);
no secret is shown (two-factor keys, recovery codes, API tokens), and an
administrator can revoke an API token but never make one for someone else.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac import audit
from marac.http import parse_id
from marac.models import Agency, AuditEvent, AuditVerb, MaracArea, Membership, User
from marac.tokens.admin import ApiTokenAdmin
from marac.tokens.models import ApiToken

M = TypeVar("M", bound=models.Model)

# Form fields that carry a password: recorded as "password" (that it changed), never with a value.
PASSWORD_FIELDS = {"password", "password1", "password2", "usable_password"}


def _changed_fields(form: forms.BaseForm) -> list[str]:
    names: list[str] = []
    for name in form.changed_data:
        name = "password" if name in PASSWORD_FIELDS else name
        if name not in names:
            names.append(name)
    return names


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _record_deletion(request: HttpRequest, obj: models.Model) -> None:
    """A deletion names the object by type and id only: its area may be the very thing being deleted."""
    area = getattr(obj, "area", None)
    audit.record(
        actor=_actor(request),
        verb=AuditVerb.DELETE,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        area=area if isinstance(area, MaracArea) else None,
        detail={"admin": True},
        request=request,
    )


class AuditedAdmin(admin.ModelAdmin[M]):
    """Every add, change and delete in the administration site writes an audit event, in the admin's
    transaction: who, what (type and id), and the names of the fields that changed, never their values."""

    def save_model(self, request: HttpRequest, obj: M, form: forms.ModelForm[M], change: bool) -> None:
        super().save_model(request, obj, form, change)
        fields = _changed_fields(form)
        if change and not fields:
            return
        verb = AuditVerb.CHANGE if change else AuditVerb.CREATE
        audit.record(
            actor=_actor(request), verb=verb, obj=obj, detail={"admin": True, "fields": fields}, request=request
        )

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        _record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        with transaction.atomic():
            for obj in queryset:
                _record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (a user's memberships): each added, changed or deleted row is an event of its own."""
        deleted = [f.instance for f in getattr(formset, "deleted_forms", []) if f.instance.pk is not None]
        for obj in deleted:
            _record_deletion(request, obj)
        super().save_formset(request, form, formset, change)
        detail = {"admin": True, "parent": form.instance.pk}
        for obj in formset.new_objects:
            audit.record(actor=_actor(request), verb=AuditVerb.CREATE, obj=obj, detail=detail, request=request)
        for obj, fields in formset.changed_objects:
            names = ["password" if name in PASSWORD_FIELDS else name for name in fields]
            audit.record(
                actor=_actor(request),
                verb=AuditVerb.CHANGE,
                obj=obj,
                detail={**detail, "fields": names},
                request=request,
            )


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ("area", "role", "is_active")


@admin.register(User)
# django-stubs bounds UserAdmin to AbstractUser; our User (AbstractBaseUser) has the fields it uses.
class UserAdmin(AuditedAdmin[User], BaseUserAdmin[User]):  # type: ignore[type-var]
    ordering = ("full_name",)
    list_display = ("full_name", "email", "agency", "is_active", "is_service_account", "is_staff", "last_login")
    list_filter = ("is_active", "is_service_account", "is_staff", "agency", "memberships__area", "memberships__role")
    search_fields = ("full_name", "email")
    list_select_related = ("agency",)
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "agency")}),
        ("Access", {"fields": ("is_active", "is_service_account", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "agency", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's set-password page, which does not go through save_model: recorded here when it succeeds."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                audit.record(
                    actor=_actor(request),
                    verb=AuditVerb.CHANGE,
                    object_type="marac.user",
                    object_id=parse_id(id) or "",
                    detail={"admin": True, "fields": ["password"]},
                    request=request,
                )
        return response


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin[Agency]):
    list_display = ("name", "kind", "specialism", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(MaracArea)
class MaracAreaAdmin(AuditedAdmin[MaracArea]):
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
class MembershipAdmin(AuditedAdmin[Membership]):
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


admin.site.register(ApiToken, ApiTokenAdmin)

# Groups are not used: roles come from memberships.
admin.site.unregister(Group)


# django-otp's own pages show each device's secret (its key, a QR code, the recovery codes). Administrators
# see only whose device it is and whether it is confirmed, and can delete one so that its owner sets up
# two-factor again (a lost phone); the deletion is audited.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class DeviceAdmin(AuditedAdmin[M]):
    plain_name = ""
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_select_related = ("user",)
    list_filter = ("confirmed",)
    search_fields = ("user__full_name", "user__email")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return super().changelist_view(request, {"title": self.plain_name, **(extra_context or {})})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().change_view(request, object_id, form_url, {"title": self.plain_name, **(extra_context or {})})


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(DeviceAdmin[TOTPDevice]):
    plain_name = "Authenticator apps"


@admin.register(StaticDevice)
class RecoveryCodeSetAdmin(DeviceAdmin[StaticDevice]):
    plain_name = "Recovery code sets"
