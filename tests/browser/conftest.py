"""End-to-end tests in a real headless Chromium (Playwright, sync API).

Every test in this folder is marked ``browser``. The browser is Debian's
Chromium at /usr/bin/chromium (``apt-get install -y chromium``); Playwright's
own browser downloads are not used. If Chromium is missing the tests fail with
a clear message: they never skip silently.

Accessibility: ``axe_check(page)`` runs axe-core against the current page with
the WCAG 2.0, 2.1 and 2.2 A and AA rules and fails on any violation.
"""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in this thread; Django would
# otherwise refuse database access from the test body ("async unsafe").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

CHROMIUM = Path(os.environ.get("MARAC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Auto-waiting assertions give up after this long (the default is 5 s).
EXPECT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing: no executable at {CHROMIUM}. Install Debian's chromium package "
            "(apt-get install -y chromium after apt-get update); do not use `playwright install`. "
            "Or point MARAC_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server: object) -> Iterator[BrowserContext]:
    """A fresh browser context (no cookies, no storage) per test."""
    context = browser.new_context(base_url=str(live_server.url), locale="en-GB")  # type: ignore[attr-defined]
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


_axe = Axe()


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node.get('html', '').strip()[:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def axe_check(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page and assert no violations."""
    results = _axe.run(
        page,
        # WCAG A and AA, and "region" (a best practice): every part of the page in a landmark.
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "rules": {"region": {"enabled": True}},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    report = _format_violations(page.url, violations)
    if violations:
        print(report)
    assert not violations, report


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught JavaScript errors on any page of the journey."""
    return []


@pytest.fixture
def new_page(browser: Browser, live_server: object, page_errors: list[str]) -> Iterator[Callable[[], Page]]:
    """Pages in further fresh browser contexts (another person at another computer)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(base_url=str(live_server.url), locale="en-GB")  # type: ignore[attr-defined]
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
