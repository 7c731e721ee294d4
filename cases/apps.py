from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"

    def ready(self) -> None:
        # Registering a provider (docs/adr/0008-layers.md): the quarterly account reminders
        # in marac.accounts are sent as this app's in-app notices.
        from cases.notifications import notify  # noqa: PLC0415
        from marac.accounts.reminders import register_notifier  # noqa: PLC0415

        register_notifier(notify)
