"""The Celery application (``celery -A marac worker`` / ``beat``).

Tasks acknowledge late and are rejected back to the queue if the worker
dies, so a killed worker's task runs again: every task must be idempotent.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marac.settings.development")

app = Celery("marac")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
