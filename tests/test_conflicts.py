"""Conflicts of interest: a conflicted coordinator cannot move, change or see the case on the agenda
or the attendance page, and the area's other coordinators and chairs can withdraw a conflict with a
reason, after which every access rule ignores it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from actions.selectors import actions_for_user
from cases.meetings import services as meeting_services
from cases.meetings.selectors import AgendaRow, agenda_for
from cases.models import AgendaItem, AttendanceStatus, Case, ConflictOfInterest, Meeting, Notification, Referral
from cases.people.alerts import alert_linked_perpetrators
from cases.referrals.selectors import referral_visibility
from cases.selectors import cases_for_user
from marac.models import Agency, AuditEvent, AuditVerb, MaracArea, Role, User
from tests.builders import action_for, next_meeting, perpetrator_case, record_attendance
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory, PersonFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

REASON = "Declared on the wrong case: they do not know the family."


@dataclass
class World:
    area: MaracArea
    police: Agency
    meeting: Meeting
    first: AgendaItem
    conflicted: AgendaItem  # the case the coordinator declared a conflict on, second on the agenda
    last: AgendaItem
    coordinator: User  # declared a conflict on the second case
    other: User  # another coordinator of the area
    chair: User


@pytest.fixture
def world() -> World:
    police = AgencyFactory(name="Conflict test police")
    area = MaracAreaFactory()
    area.core_agencies.set([police])
    meeting = next_meeting(area)
    person = PersonFactory()
    refs = ("CNF-1-0001", "CNF-2-0002", "CNF-3-0003")
    items = [
        AgendaItem.objects.create(meeting=meeting, case=perpetrator_case(area, person, reference=ref), position=n)
        for n, ref in enumerate(refs, start=1)
    ]
    coordinator = member(Role.COORDINATOR, area, agency=police)
    meeting_services.conflict_declare(user=coordinator, case=items[1].case, connection="related", meeting=meeting)
    return World(
        area=area,
        police=police,
        meeting=meeting,
        first=items[0],
        conflicted=items[1],
        last=items[2],
        coordinator=coordinator,
        other=member(Role.COORDINATOR, area),
        chair=member(Role.CHAIR, area),
    )


def order(world: World) -> list[int]:
    return list(world.meeting.items.order_by("position", "id").values_list("pk", flat=True))


def version(world: World) -> int:
    return Meeting.objects.get(pk=world.meeting.pk).version


# --- A conflicted coordinator --------------------------------------------------------------------


def test_a_conflicted_coordinator_cannot_move_change_or_reschedule_the_case(client, world) -> None:
    later = Meeting.objects.filter(area=world.area).exclude(pk=world.meeting.pk).order_by("date").first()
    sign_in_verified(client, world.coordinator)
    missing = world.last.pk + 1000
    for item_id in (world.conflicted.pk, missing):
        for name, data in [("agenda-move", {"direction": "up"}), ("agenda-item", {"minutes": "8"}),
                           ("agenda-reschedule", {"to_meeting": later.pk})]:  # fmt: skip
            url = reverse(name, args=[world.meeting.pk, item_id])
            response = client.post(url, {**data, "version": version(world)})
            assert response.status_code == 404, (name, item_id)
            assert "CNF-2-0002" not in response.content.decode()
    before = order(world)
    assert AgendaItem.objects.get(pk=world.conflicted.pk).meeting_id == world.meeting.pk
    item = AgendaItem.objects.select_related("meeting").get(pk=world.conflicted.pk)
    refused = [
        lambda: meeting_services.agenda_move_item(user=world.coordinator, item=item, direction="up",
                                                  expected_version=None),
        lambda: meeting_services.agenda_item_update(user=world.coordinator, item=item, minutes=8, ppmt_mapping=False,
                                                    expected_version=None),
        lambda: meeting_services.agenda_move_to_meeting(user=world.coordinator, item=item, to_meeting=later,
                                                        expected_version=None),
        lambda: meeting_services.agenda_remove_item(user=world.coordinator, item=item, expected_version=None),
        lambda: meeting_services.agenda_reorder(user=world.coordinator, meeting=world.meeting,
                                                order=[before[1], before[0], before[2]], expected_version=None),
    ]  # fmt: skip
    for change in refused:
        with pytest.raises(Http404):
            change()
    assert order(world) == before
    assert AgendaItem.objects.get(pk=world.conflicted.pk).minutes is None


def test_moving_another_case_leaves_the_conflicted_case_in_its_place(client, world) -> None:
    sign_in_verified(client, world.coordinator)
    url = reverse("agenda-move", args=[world.meeting.pk, world.last.pk])
    assert client.post(url, {"direction": "up", "version": version(world)}).status_code == 302
    # The last case swapped with the first, the nearest case the coordinator sees.
    assert order(world) == [world.last.pk, world.conflicted.pk, world.first.pk]
    # Another coordinator moves it as usual.
    meeting_services.agenda_move_item(user=world.other, item=world.conflicted, direction="up", expected_version=None)
    assert order(world) == [world.conflicted.pk, world.last.pk, world.first.pk]


def test_the_agenda_and_attendance_pages_do_not_show_the_case_to_the_conflicted_coordinator(client, world) -> None:
    sign_in_verified(client, world.coordinator)
    for name in ("meeting-detail", "meeting-attendance"):
        html = client.get(reverse(name, args=[world.meeting.pk])).content.decode()
        assert "CNF-1-0001" in html, name
        assert "CNF-2-0002" not in html, name
    sign_in_verified(client, world.other)
    assert "CNF-2-0002" in client.get(reverse("meeting-attendance", args=[world.meeting.pk])).content.decode()


def test_attendance_saved_by_the_conflicted_coordinator_keeps_the_hidden_case_ticked(client, world) -> None:
    [attendance] = record_attendance(world.meeting, {world.police: AttendanceStatus.PARTIAL}, recorded_by=world.other)
    attendance.cases_attended.set([world.first, world.conflicted])
    sign_in_verified(client, world.coordinator)
    url = reverse("meeting-attendance", args=[world.meeting.pk])
    field = f"a{world.police.pk}-"
    refused = client.post(url, {f"{field}status": "partial", f"{field}cases_attended": [world.conflicted.pk]})
    assert refused.status_code == 400
    assert "Choose the cases from the list" in refused.content.decode()
    saved = client.post(url, {f"{field}status": "partial", f"{field}cases_attended": [world.last.pk]})
    assert saved.status_code == 302
    assert set(attendance.cases_attended.all()) == {world.last, world.conflicted}
    with pytest.raises(Http404):
        meeting_services.attendance_record(
            user=world.coordinator,
            meeting=world.meeting,
            agency=world.police,
            status=AttendanceStatus.PARTIAL,
            cases_attended=[world.conflicted],
        )


# --- Withdrawing a conflict ----------------------------------------------------------------------


def declared_by_representative(world: World) -> ConflictOfInterest:
    """A conflict declared by an invited agency's representative, once the agenda is circulated."""
    meeting_services.agenda_circulate(user=world.other, meeting=world.meeting, expected_version=None)
    rep = member(Role.REPRESENTATIVE, world.area, agency=world.police)
    assert cases_for_user(rep).filter(pk=world.first.case_id).exists()
    return ConflictOfInterest.objects.create(user=rep, case=world.first.case, connection="knows")


def test_a_coordinator_withdraws_a_conflict_with_a_reason(client, world) -> None:
    conflict = declared_by_representative(world)
    sign_in_verified(client, world.other)
    attendance = client.get(reverse("meeting-attendance", args=[world.meeting.pk])).content.decode()
    url = reverse("conflict-withdraw", args=[world.meeting.pk, conflict.pk])
    assert url in attendance
    assert reverse("conflict-withdraw", args=[world.meeting.pk, world.coordinator.conflicts.get().pk]) in attendance
    agenda = client.get(reverse("meeting-detail", args=[world.meeting.pk])).content.decode()
    assert f"{reverse('meeting-attendance', args=[world.meeting.pk])}#conflicts" in agenda
    page = client.get(url)
    assert page.status_code == 200
    assert "Withdraw a conflict of interest" in page.content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "<title>Error: Withdraw a conflict of interest" in html
    assert '<a href="#id_reason">Enter why the conflict of interest is being withdrawn</a>' in html
    assert ConflictOfInterest.objects.get(pk=conflict.pk).withdrawn_at is None
    done = client.post(url, {"reason": REASON})
    assert done.status_code == 302
    assert done["Location"] == reverse("meeting-attendance", args=[world.meeting.pk]) + "#conflicts"
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is not None
    assert conflict.withdrawn_by == world.other
    assert conflict.withdrawal_reason == REASON
    event = AuditEvent.objects.filter(actor=world.other, verb=AuditVerb.CHANGE).latest("id")
    assert event.object_type == "cases.conflictofinterest"
    assert event.object_id == str(conflict.pk)
    assert event.detail == {"withdrawn": True}  # the reason stays in the row
    # Withdrawn: no longer listed, and its page is gone.
    assert url not in client.get(reverse("meeting-attendance", args=[world.meeting.pk])).content.decode()
    assert client.get(url).status_code == 404
    # The person may open the case again, and may declare again.
    assert cases_for_user(conflict.user).filter(pk=world.first.case_id).exists()
    again = meeting_services.conflict_declare(user=conflict.user, case=world.first.case, connection="other")
    assert again.pk != conflict.pk
    assert not cases_for_user(conflict.user).filter(pk=world.first.case_id).exists()


def test_who_may_not_withdraw_a_conflict(client, world) -> None:
    own = world.coordinator.conflicts.get()
    others = ConflictOfInterest.objects.create(
        user=member(Role.REPRESENTATIVE, world.area, agency=world.police),
        case=world.conflicted.case,
        connection="knows",
    )
    outsider = member(Role.COORDINATOR, MaracAreaFactory())
    representative = member(Role.REPRESENTATIVE, world.area, agency=world.police)
    refusals = [
        (world.coordinator, own),  # their own conflict
        (world.coordinator, others),  # someone else's, on a case they are conflicted on themselves
        (outsider, others),  # another area's coordinator
        (representative, others),  # not a coordinator
    ]
    for user, conflict in refusals:
        sign_in_verified(client, user)
        url = reverse("conflict-withdraw", args=[world.meeting.pk, conflict.pk])
        assert client.get(url).status_code == 404, user
        assert client.post(url, {"reason": REASON}).status_code == 404, user
        with pytest.raises(Http404):
            meeting_services.conflict_withdraw(user=user, conflict=conflict, reason=REASON)
    # The conflicted coordinator's own attendance page lists nothing about that case.
    sign_in_verified(client, world.coordinator)
    html = client.get(reverse("meeting-attendance", args=[world.meeting.pk])).content.decode()
    assert reverse("conflict-withdraw", args=[world.meeting.pk, others.pk]) not in html
    assert not ConflictOfInterest.objects.filter(withdrawn_at__isnull=False).exists()
    # A chair of the area may; a reason is required by the service too.
    with pytest.raises(ValidationError):
        meeting_services.conflict_withdraw(user=world.chair, conflict=own, reason=" ")
    meeting_services.conflict_withdraw(user=world.chair, conflict=own, reason=REASON)
    with pytest.raises(ValidationError):
        meeting_services.conflict_withdraw(user=world.other, conflict=own, reason=REASON)


def test_every_access_rule_ignores_a_withdrawn_conflict(world) -> None:
    coordinator, case = world.coordinator, world.conflicted.case
    action = action_for(world.conflicted, by=world.other, owner=world.police, due=world.meeting.date)
    referral = Referral.objects.create(
        area=world.area, case=case, referring_agency=world.police, drafted_by=world.other, status="received"
    )

    def sees() -> list[bool]:
        return [
            cases_for_user(coordinator).filter(pk=case.pk).exists(),
            actions_for_user(coordinator).filter(pk=action.pk).exists(),
            Referral.objects.filter(referral_visibility(coordinator), pk=referral.pk).exists(),
            world.conflicted.pk in [row.item.pk for row in _agenda_rows(world, coordinator)],
        ]

    assert sees() == [False, False, False, False]
    assert _told(world, coordinator, case) is False
    meeting_services.conflict_withdraw(user=world.other, conflict=coordinator.conflicts.get(), reason=REASON)
    assert sees() == [True, True, True, True]
    assert _told(world, coordinator, case) is True


def _agenda_rows(world: World, user: User) -> list[AgendaRow]:
    return agenda_for(world.meeting, user).rows


def _told(world: World, coordinator: User, case: Case) -> bool:
    """Is the coordinator told that the person causing harm in ``case`` is linked to other cases?"""
    Notification.objects.filter(user=coordinator).delete()
    alert_linked_perpetrators(case=case, user=world.other)
    return Notification.objects.filter(user=coordinator, dedupe_key__startswith=f"pattern-{case.pk}-").exists()
