"""The live meeting, minutes and PDFs."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import (
    AgendaItem,
    CaseParty,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Notification,
    PartyRole,
    Referral,
    ReferralStatus,
)
from marac.models import AgencyKind, Role
from ppmt.models import SharedInformation
from tests.builders.meetings import on_its_day, start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return AgencyFactory(name="Police (live test)", kind=AgencyKind.POLICE)


@pytest.fixture
def housing():
    return AgencyFactory(name="Housing (live test)", kind=AgencyKind.HOUSING)


@pytest.fixture
def area(police, housing):
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police, housing])
    return area


@pytest.fixture
def people(make_member, area, police, housing):
    return {
        "coordinator": make_member(Role.COORDINATOR, area=area),
        "chair": make_member(Role.CHAIR, area=area),
        "police": make_member(Role.REPRESENTATIVE, area=area, agency=police),
        "housing": make_member(Role.REPRESENTATIVE, area=area, agency=housing),
    }


@pytest.fixture
def meeting(area, people):
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    for position in (1, 2):
        case = CaseFactory(area=area)
        CaseParty.objects.create(case=case, person=PersonFactory(given_names="Harm"), role=PartyRole.PERPETRATOR)
        AgendaItem.objects.create(meeting=meeting, case=case, position=position)
    meeting_services.agenda_circulate(user=people["coordinator"], meeting=meeting, expected_version=None)
    return on_its_day(meeting)  # a meeting is started on its day


def run_meeting(client, meeting, police, housing):
    first, second = meeting.items.order_by("position")
    response = client.post(reverse("live-start", args=[meeting.pk]))
    assert response["Location"] == reverse("live-item", args=[meeting.pk, first.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Perpetrator&#x27;s pattern of behaviour" in page.content.decode()
    first.refresh_from_db()
    assert first.started_at is not None
    client.post(
        reverse("live-share", args=[meeting.pk, first.pk]),
        {"agency": police.pk, "stage": "pattern", "text": "Two breaches of bail since the referral."},
    )
    client.post(
        reverse("live-share", args=[meeting.pk, first.pk]),
        {"agency": housing.pk, "stage": "protective", "text": "She asked for a lock change and got it."},
    )
    response = client.post(
        reverse("live-decisions", args=[meeting.pk, first.pk]), {"decisions": "Police to arrest.", "action": "next"}
    )
    assert response["Location"] == reverse("live-item", args=[meeting.pk, second.pk])
    assert AgendaItem.objects.get(pk=second.pk).started_at is not None  # going on opens the next case
    client.get(response["Location"])
    url = reverse("live-decisions", args=[meeting.pk, second.pk])
    response = client.post(url, {"decisions": "Refer to IDAA.", "action": "close"})
    # Closing asks once more (it drafts the minutes and tells referrers); the decisions are already saved.
    assert response.status_code == 200
    assert "Select “Save and close the meeting” again" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.IN_PROGRESS
    response = client.post(url, {"decisions": "Refer to IDAA.", "action": "close", "confirmed": "1"})
    assert response["Location"] == reverse("meeting-minutes", args=[meeting.pk])
    return first, second


def test_bad_share_input_keeps_what_was_typed(client, meeting, people, police) -> None:
    sign_in_verified(client, people["coordinator"])
    client.post(reverse("live-start", args=[meeting.pk]))
    item = meeting.items.order_by("position").first()
    response = client.post(
        reverse("live-share", args=[meeting.pk, item.pk]), {"agency": police.pk, "stage": "", "text": "Kept text"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select the PPMT stage" in html
    assert "Kept text" in html
    assert SharedInformation.objects.count() == 0


def test_the_meeting_runs_and_minutes_go_to_those_entitled(client, meeting, people, police, housing) -> None:
    coordinator = people["coordinator"]
    sign_in_verified(client, coordinator)
    first, second = meeting.items.order_by("position")
    meeting_services.attendance_record(user=coordinator, meeting=meeting, agency=police, status="present")
    meeting_services.attendance_record(
        user=coordinator, meeting=meeting, agency=housing, status="partial", cases_attended=[first]
    )
    run_meeting(client, meeting, police, housing)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    minutes = Minutes.objects.get(meeting=meeting)
    assert "Present: Police (live test)" in minutes.general
    case_text = minutes.cases.get(item=first).text
    assert "Perpetrator's pattern of behaviour:" in case_text
    assert "- Police (live test): Two breaches of bail" in case_text
    assert "Police to arrest." in case_text

    # Editing from a stale page is refused.
    version = minutes.version
    url = reverse("meeting-minutes", args=[meeting.pk])
    client.post(url, {"action": "save", "version": version, "general": "Edited once"})
    stale = client.post(url, {"action": "save", "version": version, "general": "Edited twice"})
    assert stale.status_code == 409
    assert Minutes.objects.get(pk=minutes.pk).general == "Edited once"
    # Only the chair approves; distribution needs approval.
    response = client.post(url, {"action": "distribute"})
    assert response.status_code == 400
    client.logout()
    sign_in_verified(client, people["chair"])
    client.post(url, {"action": "approve"})
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.APPROVED
    client.post(url, {"action": "distribute"})
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.DISTRIBUTED
    assert Notification.objects.filter(user=people["housing"], dedupe_key=f"minutes-{meeting.pk}").exists()

    # Housing attended only the first case: it sees only that case's minutes.
    client.logout()
    sign_in_verified(client, people["housing"])
    html = client.get(url).content.decode()
    assert first.case.reference in html
    assert second.case.reference not in html
    client.logout()
    sign_in_verified(client, people["police"])
    html = client.get(url).content.decode()
    assert first.case.reference in html
    assert second.case.reference in html


def test_minutes_are_not_shown_to_agencies_before_distribution(client, meeting, people, police, housing) -> None:
    sign_in_verified(client, people["coordinator"])
    run_meeting(client, meeting, police, housing)
    client.logout()
    sign_in_verified(client, people["police"])
    assert client.get(reverse("meeting-minutes", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("minutes-pdf", args=[meeting.pk])).status_code == 404


def test_referrers_are_told_their_case_was_heard(client, meeting, people, police, housing) -> None:
    item = meeting.items.order_by("position").first()
    referral = Referral.objects.create(
        area=meeting.area,
        case=item.case,
        status=ReferralStatus.RECEIVED,
        referring_agency=police,
        drafted_by=people["police"],
        submitted_by=people["police"],
    )
    sign_in_verified(client, people["coordinator"])
    run_meeting(client, meeting, police, housing)
    note = Notification.objects.get(user=people["police"], dedupe_key=f"heard-{meeting.pk}-{item.case_id}")
    assert item.case.reference in note.message
    assert item.case.victim.family_name not in note.message
    assert referral.case_id == item.case_id


def test_live_meeting_is_only_for_the_coordinator_and_chair(client, meeting, people) -> None:
    item = meeting.items.first()
    sign_in_verified(client, people["police"])
    assert client.get(reverse("live-item", args=[meeting.pk, item.pk])).status_code == 404
    assert client.post(reverse("live-start", args=[meeting.pk])).status_code == 404


def test_agenda_and_minutes_pdfs(client, meeting, people, police, housing, tmp_path) -> None:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is installed by make test"
    sign_in_verified(client, people["coordinator"])
    response = client.get(reverse("agenda-pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "OFFICIAL-SENSITIVE" in text
    for item in meeting.items.all():
        assert item.case.reference in text
    run_meeting(client, meeting, police, housing)
    response = client.get(reverse("minutes-pdf", args=[meeting.pk]))
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Two breaches of bail" in text
    assert "OFFICIAL-SENSITIVE" in text


def _live_queries(client, meeting, people, extra_cases) -> int:
    for position in range(3, 3 + extra_cases):
        AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=meeting.area), position=position)
    sign_in_verified(client, people["coordinator"])
    start_on_its_day(meeting, by=people["coordinator"])
    item = meeting.items.order_by("position").first()
    url = reverse("live-item", args=[meeting.pk, item.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_live_meeting_query_count_is_constant_for_5_and_60_cases(client, meeting, people) -> None:
    five = _live_queries(client, meeting, people, 3)  # 2 + 3 = 5 cases
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CIRCULATED)
    sixty = _live_queries(client, meeting, people, 55)  # 60 cases
    assert meeting.items.count() == 60
    assert sixty == five


def test_a_conflicted_chair_cannot_record_on_that_case(client, meeting, people, police) -> None:
    item = meeting.items.order_by("position").first()
    start_on_its_day(meeting, by=people["coordinator"])
    meeting_services.conflict_declare(user=people["chair"], case=item.case, connection="knows")
    sign_in_verified(client, people["chair"])
    assert client.get(reverse("live-item", args=[meeting.pk, item.pk])).status_code == 404
    response = client.post(
        reverse("live-share", args=[meeting.pk, item.pk]), {"agency": police.pk, "stage": "pattern", "text": "x"}
    )
    assert response.status_code == 404
    assert client.post(reverse("live-decisions", args=[meeting.pk, item.pk]), {"decisions": "x"}).status_code == 404
    assert client.post(reverse("live-open", args=[meeting.pk, item.pk])).status_code == 404
    bad = client.post(reverse("live-share", args=[meeting.pk, item.pk]), {"agency": "", "text": ""})
    assert bad.status_code == 404  # never the case's page, even to show an error


def test_reading_a_case_starts_nothing_and_opening_it_starts_its_timer_once(client, meeting, people) -> None:
    second = meeting.items.order_by("position").last()
    start_on_its_day(meeting, by=people["coordinator"])
    sign_in_verified(client, people["coordinator"])
    page_url = reverse("live-item", args=[meeting.pk, second.pk])
    page = client.get(page_url).content.decode()
    assert AgendaItem.objects.get(pk=second.pk).started_at is None
    assert "Start the timer for this case" in page
    open_url = reverse("live-open", args=[meeting.pk, second.pk])
    assert client.get(open_url).status_code == 405
    assert client.post(open_url)["Location"] == page_url
    started = AgendaItem.objects.get(pk=second.pk).started_at
    assert started is not None
    client.post(open_url)
    assert AgendaItem.objects.get(pk=second.pk).started_at == started
    assert 'role="timer"' in client.get(page_url).content.decode()


def test_live_form_errors_point_at_their_field(client, meeting, people, police) -> None:
    sign_in_verified(client, people["coordinator"])
    client.post(reverse("live-start", args=[meeting.pk]))
    item = meeting.items.order_by("position").first()
    response = client.post(reverse("live-share", args=[meeting.pk, item.pk]), {"agency": police.pk, "text": "Kept"})
    html = response.content.decode()
    assert "<title>Error: Live meeting" in html
    assert '<a href="#share-stage">Select the PPMT stage this information belongs to</a>' in html
    response = client.post(reverse("live-decisions", args=[meeting.pk, item.pk]), {"action": "jump"})
    assert response.status_code == 400
    assert '<a href="#decisions-heading">Choose one of the buttons below the decisions</a>' in response.content.decode()
