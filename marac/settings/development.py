"""`make run`: local development on the embedded servers by default."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

from marac.settings.base import *  # noqa: F403
from marac.settings.base import INSTALLED_APPS, VAR_DIR, celery_broker_url, database_config, env

if "DATABASE_URL" not in os.environ or "REDIS_URL" not in os.environ:
    from marac import embedded

    os.environ.update({k: v for k, v in embedded.start_all(VAR_DIR).items() if k not in os.environ})

DATABASES = {"default": database_config(env("DATABASE_URL"))}
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)

# Demo and synthetic data (seed_demo, generate_synthetic): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]

# Serve static files from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
