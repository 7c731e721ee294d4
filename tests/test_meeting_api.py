"""The meetings API: agencies read their agendas; coordinators circulate and record attendance."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cases.meetings import schedule as meeting_schedule
from cases.models import AgendaItem, Attendance, Meeting, MeetingStatus
from marac.models import AgencyKind, Role
from tests.api_tokens import token_for
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=token_for(user))
    return client


@pytest.fixture
def setup(make_member):
    police = AgencyFactory(name="Police (api)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police])
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    case = CaseFactory(area=area)
    AgendaItem.objects.create(meeting=meeting, case=case, position=1)
    return {
        "meeting": meeting,
        "case": case,
        "police": police,
        "coordinator": make_member(Role.COORDINATOR, area=area),
        "rep": make_member(Role.REPRESENTATIVE, area=area, agency=police),
        "stranger": make_member(Role.REPRESENTATIVE, area=area, agency=AgencyFactory(name="Other (api)")),
    }


def test_coordinator_circulates_with_if_match_and_agencies_read(setup) -> None:
    meeting = setup["meeting"]
    coordinator = api_for(setup["coordinator"])
    agenda = coordinator.get(f"/api/v1/meetings/{meeting.pk}/agenda/")
    assert agenda.status_code == 200
    etag = agenda["ETag"]
    assert agenda.json()["rows"][0]["case_reference"] == setup["case"].reference
    stale = coordinator.post(f"/api/v1/meetings/{meeting.pk}/circulate/", HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412
    ok = coordinator.post(f"/api/v1/meetings/{meeting.pk}/circulate/", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CIRCULATED
    rep = api_for(setup["rep"])
    assert [m["id"] for m in rep.get("/api/v1/meetings/").json()] == [meeting.pk]
    assert rep.get(f"/api/v1/meetings/{meeting.pk}/agenda/").status_code == 200
    assert rep.post(f"/api/v1/meetings/{meeting.pk}/circulate/").status_code == 403
    stranger = api_for(setup["stranger"])
    assert stranger.get(f"/api/v1/meetings/{meeting.pk}/agenda/").status_code == 404


def test_attendance_through_the_api(setup) -> None:
    meeting = setup["meeting"]
    coordinator = api_for(setup["coordinator"])
    etag = coordinator.get(f"/api/v1/meetings/{meeting.pk}/agenda/")["ETag"]
    response = coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"agency": setup["police"].pk, "status": "partial"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 400
    item = meeting.items.get()
    response = coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"agency": setup["police"].pk, "status": "partial", "cases_attended": [item.pk]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 201
    # Recorded attendance is a change to the meeting: the ETag read before it is stale now.
    again = coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"agency": setup["police"].pk, "status": "absent"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert again.status_code == 412
    assert list(Attendance.objects.get().cases_attended.all()) == [item]


def test_agenda_not_circulated_is_not_found_for_agencies(setup) -> None:
    assert api_for(setup["rep"]).get(f"/api/v1/meetings/{setup['meeting'].pk}/agenda/").status_code == 404
