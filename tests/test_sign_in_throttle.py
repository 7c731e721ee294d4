"""The sign-in throttle: a progressive delay per account and per address, never a lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac import sign_in_throttle
from marac.models import AuditEvent, AuditVerb, Role, SignInThrottle
from marac.tasks import purge_sign_in_throttle
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory
from tests.test_auth import current_code, wrong_code

pytestmark = pytest.mark.django_db

FREE = 5


@pytest.fixture(autouse=True)
def throttle_settings(settings) -> None:
    settings.MARAC_SIGN_IN_FREE_ATTEMPTS = FREE
    settings.MARAC_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS = 20
    settings.MARAC_SIGN_IN_MAX_DELAY_SECONDS = 300


@pytest.fixture
def member(make_member):
    return make_member(Role.COORDINATOR)


def wait_is_over() -> None:
    """Move every wait into the past, as if the user had waited (django-otp's
    own per-device throttle included)."""
    SignInThrottle.objects.filter(blocked_until__isnull=False).update(
        blocked_until=timezone.now() - timedelta(seconds=1)
    )
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def sign_in(client, email: str, password: str = TEST_PASSWORD, **meta):
    """Post the sign-in form; ``meta`` (REMOTE_ADDR, HTTP_USER_AGENT...) goes into the request's META."""
    return client.post("/sign-in/", {"email": email, "password": password}, **meta)


def fail(client, email: str, **meta):
    return sign_in(client, email, "wrong-password", **meta)


class TestPerAccount:
    def test_after_the_free_attempts_the_next_one_must_wait(self, client, member) -> None:
        for _ in range(FREE):
            assert fail(client, member.email).status_code == 400
        response = sign_in(client, member.email)  # even the right password is not checked yet
        assert response.status_code == 429
        html = response.content.decode()
        assert escape("Wait 2 seconds before trying again.") in html
        assert 'class="govuk-error-summary"' in html
        assert client.get("/").status_code == 302
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.LOCKED_OUT).exists()
        # Refused attempts are not failures.
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.SIGN_IN_FAILED).count() == FREE

    def test_the_delay_doubles_and_is_capped(self) -> None:
        delays = [sign_in_throttle.delay_after(failures, FREE) for failures in range(1, 20)]
        assert delays[: FREE - 1] == [0] * (FREE - 1)
        assert delays[FREE - 1 : FREE + 3] == [2, 4, 8, 16]
        assert max(delays) == settings.MARAC_SIGN_IN_MAX_DELAY_SECONDS == delays[-1]
        assert sign_in_throttle.delay_after(10_000, FREE) == 300

    def test_changing_the_browser_or_address_does_not_reset_the_account(self, client, member) -> None:
        for n in range(FREE):
            fail(client, member.email, HTTP_USER_AGENT=f"agent {n}", REMOTE_ADDR=f"198.51.100.{n + 1}")
        response = sign_in(client, member.email, HTTP_USER_AGENT="fresh", REMOTE_ADDR="203.0.113.1")
        assert response.status_code == 429

    def test_a_third_party_cannot_lock_the_account(self, client, member, make_member) -> None:
        # Someone else hammers the account from many addresses and browsers.
        for n in range(FREE):
            fail(client, member.email, HTTP_USER_AGENT=f"attacker {n}", REMOTE_ADDR=f"198.51.100.{n + 1}")
        until = SignInThrottle.objects.get(blocked_until__isnull=False, failures=FREE).blocked_until
        for n in range(30):
            response = fail(client, member.email, HTTP_USER_AGENT=f"attacker {n}", REMOTE_ADDR="198.51.100.99")
            assert response.status_code == 429
        # Attempts during the wait do not make it longer...
        assert SignInThrottle.objects.filter(failures=FREE, blocked_until=until).exists()
        # ...and once it is over, the owner's right password works.
        wait_is_over()
        assert sign_in(client, member.email, REMOTE_ADDR="203.0.113.7").status_code == 302

    def test_other_accounts_are_not_delayed(self, client, member, make_member) -> None:
        other = make_member()
        for _ in range(FREE + 3):
            fail(client, member.email)
            wait_is_over()
        assert sign_in(client, other.email).status_code == 302

    def test_a_complete_sign_in_clears_the_count(self, client, member, settings) -> None:
        settings.MARAC_DEMO = True
        member.is_demo = True
        member.save()
        for _ in range(FREE - 1):
            fail(client, member.email)
        assert sign_in(client, member.email).status_code == 302  # no second factor needed in the demo
        client.logout()
        assert fail(client, member.email).status_code == 400  # the count started again


class TestPerAddress:
    def test_spraying_many_accounts_with_varied_browsers_is_slowed(self, client) -> None:
        limit = settings.MARAC_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS
        for n in range(limit):
            response = fail(client, f"guess{n}@agency.test", HTTP_USER_AGENT=f"agent {n}")
            assert response.status_code == 400
        response = fail(client, "one-more@agency.test", HTTP_USER_AGENT="yet another agent")
        assert response.status_code == 429
        assert escape("Wait 2 seconds before trying again.") in response.content.decode()
        # Another address is not affected.
        assert fail(client, "one-more@agency.test", REMOTE_ADDR="203.0.113.5").status_code == 400

    def test_the_address_behind_a_trusted_proxy_is_the_one_counted(self, client, member, settings) -> None:
        settings.MARAC_TRUSTED_PROXIES = ["127.0.0.0/8"]
        settings.MARAC_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS = 3
        for n in range(3):
            fail(client, f"guess{n}@agency.test", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert fail(client, "x@agency.test", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
        # Everyone else behind the same proxy signs in as usual.
        assert sign_in(client, member.email, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


class TestSecondFactor:
    def test_wrong_codes_are_delayed_too_and_the_wait_is_enough(self, client, member) -> None:
        device = TOTPDeviceFactory(user=member)
        sign_in(client, member.email)
        for _ in range(FREE):
            assert client.post("/sign-in/two-factor/", {"code": wrong_code(device)}).status_code == 400
        response = client.post("/sign-in/two-factor/", {"code": current_code(device)})
        assert response.status_code == 429
        assert escape("Wait 2 seconds before trying again.") in response.content.decode()
        wait_is_over()
        assert client.post("/sign-in/two-factor/", {"code": current_code(device)})["Location"] == "/"
        assert AuditEvent.objects.filter(actor=member, verb=AuditVerb.TWO_FACTOR_FAILED).count() == FREE

    def test_the_password_alone_does_not_reset_code_guessing(self, client, member) -> None:
        device = TOTPDeviceFactory(user=member)
        sign_in(client, member.email)
        for _ in range(FREE - 1):
            client.post("/sign-in/two-factor/", {"code": wrong_code(device)})
        client.post("/sign-out/")
        assert sign_in(client, member.email).status_code == 302
        client.post("/sign-in/two-factor/", {"code": wrong_code(device)})
        assert client.post("/sign-in/two-factor/", {"code": current_code(device)}).status_code == 429

    def test_set_up_codes_are_delayed_too(self, client, member) -> None:
        sign_in(client, member.email)
        client.get("/sign-in/two-factor/set-up/")
        for _ in range(FREE):
            assert client.post("/sign-in/two-factor/set-up/", {"code": "000000"}).status_code in {400, 302}
        assert client.post("/sign-in/two-factor/set-up/", {"code": "000000"}).status_code == 429


class TestStoredRecords:
    def test_no_submitted_email_is_stored_in_clear(self, client, member) -> None:
        mistyped = "mistyped.person@agency.test"
        for _ in range(FREE + 2):
            fail(client, mistyped)
            fail(client, member.email)
        assert SignInThrottle.objects.exists()
        for model in apps.get_models():
            dump = serializers.serialize("json", model._default_manager.all())
            assert mistyped not in dump, model._meta.label
            if model is not type(member):
                assert member.email not in dump, model._meta.label
        assert "127.0.0.1" not in serializers.serialize("json", SignInThrottle.objects.all())

    def test_old_counts_are_forgotten_and_purged(self, client, member) -> None:
        for _ in range(FREE - 1):
            fail(client, member.email)
        SignInThrottle.objects.update(last_failure=timezone.now() - sign_in_throttle.FORGET_AFTER - timedelta(1))
        assert fail(client, member.email).status_code == 400
        assert fail(client, member.email).status_code == 400  # 2 of 5, not 5 of 5
        SignInThrottle.objects.update(last_failure=timezone.now() - sign_in_throttle.FORGET_AFTER - timedelta(1))
        assert purge_sign_in_throttle() == 2  # the account and the address
        assert not SignInThrottle.objects.exists()
