"""Research from real details, by role (issue 19): the research page, the agenda page and the agenda
PDF show each invited agency the details it searches its own records with (names, other names, dates
of birth, gender, the children), the victim's address only where the restricted-details rule lets
the reader see it, and the referral's reasons; a link to the referral only for those who may open it.
Audited as reads; never in the circulation emails."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.models import Case, Meeting, PartyRole, Referral, ReferralPerson
from cases.people.research_details import ADDRESS_WITHHELD, born, research_details_for
from marac.models import AgencyKind, AuditEvent, AuditVerb, OutboxMessage, Role, User
from marac.outbox import sender
from tests.builders import circulated_meeting, list_cases, meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.governance.outputs import pdf_text
from tests.referral_helpers import (
    children_details,
    member,
    perpetrator_details,
    received_referral,
    unique_family_name,
    victim_details,
)

pytestmark = pytest.mark.django_db

ADDRESS = "14 Testhouse Road\nTestville"
POSTCODE = "TV1 4XZ"


@dataclass
class Agenda:
    meeting: Meeting
    case: Case
    referral: Referral
    users: dict[str, User]

    def person(self, role: str) -> ReferralPerson:
        return self.referral.people.filter(role=role).order_by("position", "id")[0]


def _refer(users: dict[str, User], area: object, *, children: int = 1, unborn: bool = True) -> Referral:
    kids = children_details(children)
    if unborn:
        kids.append({"family_name": unique_family_name("Testunborn"), "expected_due_date": _due()})
    return received_referral(
        users["practitioner"],
        area,
        representative=users["police"],
        coordinator=users["coordinator"],
        victim=victim_details(address=ADDRESS, postcode=POSTCODE, aliases=["Avie Testmaiden"]),
        perpetrators=[
            perpetrator_details(aliases=["Benny Testalias"]),
            perpetrator_details(given_names="", family_name="", date_of_birth=None),
        ],
        children=kids,
    )


def _due() -> date:
    return timezone.localdate() + timedelta(days=90)


@pytest.fixture
def agenda() -> Agenda:
    """A circulated meeting with police (who referred) and housing invited; one case on it."""
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (research details)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (research details)", kind=AgencyKind.HOUSING)
    users = {
        "coordinator": member(Role.COORDINATOR, area),
        "chair": member(Role.CHAIR, area),
        "practitioner": member(Role.PRACTITIONER, area, agency=police),
        "police": member(Role.REPRESENTATIVE, area, agency=police),
        "housing": member(Role.REPRESENTATIVE, area, agency=housing),
        "conflicted": member(Role.REPRESENTATIVE, area, agency=housing),
    }
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=21), agencies=[police, housing])
    referral = _refer(users, area)
    assert referral.case is not None
    if not meeting.items.filter(case=referral.case).exists():
        list_cases(meeting, [referral.case])
    meeting = circulated_meeting(area, by=users["coordinator"], meeting=meeting)
    meeting_services.conflict_declare(user=users["conflicted"], case=referral.case, connection="knows")
    return Agenda(meeting=meeting, case=referral.case, referral=referral, users=users)


def _client(user: User) -> Client:
    return sign_in_verified(Client(), user)


def _research_page(agenda: Agenda, user: str) -> str:
    item = agenda.meeting.items.get(case=agenda.case)
    response = _client(agenda.users[user]).get(reverse("research-item", args=[agenda.meeting.pk, item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _agenda_page(agenda: Agenda, user: str) -> str:
    response = _client(agenda.users[user]).get(reverse("meeting-detail", args=[agenda.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _agenda_pdf(agenda: Agenda, user: str) -> str:
    response = _client(agenda.users[user]).get(reverse("agenda-pdf", args=[agenda.meeting.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def _search_details(agenda: Agenda) -> list[str]:
    """What every reader who sees the case is shown to search with, as it reads on the page."""
    victim, harm, child = (agenda.person(role) for role in (PartyRole.VICTIM, PartyRole.PERPETRATOR, PartyRole.CHILD))
    return [
        victim.display_name,
        "Avie Testmaiden",
        born(victim),
        "Woman or girl",
        harm.display_name,
        "Benny Testalias",
        born(harm),
        "Man or boy",
        "Name not known",
        child.display_name,
        born(child),
        f"Unborn, due {_due():%-d %B %Y}",
        "Visible high risk",
    ]


SHOWN_ADDRESS = f"14 Testhouse Road, Testville, {POSTCODE}"


def test_a_date_of_birth_reads_with_the_age_and_an_unborn_child_with_the_due_date() -> None:
    person = ReferralPerson(date_of_birth=date(1990, 3, 12))
    assert born(person, today=date(2026, 12, 4)) == "12 March 1990 (age 36)"
    assert born(person, today=date(2026, 3, 11)) == "12 March 1990 (age 35)"
    assert born(ReferralPerson(expected_due_date=date(2027, 5, 3))) == "Unborn, due 3 May 2027"
    assert born(ReferralPerson()) == "Not known"


def test_research_page_shows_another_agency_the_details_but_not_the_address(agenda: Agenda) -> None:
    page = _research_page(agenda, "housing")
    assert "Details to search your records" in page
    for shown in _search_details(agenda):
        assert html.escape(shown) in page, shown
    assert html.escape(ADDRESS_WITHHELD) in page
    for hidden in ("14 Testhouse Road", POSTCODE):
        assert hidden not in page
    # Housing cannot open the referral: its reasons are shown, and no link to it.
    assert reverse("referral-detail", args=[agenda.referral.public_id]) not in page


def test_research_page_shows_the_referring_agency_the_address_and_the_referral(agenda: Agenda) -> None:
    page = _research_page(agenda, "police")
    assert html.escape(SHOWN_ADDRESS) in page
    assert html.escape(ADDRESS_WITHHELD) not in page
    assert reverse("referral-detail", args=[agenda.referral.public_id]) in page


@pytest.mark.parametrize("user", ["coordinator", "chair", "police"])
def test_agenda_page_shows_the_address_to_those_the_rule_allows(agenda: Agenda, user: str) -> None:
    page = _agenda_page(agenda, user)
    assert "Details to search your records" in page
    for shown in _search_details(agenda):
        assert html.escape(shown) in page, shown
    assert html.escape(SHOWN_ADDRESS) in page
    assert reverse("referral-detail", args=[agenda.referral.public_id]) in page


def test_agenda_page_hides_the_address_from_other_invited_agencies(agenda: Agenda) -> None:
    page = _agenda_page(agenda, "housing")
    for shown in _search_details(agenda):
        assert html.escape(shown) in page, shown
    assert "14 Testhouse Road" not in page
    assert POSTCODE not in page
    assert reverse("referral-detail", args=[agenda.referral.public_id]) not in page


def test_agenda_pdf_shows_the_details_and_the_address_by_the_same_rule(agenda: Agenda) -> None:
    for user in ("coordinator", "police"):
        text = _agenda_pdf(agenda, user)
        for shown in _search_details(agenda):
            assert shown in text, (user, shown)
        assert SHOWN_ADDRESS in text
    text = _agenda_pdf(agenda, "housing")
    for shown in _search_details(agenda):
        assert shown in text, shown
    assert "Testhouse" not in text
    assert POSTCODE not in text
    assert "Not shared with your agency" in text


def test_a_conflicted_representative_sees_nothing_of_the_case(agenda: Agenda) -> None:
    victim = agenda.person(PartyRole.VICTIM)
    page = _agenda_page(agenda, "conflicted")
    text = _agenda_pdf(agenda, "conflicted")
    for output in (page, text):
        assert agenda.case.reference not in output
        for name in (victim.family_name, agenda.person(PartyRole.PERPETRATOR).family_name, "Testmaiden"):
            assert name not in output
    item = agenda.meeting.items.get(case=agenda.case)
    client = _client(agenda.users["conflicted"])
    assert client.get(reverse("research-item", args=[agenda.meeting.pk, item.pk])).status_code == 404
    assert research_details_for(agenda.users["conflicted"], agenda.meeting) == {}


def _read(user: User, page: str) -> AuditEvent:
    return AuditEvent.objects.filter(actor=user, detail__page=page).latest("id")


def test_the_details_shown_are_audited_as_reads(agenda: Agenda) -> None:
    housing = agenda.users["housing"]
    _agenda_page(agenda, "housing")
    event = _read(housing, "agenda")
    assert (event.verb, event.object_type, event.object_id) == (AuditVerb.VIEW, "cases.meeting", str(agenda.meeting.pk))
    assert event.detail["cases"] == [agenda.case.pk]
    _agenda_pdf(agenda, "housing")
    event = _read(housing, "agenda-pdf")
    assert (event.verb, event.detail["cases"]) == (AuditVerb.EXPORT, [agenda.case.pk])
    _research_page(agenda, "housing")
    event = _read(housing, "research")
    assert (event.object_type, event.object_id) == ("cases.case", str(agenda.case.pk))
    # The audit names what was read, never what it said.
    for event in AuditEvent.objects.filter(actor=housing):
        assert agenda.person(PartyRole.VICTIM).family_name not in str(event.detail)


def test_the_agenda_shown_again_after_a_refused_change_is_audited_too(agenda: Agenda) -> None:
    coordinator = agenda.users["coordinator"]
    item = agenda.meeting.items.get(case=agenda.case)
    url = reverse("agenda-move", args=[agenda.meeting.pk, item.pk])
    response = _client(coordinator).post(url, {"version": agenda.meeting.version, "direction": "sideways"})
    assert response.status_code == 400
    assert html.escape(SHOWN_ADDRESS) in response.content.decode()
    assert _read(coordinator, "agenda").detail["cases"] == [agenda.case.pk]


def test_the_circulation_emails_carry_none_of_the_details(
    agenda: Agenda, django_capture_on_commit_callbacks: object
) -> None:
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()
    meeting = meeting_on(agenda.case.area, timezone.localdate() + timedelta(days=35), agencies=[])
    meeting.invited_agencies.set(agenda.meeting.invited_agencies.all())
    circulated_meeting(agenda.case.area, by=agenda.users["coordinator"], cases=[agenda.case], meeting=meeting)
    assert OutboxMessage.objects.exists()
    sender.send_due()
    assert mail.outbox
    private = [*_search_details(agenda)[:-1], "Testhouse", POSTCODE, agenda.case.reference]
    private = [text for text in private if text not in ("Woman or girl", "Man or boy", "Name not known")]
    for message in OutboxMessage.objects.all():
        for text in private:
            assert text not in f"{message.subject} {message.body}", text
    for sent in mail.outbox:
        for text in private:
            assert text not in f"{sent.subject} {sent.body}", text


def _queries(agenda: Agenda, user: str, route: str) -> int:
    """The queries of one request to the meeting's ``route``, after a warm-up request."""
    client = _client(agenda.users[user])
    url = reverse(route, args=[agenda.meeting.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("user", ["coordinator", "police", "housing"])
def test_the_details_are_read_in_a_constant_number_of_queries(agenda: Agenda, user: str) -> None:
    """With one case, and with six whose referrals name more children: the same queries (the selector
    itself reads three: the latest referrals, their people, which of them the reader may open)."""
    one = {route: _queries(agenda, user, route) for route in ("meeting-detail", "agenda-pdf")}
    cases = [_refer(agenda.users, agenda.case.area, children=4).case for _ in range(5)]
    list_cases(agenda.meeting, [case for case in cases if not agenda.meeting.items.filter(case=case).exists()])
    assert len(research_details_for(agenda.users[user], agenda.meeting)) == 6
    six = {route: _queries(agenda, user, route) for route in ("meeting-detail", "agenda-pdf")}
    assert one == six
