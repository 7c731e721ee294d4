"""The editors' clients, and how they read the version they loaded: a page's hidden field, the API's ETag."""

from __future__ import annotations

import re
from typing import Any, Protocol

from django.test import Client
from rest_framework.test import APIClient

from marac.models import User
from tests.api_tokens import token_for
from tests.conftest import sign_in_verified


class Page(Protocol):
    """A page the test client answered."""

    status_code: int
    content: bytes


def _token(name: str) -> re.Pattern[str]:
    """The hidden field ``name`` and its value, wherever the page's form puts it."""
    field = re.escape(name)
    return re.compile(rf'<input type="hidden" name="{field}" value="([^"]*)"|name="{field}" value="([^"]*)"')


def loaded(response: Page, token_field: str) -> str:
    """The version the page's form carries, as the editor's browser would post it back."""
    assert response.status_code == 200, response.status_code
    match = _token(token_field).search(response.content.decode())
    assert match is not None, f"the page's form carries no {token_field}"
    return match[1] if match[1] is not None else match[2]


def loaded_after(refused: Page, token_field: str) -> str:
    """The version a refused page carries now (the current one, so that saving again can succeed)."""
    match = _token(token_field).search(refused.content.decode())
    assert match is not None, "the refused page must carry the current version"
    return match[1] if match[1] is not None else match[2]


def page_client(user: User, *, answer_errors: bool = False) -> Client:
    """A signed-in browser; ``answer_errors`` makes a server error a 500 answer, as a browser would get
    it, rather than an exception (the concurrent tests count answers)."""
    return sign_in_verified(Client(raise_request_exception=not answer_errors), user)


def api_client(user: User) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=token_for(user))
    return api


def etag(response: Any) -> str:
    """The strong ETag a read of one object sends."""
    assert response.status_code == 200
    tag = response["ETag"]
    assert re.fullmatch(r'"\d+"', tag), f"not a strong ETag: {tag!r}"
    return str(tag)
