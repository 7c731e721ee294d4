from __future__ import annotations

from django.apps import AppConfig


class PpmtConfig(AppConfig):
    name = "ppmt"
