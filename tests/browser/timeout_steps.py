"""The session running out mid-sentence, and signing in again (used by the journeys): the idle timeout made
short, the page signs out by itself, the sign-in page says why, and signing in goes back to the page."""

from __future__ import annotations

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

from marac.models import User
from tests.browser.conftest import axe_check
from tests.browser.test_sign_in_journey import submit_code, url_path
from tests.factories import TEST_PASSWORD

SHORT_SESSION_SECONDS = 24


def type_until_signed_out(page: Page, box: Locator, text: str) -> None:
    """Type ``text`` at the end of ``box``, then do nothing until the page signs out (the caller has set
    ``SESSION_COOKIE_AGE`` to ``SHORT_SESSION_SECONDS`` and reloaded the page)."""
    box.click()
    box.press("End")
    page.keyboard.type(text)
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=.*&timeout=1$"), timeout=40_000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You were signed out")
    axe_check(page)


def sign_in_again(page: Page, user: User, back_to: str) -> None:
    """From the sign-in page the timeout left: password and code, then back on ``back_to``."""
    # A device accepts each code once: the test does not wait for the next one.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    submit_code(page, user.totpdevice_set.get())
    expect(page).to_have_url(url_path(back_to))
