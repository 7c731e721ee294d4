"""API tokens in the administration site: listed, and revoked by an administrator, never made there and never
shown with their secret (only its hash is stored). Registered by ``marac.admin``."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from marac.models import User
from marac.tokens import services
from marac.tokens.models import ApiToken

TOKEN_FIELDS = (
    "owner",
    "name",
    "key_prefix",
    "scope_list",
    "created_by",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
    "revoked_by",
)


class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "owner", "key_prefix", "scope_list", "expires_at", "last_used_at", "status")
    list_select_related = ("owner",)
    list_filter = ("expires_at", "revoked_at")
    search_fields = ("name", "key_prefix", "owner__full_name", "owner__email")
    fields = TOKEN_FIELDS
    readonly_fields = TOKEN_FIELDS
    actions = ("revoke",)

    @admin.display(description="May")
    def scope_list(self, token: ApiToken) -> str:
        return "; ".join(token.scope_labels())

    @admin.display(description="Status")
    def status(self, token: ApiToken) -> str:
        return str(token.status().label)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is made by its owner, or their agency's representative, on the API tokens page

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False  # revoked tokens are kept, with who revoked them

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        if not isinstance(request.user, User):
            raise PermissionDenied
        revoked = 0
        for token in queryset.select_related("owner").filter(revoked_at__isnull=True):
            services.revoke_token(actor=request.user, token=token, request=request)
            revoked += 1
        self.message_user(request, f"{revoked} token{'s' if revoked != 1 else ''} revoked.", messages.SUCCESS)
