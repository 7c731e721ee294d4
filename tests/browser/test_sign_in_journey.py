"""Sign-in, two-factor and sign-out journeys in a real browser, with an axe-core
accessibility check on every page visited."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from marac.models import Membership, Role, User
from marac.views.auth import SIGN_IN_ERROR
from tests.browser.conftest import axe_check
from tests.factories import TEST_PASSWORD, MaracAreaFactory, MembershipFactory, TOTPDeviceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_HEADING = "Your MARAC work"


def current_code(device: TOTPDevice) -> str:
    """The device's current TOTP code. A device accepts each code once only."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def url_path(path: str) -> re.Pattern[str]:
    """Match a page URL by its path (and optional query string)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$")


def submit_password(page: Page, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def submit_code(page: Page, device: TOTPDevice, button: str = "Continue") -> None:
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name=button).click()


def sign_in_fully(page: Page, user: User, device: TOTPDevice) -> None:
    submit_password(page, user.email)
    expect(page).to_have_url(url_path("/sign-in/two-factor/"))
    submit_code(page, device)
    expect(page).to_have_url(url_path("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADING)


def expect_skip_link_first(page: Page) -> None:
    """On a freshly loaded page, the first Tab lands on the skip link."""
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main-content")
    expect(focused).to_be_visible()  # visually hidden until focused


def test_coordinator_signs_in_with_password_and_security_code(page: Page) -> None:
    area = MaracAreaFactory()
    user = UserFactory()
    MembershipFactory(user=user, area=area, role=Role.COORDINATOR)
    device = TOTPDeviceFactory(user=user)

    page.goto("/sign-in/")
    expect(page).to_have_title(re.compile(r"^Sign in"))
    expect_skip_link_first(page)
    expect(page.locator(".app-classification").first).to_have_text("OFFICIAL-SENSITIVE")
    expect(page.locator(".app-classification").first).to_be_visible()
    axe_check(page)

    submit_password(page, user.email)
    expect(page).to_have_url(url_path("/sign-in/two-factor/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    axe_check(page)

    submit_code(page, device)
    expect(page).to_have_url(url_path("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADING)
    main = page.locator("main")
    expect(main.get_by_role("heading", name=area.name)).to_be_visible()
    expect(main.locator(".govuk-summary-list__row", has_text="Your role")).to_contain_text("MARAC coordinator")
    classification = page.locator(".app-classification").first
    expect(classification).to_be_visible()
    expect(classification).to_have_text("OFFICIAL-SENSITIVE")
    expect(page.locator("header")).to_contain_text(user.full_name)
    axe_check(page)

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADING)
    expect_skip_link_first(page)


def test_wrong_password_shows_error_summary_and_keeps_email(page: Page) -> None:
    user = UserFactory()
    TOTPDeviceFactory(user=user)

    submit_password(page, user.email, password="not-the-password")

    expect(page).to_have_url(url_path("/sign-in/"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.locator(".govuk-error-summary__list")).to_have_text(SIGN_IN_ERROR)
    # The message must not reveal whether the email or the password was wrong.
    message = summary.inner_text().lower()
    for giveaway in (
        "incorrect password",
        "wrong password",
        "password is",
        "not registered",
        "no account",
        "not found",
    ):
        assert giveaway not in message, f"error message reveals which part was wrong: {giveaway!r}"
    # What the user typed is kept, except the password.
    expect(page.get_by_label("Email address")).to_have_value(user.email)
    expect(page.get_by_label("Password")).to_have_value("")
    axe_check(page)


def test_govuk_frontend_javascript_runs(page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    user = UserFactory()
    submit_password(page, user.email, password="not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"), timeout=2_000)
    # The error summary takes focus on page load, so screen reader users hear the problem first.
    expect(summary).to_be_focused(timeout=2_000)
    # The sign-in form answers 400 when it shows errors, which Chromium logs.
    errors = [e for e in errors if "status of 400" not in e]
    assert not errors, "browser console errors:\n" + "\n".join(errors)


def test_wrong_password_error_summary_link_moves_to_email_field(page: Page) -> None:
    user = UserFactory()
    submit_password(page, user.email, password="not-the-password")
    summary_link = page.locator(".govuk-error-summary__list a")
    expect(summary_link).to_have_count(1)
    summary_link.click()
    expect(page.get_by_label("Email address")).to_be_focused(timeout=2_000)


def test_axe_check_reports_violations(page: Page) -> None:
    """The accessibility helper really runs under the app's CSP and fails on a violation."""
    page.goto("/sign-in/")
    page.locator("main").evaluate(
        "main => { const img = document.createElement('img'); img.src = '/static/missing.png';"
        " img.className = 'planted-violation'; main.appendChild(img); }"
    )
    with pytest.raises(AssertionError, match=r"image-alt[\s\S]*planted-violation"):
        axe_check(page)


def test_first_sign_in_sets_up_authenticator_app(page: Page) -> None:
    user = UserFactory()
    MembershipFactory(user=user, role=Role.REPRESENTATIVE)

    submit_password(page, user.email)
    expect(page).to_have_url(url_path("/sign-in/two-factor/set-up/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.locator(".app-qr svg")).to_be_visible()
    # The key for people who cannot scan, behind "I cannot scan the QR code".
    page.get_by_text("I cannot scan the QR code").click()
    expect(page.locator(".govuk-details__text code")).to_be_visible()
    axe_check(page)

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    submit_code(page, device, button="Confirm and continue")

    expect(page).to_have_url(url_path("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADING)
    device.refresh_from_db()
    assert device.confirmed
    axe_check(page)


def test_sign_out_from_header_returns_to_sign_in(page: Page) -> None:
    user = UserFactory()
    MembershipFactory(user=user, role=Role.REPRESENTATIVE)
    device = TOTPDeviceFactory(user=user)
    sign_in_fully(page, user, device)
    axe_check(page)

    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(url_path("/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("header")).not_to_contain_text(user.full_name)
    axe_check(page)

    page.goto("/")
    expect(page).to_have_url(url_path("/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe_check(page)


def test_static_assets_are_served_and_applied(page: Page) -> None:
    page.goto("/sign-in/")
    axe_check(page)

    heading_font = page.get_by_role("heading", level=1).evaluate("el => getComputedStyle(el).fontFamily")
    assert "arial" in heading_font.lower(), f"GOV.UK font not applied to h1: {heading_font!r}"
    input_font = page.get_by_label("Email address").evaluate("el => getComputedStyle(el).fontFamily")
    assert "arial" in input_font.lower(), f"GOV.UK font not applied to inputs: {input_font!r}"

    nav = page.locator(".govuk-service-navigation")
    expect(nav).to_be_visible()
    style = nav.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {background: s.backgroundColor, borderWidth: s.borderBottomWidth, borderStyle: s.borderBottomStyle}; }"
    )
    assert style["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert style["borderStyle"] == "solid", style
    assert style["borderWidth"] != "0px", style

    # The GOV.UK button style (a coloured background and a bottom "shadow"
    # edge), not the browser's grey button.
    button = page.get_by_role("button", name="Continue").evaluate(
        "el => { const s = getComputedStyle(el); return {background: s.backgroundColor, shadow: s.boxShadow}; }"
    )
    assert button["background"] not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "rgb(240, 240, 240)"), button
    assert button["shadow"] != "none", button

    css_url = urljoin(page.url, "/static/govuk/govuk-frontend.min.css")
    css = page.request.get(css_url)
    assert css.status == 200, f"{css_url}: {css.status}"
    assert "text/css" in css.headers.get("content-type", "")
    references = {match.strip().strip("'\"") for match in re.findall(r"url\(([^)]*)\)", css.text())}
    references = {ref for ref in references if ref and not ref.startswith(("data:", "#"))}
    assert references, "expected govuk-frontend.min.css to reference fonts or images"
    missing = []
    for ref in sorted(references):
        asset_url = urljoin(css_url, ref)
        response = page.request.get(asset_url)
        if response.status != 200:
            missing.append(f"{asset_url}: {response.status}")
    assert not missing, "assets referenced by govuk-frontend.min.css not served:\n" + "\n".join(missing)

    for asset in ("/static/css/app.css", "/static/js/app.js", "/static/govuk/govuk-frontend.min.js"):
        response = page.request.get(urljoin(page.url, asset))
        assert response.status == 200, f"{asset}: {response.status}"


def sign_in_administrator(page: Page) -> User:
    area = MaracAreaFactory()
    admin = UserFactory(is_staff=True, is_superuser=True)
    Membership.objects.create(user=admin, area=area, role=Role.ADMINISTRATOR)
    sign_in_fully(page, admin, TOTPDeviceFactory(user=admin))
    return admin


def open_audit_log_from_navigation(page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit log").click()
    expect(page).to_have_url(url_path("/audit/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    active = page.get_by_role("navigation", name="Menu").locator("[aria-current=page]")
    expect(active).to_have_text("Audit log")


def test_administrator_sees_own_sign_in_in_audit_log(page: Page) -> None:
    admin = sign_in_administrator(page)
    axe_check(page)

    open_audit_log_from_navigation(page)
    expect(page.locator("table.govuk-table")).to_be_visible()
    axe_check(page)

    page.get_by_label("What happened").select_option(label="Signed in")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/audit/\?.*verb=sign_in"))
    expect(page.get_by_label("What happened")).to_have_value("sign_in")
    sign_in_row = page.locator("tbody tr", has_text="Signed in").filter(has_text=admin.full_name)
    expect(sign_in_row).to_have_count(1)
    expect(sign_in_row).to_be_visible()
    axe_check(page)


def test_unfiltered_audit_log_lists_every_event(page: Page) -> None:
    admin = sign_in_administrator(page)
    open_audit_log_from_navigation(page)
    rows = page.locator("tbody tr")
    # The page shows the log as it stood when asked for; the viewing itself
    # is recorded and appears on the next visit.
    expect(rows.filter(has_text="Listed")).to_have_count(0)
    expect(rows.filter(has_text="Two-factor code accepted")).to_have_count(1)
    expect(rows.filter(has_text="Signed in").filter(has_text=admin.full_name)).to_have_count(1, timeout=2_000)
    expect(page.locator("caption")).to_have_text(re.compile(r"Events 1 to 2 of 2,"))
    page.reload()
    expect(page.locator("tbody tr").filter(has_text="Listed")).to_have_count(1)
