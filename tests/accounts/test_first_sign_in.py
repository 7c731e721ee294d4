"""The invitee's first sign-in: the link, the password, TOTP, then recovery codes."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac.accounts import services
from marac.accounts.models import Invitation
from marac.accounts.recovery import create_recovery_codes
from marac.models import AuditEvent, AuditVerb, Membership, Role, User
from marac.views.auth import RECOVERY_CODE_ERROR
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory
from tests.test_auth import current_code

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "plum-lantern-orchard-47"
INVALID = "This link has expired or has already been used"


def _accept(client, link: str, password: str = GOOD_PASSWORD, again: str | None = None):
    return client.post(link, {"new_password": password, "confirm_password": password if again is None else again})


class TestTheLink:
    def test_a_valid_link_greets_the_person_and_asks_for_a_password(self, client, sent_link) -> None:
        response = client.get(sent_link())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Robin Example" in html
        assert 'name="new_password"' in html
        assert 'name="confirm_password"' in html
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]

    def test_every_bad_link_answers_alike(self, client, sent_link, invite) -> None:
        used = sent_link()
        assert _accept(client, used).status_code == 302
        client.logout()
        expired = sent_link(email="expired@agency.test")
        Invitation.objects.filter(email="expired@agency.test").update(expires_at=timezone.now())
        revoked = sent_link(email="revoked@agency.test")
        invitation = Invitation.objects.get(email="revoked@agency.test")
        services.revoke_invitation(actor=invitation.invited_by, invitation=invitation)
        unknown = "/account/invitation/not-a-real-secret/"
        pages = []
        for link in (used, expired, revoked, unknown, "/account/invitation/" + "x" * 300 + "/"):
            for response in (client.get(link), _accept(client, link)):
                assert response.status_code == 404
                assert response["Referrer-Policy"] == "no-referrer"
                # The same page but for the per-response CSRF token and script nonce.
                pages.append(re.sub(r'(value|nonce)="[^"]+"', "", response.content.decode()))
        assert INVALID in pages[0]
        assert len(set(pages)) == 1
        assert User.objects.filter(email__in=["expired@agency.test", "revoked@agency.test"]).count() == 0

    def test_the_link_works_once(self, client, sent_link) -> None:
        link = sent_link()
        assert _accept(client, link).status_code == 302
        client.logout()
        assert _accept(client, link, "another-password-entirely-9").status_code == 404
        assert client.login(email="new.person@agency.test", password=GOOD_PASSWORD)

    def test_an_unsent_invitation_has_no_working_link(self, client, invite) -> None:
        invitation = invite()
        assert invitation.token_hash == ""
        assert client.get("/account/invitation/a/").status_code == 404


class TestPassword:
    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short-1", "This password is too short"),
            ("password1234", "This password is too common"),
            ("938475610293847", "This password is entirely numeric"),
            ("new.person@agency.test", "too similar"),
        ],
    )
    def test_django_validators_apply(self, client, sent_link, password, message) -> None:
        link = sent_link()
        response = _accept(client, link, password)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'class="govuk-error-summary"' in html
        assert message in html
        assert password not in html
        assert not User.objects.filter(email="new.person@agency.test").exists()

    def test_all_errors_in_one_round(self, client, sent_link) -> None:
        response = _accept(client, sent_link(), "short", "different")
        html = response.content.decode()
        assert "This password is too short" in html
        assert "The passwords do not match" in html
        response = client.post(sent_link(email="b@agency.test"), {})
        assert "Enter a password" in response.content.decode()
        assert "Type the password again" in response.content.decode()


class TestTheWholeJourney:
    def test_password_then_totp_then_recovery_codes(self, client, sent_link, cast) -> None:
        link = sent_link()
        response = _accept(client, link)
        assert response["Location"] == "/sign-in/two-factor/set-up/"
        user = User.objects.get(email="new.person@agency.test")
        assert (user.full_name, user.job_title, user.agency) == ("Robin Example", "Support worker", cast.agency)
        assert Membership.objects.filter(user=user, area=cast.area, role=Role.PRACTITIONER, is_active=True).exists()
        assert Invitation.objects.get().accepted_at is not None
        # Signed in, but nothing beyond two-factor yet.
        assert client.get("/")["Location"] == "/sign-in/two-factor/"
        assert client.get("/sign-in/two-factor/set-up/").status_code == 200
        device = TOTPDevice.objects.get(user=user)
        response = client.post("/sign-in/two-factor/set-up/", {"code": current_code(device)})
        assert response["Location"] == "/account/recovery-codes/"
        offer = client.get("/account/recovery-codes/")
        assert offer.status_code == 200
        assert not StaticDevice.objects.filter(user=user).exists()  # nothing is made on a GET
        shown = client.post("/account/recovery-codes/")
        codes = re.findall(r"<code>([a-z2-7]{8})</code>", shown.content.decode())
        assert len(codes) == 10
        assert "shown only once" in shown.content.decode()
        assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(codes)

    def test_the_first_sign_in_is_audited_without_secret_or_password(self, client, sent_link) -> None:
        link = sent_link()
        secret = link.split("/")[-2]
        _accept(client, link)
        user = User.objects.get(email="new.person@agency.test")
        event = AuditEvent.objects.get(verb=AuditVerb.CREATE, object_type="marac.user", object_id=str(user.pk))
        assert event.actor == user
        assert event.detail["action"] == "accept_invitation"
        everything = json.dumps(list(AuditEvent.objects.values("detail", "object_id", "object_type")))
        assert secret not in everything
        assert GOOD_PASSWORD not in everything
        assert "new.person" not in everything

    def test_a_closed_account_can_be_invited_back(self, client, cast, sent_link) -> None:
        old = UserFactory(email="new.person@agency.test", is_active=False, agency=cast.agency)
        _accept(client, sent_link())
        old.refresh_from_db()
        assert old.is_active
        assert old.check_password(GOOD_PASSWORD)


class TestRecoveryCodesAtSignIn:
    def test_a_recovery_code_works_once(self, client, make_member) -> None:
        user = make_member(Role.PRACTITIONER)
        TOTPDeviceFactory(user=user)
        codes = create_recovery_codes(user=user)
        client.post("/sign-in/", {"email": user.email, "password": TEST_PASSWORD})
        response = client.post("/sign-in/two-factor/", {"code": codes[0].upper()})
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/").status_code == 200
        event = AuditEvent.objects.filter(actor=user, verb=AuditVerb.TWO_FACTOR_VERIFIED).latest("id")
        assert event.detail == {"method": "recovery_code", "recovery_codes_left": 9}
        client.post("/sign-out/")
        client.post("/sign-in/", {"email": user.email, "password": TEST_PASSWORD})
        again = client.post("/sign-in/two-factor/", {"code": codes[0]})
        assert again.status_code == 400
        assert RECOVERY_CODE_ERROR in again.content.decode()
        assert client.get("/")["Location"] == "/sign-in/two-factor/"
        assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(
            codes[1:]
        )

    def test_another_users_code_does_not_work(self, client, make_member) -> None:
        user, other = make_member(Role.PRACTITIONER), make_member(Role.PRACTITIONER)
        TOTPDeviceFactory(user=user)
        codes = create_recovery_codes(user=other)
        client.post("/sign-in/", {"email": user.email, "password": TEST_PASSWORD})
        assert client.post("/sign-in/two-factor/", {"code": codes[0]}).status_code == 400
        assert StaticToken.objects.filter(device__user=other).count() == 10
