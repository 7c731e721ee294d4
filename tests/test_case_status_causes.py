"""What moves a case's status: its meeting held, a referral received on it (re-opening a closed case),
a transfer accepted; and the home page's open cases counting only what is open."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from cases import selectors
from cases import services as case_services
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.models import AgendaItem, Case, CaseStatus, CaseStatusChange, CloseReason, MeetingStatus, StatusReason
from cases.status import services as status_services
from marac.models import Role
from tests.builders.meetings import meeting_on, start_on_its_day
from tests.factories import CaseFactory, MaracAreaFactory
from tests.referral_helpers import make_cast, member, received_referral

pytestmark = pytest.mark.django_db


def test_a_meeting_held_marks_its_listed_cases_heard() -> None:
    area = MaracAreaFactory()
    coordinator = member(Role.COORDINATOR, area)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=10))
    listed = [CaseFactory(area=area) for _ in range(2)]
    for case in listed:
        meeting_services.agenda_place_case(case=case, user=coordinator)
    start_on_its_day(meeting, by=coordinator)
    live_services.meeting_close(user=coordinator, meeting=meeting)
    for case in listed:
        case.refresh_from_db()
        assert case.status == CaseStatus.HEARD
        change = case.status_changes.latest("id")
        assert (change.reason, change.meeting_id, change.changed_by) == (StatusReason.HEARD, meeting.pk, coordinator)


def _close(case: Case, coordinator) -> None:
    case.refresh_from_db()
    status_services.case_close(
        user=coordinator,
        case=case,
        reason=CloseReason.PLAN_COMPLETE,
        reason_text="",
        expected_version=case.version,
        open_actions_understood=True,
    )


def test_a_referral_received_for_a_closed_case_reopens_it() -> None:
    cast = make_cast()
    first = received_referral(
        cast.practitioner, cast.area, coordinator=cast.coordinator, representative=cast.representative
    )
    case = first.case
    assert case is not None
    for item in case.agenda_items.select_related("meeting"):  # listed on receipt: taken off again
        meeting_services.agenda_remove_item(user=cast.coordinator, item=item, expected_version=None)
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    _close(case, cast.coordinator)
    again = received_referral(
        cast.practitioner,
        cast.area,
        coordinator=cast.coordinator,
        representative=cast.representative,
        links={"victim": case.victim_id},
    )
    assert again.case_id == case.pk  # filed on the same case, not a new one
    case.refresh_from_db()
    assert case.status in (CaseStatus.REFERRED, CaseStatus.LISTED)
    reopening = case.status_changes.get(from_status=CaseStatus.CLOSED)
    assert reopening.to_status == CaseStatus.REFERRED
    assert reopening.referral_id == again.pk
    assert reopening.reason == (StatusReason.REPEAT if again.is_repeat else StatusReason.NEW_REFERRAL)


def test_a_referral_for_a_victim_whose_case_was_transferred_out_opens_a_new_case() -> None:
    cast = make_cast()
    first = received_referral(
        cast.practitioner, cast.area, coordinator=cast.coordinator, representative=cast.representative
    )
    Case.objects.filter(pk=first.case_id).update(status=CaseStatus.TRANSFERRED_OUT)
    again = received_referral(
        cast.practitioner,
        cast.area,
        coordinator=cast.coordinator,
        representative=cast.representative,
        links={"victim": first.case.victim_id},  # type: ignore[union-attr]
    )
    assert again.case_id != first.case_id
    assert Case.objects.get(pk=first.case_id).status == CaseStatus.TRANSFERRED_OUT


def test_an_accepted_transfer_is_in_the_sending_case_history() -> None:
    area, receiving_area = MaracAreaFactory(), MaracAreaFactory()
    case = CaseFactory(area=area)
    sender, receiver = member(Role.COORDINATOR, area), member(Role.COORDINATOR, receiving_area)
    transfer = case_services.case_transfer_request(user=sender, case=case, to_area=receiving_area, note="Moved.")
    case_services.case_transfer_accept(user=receiver, transfer=transfer)
    change = CaseStatusChange.objects.get(case=case)
    assert (change.from_status, change.to_status, change.reason) == (
        CaseStatus.REFERRED,
        CaseStatus.TRANSFERRED_OUT,
        StatusReason.TRANSFER_OUT,
    )
    assert change.changed_by == receiver


def test_open_cases_on_the_home_page_leave_out_closed_and_transferred_cases() -> None:
    area = MaracAreaFactory()
    for status in CaseStatus.values:
        CaseFactory(area=area, status=status)
    counts = selectors.case_counts_by_area(area_ids=[area.pk])
    assert counts[area.pk] == {"total": 5, "open": 3}


def test_the_migration_gives_existing_cases_the_status_their_agendas_say_with_one_history_row() -> None:
    migration = importlib.import_module("cases.migrations.0012_case_status_history")
    area = MaracAreaFactory()
    ahead = meeting_on(area, timezone.localdate() + timedelta(days=7))
    held = meeting_on(area, timezone.localdate() - timedelta(days=7), status=MeetingStatus.HELD)
    expected = {}
    for before, meetings, after in [
        (CaseStatus.REFERRED, [ahead], CaseStatus.LISTED),
        (CaseStatus.HEARD, [held, ahead], CaseStatus.LISTED),
        (CaseStatus.REFERRED, [held], CaseStatus.HEARD),
        (CaseStatus.HEARD, [], CaseStatus.REFERRED),  # a status written by hand, with no agenda to back it
        (CaseStatus.CLOSED, [held], CaseStatus.CLOSED),
        (CaseStatus.TRANSFERRED_OUT, [ahead], CaseStatus.TRANSFERRED_OUT),
    ]:
        case = CaseFactory(area=area, status=before)
        for meeting in meetings:
            AgendaItem.objects.create(meeting=meeting, case=case, position=case.pk)
        expected[case.pk] = (before, after)
    migration.record_statuses(None, SimpleNamespace(connection=connection))
    for case in Case.objects.filter(pk__in=expected):
        before, after = expected[case.pk]
        assert case.status == after
        assert case.version == (1 if before == after else 2)
        change = CaseStatusChange.objects.get(case=case)
        assert (change.from_status, change.to_status, change.reason) == (before, after, StatusReason.MIGRATION)
