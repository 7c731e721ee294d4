"""pytest: the embedded servers unless DATABASE_URL / REDIS_URL are set.

The tests' embedded servers are separate from `make run`'s (under
var/test/<pid>), so tests never touch development data. The process that
starts them stops and deletes them when it exits; pytest-xdist workers and
subprocesses inherit the URLs through the environment.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")

if "DATABASE_URL" not in os.environ or "REDIS_URL" not in os.environ:
    from marac import embedded

    # A throwaway pair of servers per test run (about a second to create),
    # so that concurrent runs in one checkout cannot stop each other's.
    _test_var = Path(os.environ.get("MARAC_TEST_VAR_DIR", embedded.DEFAULT_VAR_DIR / "test")) / str(os.getpid())
    for _key, _value in embedded.start_all(_test_var, fast_unsafe=True).items():
        os.environ.setdefault(_key, _value)
    atexit.register(embedded.remove, _test_var)

from marac.settings.base import *  # noqa: F403
from marac.settings.base import INSTALLED_APPS, celery_broker_url, database_config, env

DATABASES = {"default": database_config(env("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = 0
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
# Demo and synthetic data (seed_demo, generate_synthetic): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]
# Fast hashing in tests only; production uses Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
