"""The API documentation page in a real browser: it renders under the site's
Content Security Policy with no violation, and axe finds no serious problem."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from marac.models import Role
from tests.browser.conftest import _axe
from tests.browser.test_sign_in_journey import sign_in_fully
from tests.factories import MaracAreaFactory, MembershipFactory, TOTPDeviceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_under_the_csp(page: Page) -> None:
    user = UserFactory()
    MembershipFactory(user=user, area=MaracAreaFactory(), role=Role.REPRESENTATIVE)
    device = TOTPDeviceFactory(user=user)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in_fully(page, user, device)

    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".info .title").first).to_contain_text("MARAC case management API")
    expect(page.get_by_text("/api/v1/referrals/").first).to_be_visible()

    assert problems == []
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    serious = [
        f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
    assert serious == []
