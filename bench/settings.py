"""Settings for the benchmark server: the production settings, served over
plain HTTP on loopback, plus the "hello" views that measure the framework's
floor (bench/urls.py). Used only by bench/run.py."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")

from marac.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MARAC_BENCHMARK = True
# Quiet: a log line per request would cost the benchmark more than the page.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
