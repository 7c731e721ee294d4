"""The agenda's suggested order applied in one click: children first, then adults; within each group
repeats, new cases, then cases 12 months or more since their last MARAC; stable; version-checked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.meetings.order import rules
from cases.meetings.order import services as order_services
from cases.models import AgendaItem, CaseParty, MeetingStatus, PartyRole
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role
from tests.builders.meetings import meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return AgencyFactory(name="Police (order test)", kind=AgencyKind.POLICE)


@pytest.fixture
def area():
    return MaracAreaFactory()


@pytest.fixture
def meeting(area, police):
    return meeting_on(area, timezone.localdate() + timedelta(days=14), agencies=[police])


def _case(meeting, label: str, *, children: bool, heard_days_ago: int | None):
    heard = meeting.date - timedelta(days=heard_days_ago) if heard_days_ago is not None else None
    case = CaseFactory(area=meeting.area, reference=f"ORD-{label}", last_heard_on=heard)
    if children:
        CaseParty.objects.create(case=case, person=PersonFactory(), role=PartyRole.CHILD)
    AgendaItem.objects.create(meeting=meeting, case=case, position=meeting.items.count() + 1)
    return case


def _order(meeting) -> list[str]:
    return list(meeting.items.order_by("position", "id").values_list("case__reference", flat=True))


@pytest.fixture
def agenda(meeting):
    """Six cases listed in an order that is not the suggested one."""
    _case(meeting, "A-adult-new", children=False, heard_days_ago=None)
    _case(meeting, "B-child-repeat", children=True, heard_days_ago=60)
    _case(meeting, "C-adult-repeat", children=False, heard_days_ago=200)
    _case(meeting, "D-child-new", children=True, heard_days_ago=None)
    _case(meeting, "E-adult-lapsed", children=False, heard_days_ago=400)
    _case(meeting, "F-child-lapsed", children=True, heard_days_ago=500)
    return meeting


SUGGESTED = [
    "ORD-B-child-repeat",
    "ORD-D-child-new",
    "ORD-F-child-lapsed",
    "ORD-C-adult-repeat",
    "ORD-A-adult-new",
    "ORD-E-adult-lapsed",
]


def _version(meeting) -> int:
    meeting.refresh_from_db()
    return meeting.version


class TestRules:
    def test_the_anniversary_of_the_last_hearing_is_still_a_repeat(self) -> None:
        assert rules.hearing_group(date(2026, 3, 10), date(2027, 3, 10)) == rules.REPEAT
        assert rules.hearing_group(date(2026, 3, 10), date(2027, 3, 11)) == rules.LAPSED

    def test_never_heard_or_heard_at_this_meeting_is_new(self) -> None:
        assert rules.hearing_group(None, date(2027, 3, 10)) == rules.NEW
        assert rules.hearing_group(date(2027, 3, 10), date(2027, 3, 10)) == rules.NEW

    def test_flags(self) -> None:
        assert rules.hearing_flag(date(2026, 9, 1), date(2027, 3, 10)) == "Repeat: heard 1 September 2026"
        assert rules.hearing_flag(date(2025, 9, 1), date(2027, 3, 10)) == "12 months since last MARAC"
        assert rules.hearing_flag(None, date(2027, 3, 10)) is None


def test_one_click_puts_children_first_then_repeats_new_and_lapsed(client, area, agenda) -> None:
    coordinator = member(Role.COORDINATOR, area)
    sign_in_verified(client, coordinator)
    url = reverse("agenda-suggested-order", args=[agenda.pk])
    response = client.post(url, {"version": _version(agenda)}, follow=True)
    assert response.status_code == 200
    assert _order(agenda) == SUGGESTED
    html = response.content.decode()
    assert "The agenda is in the suggested order" in html
    heard = agenda.date - timedelta(days=60)
    assert f"Repeat: heard {heard:%-d %B %Y}" in html
    assert "12 months since last MARAC" in html
    event = AuditEvent.objects.filter(actor=coordinator, verb=AuditVerb.CHANGE).latest("id")
    assert event.detail == {"agenda": "suggested_order"}
    # Stable: applying it again changes nothing.
    again = client.post(url, {"version": _version(agenda)}, follow=True)
    assert "already in the suggested order" in again.content.decode()
    assert _order(agenda) == SUGGESTED


def test_the_coordinator_can_still_reorder_afterwards(verified_client, area, agenda) -> None:
    coordinator = member(Role.COORDINATOR, area)
    client = verified_client(coordinator)
    client.post(reverse("agenda-suggested-order", args=[agenda.pk]), {"version": _version(agenda)})
    last = agenda.items.order_by("-position").first()
    response = client.post(
        reverse("agenda-move", args=[agenda.pk, last.pk]), {"direction": "up", "version": _version(agenda)}
    )
    assert response.status_code == 302
    assert _order(agenda) == [*SUGGESTED[:4], "ORD-E-adult-lapsed", "ORD-A-adult-new"]


def test_a_stale_page_is_refused_and_nothing_moves(verified_client, area, agenda) -> None:
    coordinator = member(Role.COORDINATOR, area)
    client = verified_client(coordinator)
    stale = _version(agenda)
    meeting_services.agenda_move_item(
        user=coordinator, item=agenda.items.order_by("position").first(), direction="down", expected_version=stale
    )
    before = _order(agenda)
    response = client.post(reverse("agenda-suggested-order", args=[agenda.pk]), {"version": stale})
    assert response.status_code == 409
    assert "Someone else changed this agenda" in response.content.decode()
    assert _order(agenda) == before


@pytest.mark.parametrize("posted", [{}, {"version": ""}, {"version": "x"}, {"version": "-1"}])
def test_without_the_version_shown_nothing_moves(verified_client, area, agenda, posted) -> None:
    """The whole agenda is reordered only as the coordinator saw it: a post without its version is refused."""
    before = _order(agenda)
    response = verified_client(member(Role.COORDINATOR, area)).post(
        reverse("agenda-suggested-order", args=[agenda.pk]), posted
    )
    assert response.status_code == 400
    assert "This page is out of date: reload it and try again" in response.content.decode()
    assert _order(agenda) == before


def test_only_the_areas_coordinators_and_chairs(verified_client, area, agenda, police) -> None:
    coordinator = member(Role.COORDINATOR, area)
    chair = member(Role.CHAIR, area)
    meeting_services.agenda_circulate(user=coordinator, meeting=agenda, expected_version=None)
    rep = member(Role.REPRESENTATIVE, area, agency=police)
    url = reverse("agenda-suggested-order", args=[agenda.pk])
    before = _order(agenda)
    assert verified_client(rep).post(url, {"version": _version(agenda)}).status_code == 403
    outsider = member(Role.COORDINATOR, MaracAreaFactory())
    assert verified_client(outsider).post(url, {"version": _version(agenda)}).status_code == 404
    assert _order(agenda) == before
    # After circulation the coordinator may still reorder (until the meeting starts); so may the chair.
    assert verified_client(chair).post(url, {"version": _version(agenda)}).status_code == 302
    assert _order(agenda) == SUGGESTED


def test_refused_once_the_meeting_has_started(area, agenda) -> None:
    coordinator = member(Role.COORDINATOR, area)
    agenda.status = MeetingStatus.IN_PROGRESS
    agenda.save()
    with pytest.raises(ValidationError, match="can no longer be reordered"):
        order_services.agenda_apply_suggested_order(user=coordinator, meeting=agenda, expected_version=None)


def test_a_case_the_coordinator_declared_a_conflict_on_keeps_its_place(area, agenda) -> None:
    coordinator = member(Role.COORDINATOR, area)
    hidden = agenda.items.get(case__reference="ORD-D-child-new")
    meeting_services.conflict_declare(user=coordinator, case=hidden.case, connection="other", meeting=agenda)
    order_services.agenda_apply_suggested_order(user=coordinator, meeting=agenda, expected_version=None)
    assert _order(agenda) == [
        "ORD-B-child-repeat",
        "ORD-F-child-lapsed",
        "ORD-C-adult-repeat",
        "ORD-D-child-new",  # fourth before, fourth after
        "ORD-A-adult-new",
        "ORD-E-adult-lapsed",
    ]
