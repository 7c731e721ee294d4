"""Agendas of 40 cases: a case moved straight to a position (one post, not dozens of Up and Down), a
declared conflict's case keeping its place; the controls offered only while the agenda can change, and the
services refusing a reorder once the meeting has started, been held or been cancelled."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Meeting, MeetingStatus
from marac.models import AgencyKind, Role
from tests.builders.meetings import meeting_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

CASES = 40


@pytest.fixture
def agenda():
    area = MaracAreaFactory()
    meeting = meeting_on(
        area,
        timezone.localdate() + timedelta(days=14),
        agencies=[AgencyFactory(name="Police (position)", kind=AgencyKind.POLICE)],
    )
    for n in range(1, CASES + 1):
        AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=area, reference=f"POS-{n:02}"), position=n)
    return meeting


def _order(meeting: Meeting) -> list[str]:
    return list(meeting.items.order_by("position", "id").values_list("case__reference", flat=True))


def _item(meeting: Meeting, reference: str) -> AgendaItem:
    return meeting.items.get(case__reference=reference)


def _move(client, meeting: Meeting, reference: str, position: str):
    meeting.refresh_from_db()
    url = reverse("agenda-move", args=[meeting.pk, _item(meeting, reference).pk])
    return client.post(url, {"direction": "to", "position": position, "version": meeting.version})


def test_the_last_case_goes_to_the_top_in_one_post_and_back_down(verified_client, agenda) -> None:
    client = verified_client(member(Role.COORDINATOR, agenda.area))
    response = _move(client, agenda, "POS-40", "1")
    assert response.status_code == 302
    order = _order(agenda)
    assert order[:3] == ["POS-40", "POS-01", "POS-02"]
    assert client.get(response["Location"]).content.decode().count("moved to position 1") == 1
    _move(client, agenda, "POS-40", "12")
    assert _order(agenda).index("POS-40") == 11
    _move(client, agenda, "POS-40", "400")  # past the end: last
    assert _order(agenda)[-1] == "POS-40"


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ("", "Enter the position to move the case to"),
        ("0", "Enter the position as a whole number, 1 or more"),
        ("two", "Enter the position as a whole number, 1 or more"),
    ],
)
def test_a_bad_position_is_explained_and_nothing_moves(verified_client, agenda, position, message) -> None:
    client = verified_client(member(Role.COORDINATOR, agenda.area))
    before = _order(agenda)
    response = _move(client, agenda, "POS-05", position)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert _order(agenda) == before
    # What was typed is shown again in that case's input, which the error summary links to.
    item = _item(agenda, "POS-05")
    assert f'<a href="#position-{item.pk}">{message}</a>' in html
    typed = re.search(rf'<input[^>]*id="position-{item.pk}"[^>]*>', html)
    assert typed is not None
    assert f'value="{position}"' in typed[0]
    assert "govuk-input--error" in typed[0]
    other = re.search(rf'<input[^>]*id="position-{_item(agenda, "POS-06").pk}"[^>]*>', html)
    assert other is not None
    assert 'value="6"' in other[0]


def test_a_declared_conflicts_case_keeps_its_place(agenda) -> None:
    coordinator = member(Role.COORDINATOR, agenda.area)
    conflicted = _item(agenda, "POS-01")
    meeting_services.conflict_declare(user=coordinator, case=conflicted.case, meeting=agenda, connection="knows")
    meeting_services.agenda_move_item(
        user=coordinator, item=_item(agenda, "POS-30"), direction="to", position=1, expected_version=None
    )
    order = _order(agenda)
    assert order[0] == "POS-01"  # hidden from them: it keeps the first place
    assert order[1] == "POS-30"  # first of the cases they see


@pytest.mark.parametrize("status", [MeetingStatus.IN_PROGRESS, MeetingStatus.HELD, MeetingStatus.CANCELLED])
def test_no_reorder_once_the_meeting_has_started_held_or_cancelled(verified_client, agenda, status) -> None:
    coordinator = member(Role.COORDINATOR, agenda.area)
    Meeting.objects.filter(pk=agenda.pk).update(status=status)
    agenda.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be reordered"):
        meeting_services.agenda_move_item(
            user=coordinator, item=_item(agenda, "POS-02"), direction="up", expected_version=None
        )
    page = verified_client(coordinator).get(reverse("meeting-detail", args=[agenda.pk])).content.decode()
    assert ">Up<" not in page
    assert "Position<span" not in page


def test_circulate_is_offered_only_with_cases_on_the_agenda(verified_client) -> None:
    area = MaracAreaFactory()
    empty = meeting_on(area, timezone.localdate() + timedelta(days=7), agencies=[])
    page = verified_client(member(Role.COORDINATOR, area)).get(reverse("meeting-detail", args=[empty.pk]))
    html = page.content.decode()
    assert "Circulate the agenda" not in html
    assert "Add cases to the agenda before circulating it." in html
