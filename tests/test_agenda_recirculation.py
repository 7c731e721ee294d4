"""A circulated agenda that changes (a case listed on the meeting, moved in from another meeting, or moved away)
offers the coordinator to recirculate it; recirculating tells the invited agencies' representatives what changed,
in counts only (a notice and an email each, no personal data), audited, version-checked, and only once per change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.meetings.recirculation import services
from cases.meetings.schedule_changes import services as schedule_changes
from cases.models import AgendaItem, CaseStatus, Meeting, MeetingStatus, Notification
from marac.models import AgencyKind, AuditEvent, AuditVerb, MessageKind, OutboxMessage, Role
from marac.versioning import StaleVersionError
from tests.builders.meetings import meeting_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

BANNER = "The agenda has changed since it was circulated"
BUTTON = "Recirculate the agenda"


@pytest.fixture
def police():
    return AgencyFactory(name="Police (recirculation test)", kind=AgencyKind.POLICE)


@pytest.fixture
def housing():
    return AgencyFactory(name="Housing (recirculation test)", kind=AgencyKind.HOUSING)


@pytest.fixture
def area():
    return MaracAreaFactory(name="Recirculation Test MARAC")


@pytest.fixture
def coordinator(area):
    return member(Role.COORDINATOR, area)


@pytest.fixture
def reps(area, police, housing):
    """Two police representatives and one from housing, all invited; one from an agency not invited."""
    invited = [member(Role.REPRESENTATIVE, area, agency=agency) for agency in (police, police, housing)]
    member(Role.REPRESENTATIVE, area, agency=AgencyFactory(name="Not invited (recirculation test)"))
    return invited


def _day(days: int):
    return timezone.localdate() + timedelta(days=days)


def _listed(coordinator, meeting):
    """A case listed on ``meeting`` through the services."""
    case = CaseFactory(area=meeting.area, status=CaseStatus.REFERRED)
    AgendaItem.objects.create(meeting=meeting, case=case, position=meeting.items.count() + 1)
    meeting_services.agenda_place_case(case=case, user=coordinator)
    return case


@pytest.fixture
def first(coordinator, meeting):
    """The case on the agenda when it was circulated."""
    return _listed(coordinator, meeting)


@pytest.fixture
def meeting(area, police, housing):
    return meeting_on(area, _day(14), agencies=[police, housing])


@pytest.fixture
def circulated(coordinator, reps, meeting, first):
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    meeting.refresh_from_db()
    return meeting


def _version(meeting) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)


def _recirculate(client, meeting, version=None):
    version = _version(meeting) if version is None else version
    return client.post(reverse("agenda-recirculate", args=[meeting.pk]), {"version": version})


def _agenda_emails():
    return OutboxMessage.objects.filter(kind=MessageKind.AGENDA)


class TestTheOffer:
    def test_nothing_to_offer_right_after_circulation(self, verified_client, coordinator, circulated) -> None:
        assert not services.agenda_changes(circulated)
        page = verified_client(coordinator).get(reverse("meeting-detail", args=[circulated.pk])).content.decode()
        assert BANNER not in page
        assert BUTTON not in page

    def test_a_case_listed_after_circulation_is_offered_to_the_coordinator_only(
        self, verified_client, coordinator, area, reps, circulated
    ) -> None:
        _listed(coordinator, circulated)
        url = reverse("meeting-detail", args=[circulated.pk])
        page = verified_client(coordinator).get(url).content.decode()
        assert f"{BANNER}: 1 case added." in page
        assert BUTTON in page
        assert reverse("agenda-recirculate", args=[circulated.pk]) in page
        assert f'name="version" value="{_version(circulated)}"' in page
        chair_page = verified_client(member(Role.CHAIR, area)).get(url).content.decode()
        assert BUTTON in chair_page
        rep_page = verified_client(reps[0]).get(url)
        assert rep_page.status_code == 200
        assert BANNER not in rep_page.content.decode()
        assert BUTTON not in rep_page.content.decode()

    def test_not_offered_before_circulation(self, verified_client, coordinator, meeting, first) -> None:
        _listed(coordinator, meeting)
        assert services.agenda_changes(meeting) is None
        page = verified_client(coordinator).get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
        assert BANNER not in page

    def test_moving_a_case_in_from_another_meeting_counts_on_both(self, coordinator, area, circulated) -> None:
        other = meeting_on(area, _day(21), agencies=circulated.invited_agencies.all())
        moved_in = AgendaItem.objects.get(case=_listed(coordinator, other))
        meeting_services.agenda_move_to_meeting(
            user=coordinator, item=moved_in, to_meeting=circulated, expected_version=None
        )
        assert str(services.agenda_changes(circulated)) == "1 case added"
        # And moving one away, to that other meeting.
        [away] = [item for item in circulated.items.all() if item.pk != moved_in.pk]
        meeting_services.agenda_move_to_meeting(user=coordinator, item=away, to_meeting=other, expected_version=None)
        circulated.refresh_from_db()
        assert str(services.agenda_changes(circulated)) == "1 case added, 1 moved to another meeting"

    def test_a_case_moved_in_and_back_out_is_no_change(self, coordinator, area, circulated) -> None:
        other = meeting_on(area, _day(21))
        case = _listed(coordinator, circulated)
        item = AgendaItem.objects.get(case=case)
        meeting_services.agenda_move_to_meeting(user=coordinator, item=item, to_meeting=other, expected_version=None)
        circulated.refresh_from_db()
        assert not services.agenda_changes(circulated)

    def test_cases_from_a_cancelled_meeting_are_told_as_they_arrive(self, coordinator, area, reps, circulated):
        """Cancelling a meeting into this circulated one tells its agencies then (``_tell_receiving``):
        nothing is left to recirculate for those cases."""
        cancelled = meeting_on(area, _day(7))  # no agency invited: told only of the cases arriving
        _listed(coordinator, cancelled)
        schedule_changes.meeting_cancel(
            user=coordinator,
            meeting=cancelled,
            reason="Room flooded",
            cases=schedule_changes.MOVE,
            to_meeting=circulated,
            expected_version=None,
        )
        circulated.refresh_from_db()
        assert circulated.items.count() == 2
        assert Notification.objects.filter(dedupe_key=f"meeting-cases-moved-{cancelled.pk}").count() == len(reps)
        assert not services.agenda_changes(circulated)

    def test_an_agenda_circulated_before_it_was_recorded_counts_cases_added_since(
        self, coordinator, circulated
    ) -> None:
        Meeting.objects.filter(pk=circulated.pk).update(agenda_sent_cases=None)
        _listed(coordinator, circulated)
        circulated.refresh_from_db()
        assert str(services.agenda_changes(circulated)) == "1 case added"


class TestRecirculating:
    def test_tells_each_representative_in_counts_only(
        self, verified_client, coordinator, area, reps, circulated, first
    ) -> None:
        added = [_listed(coordinator, circulated) for _ in range(2)]
        other = meeting_on(area, _day(21))
        meeting_services.agenda_move_to_meeting(
            user=coordinator, item=AgendaItem.objects.get(case=first), to_meeting=other, expected_version=None
        )
        before = set(_agenda_emails().values_list("pk", flat=True))
        response = _recirculate(verified_client(coordinator), circulated)
        assert response.status_code == 302
        page = verified_client(coordinator).get(response["Location"]).content.decode()
        assert "Agenda recirculated: 3 representatives told." in page
        assert BANNER not in page

        emails = _agenda_emails().exclude(pk__in=before)
        assert sorted(emails.values_list("recipient_id", flat=True)) == sorted(rep.pk for rep in reps)
        for email in emails:
            assert f"{circulated.date:%-d %B %Y}" in email.subject
            assert "2 cases added, 1 moved to another meeting" in email.body
            assert f"{circulated.research_deadline:%-d %B %Y, %H:%M}" in email.body
            assert reverse("meeting-detail", args=[circulated.pk]) in email.body
            for case in (first, *added):
                for private in (case.reference, case.victim.family_name, case.victim.given_names):
                    assert private not in email.subject + email.body
        circulated.refresh_from_db()
        notices = Notification.objects.filter(dedupe_key=f"agenda-{circulated.pk}-{circulated.version}")
        assert sorted(notices.values_list("user_id", flat=True)) == sorted(rep.pk for rep in reps)
        assert all("2 cases added" in notice.message for notice in notices)
        event = AuditEvent.objects.filter(actor=coordinator, verb=AuditVerb.CHANGE, object_id=str(circulated.pk))
        assert event.latest("id").detail == {"agenda": "recirculated", "added": 2, "moved_away": 1, "told": 3}
        assert sorted(circulated.agenda_sent_cases) == sorted(case.pk for case in added)

    def test_a_second_time_with_nothing_changed_is_refused_with_a_message(
        self, verified_client, coordinator, circulated
    ) -> None:
        _listed(coordinator, circulated)
        client = verified_client(coordinator)
        assert _recirculate(client, circulated).status_code == 302
        sent = _agenda_emails().count()
        response = _recirculate(client, circulated)
        assert response.status_code == 400
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert services.UNCHANGED in html
        assert _agenda_emails().count() == sent
        # A further change is offered again.
        _listed(coordinator, circulated)
        page = client.get(reverse("meeting-detail", args=[circulated.pk])).content.decode()
        assert f"{BANNER}: 1 case added." in page

    def test_a_stale_version_gets_409_and_sends_nothing(self, verified_client, coordinator, area, circulated):
        _listed(coordinator, circulated)
        stale = _version(circulated)
        # The agenda changes again after the page was loaded: a case moved in from another meeting.
        other = meeting_on(area, _day(21))
        item = AgendaItem.objects.get(case=_listed(coordinator, other))
        meeting_services.agenda_move_to_meeting(
            user=coordinator, item=item, to_meeting=circulated, expected_version=None
        )
        sent = _agenda_emails().count()
        response = _recirculate(verified_client(coordinator), circulated, version=stale)
        assert response.status_code == 409
        assert "Someone else changed this agenda" in response.content.decode()
        assert _agenda_emails().count() == sent
        with pytest.raises(StaleVersionError):
            services.agenda_recirculate(user=coordinator, meeting=circulated, expected_version=stale)

    def test_without_a_version_it_asks_to_reload(self, verified_client, coordinator, circulated) -> None:
        _listed(coordinator, circulated)
        response = verified_client(coordinator).post(reverse("agenda-recirculate", args=[circulated.pk]), {})
        assert response.status_code == 400
        assert "This page is out of date" in response.content.decode()

    def test_only_the_areas_coordinators_and_chairs(self, verified_client, coordinator, area, reps, circulated):
        _listed(coordinator, circulated)
        assert _recirculate(verified_client(reps[0]), circulated).status_code == 403
        other = member(Role.COORDINATOR, MaracAreaFactory())
        assert _recirculate(verified_client(other), circulated).status_code == 404
        assert verified_client(coordinator).get(reverse("agenda-recirculate", args=[circulated.pk])).status_code == 405
        assert services.agenda_changes(circulated)  # still to recirculate
        assert _recirculate(verified_client(member(Role.CHAIR, area)), circulated).status_code == 302

    @pytest.mark.parametrize(
        ("status", "message"),
        [
            (MeetingStatus.SCHEDULED, services.NOT_CIRCULATED),
            (MeetingStatus.IN_PROGRESS, services.STARTED),
            (MeetingStatus.CANCELLED, "This meeting was cancelled"),
        ],
    )
    def test_refused_unless_circulated(self, coordinator, circulated, status, message) -> None:
        _listed(coordinator, circulated)
        Meeting.objects.filter(pk=circulated.pk).update(status=status)
        with pytest.raises(ValidationError, match=message):
            services.agenda_recirculate(user=coordinator, meeting=circulated, expected_version=None)

    def test_refused_once_the_day_has_passed(self, coordinator, circulated) -> None:
        _listed(coordinator, circulated)
        Meeting.objects.filter(pk=circulated.pk).update(date=_day(-1))
        circulated.refresh_from_db()
        assert services.agenda_changes(circulated) is None
        with pytest.raises(ValidationError, match=services.HAPPENED):
            services.agenda_recirculate(user=coordinator, meeting=circulated, expected_version=None)
