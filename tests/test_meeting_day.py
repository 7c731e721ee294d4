"""A meeting is started on its day: not offered before it, and refused by the service with a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.meetings.live import services as live_services
from cases.models import MeetingStatus
from marac.models import AgencyKind, Role
from tests.builders.meetings import circulated_meeting, on_its_day
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def ahead():
    area = MaracAreaFactory()
    area.core_agencies.set([AgencyFactory(name="Police (meeting day)", kind=AgencyKind.POLICE)])
    coordinator = member(Role.COORDINATOR, area)
    meeting = circulated_meeting(area, by=coordinator, cases=[CaseFactory(area=area)])
    return meeting, coordinator


def test_a_meeting_ahead_is_not_offered_for_starting_and_the_service_refuses_it(verified_client, ahead) -> None:
    meeting, coordinator = ahead
    client = verified_client(coordinator)
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "Start the meeting" not in page
    assert f"The meeting can be started on its day, {meeting.date:%A %-d %B %Y}." in page
    with pytest.raises(ValidationError, match=f"This meeting is on {meeting.date:%-d %B %Y}: start it on the day"):
        live_services.meeting_start(user=coordinator, meeting=meeting)
    response = client.post(reverse("live-start", args=[meeting.pk]), follow=True)
    assert "start it on the day" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CIRCULATED


def test_on_its_day_it_is_offered_and_starts(verified_client, ahead) -> None:
    meeting, coordinator = ahead
    client = verified_client(coordinator)
    on_its_day(meeting)
    assert "Start the meeting" in client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert client.post(reverse("live-start", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.IN_PROGRESS
