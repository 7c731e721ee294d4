from __future__ import annotations

from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "marac"
    verbose_name = "MARAC core"

    def ready(self) -> None:
        from marac import receivers  # noqa: F401
