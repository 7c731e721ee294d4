"""The administration site: every add, change and delete of users, memberships, agencies, areas and API
tokens writes an audit event (field names only, never values or passwords); its headings are plain; it shows
no secret (two-factor keys, recovery codes, API tokens) and makes no API token."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from marac.models import Agency, AuditEvent, AuditVerb, MaracArea, Membership, Role, User
from marac.tokens.models import ApiToken
from tests.api_tokens import make_token
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory, MembershipFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def admin_client(client: Client, administrator: User) -> Client:
    return sign_in_verified(client, administrator)


def events(verb: str, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb, object_type=object_type, detail__admin=True))


def no_secrets(event: AuditEvent, *secrets: str) -> None:
    text = json.dumps(event.detail)
    assert all(secret not in text for secret in secrets if secret)


def user_form(user: User, **changes: object) -> dict[str, object]:
    """The user change form's fields as they stand, with ``changes``, and no membership rows."""
    data: dict[str, object] = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "agency": user.agency_id or "",
        "is_active": "on" if user.is_active else "",
        "is_staff": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_adding_a_user_is_audited_without_the_password(admin_client: Client, administrator: User) -> None:
    agency = AgencyFactory()
    response = admin_client.post(
        reverse("admin:marac_user_add"),
        {
            "email": "new.person@agency.test",
            "full_name": "New Person",
            "agency": agency.pk,
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.person@agency.test")
    [event] = events(AuditVerb.CREATE, "marac.user")
    assert event.object_id == str(user.pk)
    assert event.actor == administrator
    assert "password" in event.detail["fields"]
    assert "email" in event.detail["fields"]
    no_secrets(event, NEW_PASSWORD, "new.person", "New Person")


def test_changing_a_user_and_their_memberships_is_audited(admin_client: Client) -> None:
    user = UserFactory(job_title="Officer")
    kept = MembershipFactory(user=user, role=Role.REPRESENTATIVE)
    dropped = MembershipFactory(user=user, role=Role.IDAA)
    area = MaracAreaFactory()
    rows = {
        "memberships-TOTAL_FORMS": "3",
        "memberships-INITIAL_FORMS": "2",
        "memberships-0-id": kept.pk,
        "memberships-0-user": user.pk,
        "memberships-0-area": kept.area_id,
        "memberships-0-role": Role.CHAIR,
        "memberships-0-is_active": "on",
        "memberships-1-id": dropped.pk,
        "memberships-1-user": user.pk,
        "memberships-1-area": dropped.area_id,
        "memberships-1-role": dropped.role,
        "memberships-1-is_active": "on",
        "memberships-1-DELETE": "on",
        "memberships-2-user": user.pk,
        "memberships-2-area": area.pk,
        "memberships-2-role": Role.GOVERNANCE,
        "memberships-2-is_active": "on",
    }
    url = reverse("admin:marac_user_change", args=[user.pk])
    response = admin_client.post(url, user_form(user, job_title="Sergeant", **rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    [changed] = events(AuditVerb.CHANGE, "marac.user")
    assert changed.detail["fields"] == ["job_title"]
    no_secrets(changed, "Sergeant", "Officer", user.full_name)
    [role_changed] = events(AuditVerb.CHANGE, "marac.membership")
    assert (role_changed.object_id, role_changed.detail["fields"]) == (str(kept.pk), ["role"])
    [added] = events(AuditVerb.CREATE, "marac.membership")
    assert added.area == area
    assert Membership.objects.filter(pk=int(added.object_id), role=Role.GOVERNANCE).exists()
    [deleted] = events(AuditVerb.DELETE, "marac.membership")
    assert deleted.object_id == str(dropped.pk)


def test_setting_a_password_is_audited_without_it(admin_client: Client) -> None:
    user = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = admin_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = events(AuditVerb.CHANGE, "marac.user")
    assert (event.object_id, event.detail["fields"]) == (str(user.pk), ["password"])
    no_secrets(event, NEW_PASSWORD)


def test_agencies_areas_and_memberships_are_audited(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:marac_agency_add"), {"name": "Housing (admin)", "kind": "housing", "is_active": "on"}
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Housing (admin)")
    assert [e.object_id for e in events(AuditVerb.CREATE, "marac.agency")] == [str(agency.pk)]
    response = admin_client.post(
        reverse("admin:marac_agency_change", args=[agency.pk]),
        {"name": "Housing (admin)", "kind": "housing", "specialism": "Older people", "is_active": "on"},
    )
    assert response.status_code == 302
    [changed] = events(AuditVerb.CHANGE, "marac.agency")
    assert changed.detail["fields"] == ["specialism"]
    no_secrets(changed, "Older people")
    response = admin_client.post(reverse("admin:marac_agency_delete", args=[agency.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=agency.pk).exists()
    assert [e.object_id for e in events(AuditVerb.DELETE, "marac.agency")] == [str(agency.pk)]

    area = MaracAreaFactory()
    membership = MembershipFactory(area=area)
    url = reverse("admin:marac_membership_change", args=[membership.pk])
    response = admin_client.post(url, {"user": membership.user_id, "area": area.pk, "role": Role.CHAIR})
    assert response.status_code == 302
    [changed] = events(AuditVerb.CHANGE, "marac.membership")
    assert changed.area == area
    assert sorted(changed.detail["fields"]) == ["is_active", "role"]
    response = admin_client.post(
        reverse("admin:marac_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert [e.object_id for e in events(AuditVerb.DELETE, "marac.membership")] == [str(membership.pk)]


def test_changing_an_area_is_audited(admin_client: Client) -> None:
    area = MaracAreaFactory()
    response = admin_client.get(reverse("admin:marac_maracarea_change", args=[area.pk]))
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(
        {
            "core_agencies": [],
            "meeting_start_time": "10:00",
            "visible_high_risk_threshold": 17,
            "is_active": "on",
        }
    )
    data = {key: value for key, value in data.items() if value not in ("", [], False)}
    response = admin_client.post(reverse("admin:marac_maracarea_change", args=[area.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = events(AuditVerb.CHANGE, "marac.maracarea")
    assert event.area == area
    assert event.detail["fields"] == ["visible_high_risk_threshold"]


# --- API tokens in the administration site ---------------------------------------------------------------------


def test_tokens_are_listed_revoked_never_made_or_shown(admin_client: Client, administrator: User) -> None:
    owner = UserFactory()
    token, secret = make_token(owner)
    changelist = admin_client.get(reverse("admin:marac_apitoken_changelist")).content.decode()
    assert token.key_prefix in changelist
    assert "Revoke the selected tokens" in changelist
    detail = admin_client.get(reverse("admin:marac_apitoken_change", args=[token.pk])).content.decode()
    for page in (changelist, detail):
        assert secret not in page
        assert token.key_hash not in page
    assert admin_client.get(reverse("admin:marac_apitoken_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:marac_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == administrator
    [event] = AuditEvent.objects.filter(verb=AuditVerb.CHANGE, object_type="marac.apitoken")
    assert event.actor == administrator
    no_secrets(event, secret, token.key_hash)
    assert ApiToken.objects.count() == 1


# --- Plain words, and no secrets ---------------------------------------------------------------------------------

JARGON = re.compile(r"otp|axes|auth ?token|guardian|totp|static device", re.IGNORECASE)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_admin_index_speaks_plainly(admin_client: Client) -> None:
    text = visible_text(admin_client.get(reverse("admin:index")).content.decode())
    assert JARGON.findall(text) == []
    for heading in ("Authenticator apps", "Recovery code sets", "API tokens", "Two-factor"):
        assert heading in text
    assert "Groups" not in text


def test_no_two_factor_secret_is_shown(admin_client: Client) -> None:
    owner = UserFactory()
    device = TOTPDeviceFactory(user=owner)
    static = StaticDevice.objects.create(user=owner, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=static, token="k3y9x7m2")
    pages = [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[static.pk]),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert device.key not in body, url
        assert "k3y9x7m2" not in body, url
        assert "qrcode" not in body.lower(), url
        assert re.search(r"<h1>(Authenticator apps|Recovery code sets)</h1>", body), url
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code in (302, 404)
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code in (302, 404)
    assert admin_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_deleting_an_authenticator_app_is_audited(admin_client: Client) -> None:
    device = TOTPDeviceFactory(user=UserFactory())
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    [event] = events(AuditVerb.DELETE, "otp_totp.totpdevice")
    assert event.object_id == str(device.pk)
    no_secrets(event, device.key)


def test_areas_with_history_cannot_lose_it(admin_client: Client) -> None:
    """Deleting an area names it by id only, so the event never blocks or outlives the deletion itself."""
    area = MaracArea.objects.create(name="Short-lived", local_authority="Nowhere", code="short")
    response = admin_client.post(reverse("admin:marac_maracarea_delete", args=[area.pk]), {"post": "yes"})
    assert response.status_code == 302
    [event] = events(AuditVerb.DELETE, "marac.maracarea")
    assert (event.object_id, event.area) == (str(area.pk), None)
