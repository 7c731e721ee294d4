"""The API's documentation: the committed OpenAPI schema and the docs page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from marac.models import Role

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
UPDATE = "python manage.py spectacular --validate --fail-on-warn --file docs/api/openapi.yaml"


def test_the_committed_schema_matches_the_code() -> None:
    generated = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=generated)
    committed = SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""
    assert generated.getvalue() == committed, (
        f"The API changed, so its published schema {SCHEMA_FILE.relative_to(settings.BASE_DIR)} is out of date. "
        f"If the change is deliberate, regenerate it with `{UPDATE}`, review the difference "
        "(agency systems depend on it) and commit it with the change."
    )


def test_every_operation_describes_its_errors() -> None:
    schema = SCHEMA_FILE.read_text()
    operations = re.findall(r"^  (/api/v1/\S+):\n((?:    .*\n|\n)+)", schema, flags=re.MULTILINE)
    assert len(operations) >= 8
    for path, body in operations:
        for method in re.split(r"^    (?=get:|post:|put:|patch:|delete:)", body, flags=re.MULTILINE)[1:]:
            assert "'401':" in method, path
            assert "'403':" in method, path
            if "{" in path:
                assert "'404':" in method, path
            if method.startswith("post:"):
                assert "'400':" in method, path


@pytest.mark.django_db
class TestDocsPage:
    def test_signed_in_users_see_swagger_ui_served_from_this_site(self, verified_client, make_member) -> None:
        client = verified_client(make_member(Role.REPRESENTATIVE))
        response = client.get("/api/v1/docs/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger-ui-bundle.js" in html
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
        # No inline script or style, nothing from another origin: the CSP stays strict.
        assert "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "http://" not in html
        assert "https://" not in html
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        script = client.get("/api/v1/docs/?script=")
        assert script.status_code == 200
        assert script["Content-Type"].startswith("application/javascript")
        assert "/api/v1/schema/" in script.content.decode()

    def test_anonymous_requests_are_refused(self, client) -> None:
        assert client.get("/api/v1/docs/").status_code == 401
