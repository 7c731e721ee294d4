"""The minutes page and PDF read in the same number of queries for 1 case as for 30, each with actions
(joint agencies included), whatever the scope and whoever reads: the coordinator, an agency that attended,
one that attended some cases, one that did not attend and receives only its own actions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.meetings.minutes import services as minutes_services
from cases.models import Attendance, AttendanceStatus, Meeting, Minutes, MinutesScope, MinutesStatus
from marac.models import AgencyKind, Role, User
from tests.builders import action_for, held_meeting, record_attendance
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@dataclass
class Distributed:
    meeting: Meeting
    users: dict[str, User]


def _distributed(n: int) -> Distributed:
    """A meeting held with ``n`` cases, each with two actions (one joint), minutes distributed."""
    police, housing, health = (
        AgencyFactory(kind=kind) for kind in (AgencyKind.POLICE, AgencyKind.HOUSING, AgencyKind.HEALTH)
    )
    area = MaracAreaFactory()
    users = {
        "coordinator": member(Role.COORDINATOR, area),
        "police": member(Role.REPRESENTATIVE, area, agency=police),
        "housing": member(Role.REPRESENTATIVE, area, agency=housing),
        "health": member(Role.REPRESENTATIVE, area, agency=health),
    }
    meeting = held_meeting(
        area,
        timezone.localdate() - timedelta(days=7),
        agencies=[police, housing, health],
        cases=[CaseFactory(area=area) for _ in range(n)],
    )
    items = list(meeting.items.order_by("position"))
    statuses = {police: AttendanceStatus.PRESENT, housing: AttendanceStatus.PARTIAL, health: AttendanceStatus.APOLOGIES}
    record_attendance(meeting, statuses, recorded_by=users["coordinator"])
    Attendance.objects.get(meeting=meeting, agency=housing).cases_attended.set(items)
    due = timezone.localdate() + timedelta(days=14)
    for item in items:
        action_for(item, by=users["coordinator"], owner=police, due=due, joint=[housing, health])
        action_for(item, by=users["coordinator"], owner=health, due=due)
    minutes = minutes_services.minutes_generate(meeting)
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.DISTRIBUTED, distributed_at=timezone.now())
    return Distributed(meeting, users)


def _queries(world: Distributed, who: str, name: str) -> int:
    client = sign_in_verified(Client(), world.users[who])
    url = reverse(name, args=[world.meeting.pk])
    assert client.get(url).status_code == 200  # warm-up: the session, first-request caches, the read receipt
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture(scope="module")
def worlds(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Distributed, Distributed]]:
    """One case and thirty, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _distributed(1), _distributed(30)
        transaction.set_rollback(True)


@pytest.mark.parametrize("scope", [MinutesScope.FULL, MinutesScope.ACTIONS])
@pytest.mark.parametrize("name", ["meeting-minutes", "minutes-pdf"])
def test_one_case_or_thirty_the_same_queries(worlds: tuple[Distributed, Distributed], scope: str, name: str) -> None:
    one, thirty = worlds
    Meeting.objects.filter(pk__in=[one.meeting.pk, thirty.meeting.pk]).update(minutes_scope=scope)
    assert thirty.meeting.items.count() == 30
    for who in ("coordinator", "police", "housing", "health"):
        assert _queries(one, who, name) == _queries(thirty, who, name), (who, scope, name)
