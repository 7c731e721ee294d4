"""A case's status is kept by the services: every allowed change and every refused one, table-driven,
and the services that cause them (agenda, meeting held, referral received, transfer)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from cases.meetings import services as meeting_services
from cases.models import (
    AgendaItem,
    CaseStatus,
    CaseStatusChange,
    CaseTransfer,
    Meeting,
    Referral,
    ReferralStatus,
    StatusReason,
)
from cases.status import services
from marac.models import AuditEvent, Role
from marac.versioning import StaleVersionError
from tests.builders.meetings import meeting_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

S, R = CaseStatus, StatusReason

# Each change tried from every status: (to, reason).
MOVES = [
    (S.LISTED, R.LISTED),
    (S.REFERRED, R.UNLISTED),
    (S.HEARD, R.UNLISTED),
    (S.HEARD, R.HEARD),
    (S.REFERRED, R.NEW_REFERRAL),
    (S.REFERRED, R.REPEAT),
    (S.CLOSED, R.PLAN_COMPLETE),
    (S.CLOSED, R.OTHER),
    (S.TRANSFERRED_OUT, R.TRANSFER_OUT),
]

# The changes allowed, written out here (not read from the code's table): (from, to, reason).
ALLOWED = {
    (S.REFERRED, S.LISTED, R.LISTED),
    (S.REFERRED, S.CLOSED, R.PLAN_COMPLETE),
    (S.REFERRED, S.CLOSED, R.OTHER),
    (S.REFERRED, S.TRANSFERRED_OUT, R.TRANSFER_OUT),
    (S.LISTED, S.HEARD, R.HEARD),
    (S.LISTED, S.REFERRED, R.UNLISTED),
    (S.LISTED, S.HEARD, R.UNLISTED),
    (S.LISTED, S.TRANSFERRED_OUT, R.TRANSFER_OUT),
    (S.HEARD, S.LISTED, R.LISTED),
    (S.HEARD, S.REFERRED, R.NEW_REFERRAL),
    (S.HEARD, S.REFERRED, R.REPEAT),
    (S.HEARD, S.CLOSED, R.PLAN_COMPLETE),
    (S.HEARD, S.CLOSED, R.OTHER),
    (S.HEARD, S.TRANSFERRED_OUT, R.TRANSFER_OUT),
    (S.CLOSED, S.REFERRED, R.NEW_REFERRAL),
    (S.CLOSED, S.REFERRED, R.REPEAT),
    (S.CLOSED, S.TRANSFERRED_OUT, R.TRANSFER_OUT),
}

TRANSITIONS = [
    pytest.param(start, to, reason, id=f"{start}->{to}:{reason}") for start in S.values for to, reason in MOVES
]


def _change(start: str, to: str, reason: str) -> tuple[object, dict[str, object]]:
    """A case with status ``start`` and everything the change needs: the user and the cause."""
    area = MaracAreaFactory()
    case = CaseFactory(area=area, status=start)
    coordinator = member(Role.COORDINATOR, area)
    kwargs: dict[str, object] = {"user": coordinator, "case": case, "to": to, "reason": reason}
    if reason in (R.LISTED, R.UNLISTED, R.HEARD):
        kwargs["meeting"] = meeting_on(area, timezone.localdate() + timedelta(days=7))
    elif reason in (R.NEW_REFERRAL, R.REPEAT):
        kwargs["referral"] = Referral.objects.create(
            area=area,
            referring_agency=AgencyFactory(),
            drafted_by=coordinator,
            case=case,
            status=ReferralStatus.RECEIVED,
            is_repeat=reason == R.REPEAT,
        )
    elif reason == R.TRANSFER_OUT:
        receiving = MaracAreaFactory()
        CaseTransfer.objects.create(
            case=case, from_area=area, to_area=receiving, note="Moved.", requested_by=coordinator
        )
        kwargs["user"] = member(Role.COORDINATOR, receiving)
    else:
        kwargs.update(expected_version=case.version, reason_text="She asked for the case to close.")
    return case, kwargs


@pytest.mark.parametrize(("start", "to", "reason"), TRANSITIONS)
def test_every_transition_is_allowed_or_refused_as_the_table_says(start: str, to: str, reason: str) -> None:
    case, kwargs = _change(start, to, reason)
    version = case.version
    if (start, to, reason) in ALLOWED:
        change = services.case_status_change(**kwargs)  # type: ignore[arg-type]
        case.refresh_from_db()
        assert (case.status, case.version) == (to, version + 1)
        assert (change.from_status, change.to_status, change.reason) == (start, to, reason)
        assert change.changed_by == kwargs["user"]
        assert change.meeting == kwargs.get("meeting")
        assert change.referral == kwargs.get("referral")
        event = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).latest("id")
        assert event.detail == {"status": to, "from": start, "reason": reason}
        assert "She asked" not in str(event.detail)
    else:
        with pytest.raises(ValidationError):
            services.case_status_change(**kwargs)  # type: ignore[arg-type]
        case.refresh_from_db()
        assert (case.status, case.version) == (start, version)
        assert not CaseStatusChange.objects.filter(case=case).exists()


def test_closing_twice_and_reopening_a_transferred_case_say_why() -> None:
    _, kwargs = _change(S.CLOSED, S.CLOSED, R.PLAN_COMPLETE)
    with pytest.raises(ValidationError, match="already closed"):
        services.case_status_change(**kwargs)  # type: ignore[arg-type]
    _, kwargs = _change(S.TRANSFERRED_OUT, S.REFERRED, R.REPEAT)
    with pytest.raises(ValidationError, match="transferred to another MARAC: it cannot be changed or re-opened"):
        services.case_status_change(**kwargs)  # type: ignore[arg-type]


def test_another_reason_needs_words_and_keeps_them_out_of_the_audit_log() -> None:
    _, kwargs = _change(S.HEARD, S.CLOSED, R.OTHER)
    with pytest.raises(ValidationError) as refused:
        services.case_status_change(**{**kwargs, "reason_text": "  "})  # type: ignore[arg-type]
    assert refused.value.message_dict == {"reason_text": [services.DESCRIBE_OTHER]}
    change = services.case_status_change(**kwargs)  # type: ignore[arg-type]
    assert change.reason_text == "She asked for the case to close."
    assert not AuditEvent.objects.filter(detail__icontains="asked").exists()


def test_a_stale_closer_loses_and_nothing_is_lost() -> None:
    """Two coordinators load the case at the same version; the first closes it, the second is stale."""
    case, kwargs = _change(S.HEARD, S.CLOSED, R.PLAN_COMPLETE)
    chair = member(Role.CHAIR, case.area)
    services.case_close(
        user=kwargs["user"], case=case, reason=R.PLAN_COMPLETE, reason_text="", expected_version=case.version
    )
    loaded = case.version - 1
    with pytest.raises(StaleVersionError):
        services.case_close(user=chair, case=case, reason=R.MOVED_AWAY, reason_text="", expected_version=loaded)
    assert list(CaseStatusChange.objects.filter(case=case).values_list("reason", flat=True)) == [R.PLAN_COMPLETE]


def test_only_the_areas_coordinator_or_chair_closes() -> None:
    case, _ = _change(S.HEARD, S.CLOSED, R.PLAN_COMPLETE)
    chair = member(Role.CHAIR, case.area)
    elsewhere = member(Role.COORDINATOR, MaracAreaFactory())
    with pytest.raises(Http404):
        services.case_close(user=elsewhere, case=case, reason=R.MOVED_AWAY, reason_text="", expected_version=None)
    services.case_close(user=chair, case=case, reason=R.MOVED_AWAY, reason_text="", expected_version=None)
    assert CaseStatusChange.objects.get(case=case).changed_by == chair


def test_a_change_the_services_make_names_its_own_cause() -> None:
    case, kwargs = _change(S.REFERRED, S.LISTED, R.LISTED)
    other_meeting = meeting_on(MaracAreaFactory(), timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.case_status_change(**{**kwargs, "meeting": other_meeting})  # type: ignore[arg-type]
    case, kwargs = _change(S.CLOSED, S.REFERRED, R.NEW_REFERRAL)
    Referral.objects.filter(pk=kwargs["referral"].pk).update(status=ReferralStatus.SUBMITTED)  # type: ignore[union-attr]
    kwargs["referral"].refresh_from_db()  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        services.case_status_change(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.case_status_change(user=None, case=case, to=S.REFERRED, reason=R.MIGRATION)


def test_listed_on_an_agenda_then_taken_off_goes_back_to_where_it_was() -> None:
    area = MaracAreaFactory()
    coordinator = member(Role.COORDINATOR, area)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=10))
    case = CaseFactory(area=area, status=S.HEARD)
    item = meeting_services.agenda_place_case(case=case, user=coordinator)
    assert item is not None
    case.refresh_from_db()
    assert case.status == S.LISTED
    meeting.refresh_from_db()
    meeting_services.agenda_remove_item(user=coordinator, item=item, expected_version=meeting.version)
    case.refresh_from_db()
    assert case.status == S.HEARD
    assert list(case.status_changes.values_list("reason", "to_status")) == [(R.LISTED, S.LISTED), (R.UNLISTED, S.HEARD)]
    assert list(case.status_changes.values_list("meeting", flat=True)) == [meeting.pk, meeting.pk]
    assert not AgendaItem.objects.filter(case=case).exists()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
