"""Closing a leaver's account in one step: sessions, tokens, roles and two-factor devices end at once."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac.accounts import services
from marac.accounts.recovery import create_recovery_codes
from marac.models import AuditEvent, AuditVerb, Membership, Role
from marac.tokens.models import ApiToken
from marac.tokens.services import issue_token
from tests.conftest import sign_in_verified
from tests.factories import MaracAreaFactory, MembershipFactory, UserFactory
from tests.referral_helpers import make_cast

pytestmark = pytest.mark.django_db


def _close(client: Client, user_id: int, reason: str = "left"):
    return client.post(f"/accounts/{user_id}/close/", {"reason": reason})


def test_closing_ends_a_signed_in_session_at_once(cast) -> None:
    leaver = cast.practitioner
    theirs = sign_in_verified(Client(), leaver)
    assert theirs.get("/").status_code == 200
    assert Session.objects.count() == 1
    manager = sign_in_verified(Client(), cast.representative)
    page = manager.get(f"/accounts/{leaver.pk}/close/")
    assert page.status_code == 200
    assert "signed out everywhere" in page.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active  # nothing changes on a GET
    response = _close(manager, leaver.pk)
    assert response.status_code == 302
    next_request = theirs.get("/")
    assert next_request.status_code == 302
    assert next_request["Location"].startswith("/sign-in/")
    assert Session.objects.count() == 1  # the manager's own
    assert manager.get("/accounts/").status_code == 200


def test_closing_revokes_tokens_devices_and_roles(cast) -> None:
    leaver = cast.practitioner
    token, _ = issue_token(actor=leaver, owner=leaver, name="Case system", scopes=["actions:read"], verified=True)
    create_recovery_codes(user=leaver)
    sign_in_verified(Client(), leaver)  # makes the TOTP device
    MembershipFactory(user=leaver, area=cast.area, role=Role.IDAA)
    services.deactivate_user(actor=cast.representative, user=leaver, reason="left")
    leaver.refresh_from_db()
    token.refresh_from_db()
    assert not leaver.is_active
    assert not leaver.has_usable_password()
    assert token.revoked_at is not None
    assert not ApiToken.objects.filter(owner=leaver, revoked_at__isnull=True).exists()
    assert not TOTPDevice.objects.filter(user=leaver).exists()
    assert not StaticDevice.objects.filter(user=leaver).exists()
    assert not Membership.objects.filter(user=leaver, is_active=True).exists()
    event = AuditEvent.objects.get(verb=AuditVerb.CHANGE, object_type="marac.user", object_id=str(leaver.pk))
    assert event.actor == cast.representative
    assert event.detail == {
        "action": "deactivate",
        "reason": "left",
        "roles_ended": 2,
        "sessions_ended": 1,
        "tokens_revoked": 1,
    }
    assert leaver.email not in json.dumps(event.detail)


def test_an_administrator_closes_any_account_but_their_own(cast, administrator, verified_client) -> None:
    client = verified_client(administrator)
    assert _close(client, cast.coordinator.pk).status_code == 302
    cast.coordinator.refresh_from_db()
    assert not cast.coordinator.is_active
    assert client.get(f"/accounts/{administrator.pk}/close/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.deactivate_user(actor=administrator, user=administrator, reason="other")


class TestARepresentative:
    def test_cannot_close_a_coordinator_or_another_agencys_staff(self, cast, verified_client) -> None:
        stranger = make_cast(cast.area).practitioner
        client = verified_client(cast.representative)
        for person in (cast.coordinator, stranger, cast.representative):
            assert client.get(f"/accounts/{person.pk}/close/").status_code == 404
            assert _close(client, person.pk).status_code == 404
            person.refresh_from_db()
            assert person.is_active

    def test_cannot_close_their_staff_in_an_area_they_do_not_represent(self, cast, verified_client) -> None:
        elsewhere = UserFactory(agency=cast.agency)
        MembershipFactory(user=elsewhere, area=MaracAreaFactory(), role=Role.PRACTITIONER)
        also_there = UserFactory(agency=cast.agency)
        MembershipFactory(user=also_there, area=cast.area, role=Role.PRACTITIONER)
        MembershipFactory(user=also_there, area=MaracAreaFactory(), role=Role.PRACTITIONER)
        client = verified_client(cast.representative)
        assert _close(client, elsewhere.pk).status_code == 404
        assert _close(client, also_there.pk).status_code == 404

    def test_cannot_close_someone_of_their_agency_holding_a_coordinating_role(self, cast, verified_client) -> None:
        MembershipFactory(user=cast.practitioner, area=cast.area, role=Role.CHAIR)
        assert _close(verified_client(cast.representative), cast.practitioner.pk).status_code == 404

    def test_the_list_offers_to_close_only_what_they_may(self, cast, verified_client) -> None:
        MembershipFactory(user=cast.coordinator, area=cast.area, role=Role.PRACTITIONER)
        cast.coordinator.agency = cast.agency
        cast.coordinator.save()
        html = verified_client(cast.representative).get("/accounts/").content.decode()
        assert cast.coordinator.email in html
        assert f"/accounts/{cast.practitioner.pk}/close/" in html
        assert f"/accounts/{cast.coordinator.pk}/close/" not in html
        assert f"/accounts/{cast.representative.pk}/close/" not in html

    def test_must_give_a_reason(self, cast, verified_client) -> None:
        response = verified_client(cast.representative).post(f"/accounts/{cast.practitioner.pk}/close/", {})
        assert response.status_code == 400
        assert "Select why the account is being closed" in response.content.decode()
        cast.practitioner.refresh_from_db()
        assert cast.practitioner.is_active

    def test_bad_ids_answer_404(self, cast, verified_client) -> None:
        client = verified_client(cast.representative)
        assert client.get("/accounts/99999999999999999999/close/").status_code == 404
        assert client.get("/accounts/0/close/").status_code == 404


def test_a_closed_account_cannot_sign_in(client, cast) -> None:
    services.deactivate_user(actor=cast.representative, user=cast.practitioner, reason="left")
    response = client.post("/sign-in/", {"email": cast.practitioner.email, "password": "correct-horse-battery-staple"})
    assert response.status_code == 400
