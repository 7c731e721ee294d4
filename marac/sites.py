"""The administration site, behind the service's own sign-in and two-factor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class MaracAdminSite(admin.AdminSite):
    site_header = "MARAC case management: administration"
    site_title = "MARAC administration"
    index_title = "Areas, agencies and users"

    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # One sign-in for the whole service, with its lockout and two-factor.
        target = request.GET.get("next", reverse("admin:index"))
        return HttpResponseRedirect(f"{reverse('sign-in')}?{urlencode({'next': target})}")
