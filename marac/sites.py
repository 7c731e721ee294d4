"""The administration site, behind the service's own sign-in and two-factor, in plain words.

Also the configurations of django-otp's two apps (named in INSTALLED_APPS instead of the apps themselves),
only to give their admin sections plain names: Django's documented way to rename a third-party app.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpDefaultConfig


class AuthenticatorAppsConfig(TotpDefaultConfig):
    """django-otp's authenticator app (TOTP) devices."""

    verbose_name = "Two-factor: authenticator apps"


class RecoveryCodesConfig(StaticDefaultConfig):
    """django-otp's recovery code (static token) devices."""

    verbose_name = "Two-factor: recovery codes"


# Plain names for models whose own names are a library's jargon: (app label, model name) -> name.
PLAIN_MODEL_NAMES = {
    ("otp_totp", "totpdevice"): "Authenticator apps",
    ("otp_static", "staticdevice"): "Recovery code sets",
}


class MaracAdminSite(admin.AdminSite):
    site_header = "MARAC case management: administration"
    site_title = "MARAC administration"
    index_title = "Areas, agencies and users"

    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # One sign-in for the whole service, with its lockout and two-factor.
        target = request.GET.get("next", reverse("admin:index"))
        return HttpResponseRedirect(f"{reverse('sign-in')}?{urlencode({'next': target})}")

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        """The sections of the index page and the side bar, with plain model names."""
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                model["name"] = PLAIN_MODEL_NAMES.get((app["app_label"], model["object_name"].lower()), model["name"])
            app["models"].sort(key=lambda model: model["name"])
        return app_list
