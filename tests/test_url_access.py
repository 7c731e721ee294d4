"""Every URL needs a signed-in, two-factor-verified user.

The test walks the URL resolver, so a URL added later is covered without
anyone remembering to add it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Reachable without signing in: the sign-in page itself, the health check
# for load balancers, and the public information pages every service must
# publish (accessibility statement, privacy notice). Static files are served
# by whitenoise before URL resolution.
# The first sign-in from an invitation is public too, and answers 404 unless its link is valid.
INVITATION_LINKS = {"/account/invitation/sample/"}
PUBLIC = {"/sign-in/", "/health/", "/accessibility/", "/privacy/", *INVITATION_LINKS}
# Reachable once the password is right but before the second factor.
TWO_FACTOR_PAGES = {"/sign-in/two-factor/", "/sign-in/two-factor/set-up/", "/sign-out/"}
# The administration site's own login page only forwards to the sign-in page.
SIGN_IN_ALIASES = {"/admin/login/"}

_SAMPLES = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "path": "sample/path",
    "uuid": "0b0c0c0b-0c0c-4b0c-8c0c-0b0c0c0b0c0c",
}


def _route_sample(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: _SAMPLES.get(m.group(1) or "str", "sample"), route)


def _regex_sample(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace(r"\Z", "")

    def group(match: re.Match[str]) -> str:
        body = match.group(2)
        if re.fullmatch(r"[\w|]+", body):  # an alternation of literals: take the first
            return body.split("|")[0]
        return "1" if "d" in body else "sample"

    text = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, text)
    text = re.sub(r"\(\?:[^)]*\)\??", "", text)
    return text.replace("\\", "")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        raw = pattern.pattern
        piece = _route_sample(str(raw)) if hasattr(raw, "_route") else _regex_sample(raw.regex.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + piece)
        else:
            yield "/" + prefix + piece


ALL_URLS = sorted(set(_walk(get_resolver().url_patterns)))
PROTECTED = [url for url in ALL_URLS if url not in PUBLIC]


def test_the_walk_finds_the_routes_we_know() -> None:
    # Guards the walker itself: if it stopped finding URLs, every test below
    # would pass vacuously.
    for known in ["/", "/sign-in/", "/audit/", "/admin/", "/admin/marac/user/", "/api/v1/schema/"]:
        assert known in ALL_URLS
    assert len(ALL_URLS) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("url", PROTECTED)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_request_is_sent_to_sign_in(client, url: str, method: str) -> None:
    response = getattr(client, method)(url)
    if url.startswith("/api/"):
        # REST clients get 401 with a challenge instead of a redirect page.
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/"), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in PROTECTED if u not in TWO_FACTOR_PAGES])
def test_password_alone_is_not_enough(client, url: str, make_member) -> None:
    """Signed in with a password but no second factor: only the two-factor pages."""
    user = make_member()
    client.force_login(user)
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code in (401, 403)
    elif url in SIGN_IN_ALIASES:
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
    else:
        assert response.status_code == 302, url
        assert response["Location"] == "/sign-in/two-factor/"


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(PUBLIC))
def test_public_pages_answer_anonymous_requests(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == (404 if url in INVITATION_LINKS else 200)


@pytest.mark.django_db
def test_static_files_are_served_without_sign_in(client) -> None:
    response = client.get("/static/govuk/govuk-frontend.min.css")
    assert response.status_code == 200
