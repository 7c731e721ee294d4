"""Who may invite whom, the invitation email's outbox, resending and withdrawing."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import escape

from marac import tasks
from marac.accounts import services
from marac.accounts.models import Invitation
from marac.models import AuditEvent, AuditVerb, MessageKind, OutboxMessage, Role
from marac.outbox import sender
from tests.accounts.conftest import last_link
from tests.factories import AgencyFactory, MaracAreaFactory, MembershipFactory, UserFactory
from tests.referral_helpers import make_cast

pytestmark = pytest.mark.django_db


def _form(cast, **overrides):
    data = {
        "full_name": "Robin Example",
        "email": "robin@agency.test",
        "job_title": "Support worker",
        "agency": cast.agency.pk,
        "area": cast.area.pk,
        "role": Role.PRACTITIONER,
    }
    return {**data, **overrides}


class TestWhoMayInvite:
    def test_a_representative_invites_staff_of_their_own_agency(self, cast, verified_client) -> None:
        client = verified_client(cast.representative)
        assert client.get("/accounts/invite/").status_code == 200
        response = client.post("/accounts/invite/", _form(cast))
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role, invitation.agency, invitation.area) == (
            "robin@agency.test",
            Role.PRACTITIONER,
            cast.agency,
            cast.area,
        )
        assert invitation.invited_by == cast.representative
        assert invitation.token_hash == ""  # the secret is made when the email is sent

    def test_a_representative_cannot_invite_a_coordinator(self, cast, verified_client) -> None:
        client = verified_client(cast.representative)
        page = client.get("/accounts/invite/").content.decode()
        assert 'value="coordinator"' not in page
        response = client.post("/accounts/invite/", _form(cast, role=Role.COORDINATOR))
        assert response.status_code == 400
        assert "Choose one of the roles listed" in response.content.decode()
        assert not Invitation.objects.exists()
        for role in (Role.COORDINATOR, Role.CHAIR, Role.GOVERNANCE, Role.ADMINISTRATOR):
            with pytest.raises(PermissionDenied):
                services.invite_user(
                    actor=cast.representative,
                    email="x@agency.test",
                    full_name="X",
                    job_title="",
                    agency=cast.agency,
                    area=cast.area,
                    role=role,
                )

    def test_a_representative_cannot_invite_to_another_agency_or_area(self, cast, verified_client) -> None:
        other_agency, other_area = AgencyFactory(), MaracAreaFactory()
        client = verified_client(cast.representative)
        response = client.post("/accounts/invite/", _form(cast, agency=other_agency.pk))
        assert response.status_code == 400
        assert "Choose one of the agencies listed" in response.content.decode()
        response = client.post("/accounts/invite/", _form(cast, area=other_area.pk))
        assert response.status_code == 400
        assert "Choose one of the areas listed" in response.content.decode()
        for agency, area in ((other_agency, cast.area), (cast.agency, other_area)):
            with pytest.raises(PermissionDenied):
                services.invite_user(
                    actor=cast.representative,
                    email="x@agency.test",
                    full_name="X",
                    job_title="",
                    agency=agency,
                    area=area,
                    role=Role.PRACTITIONER,
                )
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize("role", ["practitioner", "coordinator"])
    def test_people_who_manage_no_accounts_get_404(self, cast, verified_client, role) -> None:
        client = verified_client(getattr(cast, role))
        for url in ("/accounts/", "/accounts/invite/"):
            assert client.get(url).status_code == 404
        assert client.post("/accounts/invite/", _form(cast)).status_code == 404

    def test_an_administrator_invites_to_any_role(self, cast, administrator, verified_client) -> None:
        client = verified_client(administrator)
        response = client.post("/accounts/invite/", _form(cast, role=Role.COORDINATOR, agency=AgencyFactory().pk))
        assert response.status_code == 302
        assert Invitation.objects.get().role == Role.COORDINATOR

    def test_an_area_administrator_invites_only_in_their_areas(self, cast) -> None:
        admin = UserFactory()
        MembershipFactory(user=admin, area=cast.area, role=Role.ADMINISTRATOR)
        elsewhere = MaracAreaFactory()
        kwargs = {"email": "x@agency.test", "full_name": "X", "job_title": "", "agency": AgencyFactory()}
        services.invite_user(actor=admin, area=cast.area, role=Role.CHAIR, **kwargs)
        with pytest.raises(PermissionDenied):
            services.invite_user(actor=admin, area=elsewhere, role=Role.PRACTITIONER, **kwargs)

    def test_an_existing_active_account_is_a_clear_form_error(self, cast, verified_client) -> None:
        client = verified_client(cast.representative)
        response = client.post("/accounts/invite/", _form(cast, email=cast.practitioner.email.upper()))
        assert response.status_code == 400
        html = response.content.decode()
        assert 'class="govuk-error-summary"' in html
        assert escape(services.ACCOUNT_EXISTS) in html
        assert 'value="Robin Example"' in html  # nothing typed is lost
        assert not Invitation.objects.exists()

    def test_a_second_invitation_to_the_same_person_is_refused(self, invite) -> None:
        invite()
        with pytest.raises(ValidationError) as error:
            invite(email="NEW.person@agency.test")
        assert services.INVITATION_WAITING in str(error.value)

    def test_the_invitation_is_audited_without_personal_data(self, cast, invite) -> None:
        invitation = invite()
        event = AuditEvent.objects.get(verb=AuditVerb.CREATE, object_type="marac.invitation")
        assert event.actor == cast.representative
        assert event.object_id == str(invitation.pk)
        text = json.dumps(event.detail)
        assert "robin" not in text.lower()
        assert "agency.test" not in text


class TestOutbox:
    def test_the_email_is_sent_once_however_often_the_task_runs(self, invite) -> None:
        invitation = invite()
        assert tasks.send_outbox() == 1
        assert tasks.send_outbox() == 0
        assert len(mail.outbox) == 1
        invitation.refresh_from_db()
        assert invitation.email_sent_at is not None
        assert len(invitation.token_hash) == 64
        message = mail.outbox[0]
        assert message.to == ["new.person@agency.test"]
        secret = last_link().split("/")[-2]
        assert secret not in invitation.token_hash
        assert "Robin" not in message.body  # no personal data in the email
        assert "Robin" not in message.subject

    def test_a_failed_send_is_tried_again(self, invite) -> None:
        invitation = invite()
        with mock.patch("marac.outbox.sender.EmailMessage.send", side_effect=ConnectionRefusedError):
            assert sender.send_due().failed == 1
        invitation.refresh_from_db()
        assert invitation.email_sent_at is None
        assert invitation.token_hash == ""
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        assert sender.send_due().sent == 1
        assert len(mail.outbox) == 1

    def test_the_email_is_queued_when_the_invitation_is_committed(self, invite, django_capture_on_commit_callbacks):
        with (
            mock.patch("marac.outbox.services.current_app.send_task") as send_task,
            django_capture_on_commit_callbacks(execute=True),
        ):
            invitation = invite()
        send_task.assert_called_once_with("marac.tasks.send_outbox", expires=120, retry=False)
        message = OutboxMessage.objects.get()
        assert (message.kind, message.reference, message.area_id) == (
            MessageKind.INVITATION,
            f"invitation:{invitation.pk}",
            invitation.area_id,
        )

    def test_withdrawn_and_expired_invitations_are_not_sent(self, invite) -> None:
        first = invite()
        services.revoke_invitation(actor=first.invited_by, invitation=first)
        second = invite(email="other@agency.test")
        Invitation.objects.filter(pk=second.pk).update(expires_at=second.created_at)
        assert sender.send_due().sent == 0
        assert mail.outbox == []


class TestResendAndRevoke:
    def test_sending_again_makes_a_new_link_and_ends_the_old(self, cast, client, sent_link, verified_client) -> None:
        old = sent_link()
        invitation = Invitation.objects.get()
        manager = verified_client(cast.representative)
        assert manager.post(f"/accounts/invitations/{invitation.pk}/resend/").status_code == 302
        assert sender.send_due().sent == 1
        new = last_link()
        assert new != old
        manager.logout()
        assert client.get(old).status_code == 404
        assert client.get(new).status_code == 200

    def test_withdrawing_ends_the_link(self, cast, client, sent_link, verified_client) -> None:
        link = sent_link()
        invitation = Invitation.objects.get()
        manager = verified_client(cast.representative)
        listing = manager.get("/accounts/").content.decode()
        assert "Robin Example" in listing
        assert manager.post(f"/accounts/invitations/{invitation.pk}/revoke/").status_code == 302
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        assert "Robin Example" not in manager.get("/accounts/").content.decode()
        manager.logout()
        assert client.get(link).status_code == 404

    def test_another_agencys_representative_gets_404(self, cast, invite, verified_client) -> None:
        invitation = invite()
        stranger = make_cast(cast.area).representative
        client = verified_client(stranger)
        for action in ("resend", "revoke"):
            assert client.post(f"/accounts/invitations/{invitation.pk}/{action}/").status_code == 404
        assert client.post("/accounts/invitations/99999999999999999999/revoke/").status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None
        assert "Robin Example" not in client.get("/accounts/").content.decode()


def test_the_account_list_costs_the_same_for_more_rows(cast, verified_client, django_assert_max_num_queries) -> None:
    client = verified_client(cast.representative)

    def add(count: int) -> None:
        for _ in range(count):
            user = UserFactory(agency=cast.agency)
            MembershipFactory(user=user, area=cast.area, role=Role.PRACTITIONER)
            MembershipFactory(user=user, area=cast.area, role=Role.IDAA)
            Invitation.objects.create(
                email=f"i{user.pk}@agency.test",
                full_name="Invited",
                agency=cast.agency,
                area=cast.area,
                role=Role.IDAA,
                invited_by=cast.representative,
                expires_at=user.date_joined,
            )

    add(2)
    client.get("/accounts/")
    with django_assert_max_num_queries(20) as small:
        assert client.get("/accounts/").status_code == 200
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/accounts/")
    assert response.content.decode().count("Close account") >= 17
