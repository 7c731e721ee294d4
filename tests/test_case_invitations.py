"""A need suggests inviting the matching specialist or "by and for" service to the case; the coordinator
invites it from the agenda, and the invited agency's representative sees that case of the agenda and no
other (404, as a case that does not exist). The needs page: who may record a need, and bad input."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseInvitation, CaseNeed, GrantKind, NeedKind, Notification
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role
from tests.builders import circulated_meeting, invited_to_case, named_on, need_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (invitations)", kind=AgencyKind.POLICE)
    specialist = AgencyFactory(name="Karma Circle (invitations)", kind=AgencyKind.HONOUR_BASED_ABUSE)
    elsewhere = AgencyFactory(name="Honour service elsewhere", kind=AgencyKind.HONOUR_BASED_ABUSE)
    area.core_agencies.set([police])
    people = {
        "coordinator": member(Role.COORDINATOR, area),
        "police rep": member(Role.REPRESENTATIVE, area, agency=police),
        "officer": member(Role.PRACTITIONER, area, agency=police),
        "specialist": member(Role.REPRESENTATIVE, area, agency=specialist),
        "elsewhere": member(Role.REPRESENTATIVE, MaracAreaFactory(), agency=elsewhere),
    }
    # Surnames no Faker user name carries, so "not in the page" cannot be confused by a colleague's name.
    mine = CaseFactory(area=area, victim__family_name="Quarrendale-Mine")
    theirs = CaseFactory(area=area, victim__family_name="Quarrendale-Theirs")
    meeting = circulated_meeting(area, by=people["coordinator"], cases=[mine, theirs])
    need_on(mine, NeedKind.HONOUR_BASED_ABUSE, by=people["police rep"])
    need_on(mine, NeedKind.INTERPRETER, by=people["police rep"], detail="Kurdish Sorani")
    items = {item.case_id: item for item in meeting.items.all()}
    return {
        "area": area,
        "meeting": meeting,
        "mine": mine,
        "theirs": theirs,
        "items": items,
        "specialist_agency": specialist,
        "elsewhere_agency": elsewhere,
        **people,
    }


def _without_tokens(content: bytes) -> str:
    """A page less what changes on every response (the script nonce, the form token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", content.decode())


def _as(world, who: str) -> Client:
    return sign_in_verified(Client(), world[who])


def _invite(client: Client, world, agency=None) -> object:
    return client.post(
        reverse("case-needs", args=[world["mine"].pk]),
        {
            "action": "invite",
            "agency": (agency or world["specialist_agency"]).pk,
            "need": NeedKind.HONOUR_BASED_ABUSE,
            "meeting": world["meeting"].pk,
        },
    )


def test_the_agenda_shows_the_needs_and_suggests_the_specialist_to_the_coordinator_only(world) -> None:
    agenda = reverse("meeting-detail", args=[world["meeting"].pk])
    page = _as(world, "coordinator").get(agenda).content.decode()
    assert "Honour-based abuse or forced marriage" in page
    assert "Interpreter needed: Kurdish Sorani" in page
    assert html.escape(f"Invite {world['specialist_agency'].name}") in page
    assert world["elsewhere_agency"].name not in page  # another area's service is not suggested
    police_page = _as(world, "police rep").get(agenda).content.decode()
    assert "Interpreter needed: Kurdish Sorani" in police_page
    assert html.escape(f"Invite {world['specialist_agency'].name}") not in police_page


def test_the_coordinator_invites_and_the_specialist_sees_that_case_alone(world) -> None:
    specialist = _as(world, "specialist")
    mine, theirs, meeting = world["mine"], world["theirs"], world["meeting"]
    assert specialist.get(reverse("case-detail", args=[mine.pk])).status_code == 404
    assert specialist.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404
    response = _invite(_as(world, "coordinator"), world)
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting-detail", args=[meeting.pk])
    invitation = CaseInvitation.objects.get(case=mine)
    assert invitation.agency == world["specialist_agency"]
    assert AuditEvent.objects.filter(verb=AuditVerb.CREATE, object_type="cases.caseinvitation").count() == 1
    assert Notification.objects.filter(user=world["specialist"], link=reverse("case-detail", args=[mine.pk])).exists()
    assert specialist.get(reverse("case-detail", args=[mine.pk])).status_code == 200
    hidden = specialist.get(reverse("case-detail", args=[theirs.pk]))
    missing = specialist.get(reverse("case-detail", args=[999_999_999]))
    assert hidden.status_code == missing.status_code == 404
    assert _without_tokens(hidden.content) == _without_tokens(missing.content)
    agenda = specialist.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert mine.reference in agenda
    assert theirs.reference not in agenda
    assert "Quarrendale-Theirs" not in agenda
    research = reverse("research-item", args=[meeting.pk, world["items"][mine.pk].pk])
    assert specialist.get(research).status_code == 200
    assert specialist.get(reverse("research-item", args=[meeting.pk, world["items"][theirs.pk].pk])).status_code == 404
    # Once invited, the service is no longer suggested.
    again = _as(world, "coordinator").get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert html.escape(f"Invite {world['specialist_agency'].name}") not in again


def test_only_the_coordinator_invites_and_only_an_agency_of_the_area(world) -> None:
    assert _invite(_as(world, "police rep"), world).status_code == 403
    response = _invite(_as(world, "coordinator"), world, agency=world["elsewhere_agency"])
    assert response.status_code == 400
    assert "Select an agency of this MARAC to invite" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not CaseInvitation.objects.exists()


def test_inviting_twice_changes_nothing(world) -> None:
    invited_to_case(world["mine"], world["specialist_agency"], by=world["coordinator"])
    assert _invite(_as(world, "coordinator"), world).status_code == 302
    assert CaseInvitation.objects.count() == 1


def test_the_coordinator_withdraws_an_invitation_and_the_specialist_loses_the_case_at_once(world) -> None:
    invitation = invited_to_case(world["mine"], world["specialist_agency"], by=world["coordinator"])
    specialist, url = _as(world, "specialist"), reverse("case-needs", args=[world["mine"].pk])
    assert specialist.get(reverse("case-detail", args=[world["mine"].pk])).status_code == 200
    withdraw = {"action": "withdraw", "invitation": invitation.pk}
    assert _as(world, "police rep").post(url, withdraw).status_code == 403
    coordinator = _as(world, "coordinator")
    assert "Withdraw the invitation" in coordinator.get(url).content.decode()
    assert coordinator.post(url, withdraw).status_code == 302
    assert not CaseInvitation.objects.exists()
    assert AuditEvent.objects.filter(verb=AuditVerb.DELETE, object_type="cases.caseinvitation").count() == 1
    assert specialist.get(reverse("case-detail", args=[world["mine"].pk])).status_code == 404
    again = coordinator.post(url, withdraw)
    assert again.status_code == 400
    assert "That invitation was already withdrawn" in again.content.decode()


class TestNeedsPage:
    def _url(self, world) -> str:
        return reverse("case-needs", args=[world["mine"].pk])

    def test_an_invited_agency_records_a_need_and_the_case_page_shows_it(self, world) -> None:
        client = _as(world, "police rep")
        assert client.get(self._url(world)).status_code == 200
        response = client.post(
            self._url(world), {"kind": NeedKind.AGED_16_17, "detail": "text message", "version_aged_16_17": "0"}
        )
        assert response.status_code == 302
        page = client.get(reverse("case-detail", args=[world["mine"].pk])).content.decode()
        assert "Aged 16 or 17: contact by text message" in page

    def test_bad_input_shows_every_error_and_keeps_what_was_typed(self, world) -> None:
        response = _as(world, "police rep").post(
            self._url(world), {"kind": NeedKind.INTERPRETER, "detail": "  ", "version_interpreter": "1"}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert "Enter the language the survivor needs an interpreter for" in page
        response = _as(world, "police rep").post(self._url(world), {"detail": "Kept as typed"})
        assert response.status_code == 400
        assert "Select a need" in response.content.decode()
        assert "Kept as typed" in response.content.decode()

    def test_a_stale_change_answers_409_and_keeps_the_need(self, world) -> None:
        response = _as(world, "police rep").post(
            self._url(world), {"kind": NeedKind.INTERPRETER, "detail": "Arabic", "version_interpreter": "0"}
        )
        assert response.status_code == 409
        assert "Someone else changed this need" in response.content.decode()
        assert CaseNeed.objects.get(case=world["mine"], kind=NeedKind.INTERPRETER).detail == "Kurdish Sorani"

    def test_ending_a_need_takes_its_flag_off(self, world) -> None:
        need = CaseNeed.objects.get(case=world["mine"], kind=NeedKind.HONOUR_BASED_ABUSE)
        client = _as(world, "coordinator")
        response = client.post(self._url(world), {"action": "end", "kind": need.kind, "version": need.version})
        assert response.status_code == 302
        agenda = client.get(reverse("meeting-detail", args=[world["meeting"].pk])).content.decode()
        assert 'app-flag">Honour-based abuse or forced marriage<' not in agenda
        assert 'app-flag">Interpreter needed: Kurdish Sorani<' in agenda

    def test_ending_a_need_changed_meanwhile_answers_409_with_the_reason(self, world) -> None:
        need = CaseNeed.objects.get(case=world["mine"], kind=NeedKind.INTERPRETER)
        data = {"action": "end", "kind": need.kind, "version": need.version + 1}
        response = _as(world, "coordinator").post(self._url(world), data)
        assert response.status_code == 409
        page = response.content.decode()
        assert "<title>Error: " in page
        assert "Someone else changed this need" in page
        assert CaseNeed.objects.get(pk=need.pk).ended_at is None

    def test_a_keyworker_reads_the_page_but_may_not_record(self, world) -> None:
        named_on(world["mine"], world["officer"], GrantKind.KEYWORKER, by=world["coordinator"])
        client = _as(world, "officer")
        page = client.get(self._url(world))
        assert page.status_code == 200
        assert "Save the need" not in page.content.decode()
        assert client.post(self._url(world), {"kind": NeedKind.LGBT, "version_lgbt": "0"}).status_code == 403
        assert _as(world, "specialist").get(self._url(world)).status_code == 404  # not invited yet


def test_the_chairs_roll_call_names_the_specialist_invited_to_the_case(world) -> None:
    from ppmt.selectors import research_roll_call  # noqa: PLC0415

    item = world["items"][world["mine"].pk]
    assert world["specialist_agency"].name not in [row.agency for row in research_roll_call(item)]
    invited_to_case(world["mine"], world["specialist_agency"], by=world["coordinator"])
    assert world["specialist_agency"].name in [row.agency for row in research_roll_call(item)]
    other = world["items"][world["theirs"].pk]
    assert world["specialist_agency"].name not in [row.agency for row in research_roll_call(other)]
