"""The pages a signed-in user can reach, found by following links, with the forms on them.

Used by the hostile-input tests (tests/test_hostile_input_fuzz.py): they post
random and hostile values to every form found here and add them to every
page's query string.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Never followed: the admin site (its own forms), signing out (it would end the
# session), PDFs (slow to draw, and they take no input the HTML pages do not).
SKIPPED = ("/admin/", "/sign-out/", "/sign-in/", "/static/", "/api/")
SKIPPED_ENDINGS = (".pdf",)


@dataclass
class FoundForm:
    """A form as the browser would send it: its method, where it goes and its fields' values."""

    page: str
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Open:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)


class _PageParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[FoundForm] = []
        self._form: _Open | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            self._form = _Open(a.get("method", "get").lower(), urljoin(self.page, a.get("action") or self.page))
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
        assert self._form is not None
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            values = self._form.fields.setdefault(name, [])
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                values.append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self._form.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._form.fields[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] = [data.strip("\n")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(FoundForm(self.page, self._form.method, self._form.action, self._form.fields))
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _local(url: str) -> str | None:
    """The path and query of a link within the site that the crawl follows, or None."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED) or parts.path.endswith(SKIPPED_ENDINGS):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _route(url: str) -> tuple[str, tuple[str, ...]]:
    """A page's URL pattern and the names in its query: one page of each is enough to find its forms."""
    parts = urlsplit(url)
    try:
        route = str(resolve(parts.path).route)
    except Resolver404:
        route = parts.path
    return route, tuple(sorted(name.split("=", 1)[0] for name in parts.query.split("&") if name))


def crawl(client: Client, seeds: list[str], limit: int = 120) -> tuple[list[str], list[FoundForm]]:
    """The pages reachable from ``seeds`` (at most ``limit``, one of each URL pattern and
    query shape beyond the seeds), and every form on them.

    Each page is asserted to answer without a server error on the way.
    """
    queue = deque(seeds)
    seen: set[str] = set(seeds)
    routes = {_route(url) for url in seeds}
    pages: list[str] = []
    forms: list[FoundForm] = []
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages.append(url)
        parser = _PageParser(url)
        parser.feed(response.content.decode())
        forms += [form for form in parser.forms if _local(form.action)]
        for link in parser.links:
            local = _local(link)
            if local and local not in seen and _route(local) not in routes:
                seen.add(local)
                routes.add(_route(local))
                queue.append(local)
    return pages, forms
