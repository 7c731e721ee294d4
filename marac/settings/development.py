"""`make run` and `make dev`: local running on the embedded servers by default.

DEBUG is off unless DJANGO_DEBUG says otherwise (`make dev` sets it; `make
run` never does), so that the service's own error pages show, never Django's
technical pages with their tracebacks, settings and lists of URLs.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "development-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

from marac.settings.base import *  # noqa: F403
from marac.settings.base import INSTALLED_APPS, VAR_DIR, celery_broker_url, database_config, env

if "DATABASE_URL" not in os.environ or "REDIS_URL" not in os.environ:
    from marac import embedded

    # A command run by hand (migrate, shell, bench/reminder_sweep.py) connects as
    # the database's owner; `make run` gives the application's processes the
    # restricted role's DATABASE_URL, so they never get here.
    urls = embedded.start_all(VAR_DIR, role=embedded.OWNER_ROLE)
    os.environ.update({k: v for k, v in urls.items() if k not in os.environ})

DATABASES = {"default": database_config(env("DATABASE_URL"))}
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)

# Demo and synthetic data (seed_demo, generate_synthetic): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]

# Static files straight from the source folders, without collectstatic (so no
# manifest of hashed names, which DEBUG off would otherwise need): WhiteNoise
# serves them, whichever the web server and whatever DEBUG says.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
