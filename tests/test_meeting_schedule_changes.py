"""Moving and cancelling a meeting: the coordinator's or chair's, before the meeting starts, version-checked,
audited, with a notice and an email (no personal data) to each invited agency's representative; a cancelled
meeting's cases are moved to another meeting or taken off, with the case's status kept right."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.meetings.schedule import research_deadline_for
from cases.meetings.schedule_changes import services
from cases.models import AgendaItem, CaseStatus, Meeting, MeetingStatus, Notification, StatusReason
from marac.models import AgencyKind, AuditEvent, AuditVerb, MessageKind, OutboxMessage, Role
from marac.versioning import StaleVersionError
from tests.builders.meetings import meeting_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

S, R = CaseStatus, StatusReason


@pytest.fixture
def police():
    return AgencyFactory(name="Police (schedule test)", kind=AgencyKind.POLICE)


@pytest.fixture
def housing():
    return AgencyFactory(name="Housing (schedule test)", kind=AgencyKind.HOUSING)


@pytest.fixture
def area():
    return MaracAreaFactory(name="Schedule Test MARAC")


@pytest.fixture
def coordinator(area):
    return member(Role.COORDINATOR, area)


@pytest.fixture
def reps(area, police, housing):
    """Two police representatives and one from housing, all invited; one from an agency not invited."""
    invited = [member(Role.REPRESENTATIVE, area, agency=agency) for agency in (police, police, housing)]
    member(Role.REPRESENTATIVE, area, agency=AgencyFactory(name="Not invited (schedule test)"))
    return invited


def _day(days: int):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def meeting(area, police, housing):
    return meeting_on(area, _day(14), agencies=[police, housing])


def _listed(coordinator, meeting, *, status: str = S.REFERRED):
    """A case listed on ``meeting`` through the services (its status: listed, with its history)."""
    case = CaseFactory(area=meeting.area, status=status)
    AgendaItem.objects.create(meeting=meeting, case=case, position=meeting.items.count() + 1)
    meeting_services.agenda_place_case(case=case, user=coordinator)
    case.refresh_from_db()
    assert case.status == S.LISTED
    return case


def _version(meeting) -> int:
    meeting.refresh_from_db()
    return meeting.version


def _move_data(meeting, day, **extra):
    data = {
        "version": _version(meeting),
        "day_day": day.day,
        "day_month": day.month,
        "day_year": day.year,
        "start_time": "13:30",
        "place": "Room 2",
        "video_link": "",
    }
    return {**data, **extra}


class TestMove:
    def test_moving_recomputes_the_deadline_and_tells_each_representative_once(
        self, verified_client, coordinator, reps, meeting
    ) -> None:
        case = _listed(coordinator, meeting)
        new_day = _day(21)
        response = verified_client(coordinator).post(
            reverse("meeting-move", args=[meeting.pk]), _move_data(meeting, new_day)
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert (meeting.date, meeting.start_time, meeting.place) == (new_day, time(13, 30), "Room 2")
        assert meeting.research_deadline == research_deadline_for(meeting.area, new_day)
        notices = Notification.objects.filter(user__in=reps)
        assert sorted(notices.values_list("user_id", flat=True)) == sorted(rep.pk for rep in reps)
        assert notices.first().link == reverse("meeting-list")  # not circulated: they cannot open it yet
        emails = OutboxMessage.objects.filter(kind=MessageKind.NOTICE)
        assert sorted(emails.values_list("recipient_id", flat=True)) == sorted(rep.pk for rep in reps)
        for email in emails:
            assert f"{new_day:%-d %B %Y}" in email.subject
            for private in (case.reference, case.victim.family_name, "Room 2"):
                assert private not in email.subject + email.body
        event = AuditEvent.objects.filter(actor=coordinator, verb=AuditVerb.CHANGE, object_id=str(meeting.pk))
        assert event.latest("id").detail["moved_to"] == new_day.isoformat()
        case.refresh_from_db()
        assert case.status == S.LISTED

    def test_a_date_with_a_meeting_already_is_refused_clearly(self, verified_client, coordinator, area, meeting):
        meeting_on(area, _day(21))
        response = verified_client(coordinator).post(
            reverse("meeting-move", args=[meeting.pk]), _move_data(meeting, _day(21))
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert f"The MARAC already has a meeting on {_day(21):%-d %B %Y}" in html
        assert 'value="Room 2"' in html  # what was typed is kept
        assert Meeting.objects.get(pk=meeting.pk).date == _day(14)

    def test_a_cancelled_regular_meeting_on_that_date_is_named(self, coordinator, area, meeting) -> None:
        meeting_on(area, _day(21), status=MeetingStatus.CANCELLED)
        with pytest.raises(ValidationError, match="A cancelled regular meeting"):
            services.meeting_move(
                user=coordinator,
                meeting=meeting,
                day=_day(21),
                start_time=time(10),
                place="",
                video_link="",
                expected_version=None,
            )

    def test_bad_input_is_shown_all_at_once_and_kept(self, verified_client, coordinator, meeting) -> None:
        data = _move_data(meeting, _day(21), start_time="half past", video_link="not a link", day_day="40")
        response = verified_client(coordinator).post(reverse("meeting-move", args=[meeting.pk]), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "govuk-error-summary" in html
        for message in ("must be a real date", "Enter the start time like 10:00", "Enter the video link like"):
            assert message in html
        assert 'value="half past"' in html

    def test_refused_once_held_and_on_a_stale_page(self, verified_client, coordinator, meeting) -> None:
        stale = _version(meeting)
        services.meeting_move(
            user=coordinator,
            meeting=meeting,
            day=_day(15),
            start_time=time(10),
            place="",
            video_link="",
            expected_version=stale,
        )
        response = verified_client(coordinator).post(
            reverse("meeting-move", args=[meeting.pk]), {**_move_data(meeting, _day(21)), "version": stale}
        )
        assert response.status_code == 409
        assert "Someone else changed this meeting" in response.content.decode()
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        with pytest.raises(ValidationError, match="can no longer be moved"):
            services.meeting_move(
                user=coordinator,
                meeting=meeting,
                day=_day(21),
                start_time=time(10),
                place="",
                video_link="",
                expected_version=None,
            )
        page = verified_client(coordinator).get(reverse("meeting-move", args=[meeting.pk]))
        assert "can no longer be moved" in page.content.decode()

    def test_only_the_areas_coordinators_and_chairs(self, verified_client, coordinator, area, reps, meeting):
        _listed(coordinator, meeting)
        meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
        url = reverse("meeting-move", args=[meeting.pk])
        assert verified_client(reps[0]).get(url).status_code == 403
        assert verified_client(reps[0]).post(url, _move_data(meeting, _day(21))).status_code == 403
        other = member(Role.COORDINATOR, MaracAreaFactory())
        assert verified_client(other).get(url).status_code == 404
        chair = member(Role.CHAIR, area)
        page = verified_client(chair).get(url)
        assert page.status_code == 200
        assert f'value="{meeting.date.year}"' in page.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).date == _day(14)


def _cancel(coordinator, meeting, *, cases: str, to_meeting=None, reason: str = "The venue is closed."):
    return services.meeting_cancel(
        user=coordinator,
        meeting=meeting,
        reason=reason,
        cases=cases,
        to_meeting=to_meeting,
        expected_version=_version(meeting),
    )


class TestCancel:
    def test_taking_the_cases_off_returns_each_to_its_status_before_listing(self, coordinator, reps, meeting) -> None:
        new = _listed(coordinator, meeting)
        heard_before = _listed(coordinator, meeting, status=S.HEARD)
        assert _cancel(coordinator, meeting, cases=services.UNLIST) == 2
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED
        assert (meeting.cancelled_by, meeting.cancellation_reason) == (coordinator, "The venue is closed.")
        for case, back in ((new, S.REFERRED), (heard_before, S.HEARD)):
            case.refresh_from_db()
            assert case.status == back
            history = list(
                case.status_changes.order_by("changed_at", "id").values_list("reason", "to_status", "meeting")
            )
            assert history[-2:] == [(R.LISTED, S.LISTED, meeting.pk), (R.UNLISTED, back, meeting.pk)]
        assert meeting.items.count() == 2  # the agenda is kept as the cancelled meeting's record
        notices = Notification.objects.filter(user__in=reps)
        assert notices.count() == len(reps)
        assert all("is cancelled" in n.message and n.link == reverse("meeting-list") for n in notices)
        assert OutboxMessage.objects.filter(kind=MessageKind.NOTICE).count() == len(reps)
        event = AuditEvent.objects.filter(actor=coordinator, object_id=str(meeting.pk)).latest("id")
        assert event.detail["status"] == "cancelled"
        assert "venue" not in str(event.detail)

    def test_moving_the_cases_keeps_them_listed_on_the_chosen_meeting(
        self, coordinator, area, reps, meeting, police
    ) -> None:
        target = meeting_on(area, _day(28), agencies=[police])
        on_both = _listed(coordinator, target)
        AgendaItem.objects.create(meeting=meeting, case=on_both, position=1)
        moved = _listed(coordinator, meeting)
        target_version = _version(target)
        assert _cancel(coordinator, meeting, cases=services.MOVE, to_meeting=target) == 1
        moved.refresh_from_db()
        assert moved.status == S.LISTED
        assert list(target.items.order_by("position").values_list("case_id", flat=True)) == [on_both.pk, moved.pk]
        assert _version(target) > target_version
        history = moved.status_changes.order_by("changed_at", "id").values_list("reason", "to_status", "meeting")
        assert list(history) == [(R.LISTED, S.LISTED, meeting.pk), (R.MOVED, S.LISTED, target.pk)]
        note = Notification.objects.filter(user=reps[0]).get()
        assert f"its cases move to the meeting on {target.date:%-d %B %Y}" in note.message

    def test_the_receiving_meetings_agencies_are_told_once_its_agenda_has_gone_out(
        self, coordinator, area, reps, meeting, police
    ) -> None:
        health = AgencyFactory(name="Health (schedule test)", kind=AgencyKind.HEALTH)
        health_rep = member(Role.REPRESENTATIVE, area, agency=health)
        target = meeting_on(area, _day(28), agencies=[police, health])
        Meeting.objects.filter(pk=target.pk).update(status=MeetingStatus.CIRCULATED)
        target.refresh_from_db()
        _listed(coordinator, meeting)
        _listed(coordinator, meeting)
        assert _cancel(coordinator, meeting, cases=services.MOVE, to_meeting=target) == 2
        [told] = Notification.objects.filter(user=health_rep)
        assert told.message == (
            f"2 cases from the cancelled Schedule Test MARAC MARAC meeting on {meeting.date:%-d %B %Y} were added to "
            f"the agenda of the meeting on {target.date:%-d %B %Y}"
        )
        assert told.link == reverse("meeting-detail", args=[target.pk])
        # Police, invited to both, hear once: the cancellation already named the meeting the cases went to.
        assert Notification.objects.filter(user=reps[0]).count() == 1
        assert OutboxMessage.objects.filter(kind=MessageKind.NOTICE, recipient=health_rep).count() == 1
        event = AuditEvent.objects.filter(actor=coordinator, object_id=str(meeting.pk)).latest("id")
        assert event.detail["told"] == len(reps) + 1

    def test_a_moved_case_taken_off_later_goes_back_to_heard(self, coordinator, area, reps, meeting) -> None:
        target = meeting_on(area, _day(28), agencies=[])
        case = _listed(coordinator, meeting, status=S.HEARD)
        _cancel(coordinator, meeting, cases=services.MOVE, to_meeting=target)
        _cancel(coordinator, target, cases=services.UNLIST)
        case.refresh_from_db()
        assert case.status == S.HEARD

    def test_cancelling_twice_says_so(self, verified_client, coordinator, meeting) -> None:
        _cancel(coordinator, meeting, cases=services.UNLIST)
        with pytest.raises(ValidationError, match="already been cancelled"):
            _cancel(coordinator, meeting, cases=services.UNLIST)
        page = verified_client(coordinator).get(reverse("meeting-cancel", args=[meeting.pk]))
        assert "This meeting has already been cancelled" in page.content.decode()

    def test_a_cancelled_meeting_cannot_be_circulated_held_or_given_cases(
        self, verified_client, coordinator, area, meeting
    ) -> None:
        case = _listed(coordinator, meeting)
        _cancel(coordinator, meeting, cases=services.UNLIST)
        response = verified_client(coordinator).post(
            reverse("meeting-circulate", args=[meeting.pk]), {"version": _version(meeting)}
        )
        assert response.status_code == 400
        assert "This meeting was cancelled" in response.content.decode()
        with pytest.raises(ValidationError, match="cancelled, so it cannot be held"):
            live_services.meeting_start(user=coordinator, meeting=meeting)
        other = meeting_on(area, _day(21))
        item = AgendaItem.objects.create(meeting=other, case=CaseFactory(area=area), position=1)
        with pytest.raises(ValidationError):
            meeting_services.agenda_move_to_meeting(
                user=coordinator, item=item, to_meeting=meeting, expected_version=None
            )
        placed = meeting_services.agenda_place_case(case=case, user=coordinator)
        assert placed is not None
        assert placed.meeting_id != meeting.pk
        listing = verified_client(coordinator).get(reverse("meeting-list")).content.decode()
        assert "Cancelled" in listing
        detail = verified_client(coordinator).get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
        assert "This meeting was cancelled" in detail
        assert "The venue is closed." in detail
        assert "Circulate the agenda" not in detail

    def test_the_form_asks_for_a_reason_and_a_meeting_and_keeps_what_was_typed(
        self, verified_client, coordinator, meeting
    ) -> None:
        _listed(coordinator, meeting)
        client = verified_client(coordinator)
        url = reverse("meeting-cancel", args=[meeting.pk])
        response = client.post(url, {"version": _version(meeting), "reason": "", "cases": services.MOVE})
        assert response.status_code == 400
        html = response.content.decode()
        assert services.ENTER_REASON in html
        assert services.CHOOSE_MEETING in html
        response = client.post(url, {"version": _version(meeting), "reason": "Snow.", "cases": ""})
        assert services.CHOOSE_CASES in response.content.decode()
        assert "Snow." in response.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED

    def test_stale_refused_when_held_and_only_for_coordinators(
        self, verified_client, coordinator, area, reps, meeting
    ) -> None:
        _listed(coordinator, meeting)
        meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
        url = reverse("meeting-cancel", args=[meeting.pk])
        data = {"version": _version(meeting) - 1, "reason": "Snow.", "cases": services.UNLIST}
        response = verified_client(coordinator).post(url, data)
        assert response.status_code == 409
        assert "Someone else changed this meeting" in response.content.decode()
        with pytest.raises(StaleVersionError):
            services.meeting_cancel(
                user=coordinator,
                meeting=meeting,
                reason="Snow.",
                cases=services.UNLIST,
                to_meeting=None,
                expected_version=1,
            )
        assert verified_client(reps[0]).post(url, {**data, "version": _version(meeting)}).status_code == 403
        assert verified_client(member(Role.COORDINATOR, MaracAreaFactory())).get(url).status_code == 404
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_PROGRESS)
        with pytest.raises(ValidationError, match="can no longer be cancelled"):
            _cancel(coordinator, meeting, cases=services.UNLIST)
        assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.IN_PROGRESS
