"""Settings for the benchmark server: the production settings, served over
plain HTTP on loopback, plus the "hello" views that measure the framework's
floor (bench/urls.py) and the synthetic data generator (devdata). Used only by
bench/run.py."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")

from marac.settings.production import *  # noqa: F403
from marac.settings.production import INSTALLED_APPS

ROOT_URLCONF = "bench.urls"
MARAC_BENCHMARK = True
# The synthetic data set's generator (manage.py generate_synthetic).
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]
# Quiet: a log line per request would cost the benchmark more than the page.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
