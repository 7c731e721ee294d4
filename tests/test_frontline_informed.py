"""An agency at the table records, on the outcome page, that its frontline staff were told: its
representative only, once (twice is a clear message), audited; the page shows who recorded it and when,
and the coordinators see which agencies have."""

from __future__ import annotations

from html import escape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.feedback import services
from cases.models import Attendance, AttendanceStatus, FrontlineInformed
from marac.models import AuditEvent, AuditVerb, Role
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory
from tests.outcome_world import heard_case, hold, listed_case
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return heard_case()


def _url(w) -> str:
    return reverse("case-outcome", args=[w.case.pk, w.meeting.pk])


def test_the_representative_records_it_and_the_page_says_who_and_when(client, w) -> None:
    sign_in_verified(client, w.rep)
    page = client.get(_url(w)).content.decode()
    assert "Record that frontline staff were told" in page
    response = client.post(_url(w), {"told": "on"})
    assert response.status_code == 302
    record = FrontlineInformed.objects.get(case=w.case, meeting=w.meeting)
    assert (record.agency, record.recorded_by) == (w.police, w.rep)
    event = AuditEvent.objects.get(verb=AuditVerb.CREATE, object_type="cases.frontlineinformed")
    assert event.object_id == str(record.pk)
    assert event.detail == {"case": w.case.pk, "meeting": w.meeting.pk, "agency": w.police.pk}
    assert event.area_id == w.area.pk
    page = client.get(_url(w)).content.decode()
    assert escape(w.rep.full_name) in page
    assert f"{timezone.localtime(record.recorded_at):%-d %B %Y}" in page
    assert "Record that frontline staff were told" not in page


def test_recording_twice_says_so_and_keeps_one_record(client, w) -> None:
    colleague = member(Role.REPRESENTATIVE, w.area, agency=w.police)
    sign_in_verified(client, w.rep)
    assert client.post(_url(w), {"told": "on"}).status_code == 302
    client.logout()
    sign_in_verified(client, colleague)
    response = client.post(_url(w), {"told": "on"})  # a page opened before the first was recorded
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "already recorded" in page
    assert escape(w.rep.full_name) in page
    assert FrontlineInformed.objects.filter(case=w.case, meeting=w.meeting).count() == 1
    with pytest.raises(ValidationError):
        services.frontline_informed_record(user=colleague, case=w.case, meeting=w.meeting)


def test_the_box_must_be_ticked(client, w) -> None:
    sign_in_verified(client, w.rep)
    response = client.post(_url(w), {})
    assert response.status_code == 400
    assert "Confirm that your agency" in response.content.decode()
    assert not FrontlineInformed.objects.exists()


def test_practitioners_and_keyworkers_may_not_record_it(client, w) -> None:
    for user in (w.practitioner, w.keyworker):
        client.logout()
        sign_in_verified(client, user)
        page = client.get(_url(w)).content.decode()
        assert "Record that frontline staff were told" not in page
        assert client.post(_url(w), {"told": "on"}).status_code == 403
        with pytest.raises(PermissionDenied):
            services.frontline_informed_record(user=user, case=w.case, meeting=w.meeting)
    assert not FrontlineInformed.objects.exists()


def test_an_agency_that_attended_without_an_invitation_may_record_it() -> None:
    w = listed_case()
    health_rep = member(Role.REPRESENTATIVE, w.area, agency=w.health)
    Attendance.objects.create(meeting=w.meeting, agency=w.health, status=AttendanceStatus.PRESENT, recorded_by=w.rep)
    hold(w)
    assert services.selectors.may_record_frontline(health_rep, w.case, w.meeting)
    uninvited = member(Role.REPRESENTATIVE, w.area, agency=AgencyFactory())
    assert not services.selectors.may_record_frontline(uninvited, w.case, w.meeting)


def test_the_coordinator_sees_which_agencies_recorded_it(client, w) -> None:
    services.frontline_informed_record(user=w.housing_rep, case=w.case, meeting=w.meeting)
    sign_in_verified(client, w.coordinator)
    response = client.get(_url(w))
    assert response.status_code == 200
    rows = {row.agency: row.record for row in response.context["agencies_told"]}
    assert set(rows) == {w.police, w.housing}
    assert rows[w.police] is None
    assert rows[w.housing].recorded_by == w.housing_rep
    page = response.content.decode()
    assert "Not recorded yet" in page
    assert escape(w.housing_rep.full_name) in page
    assert client.post(_url(w), {"told": "on"}).status_code == 403  # the coordinator's agency was not at the table
