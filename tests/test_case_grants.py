"""Practitioners and IDAAs see what is theirs: the referrals they draft and the cases they are named on.

An agency's representative sees every case on the agendas their agency is invited to; a practitioner or an
IDAA of that agency sees none of them until named on one (a keyworker, the allocated IDAA), and then only
that one: its case page, its row on the agenda, its survivor's voice, its minutes, their agency's actions
on it. Naming someone is the coordinator's, or the representative's for their own agency's people, and is
audited; the person named is told.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from actions import selectors as action_selectors
from cases.grants import services as grant_services
from cases.grants.selectors import holds_grant
from cases.meetings import selectors as meeting_selectors
from cases.models import CaseGrant, GrantKind, Notification
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role
from tests.builders import action_for, circulated_meeting, named_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    area = MaracAreaFactory()
    housing = AgencyFactory(name="Housing (grants)", kind=AgencyKind.HOUSING)
    idaa_service = AgencyFactory(name="IDAA service (grants)", kind=AgencyKind.IDAA)
    police = AgencyFactory(name="Police (grants)", kind=AgencyKind.POLICE)
    area.core_agencies.set([housing, idaa_service, police])
    people = {
        "coordinator": member(Role.COORDINATOR, area),
        "housing rep": member(Role.REPRESENTATIVE, area, agency=housing),
        "housing officer": member(Role.PRACTITIONER, area, agency=housing),
        "other officer": member(Role.PRACTITIONER, area, agency=housing),
        "idaa manager": member(Role.REPRESENTATIVE, area, agency=idaa_service),
        "idaa": member(Role.IDAA, area, agency=idaa_service),
        "other idaa": member(Role.IDAA, area, agency=idaa_service),
        "police rep": member(Role.REPRESENTATIVE, area, agency=police),
        "police officer": member(Role.PRACTITIONER, area, agency=police),
    }
    # Surnames no Faker user name carries, so "not in the page" cannot be confused by a colleague's name.
    mine = CaseFactory(area=area, victim__family_name="Quennell-Mine")
    theirs = CaseFactory(area=area, victim__family_name="Quennell-Theirs")
    meeting = circulated_meeting(area, by=people["coordinator"], cases=[mine, theirs])
    items = {item.case_id: item for item in meeting.items.all()}
    return {"area": area, "meeting": meeting, "mine": mine, "theirs": theirs, "items": items, **people}


def _pages(world, case):
    item = world["items"][case.pk]
    return [
        reverse("case-detail", args=[case.pk]),
        reverse("survivor-voice", args=[world["meeting"].pk, item.pk]),
    ]


@pytest.mark.parametrize("who", ["housing officer", "idaa", "police officer"])
def test_practitioners_and_idaas_see_no_agenda_case_until_named(client, world, who) -> None:
    sign_in_verified(client, world[who])
    for case in (world["mine"], world["theirs"]):
        for url in _pages(world, case):
            assert client.get(url).status_code == 404, url
    assert client.get(reverse("meeting-detail", args=[world["meeting"].pk])).status_code == 404
    assert world["mine"].victim.family_name not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(("who", "kind"), [("housing officer", GrantKind.KEYWORKER), ("idaa", GrantKind.IDAA)])
def test_someone_named_on_a_case_sees_that_case_and_no_other(client, world, who, kind) -> None:
    named_on(world["mine"], world[who], kind)
    sign_in_verified(client, world[who])
    for url in _pages(world, world["mine"]):
        assert client.get(url).status_code == 200, url
    for url in _pages(world, world["theirs"]):
        assert client.get(url).status_code == 404, url
    agenda = client.get(reverse("meeting-detail", args=[world["meeting"].pk]))
    assert agenda.status_code == 200
    html = agenda.content.decode()
    assert world["mine"].reference in html
    assert world["theirs"].reference not in html
    assert world["theirs"].victim.family_name not in html
    assert [i.case_id for i in meeting_selectors.agenda_items_for_user(world["meeting"], world[who])] == [
        world["mine"].pk
    ]


def test_the_representative_still_sees_every_case_their_agency_is_invited_to(client, world) -> None:
    sign_in_verified(client, world["housing rep"])
    for case in (world["mine"], world["theirs"]):
        for url in _pages(world, case):
            assert client.get(url).status_code == 200, url


def test_who_may_name_whom(world) -> None:
    mine = world["mine"]
    # A representative names their own agency's practitioners as keyworkers, not another agency's.
    named_on(mine, world["housing officer"], GrantKind.KEYWORKER, by=world["housing rep"])
    with pytest.raises(ValidationError):
        named_on(mine, world["police officer"], GrantKind.KEYWORKER, by=world["housing rep"])
    # Only the IDAA service's representative (or the coordinator) allocates an IDAA.
    with pytest.raises(PermissionDenied):
        named_on(mine, world["idaa"], GrantKind.IDAA, by=world["housing rep"])
    named_on(mine, world["idaa"], GrantKind.IDAA, by=world["idaa manager"])
    # A practitioner names nobody; an IDAA is not a keyworker; a case one cannot see answers 404.
    with pytest.raises(PermissionDenied):
        named_on(mine, world["other officer"], GrantKind.KEYWORKER, by=world["housing officer"])
    with pytest.raises(ValidationError):
        named_on(mine, world["other idaa"], GrantKind.KEYWORKER, by=world["coordinator"])
    with pytest.raises(Http404):
        named_on(world["theirs"], world["other officer"], GrantKind.KEYWORKER, by=world["police officer"])


def test_allocating_another_idaa_hands_the_case_over_and_is_audited(world) -> None:
    mine, coordinator = world["mine"], world["coordinator"]
    first = named_on(mine, world["idaa"])
    named_on(mine, world["other idaa"])
    assert not holds_grant(world["idaa"], mine.pk)
    assert holds_grant(world["other idaa"], mine.pk)
    events = AuditEvent.objects.filter(object_type="cases.casegrant").order_by("id")
    assert [(e.verb, e.actor_id, e.detail["grant"]) for e in events] == [
        (AuditVerb.CREATE, coordinator.pk, "allocated_idaa"),
        (AuditVerb.DELETE, coordinator.pk, "allocated_idaa"),
        (AuditVerb.CREATE, coordinator.pk, "allocated_idaa"),
    ]
    assert events[1].object_id == str(first.pk)
    notice = Notification.objects.get(user=world["other idaa"])
    assert notice.message == f"You are the IDAA allocated to case {mine.reference}"
    assert mine.victim.family_name not in notice.message


def test_ending_a_grant_ends_access_at_once(client, world) -> None:
    grant = named_on(world["mine"], world["housing officer"], GrantKind.KEYWORKER)
    sign_in_verified(client, world["housing officer"])
    url = reverse("case-detail", args=[world["mine"].pk])
    assert client.get(url).status_code == 200
    grant_services.end_grant(actor=world["housing rep"], case=world["mine"], grant=grant)
    assert client.get(url).status_code == 404
    assert not CaseGrant.objects.exists()


def test_someone_named_follows_their_agencys_actions_on_that_case_only(world) -> None:
    due = timezone.localdate() + timedelta(days=14)
    coordinator, housing = world["coordinator"], world["housing rep"].agency
    on_mine = action_for(world["items"][world["mine"].pk], by=coordinator, owner=housing, due=due)
    action_for(world["items"][world["theirs"].pk], by=coordinator, owner=housing, due=due)
    officer = world["housing officer"]
    assert list(action_selectors.actions_for_user(officer)) == []
    named_on(world["mine"], officer, GrantKind.KEYWORKER)
    assert list(action_selectors.actions_for_user(officer)) == [on_mine]
    assert action_selectors.actions_for_user(world["housing rep"]).count() == 2


def test_the_workers_page(client, world) -> None:
    url = reverse("case-workers", args=[world["mine"].pk])
    sign_in_verified(client, world["housing officer"])
    assert client.get(url).status_code == 404  # not their case
    sign_in_verified(client, world["police rep"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Allocate an IDAA" not in page.content.decode()  # not the IDAA service's to allocate
    missing = client.post(url, {"kind": "keyworker"})
    assert missing.status_code == 400
    assert "govuk-error-summary" in missing.content.decode()
    assert "Select a person" in missing.content.decode()
    stranger = client.post(url, {"kind": "keyworker", "keyworker-worker": world["housing officer"].pk})
    assert stranger.status_code == 400  # another agency's practitioner is not offered
    done = client.post(url, {"kind": "keyworker", "keyworker-worker": world["police officer"].pk})
    assert done.status_code == 302
    assert holds_grant(world["police officer"], world["mine"].pk, [GrantKind.KEYWORKER])
    assert client.post(url, {"kind": "nonsense"}).status_code == 404
    sign_in_verified(client, world["coordinator"])
    assert "Allocate an IDAA" in client.get(url).content.decode()


def test_the_workers_page_costs_the_same_queries_for_many_grants(client, world, django_assert_max_num_queries) -> None:
    url = reverse("case-workers", args=[world["mine"].pk])
    sign_in_verified(client, world["coordinator"])
    named_on(world["mine"], world["idaa"])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        named_on(
            world["mine"],
            member(Role.PRACTITIONER, world["area"], agency=world["housing rep"].agency),
            GrantKind.KEYWORKER,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_another_areas_user_never_sees_the_workers_page(client, world) -> None:
    elsewhere = member(Role.COORDINATOR, MaracAreaFactory())
    sign_in_verified(client, elsewhere)
    assert client.get(reverse("case-workers", args=[world["mine"].pk])).status_code == 404
    grant = named_on(world["mine"], world["idaa"])
    end = reverse("case-worker-end", args=[world["mine"].pk, grant.pk])
    assert client.post(end).status_code == 404
    assert CaseGrant.objects.filter(pk=grant.pk).exists()
