from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MaracConfig(AppConfig):
    name = "marac"
    verbose_name = "MARAC core"

    def ready(self) -> None:
        # Django's documented place to connect signal receivers: the app registry is ready here.
        from marac import receivers  # noqa: F401, PLC0415
        from marac.accounts.outbox import render_invitation  # noqa: PLC0415
        from marac.outbox.models import MessageKind  # noqa: PLC0415
        from marac.outbox.sender import register_renderer  # noqa: PLC0415

        # An invitation's link is made when its email is sent, never stored.
        register_renderer(MessageKind.INVITATION, render_invitation)


class MaracAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with the service's own site (marac.sites): one sign-in, with two-factor."""

    default = False  # named in INSTALLED_APPS; MaracConfig stays this module's default
    default_site = "marac.sites.MaracAdminSite"
