"""Settings shared by every profile, read from the environment.

Profiles: ``development`` (make run), ``test`` (pytest) and ``production``
(docker-compose).  Each is a small module that imports this one.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import unquote

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONCE, SELF

# Classes that are generic only in django-stubs (``forms.ModelForm[Referral]``,
# ``admin.ModelAdmin[User]``) can then be subscripted at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MARAC_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Reverse proxies (addresses or networks, comma separated) whose
# X-Forwarded-For is believed: the client address recorded in the audit log and
# used by the sign-in throttle is the rightmost hop not in this list. Empty:
# REMOTE_ADDR is taken as it is (no proxy, or an untrusted one).
# A wrong entry stops the start-up here rather than failing every request.
MARAC_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(item, strict=False)) for item in env.list("MARAC_TRUSTED_PROXIES", default=[])
]

# Demo profile: seeded demo users may sign in without a second factor.
MARAC_DEMO = env.bool("MARAC_DEMO", default=False)

INSTALLED_APPS = [
    "marac.apps.MaracAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "django_otp",
    "django_htmx",
    "marac.sites.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp, named plainly in the admin
    "marac.sites.RecoveryCodesConfig",  # django_otp.plugins.otp_static, named plainly in the admin
    "guardian",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "marac",
    "cases",
    "ppmt",
    "actions",
    "governance",
]

MIDDLEWARE = [
    # First: /health/ answers before anything reads the session or the user.
    "marac.health_middleware.HealthCheckMiddleware",
    "marac.request_cache.RequestCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "marac.middleware.LoginRequiredMiddleware",
    "marac.middleware.TwoFactorRequiredMiddleware",
    "marac.middleware.NoStoreMiddleware",
    # A form accepted: the drafts of its text boxes are done (marac/drafts/).
    "marac.drafts.middleware.DraftsDoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: the live meeting's forms save in place
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication.
]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "marac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.service",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------
# Without DATABASE_URL the development and test profiles start the embedded
# PostgreSQL server (marac/embedded/postgres.py); production requires the variable.


def database_config(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(environ.Env.db_url_config(url))
    # A Unix socket directory arrives percent-encoded in the host part.
    config["HOST"] = unquote(str(config.get("HOST", "")))
    config["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    config.setdefault("OPTIONS", {})
    return config


def celery_broker_url(redis_url: str) -> str:
    # redis-py spells a socket "unix://", kombu spells it "redis+socket://".
    # and names the database "virtual_host" there.
    if redis_url.startswith("unix://"):
        path, _, query = redis_url.removeprefix("unix://").partition("?")
        params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
        db = params.get("db", "0")
        return f"redis+socket://{path}?virtual_host={db}"
    return redis_url


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "marac.User"

# --- Authentication -----------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "marac.backends.PeopleOnlyBackend",  # ModelBackend, refusing service accounts
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Sign-in throttle (marac.sign_in_throttle): after the free attempts for an
# account (any browser, any address) or from one client address (across
# accounts), each further attempt waits 2, 4, 8, ... seconds, up to the cap,
# before a password or code is checked. A delay, never a lock: waiting is
# always enough for the right password to work.
MARAC_SIGN_IN_FREE_ATTEMPTS = env.int("MARAC_SIGN_IN_FREE_ATTEMPTS", default=5)
MARAC_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS = env.int("MARAC_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS", default=20)
MARAC_SIGN_IN_MAX_DELAY_SECONDS = env.int("MARAC_SIGN_IN_MAX_DELAY_SECONDS", default=300)
# Two-factor code attempts count toward the same throttle (see marac.views.auth).
OTP_TOTP_ISSUER = env("MARAC_TOTP_ISSUER", default="MARAC case management")
OTP_TOTP_THROTTLE_FACTOR = 1

# Idle timeout: a session ends after this many minutes without a request.
SESSION_IDLE_MINUTES = env.int("MARAC_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "marac.views.errors.csrf_failure"

# --- Internationalisation -----------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security headers -------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The nonce is for the one-line script marking the body JS-enabled.
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API requests get 401 with a challenge.
        "marac.tokens.authentication.ApiTokenAuthentication",
        "marac.api.VerifiedSessionAuthentication",
    ],
    # Scopes apply to API tokens only: each view names the scope a token needs (marac.tokens.permissions).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "marac.tokens.permissions.TokenScopeRequired",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "marac.api.exception_handler",  # plain words for unreadable bodies and 404s
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens expire after this many days unless their maker chooses fewer or more (1 to 365).
MARAC_API_TOKEN_DAYS = env.int("MARAC_API_TOKEN_DAYS", default=90)
SPECTACULAR_SETTINGS = {
    "TITLE": "MARAC case management API",
    "DESCRIPTION": "For agency systems: submit referrals and read their own agency's actions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "YesNoPreferNotEnum": "cases.models.people.YesNoPreferNot",
        "ConcernEnum": "cases.models.referrals.Concern",
    },
    # The docs page (/api/v1/docs/) serves Swagger UI from this site's static
    # files (drf-spectacular-sidecar): the CSP allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Reading only: "Try it out" sends GET requests, never a change.
    "SWAGGER_UI_SETTINGS": {"supportedSubmitMethods": ["get"]},
}

# --- Celery -------------------------------------------------------------------
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that then dies is given to another after this long. The longest task (a national
# reminder sweep) takes about a minute; the sender, which matters most, runs from beat every 30 s anyway.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "marac.tasks.beat_heartbeat", "schedule": 60.0},
    "purge-expired-sessions": {"task": "marac.tasks.purge_expired_sessions", "schedule": 3600.0},
    "purge-sign-in-throttle": {"task": "marac.tasks.purge_sign_in_throttle", "schedule": 3600.0},
    "purge-drafts": {"task": "marac.tasks.purge_drafts", "schedule": 3600.0},
    "schedule-meetings-ahead": {"task": "cases.meetings.tasks.schedule_meetings_ahead", "schedule": 3600.0},
    "research-reminders": {"task": "ppmt.tasks.research_reminders", "schedule": 3600.0},
    "action-reminders": {"task": "actions.tasks.sweep_reminders", "schedule": 900.0},
    "minutes-reminders": {"task": "cases.meetings.tasks.minutes_reminders", "schedule": 3600.0},
    "weekly-digests": {"task": "actions.tasks.weekly_digests", "schedule": crontab(hour=8, minute=0, day_of_week=1)},
    # Every email goes through the outbox (docs/adr/0011-outbox.md): sent after each commit and on this beat.
    "send-outbox": {"task": "marac.tasks.send_outbox", "schedule": 30.0, "options": {"expires": 25}},
    # The first days of each quarter (the reminder is written once a quarter, whichever run is first).
    "account-review-reminders": {
        "task": "marac.tasks.account_review_reminders",
        "schedule": crontab(hour=7, minute=0, day_of_month="1-7", month_of_year="1,4,7,10"),
    },
}
# Failed attempts after which an email shows as not delivered (it is still retried, at least hourly).
MARAC_OUTBOX_WARN_AFTER_ATTEMPTS = env.int("MARAC_OUTBOX_WARN_AFTER_ATTEMPTS", default=5)
# A message due this long without being tried means the sender is not running (/health/ says degraded).
MARAC_OUTBOX_STUCK_SECONDS = env.int("MARAC_OUTBOX_STUCK_SECONDS", default=600)
# Days an invitation's link works.
# Months an invited agency (and the referrer, the people named on a case) keep a case after it is closed
# or transferred out, for late actions and feedback (ADR 0005); coordinators and chairs keep it until retention.
MARAC_ACCESS_AFTER_CLOSURE_MONTHS = env.int("MARAC_ACCESS_AFTER_CLOSURE_MONTHS", default=3)
MARAC_INVITATION_VALID_DAYS = env.int("MARAC_INVITATION_VALID_DAYS", default=7)

# --- Email ------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="marac@localhost")
# The address links in emails point at (no trailing slash).
MARAC_BASE_URL = env("MARAC_BASE_URL", default="http://127.0.0.1:8000")

# --- Logging: no personal data is ever passed to a logger -------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request logs carry only paths, which never hold personal data.
        "django.request": {"level": "WARNING"},
    },
}
FORM_RENDERER = "marac.renderers.GovukFormRenderer"
MARAC_ORGANISATION_NAME = env("MARAC_ORGANISATION_NAME", default="Multi-Agency Risk Assessment Conference")
MARAC_VERSION = "0.1.0"
