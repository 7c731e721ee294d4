"""Attendance at scale (issue 19): a meeting of 40 cases and 15 invited agencies is one row per agency, saved
with one submit in one transaction; the cases an agency was present for are asked only of an agency that left
early or joined late."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.meetings.attendance.services import AttendanceRow, AttendanceRowsError, attendance_record_all
from cases.models import Attendance, AttendanceStatus, Meeting
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role, User
from marac.versioning import StaleVersionError
from tests.builders.meetings import list_case, meeting_on, record_attendance
from tests.factories import AgencyFactory, MaracAreaFactory

pytestmark = pytest.mark.django_db

AGENCIES, CASES = 15, 40


@pytest.fixture
def big(make_member) -> tuple[Meeting, User]:
    """A meeting of 40 cases with 15 agencies invited, and its coordinator."""
    area = MaracAreaFactory()
    agencies = [AgencyFactory(name=f"Agency {n:02d}", kind=AgencyKind.OTHER) for n in range(AGENCIES)]
    meeting = meeting_on(area, timezone.localdate(), agencies=agencies)
    for _ in range(CASES):
        list_case(meeting)
    return meeting, make_member(Role.COORDINATOR, area=area)


def _agencies(meeting: Meeting):
    return list(meeting.invited_agencies.order_by("name"))


def _audited() -> int:
    return AuditEvent.objects.filter(verb=AuditVerb.CHANGE, object_type="cases.attendance").count()


def test_the_page_has_case_boxes_only_for_agencies_that_left_early_or_joined_late(verified_client, big) -> None:
    meeting, coordinator = big
    agencies = _agencies(meeting)
    url = reverse("meeting-attendance", args=[meeting.pk])
    client = verified_client(coordinator)
    html = client.get(url).content.decode()
    assert html.count('type="checkbox"') == 0
    assert html.count("<select") == AGENCIES
    statuses = dict.fromkeys(agencies, AttendanceStatus.PRESENT)
    statuses[agencies[3]] = statuses[agencies[9]] = AttendanceStatus.PARTIAL
    record_attendance(meeting, statuses, recorded_by=coordinator)
    Attendance.objects.get(agency=agencies[9]).cases_attended.set(meeting.items.all()[:5])
    html = client.get(url).content.decode()
    assert html.count('type="checkbox"') == 2 * CASES  # 80, not 15 x 40 = 600
    assert html.count(" checked") == 5


def test_the_page_costs_the_same_queries_for_2_and_15_agencies(verified_client, big) -> None:
    meeting, coordinator = big
    agencies = _agencies(meeting)
    client = verified_client(coordinator)
    url = reverse("meeting-attendance", args=[meeting.pk])
    counts = []
    for invited in (agencies[:2], agencies):
        meeting.invited_agencies.set(invited)
        Attendance.objects.all().delete()
        statuses = {**dict.fromkeys(invited, AttendanceStatus.PRESENT), invited[0]: AttendanceStatus.PARTIAL}
        record_attendance(meeting, statuses, recorded_by=coordinator)
        Attendance.objects.get(agency=invited[0]).cases_attended.set(meeting.items.all()[: len(invited)])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_one_submit_saves_every_agency_in_one_version_and_audits_each_change(big) -> None:
    meeting, coordinator = big
    agencies = _agencies(meeting)
    items = list(meeting.items.order_by("position"))
    rows = [AttendanceRow(agency, AttendanceStatus.PRESENT, "A name") for agency in agencies]
    rows[1] = AttendanceRow(agencies[1], AttendanceStatus.DEPUTY, "A deputy")
    rows[2] = AttendanceRow(agencies[2], AttendanceStatus.PARTIAL, cases_attended=items[:3])
    version = meeting.version
    saved = attendance_record_all(user=coordinator, meeting=meeting, rows=rows, expected_version=version)
    assert len(saved) == AGENCIES == _audited()
    meeting.refresh_from_db()
    assert meeting.version == version + 1
    assert set(Attendance.objects.get(agency=agencies[2]).cases_attended.all()) == set(items[:3])
    # Saved again with one change: only that agency is saved and audited.
    rows[0] = AttendanceRow(agencies[0], AttendanceStatus.APOLOGIES)
    saved = attendance_record_all(user=coordinator, meeting=meeting, rows=rows, expected_version=meeting.version)
    assert [a.agency for a in saved] == [agencies[0]]
    assert _audited() == AGENCIES + 1


def test_every_refused_agency_is_named_and_nothing_is_saved(big) -> None:
    meeting, coordinator = big
    agencies = _agencies(meeting)
    rows = [
        AttendanceRow(agencies[0], AttendanceStatus.PRESENT),
        AttendanceRow(agencies[1], AttendanceStatus.PARTIAL),  # no case
        AttendanceRow(agencies[2], AttendanceStatus.DEPUTY),  # no name
    ]
    with pytest.raises(AttendanceRowsError) as refused:
        attendance_record_all(user=coordinator, meeting=meeting, rows=rows, expected_version=meeting.version)
    assert refused.value.rows == {
        agencies[1]: {"cases_attended": ["Select the cases the agency was present for"]},
        agencies[2]: {"attendee_names": ["Enter the name of the deputy who attended for the agency"]},
    }
    assert isinstance(refused.value, ValidationError)
    assert not Attendance.objects.exists()


def test_a_stale_save_saves_nothing(big) -> None:
    meeting, coordinator = big
    agencies = _agencies(meeting)
    rows = [AttendanceRow(agency, AttendanceStatus.PRESENT) for agency in agencies]
    with pytest.raises(StaleVersionError):
        attendance_record_all(user=coordinator, meeting=meeting, rows=rows, expected_version=meeting.version - 1)
    assert not Attendance.objects.exists()


def test_the_page_shows_every_problem_in_one_round_and_the_cases_to_choose(verified_client, big) -> None:
    meeting, coordinator = big
    agencies = _agencies(meeting)
    url = reverse("meeting-attendance", args=[meeting.pk])
    body = {f"a{a.pk}-status": "present" for a in agencies}
    body |= {f"a{agencies[4].pk}-status": "partial", f"a{agencies[7].pk}-status": "deputy"}
    response = verified_client(coordinator).post(url, {"version": meeting.version, **body})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_a{agencies[4].pk}-cases_attended_0">Agency 04: Select the cases' in html
    assert f'href="#id_a{agencies[7].pk}-attendee_names">Agency 07: Enter the name of the deputy' in html
    # Without JavaScript, the agency that left early or joined late now has its cases to tick; no other has.
    assert html.count('type="checkbox"') == CASES
    assert 'class="govuk-input govuk-input--error"' in html
    assert not Attendance.objects.exists()
