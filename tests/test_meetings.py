"""Meetings: schedules, agendas, circulation, attendance, conflicts of interest."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.meetings import schedule as meeting_schedule
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.meetings.schedule import meeting_dates
from cases.meetings.tasks import schedule_meetings_ahead
from cases.models import AgendaItem, Attendance, CaseParty, Meeting, MeetingStatus, Notification, PartyRole
from marac.models import AgencyKind, MeetingPattern, MessageKind, OutboxMessage, Role
from marac.outbox import sender
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = pytest.mark.django_db


class TestDates:
    def test_weekly(self) -> None:
        days = meeting_dates(pattern=MeetingPattern.WEEKLY, weekday=2, after=date(2026, 11, 24), count=3)
        assert days == [date(2026, 11, 25), date(2026, 12, 2), date(2026, 12, 9)]

    def test_fortnightly_keeps_its_rhythm_from_the_anchor(self) -> None:
        anchor = date(2026, 11, 25)
        days = meeting_dates(
            pattern=MeetingPattern.FORTNIGHTLY, weekday=2, after=date(2026, 11, 26), count=2, anchor=anchor
        )
        assert days == [date(2026, 12, 9), date(2026, 12, 23)]

    def test_monthly_is_the_first_weekday_of_the_month(self) -> None:
        days = meeting_dates(pattern=MeetingPattern.MONTHLY, weekday=0, after=date(2026, 11, 24), count=3)
        assert days == [date(2026, 12, 7), date(2027, 1, 4), date(2027, 2, 1)]

    def test_daily_skips_weekends(self) -> None:
        days = meeting_dates(pattern=MeetingPattern.DAILY, weekday=0, after=date(2026, 11, 27), count=2)
        assert days == [date(2026, 11, 30), date(2026, 12, 1)]


@pytest.fixture
def police():
    return AgencyFactory(name="Police (meetings test)", kind=AgencyKind.POLICE)


@pytest.fixture
def housing():
    return AgencyFactory(name="Housing (meetings test)", kind=AgencyKind.HOUSING)


@pytest.fixture
def area(police, housing):
    area = MaracAreaFactory(meeting_pattern=MeetingPattern.WEEKLY, meetings_ahead=4)
    area.core_agencies.set([police, housing])
    return area


@pytest.fixture
def meeting(area):
    meeting_schedule.meetings_schedule_ahead(area)
    return Meeting.objects.filter(area=area).order_by("date").first()


def listed_case(meeting, *, children=False):
    case = CaseFactory(area=meeting.area)
    if children:
        CaseParty.objects.create(case=case, person=PersonFactory(), role=PartyRole.CHILD)
    position = meeting.items.count() + 1
    AgendaItem.objects.create(meeting=meeting, case=case, position=position)
    return case


def test_scheduling_ahead_is_idempotent(area) -> None:
    assert meeting_schedule.meetings_schedule_ahead(area) == 4
    assert meeting_schedule.meetings_schedule_ahead(area) == 0
    meetings = list(Meeting.objects.filter(area=area).order_by("date"))
    assert len(meetings) == 4
    assert all(m.date > timezone.localdate() for m in meetings)
    assert all(m.research_deadline.date() < m.date for m in meetings)
    assert set(meetings[0].invited_agencies.all()) == set(area.core_agencies.all())


def test_received_case_goes_on_the_next_meeting_it_can_make(area, meeting) -> None:
    case = CaseFactory(area=area)
    item = meeting_services.agenda_place_case(case=case)
    assert item is not None
    expected = Meeting.objects.filter(area=area, research_deadline__gte=timezone.now()).order_by("date").first()
    assert item.meeting == expected
    # Placing again does not list it twice.
    assert meeting_services.agenda_place_case(case=case) == item


def test_agenda_page_shows_slots_flags_and_capacity(verified_client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    meeting.planned_minutes = 15
    meeting.save()
    listed_case(meeting, children=True)
    listed_case(meeting)
    html = verified_client(coordinator).get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "Children in the household" in html
    assert "Agenda: 2 cases" in html
    assert "runs 5 minutes over" in html
    assert "Every case will be heard" in html


def test_reorder_and_stale_version(verified_client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    client = verified_client(coordinator)
    listed_case(meeting)
    listed_case(meeting)
    first, second = meeting.items.order_by("position")
    version = Meeting.objects.get(pk=meeting.pk).version
    response = client.post(
        reverse("agenda-move", args=[meeting.pk, second.pk]), {"direction": "up", "version": version}
    )
    assert response.status_code == 302
    assert list(meeting.items.order_by("position")) == [second, first]
    # A second coordinator working from the old page is refused, nothing overwritten.
    stale = client.post(reverse("agenda-move", args=[meeting.pk, first.pk]), {"direction": "up", "version": version})
    assert stale.status_code == 409
    assert "Someone else changed this agenda" in stale.content.decode()
    assert list(meeting.items.order_by("position")) == [second, first]


def test_cannot_move_a_case_to_a_meeting_that_has_happened(make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    case = listed_case(meeting)
    past = Meeting.objects.create(
        area=area,
        date=timezone.localdate() - timedelta(days=7),
        start_time=meeting.start_time,
        research_deadline=timezone.now() - timedelta(days=9),
        status=MeetingStatus.HELD,
        is_extra=True,
    )
    item = AgendaItem.objects.get(case=case)
    with pytest.raises(ValidationError, match="not happened yet"):
        meeting_services.agenda_move_to_meeting(user=coordinator, item=item, to_meeting=past, expected_version=None)


def test_circulating_an_empty_agenda_is_refused(verified_client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    response = verified_client(coordinator).post(reverse("meeting-circulate", args=[meeting.pk]), {})
    assert response.status_code == 400
    assert "Add at least one case before circulating" in response.content.decode()


def test_circulation_tells_representatives_without_personal_data(
    make_member, area, meeting, police, housing, django_capture_on_commit_callbacks
) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    rep = make_member(Role.REPRESENTATIVE, area=area, agency=police)
    make_member(Role.REPRESENTATIVE, area=area, agency=AgencyFactory(name="Not invited"))
    case = listed_case(meeting)
    told = meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    assert told == 1
    note = Notification.objects.get(user=rep)
    assert note.link == reverse("meeting-detail", args=[meeting.pk])
    assert list(OutboxMessage.objects.values_list("kind", "recipient_id")) == [(MessageKind.AGENDA, rep.pk)]
    assert sender.send_due().sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [rep.email]
    for private in (case.victim.family_name, case.victim.given_names, case.reference):
        assert private not in message.subject + message.body


def test_invited_agency_sees_circulated_agenda_and_its_cases(client, make_member, area, meeting, police) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    rep = make_member(Role.REPRESENTATIVE, area=area, agency=police)
    outsider = make_member(Role.REPRESENTATIVE, area=area, agency=AgencyFactory(name="Uninvited agency"))
    governance = make_member(Role.GOVERNANCE, area=area)
    case = listed_case(meeting)
    sign_in_verified(client, rep)
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404  # not circulated yet
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    for other in (outsider, governance):
        client.logout()
        sign_in_verified(client, other)
        assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 404
        assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404


def test_conflict_of_interest_removes_the_case_everywhere(client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    chair = make_member(Role.CHAIR, area=area)
    case = listed_case(meeting)
    sign_in_verified(client, coordinator)
    response = client.post(
        reverse("conflict-declare", args=[case.pk]), {"connection": "related", "meeting": meeting.pk}
    )
    assert response.status_code == 302
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
    agenda = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert case.reference not in agenda
    client.logout()
    sign_in_verified(client, chair)
    agenda = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert case.reference in agenda
    assert "agency needs another representative" in agenda


def test_attendance_is_recorded_per_agency(verified_client, make_member, area, meeting, police, housing) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    listed_case(meeting)
    item = meeting.items.get()
    client = verified_client(coordinator)
    page = client.get(reverse("meeting-attendance", args=[meeting.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("meeting-attendance", args=[meeting.pk]),
        {
            f"a{police.pk}-status": "present",
            f"a{police.pk}-attendee_names": "DS Example",
            f"a{housing.pk}-status": "partial",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Attendance" in html
    # The message names the agency, and the summary links to that agency's case boxes.
    assert f"{housing.name}: Select the cases the agency was present for" in html
    assert f'href="#id_a{housing.pk}-cases_attended_0"' in html
    # Nothing is saved until every row is right; what was entered stays on the page.
    assert not Attendance.objects.exists()
    assert 'value="DS Example"' in html
    police_row = {f"a{police.pk}-status": "present", f"a{police.pk}-attendee_names": "DS Example"}
    housing_row = {f"a{housing.pk}-status": "partial", f"a{housing.pk}-cases_attended": [item.pk]}
    client.post(reverse("meeting-attendance", args=[meeting.pk]), {**police_row, **housing_row})
    assert Attendance.objects.get(agency=police).status == "present"
    assert list(Attendance.objects.get(agency=housing).cases_attended.all()) == [item]


def test_agenda_query_count_is_the_same_for_5_and_60_cases(verified_client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    client = verified_client(coordinator)
    url = reverse("meeting-detail", args=[meeting.pk])
    counts = []
    for target in (5, 60):
        while meeting.items.count() < target:
            listed_case(meeting, children=meeting.items.count() % 2 == 0)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_full_mapping_is_held_by_childrens_services_by_default(make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    childrens = AgencyFactory(name="Children and families (mapping)", kind=AgencyKind.CHILDREN_FAMILIES)
    meeting.invited_agencies.add(childrens)
    listed_case(meeting)
    item = meeting.items.get()
    item = meeting_services.agenda_item_update(
        user=coordinator, item=item, minutes=None, ppmt_mapping=True, expected_version=None
    )
    assert item.mapping_agency == childrens
    agenda = meeting_selectors.agenda_for(meeting, coordinator)
    assert "Full PPMT mapping: Children and families (mapping)" in agenda.rows[0].flags


def test_each_case_is_changed_on_a_page_of_its_own(client, make_member, area, meeting, police) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    case = listed_case(meeting)
    item = meeting.items.get(case=case)
    later = Meeting.objects.filter(area=area, date__gt=meeting.date).order_by("date").first()
    sign_in_verified(client, coordinator)
    agenda = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    url = reverse("agenda-item", args=[meeting.pk, item.pk])
    assert url in agenda
    assert 'name="mapping_agency"' not in agenda  # the change forms are on the case's own page
    page = client.get(url).content.decode()
    assert f"Case {case.reference}" in page
    assert police.name in page  # invited agencies may hold the mapping
    bad = client.post(url, {"minutes": "twenty", "ppmt_mapping": "on", "version": meeting.version})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "<title>Error: Change case" in html
    assert "Enter the minutes for the case as a number from 7 to 12" in html
    assert 'value="twenty"' in html  # nothing typed is lost
    assert re.search(r'<input type="checkbox" name="ppmt_mapping"[^>]* checked', html)
    assert 'href="#id_minutes"' in html  # the summary links to the field at fault
    saved = client.post(
        url, {"minutes": "8", "ppmt_mapping": "on", "mapping_agency": str(police.pk), "version": meeting.version}
    )
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert item.minutes == 8
    assert item.mapping_agency == police
    moved = client.post(
        reverse("agenda-reschedule", args=[meeting.pk, item.pk]),
        {"to_meeting": later.pk, "version": Meeting.objects.get(pk=meeting.pk).version},
    )
    assert moved.status_code == 302
    assert AgendaItem.objects.get(case=case).meeting == later


def test_only_the_coordinator_changes_a_case_on_the_agenda(client, make_member, area, meeting, police) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    rep = make_member(Role.REPRESENTATIVE, area=area, agency=police)
    case = listed_case(meeting)
    item = meeting.items.get(case=case)
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    url = reverse("agenda-item", args=[meeting.pk, item.pk])
    sign_in_verified(client, rep)
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200
    assert client.get(url).status_code == 403
    # A coordinator who declared a conflict of interest on the case cannot open it.
    meeting_services.conflict_declare(user=coordinator, case=case, connection="related", meeting=meeting)
    client.logout()
    sign_in_verified(client, coordinator)
    assert client.get(url).status_code == 404


def test_the_meeting_list_only_reads(verified_client, make_member, area) -> None:
    """Regular meetings are generated ahead by the beat task, not by looking at the list."""
    coordinator = make_member(Role.COORDINATOR, area=area)
    client = verified_client(coordinator)
    html = client.get(reverse("meeting-list")).content.decode()
    assert "No upcoming meetings." in html
    assert not Meeting.objects.filter(area=area).exists()
    assert schedule_meetings_ahead() >= 4
    html = client.get(reverse("meeting-list")).content.decode()
    assert Meeting.objects.filter(area=area).count() == 4
    assert "No upcoming meetings." not in html


def test_a_stale_change_to_a_case_keeps_what_was_typed_and_carries_the_new_version(
    verified_client, make_member, area, meeting
) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    listed_case(meeting)
    item = meeting.items.get()
    client = verified_client(coordinator)
    url = reverse("agenda-item", args=[meeting.pk, item.pk])
    old = Meeting.objects.get(pk=meeting.pk).version
    meeting_services.agenda_item_update(
        user=coordinator, item=item, minutes=9, ppmt_mapping=False, expected_version=None
    )
    stale = client.post(url, {"minutes": "11", "version": old})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "<title>Error: Change case" in html
    assert 'href="#time-and-mapping">Someone else changed this agenda' in html
    assert 'value="11"' in html
    current = Meeting.objects.get(pk=meeting.pk).version
    assert f'name="version" value="{current}"' in html
    assert AgendaItem.objects.get(pk=item.pk).minutes == 9
    # Saving again from the refreshed page works.
    assert client.post(url, {"minutes": "11", "version": current}).status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).minutes == 11


def test_agenda_errors_point_at_their_field(verified_client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    listed_case(meeting)
    item = meeting.items.get()
    client = verified_client(coordinator)
    refused = client.post(reverse("meeting-invite", args=[meeting.pk]), {"agencies": []})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert '<a href="#id_agencies_0">Invite at least one agency</a>' in html
    assert '<details class="govuk-details" open>' in html
    moved = client.post(reverse("agenda-reschedule", args=[meeting.pk, item.pk]), {"to_meeting": meeting.pk})
    assert moved.status_code == 400
    assert '<a href="#move-to_meeting">Choose a meeting from the list</a>' in moved.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).meeting_id == meeting.pk
    empty = Meeting.objects.filter(area=area).exclude(pk=meeting.pk).order_by("date").first()
    refused = client.post(reverse("meeting-circulate", args=[empty.pk]), {"version": empty.version})
    assert '<a href="#agenda">Add at least one case before circulating the agenda</a>' in refused.content.decode()


def test_a_conflict_needs_a_meeting_of_the_users_own(client, make_member, area, meeting) -> None:
    coordinator = make_member(Role.COORDINATOR, area=area)
    url = reverse("conflict-declare", args=[listed_case(meeting).pk])
    sign_in_verified(client, coordinator)
    assert client.get(url, {"meeting": "x"}).status_code == 404
    assert f'name="meeting" value="{meeting.pk}"' in client.get(url, {"meeting": meeting.pk}).content.decode()
    refused = client.post(url, {"meeting": meeting.pk})
    assert refused.status_code == 400
    assert '<a href="#id_connection_0">Select your connection to someone in this case</a>' in refused.content.decode()
    elsewhere = Meeting.objects.create(
        area=MaracAreaFactory(), date=meeting.date, start_time=meeting.start_time, research_deadline=timezone.now()
    )
    assert client.post(url, {"meeting": elsewhere.pk, "connection": "knows"}).status_code == 404
    assert not coordinator.conflicts.exists()
