"""Helpers shared by the browser journeys: people, headings and signing in."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from marac.models import User
from tests.browser.conftest import axe_check
from tests.browser.test_sign_in_journey import HOME_HEADING, submit_code, url_path
from tests.factories import TEST_PASSWORD, MembershipFactory, TOTPDeviceFactory, UserFactory


def member(role: str, area: object, agency: object | None = None) -> User:
    user = UserFactory(agency=agency) if agency is not None else UserFactory()
    MembershipFactory(user=user, area=area, role=role)
    TOTPDeviceFactory(user=user)
    return user


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def sign_in(page: Page, user: User) -> None:
    """Password, then the security code, checking each page on the way."""
    page.goto("/sign-in/")
    expect(heading(page)).to_have_text("Sign in")
    axe_check(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(url_path("/sign-in/two-factor/"))
    expect(heading(page)).to_have_text("Enter your security code")
    axe_check(page)
    submit_code(page, user.totpdevice_set.get())
    expect(page).to_have_url(url_path("/"))
    expect(heading(page)).to_have_text(HOME_HEADING)
    axe_check(page)
