"""Sign-in, two-factor authentication, idle timeout, sign-out (the throttle: test_sign_in_throttle.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac.models import AuditEvent, AuditVerb, Role
from marac.settings import base
from marac.views.auth import CODE_ERROR, SIGN_IN_ERROR
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


def sign_in(client, email: str, password: str = TEST_PASSWORD, **extra):
    return client.post("/sign-in/", {"email": email, "password": password, **extra})


@pytest.fixture
def member(make_member):
    return make_member(Role.COORDINATOR)


class TestPassword:
    def test_sign_in_page_uses_the_error_summary_pattern(self, client) -> None:
        response = client.post("/sign-in/", {"email": "", "password": ""})
        assert response.status_code == 400
        html = response.content.decode()
        assert "<title>Error: Sign in" in html
        assert 'class="govuk-error-summary"' in html
        assert 'href="#id_email">Enter your email address' in html
        assert 'href="#id_password">Enter your password' in html

    def test_wrong_password_does_not_say_which_part_was_wrong(self, client, member) -> None:
        wrong_password = sign_in(client, member.email, "not-the-password")
        unknown_email = sign_in(client, "nobody@agency.test", "not-the-password")
        for response in (wrong_password, unknown_email):
            assert response.status_code == 400
            assert escape(SIGN_IN_ERROR) in response.content.decode()
        # Nothing the user typed is lost except the password.
        assert f'value="{member.email}"' in wrong_password.content.decode()
        assert "not-the-password" not in wrong_password.content.decode()

    def test_right_password_still_needs_the_second_factor(self, client, member) -> None:
        TOTPDeviceFactory(user=member)
        response = sign_in(client, member.email)
        assert response.status_code == 302
        assert response["Location"] == "/sign-in/two-factor/"
        assert client.get("/")["Location"] == "/sign-in/two-factor/"

    def test_email_is_not_case_sensitive(self, client, member) -> None:
        response = sign_in(client, member.email.upper())
        assert response.status_code == 302

    def test_inactive_user_cannot_sign_in(self, client, member) -> None:
        member.is_active = False
        member.save()
        assert sign_in(client, member.email).status_code == 400

    def test_next_is_honoured_only_on_this_site(self, client, make_member, settings) -> None:
        settings.MARAC_DEMO = True
        user = UserFactory(is_demo=True)
        assert sign_in(client, user.email, next="/audit/")["Location"] == "/audit/"
        client.logout()
        assert sign_in(client, user.email, next="https://evil.example/")["Location"] == "/"


class TestTwoFactor:
    def test_first_sign_in_sets_up_an_authenticator(self, client, member) -> None:
        sign_in(client, member.email)
        response = client.get("/sign-in/two-factor/")
        assert response["Location"] == "/sign-in/two-factor/set-up/"
        page = client.get("/sign-in/two-factor/set-up/")
        assert page.status_code == 200
        assert "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=member, confirmed=False)
        response = client.post("/sign-in/two-factor/set-up/", {"code": current_code(device)})
        assert response.status_code == 302
        assert response["Location"] == "/"
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/").status_code == 200
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.TWO_FACTOR_SET_UP).exists()

    def test_the_set_up_key_stays_the_same_across_reloads(self, client, member) -> None:
        sign_in(client, member.email)
        client.get("/sign-in/two-factor/set-up/")
        client.get("/sign-in/two-factor/set-up/")
        assert TOTPDevice.objects.filter(user=member).count() == 1

    def test_right_code_completes_sign_in(self, client, member) -> None:
        device = TOTPDeviceFactory(user=member)
        sign_in(client, member.email, next="/audit/")
        response = client.post("/sign-in/two-factor/", {"code": current_code(device)})
        assert response["Location"] == "/audit/"
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.TWO_FACTOR_VERIFIED).exists()

    def test_wrong_code_shows_an_error_and_is_recorded(self, client, member) -> None:
        device = TOTPDeviceFactory(user=member)
        sign_in(client, member.email)
        response = client.post("/sign-in/two-factor/", {"code": wrong_code(device)})
        assert response.status_code == 400
        assert escape(CODE_ERROR) in response.content.decode()
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.TWO_FACTOR_FAILED).count() == 1

    def test_badly_formed_code_gets_a_clear_message(self, client, member) -> None:
        TOTPDeviceFactory(user=member)
        sign_in(client, member.email)
        response = client.post("/sign-in/two-factor/", {"code": "12ab"})
        assert "Enter the security code as 6 digits" in response.content.decode()
        assert 'value="12ab"' in response.content.decode()

    def test_demo_users_skip_two_factor_only_in_the_demo_profile(self, client, settings) -> None:
        user = UserFactory(is_demo=True)
        settings.MARAC_DEMO = False
        sign_in(client, user.email)
        assert client.get("/")["Location"] == "/sign-in/two-factor/"
        settings.MARAC_DEMO = True
        assert client.get("/").status_code == 200

    def test_non_demo_users_never_skip_two_factor(self, client, settings, member) -> None:
        settings.MARAC_DEMO = True
        sign_in(client, member.email)
        assert client.get("/")["Location"] == "/sign-in/two-factor/"


class TestSession:
    def test_idle_session_ends(self, verified_client, member) -> None:
        client = verified_client(member)
        assert client.get("/").status_code == 200
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")

    def test_each_request_extends_the_idle_timeout(self, verified_client, member) -> None:
        client = verified_client(member)
        Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
        client.get("/")
        expiry = Session.objects.get().expire_date
        assert expiry > timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)

    def test_idle_timeout_setting(self) -> None:
        assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST

    def test_sign_out_ends_the_session_and_is_recorded(self, verified_client, member) -> None:
        client = verified_client(member)
        response = client.post("/sign-out/")
        assert response["Location"] == "/sign-in/"
        assert client.get("/")["Location"].startswith("/sign-in/")
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.SIGN_OUT).exists()

    def test_sign_out_needs_post(self, verified_client, member) -> None:
        assert verified_client(member).get("/sign-out/").status_code == 405

    def test_pages_are_not_cached(self, verified_client, member) -> None:
        response = verified_client(member).get("/")
        assert "no-store" in response["Cache-Control"]


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_no_page_title_says_error_twice() -> None:
    """base.html adds "Error: " when a page's form has errors; templates must not add it again."""
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html")
        if "{% if form.errors %}Error: " in path.read_text()
    ]
    assert offenders == []
