"""Feedback after a hearing: the referrer and the keyworkers are emailed (no personal data, once) with a
link to the outcome page, which shows the date heard, the viewer's agency's actions and the coordinator's
contact, to those who see the case, for a meeting that heard it; 404 otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.feedback import services as feedback_services
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.models import GrantKind, MeetingStatus
from marac.models import AuditEvent, AuditVerb, Role
from marac.outbox.models import MessageKind, OutboxMessage
from tests.builders.grants import named_on
from tests.builders.meetings import held_meeting
from tests.conftest import sign_in_verified
from tests.factories import MaracAreaFactory
from tests.outcome_world import HEALTH_ACTION, HOUSING_ACTION, POLICE_ACTION, heard_case, hold, listed_case
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


def _outcome_messages(w) -> list[OutboxMessage]:
    url = reverse("case-outcome", args=[w.case.pk, w.meeting.pk])
    return list(OutboxMessage.objects.filter(kind=MessageKind.NOTICE, body__contains=url).order_by("recipient_id"))


def test_hearing_emails_the_referrer_the_sender_and_the_keyworker_once_each_without_personal_data() -> None:
    w = heard_case()
    messages = _outcome_messages(w)
    assert sorted(m.recipient_id for m in messages) == sorted([w.practitioner.pk, w.rep.pk, w.keyworker.pk])
    victim = w.case.victim
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert victim.given_names not in text
        assert victim.family_name not in text
        assert w.case.reference in text
        assert f"{w.meeting.date:%-d %B %Y}" in text
        assert f"{settings.MARAC_BASE_URL}{reverse('case-outcome', args=[w.case.pk, w.meeting.pk])}" in message.body
        assert message.area_id == w.area.pk
    event = AuditEvent.objects.get(object_type="cases.hearingfeedback", object_id=str(w.meeting.pk))
    assert event.detail == {"meeting": w.meeting.pk, "told": 3}


def test_holding_the_meeting_again_emails_nobody_twice() -> None:
    w = heard_case()
    before = OutboxMessage.objects.count()
    live_services.meeting_close(user=w.coordinator, meeting=w.meeting)
    assert feedback_services.hearing_feedback(user=w.coordinator, meeting=w.meeting) == 0
    assert OutboxMessage.objects.count() == before
    assert len(_outcome_messages(w)) == 3


def test_closed_accounts_and_conflicted_keyworkers_are_not_told_and_nobody_twice() -> None:
    w = listed_case(closed=Role.PRACTITIONER, conflicted=Role.PRACTITIONER)
    named_on(w.case, w.closed, GrantKind.KEYWORKER)
    named_on(w.case, w.conflicted, GrantKind.KEYWORKER)
    named_on(w.case, w.practitioner, GrantKind.KEYWORKER)  # the referrer is also a keyworker: told once
    w.closed.is_active = False
    w.closed.save(update_fields=["is_active"])
    meeting_services.conflict_declare(user=w.conflicted, case=w.case, connection="knows", meeting=w.meeting)
    hold(w)
    assert sorted(m.recipient_id for m in _outcome_messages(w)) == sorted([w.practitioner.pk, w.rep.pk, w.keyworker.pk])


def test_the_referrer_opens_the_outcome_page_from_the_email(client) -> None:
    w = heard_case()
    [message] = [m for m in _outcome_messages(w) if m.recipient_id == w.practitioner.pk]
    link = next(line for line in message.body.split() if line.startswith(settings.MARAC_BASE_URL))
    sign_in_verified(client, w.practitioner)
    response = client.get(link.removeprefix(settings.MARAC_BASE_URL))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{w.meeting.date:%-d %B %Y}" in page
    assert POLICE_ACTION in page
    assert HOUSING_ACTION in page  # shared with police
    assert HEALTH_ACTION not in page
    assert w.coordinator.email in page
    assert w.case.victim.family_name not in page
    event = AuditEvent.objects.filter(verb=AuditVerb.VIEW, object_type="cases.case", object_id=str(w.case.pk)).latest(
        "id"
    )
    assert event.detail == {"page": "case-outcome", "meeting": w.meeting.pk}


def test_the_keyworker_sees_only_their_own_agencys_actions(client) -> None:
    w = heard_case()
    sign_in_verified(client, w.keyworker)
    page = client.get(reverse("case-outcome", args=[w.case.pk, w.meeting.pk])).content.decode()
    assert HOUSING_ACTION in page
    assert POLICE_ACTION not in page
    assert HEALTH_ACTION not in page


def test_others_and_meetings_that_did_not_hear_the_case_get_404(client) -> None:
    w = heard_case()
    other_area = MaracAreaFactory()
    outsiders = [
        member(Role.PRACTITIONER, w.area, agency=w.police),  # drafted nothing, named on nothing
        member(Role.REPRESENTATIVE, w.area, agency=w.health),  # not invited
        member(Role.COORDINATOR, other_area),
    ]
    url = reverse("case-outcome", args=[w.case.pk, w.meeting.pk])
    for outsider in outsiders:
        client.logout()
        sign_in_verified(client, outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"told": "on"}).status_code == 404
    client.logout()
    sign_in_verified(client, w.practitioner)
    other_meeting = held_meeting(w.area, timezone.localdate() - timedelta(days=30), agencies=[w.police])
    assert client.get(reverse("case-outcome", args=[w.case.pk, other_meeting.pk])).status_code == 404
    assert client.get(reverse("case-outcome", args=[w.case.pk, 999999999])).status_code == 404
    assert client.get(f"/cases/{w.case.pk}/outcome/99999999999999999999/").status_code == 404


def test_a_meeting_not_yet_held_has_no_outcome(client) -> None:
    w = listed_case()
    assert w.meeting.status != MeetingStatus.HELD
    sign_in_verified(client, w.coordinator)
    assert client.get(reverse("case-outcome", args=[w.case.pk, w.meeting.pk])).status_code == 404


def test_the_case_page_lists_the_hearings_each_linked_to_its_outcome(client) -> None:
    w = listed_case()
    sign_in_verified(client, w.practitioner)
    before = client.get(reverse("case-detail", args=[w.case.pk])).content.decode()
    assert "No MARAC meeting has heard this case yet." in before
    hold(w)
    page = client.get(reverse("case-detail", args=[w.case.pk])).content.decode()
    assert reverse("case-outcome", args=[w.case.pk, w.meeting.pk]) in page
    assert f"Heard on {w.meeting.date:%-d %B %Y}" in page
