"""Cross-MARAC transfer: the sending coordinator sends, the receiving coordinator accepts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Case, CaseParty, CaseStatus, CaseTransfer, Meeting, PartyRole, TransferStatus
from marac.models import Role
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(area):
    case = CaseFactory(area=area)
    CaseParty.objects.create(case=case, person=PersonFactory(given_names="Gus"), role=PartyRole.PERPETRATOR)
    return case


@pytest.fixture
def other_area():
    return MaracAreaFactory()


@pytest.fixture
def receiving(make_member, other_area):
    return make_member(Role.COORDINATOR, area=other_area)


def test_transfer_and_accept(client, case, coordinator, receiving, other_area) -> None:
    sign_in_verified(client, coordinator)
    response = client.post(
        reverse("case-transfer", args=[case.pk]), {"to_area": other_area.pk, "note": "Moved to a refuge there."}
    )
    assert response.status_code == 302
    transfer = CaseTransfer.objects.get()
    assert transfer.status == TransferStatus.PENDING

    client.logout()
    sign_in_verified(client, receiving)
    # The receiving coordinator can read the history before accepting.
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    listing = client.get(reverse("referral-list")).content.decode()
    assert "Cases transferred to your MARAC" in listing
    assert client.get(reverse("transfer-detail", args=[transfer.pk])).status_code == 200
    response = client.post(reverse("transfer-accept", args=[transfer.pk]))
    new_case = Case.objects.get(area=other_area)
    assert response["Location"] == reverse("case-detail", args=[new_case.pk])
    assert new_case.victim == case.victim
    assert new_case.reference.startswith(other_area.code.upper())
    assert set(new_case.parties.values_list("role", flat=True)) == {PartyRole.VICTIM, PartyRole.PERPETRATOR}
    case.refresh_from_db()
    assert case.status == CaseStatus.TRANSFERRED_OUT
    page = client.get(reverse("case-detail", args=[new_case.pk])).content.decode()
    assert f"Transferred from {case.area.name}" in page
    # Accepting twice changes nothing.
    client.post(reverse("transfer-accept", args=[transfer.pk]))
    assert Case.objects.filter(area=other_area).count() == 1

    client.logout()
    sign_in_verified(client, coordinator)
    old_page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert f"Transferred to {other_area.name}" in old_page
    assert "Transfer this case to another MARAC" not in old_page


def test_transfer_needs_a_note_and_another_area(client, case, coordinator) -> None:
    sign_in_verified(client, coordinator)
    response = client.post(reverse("case-transfer", args=[case.pk]), {"to_area": "", "note": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select the MARAC the case is moving to" in html
    assert "Enter a transfer note" in html


def test_only_the_two_areas_see_the_transfer(client, case, coordinator, other_area, make_member) -> None:
    sign_in_verified(client, coordinator)
    client.post(reverse("case-transfer", args=[case.pk]), {"to_area": other_area.pk, "note": "Moving."})
    transfer = CaseTransfer.objects.get()
    for outsider in [make_member(Role.COORDINATOR), make_member(Role.REPRESENTATIVE, area=other_area)]:
        client.logout()
        sign_in_verified(client, outsider)
        assert client.get(reverse("transfer-detail", args=[transfer.pk])).status_code == 404
        assert client.post(reverse("transfer-accept", args=[transfer.pk])).status_code == 404
        assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404


def test_sending_coordinator_cannot_accept(client, case, coordinator, other_area) -> None:
    sign_in_verified(client, coordinator)
    client.post(reverse("case-transfer", args=[case.pk]), {"to_area": other_area.pk, "note": "Moving."})
    transfer = CaseTransfer.objects.get()
    assert client.post(reverse("transfer-accept", args=[transfer.pk])).status_code == 404
    assert CaseTransfer.objects.get().status == TransferStatus.PENDING


def test_the_transfer_has_its_own_page(client, case, coordinator, other_area, make_member) -> None:
    sign_in_verified(client, coordinator)
    case_page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert reverse("case-transfer", args=[case.pk]) in case_page
    assert 'name="to_area"' not in case_page  # the long list of areas is on the transfer page only
    page = client.get(reverse("case-transfer", args=[case.pk])).content.decode()
    assert "Transfer this case to another MARAC" in page
    assert f'value="{other_area.pk}"' in page
    assert f'value="{case.area_id}"' not in page  # not to its own area
    bad = client.post(reverse("case-transfer", args=[case.pk]), {"to_area": other_area.pk, "note": " "})
    assert bad.status_code == 400
    assert "<title>Error: Transfer case" in bad.content.decode()
    assert f'value="{other_area.pk}" selected' in bad.content.decode()  # keeps what was chosen


def test_only_the_coordinator_opens_the_transfer_page(client, case, make_member, area) -> None:
    police = AgencyFactory(name="Police (transfer page)")
    area.core_agencies.set([police])
    rep = make_member(Role.REPRESENTATIVE, area=area, agency=police)
    coordinator = make_member(Role.COORDINATOR, area=area)
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area, research_deadline__gt=timezone.now()).order_by("date").first()
    AgendaItem.objects.create(meeting=meeting, case=case, position=1)
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    sign_in_verified(client, rep)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("case-transfer", args=[case.pk])).status_code == 403
