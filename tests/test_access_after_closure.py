"""Access that ends: an invited agency keeps a closed case for ``MARAC_ACCESS_AFTER_CLOSURE_MONTHS``, then
loses it (its page, its agenda row, its actions and minutes answer as if it never existed), while the area's
coordinators and chairs keep it. The matrix (``tests/access_matrix``, situation ``expired``) proves it for every
route; these tests pin the clock rules, the dates the status service keeps, and re-opening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from actions.selectors import actions_for_user
from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.models import Case, CaseStatus, CloseReason, Referral, ReferralStatus, StatusReason
from cases.selectors import access_after_closure_ends, months_before
from cases.status import services
from marac.models import Role
from tests.builders.actions import action_for
from tests.builders.meetings import held_meeting, meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 5, 31, 9, tzinfo=UTC), 3, datetime(2026, 2, 28, 9, tzinfo=UTC)),
        (datetime(2028, 5, 31, 9, tzinfo=UTC), 3, datetime(2028, 2, 29, 9, tzinfo=UTC)),
        (datetime(2027, 1, 15, 9, tzinfo=UTC), 3, datetime(2026, 10, 15, 9, tzinfo=UTC)),
        (datetime(2027, 3, 1, 0, tzinfo=UTC), 14, datetime(2026, 1, 1, 0, tzinfo=UTC)),
        (datetime(2027, 3, 1, 0, tzinfo=UTC), 0, datetime(2027, 3, 1, 0, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


@pytest.fixture
def closed():
    """A case heard at a meeting where police were invited and present, with a police action, then closed."""
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (closure test)")
    case = CaseFactory(area=area, status=CaseStatus.HEARD)
    meeting = held_meeting(area, timezone.localdate() - timedelta(days=7), agencies=[police], cases=[case])
    coordinator = member(Role.COORDINATOR, area)
    action = action_for(meeting.items.get(), by=coordinator, owner=police, due=timezone.localdate())
    services.case_close(
        user=coordinator,
        case=case,
        reason=CloseReason.PLAN_COMPLETE,
        reason_text="",
        expected_version=case.version,
        open_actions_understood=True,
    )
    return {
        "case": case,
        "meeting": meeting,
        "action": action,
        "coordinator": coordinator,
        "chair": member(Role.CHAIR, area),
        "representative": member(Role.REPRESENTATIVE, area, agency=police),
    }


def _age(case: Case, *, days_past_the_period: int) -> None:
    """The clock moves on: the case was closed this many days beyond (or, negative, within) the period."""
    Case.objects.filter(pk=case.pk).update(closed_at=access_after_closure_ends() - timedelta(days=days_past_the_period))


def _sees(user, case: Case) -> bool:
    return selectors.cases_for_user(user).filter(pk=case.pk).exists()


def test_closing_records_when_and_the_invited_agency_keeps_the_case_during_the_period(closed) -> None:
    case = closed["case"]
    case.refresh_from_db()
    assert case.closed_at is not None
    assert timezone.now() - case.closed_at < timedelta(minutes=1)
    _age(case, days_past_the_period=-1)  # a day before the period ends
    for who in ("representative", "coordinator", "chair"):
        assert _sees(closed[who], case), who
    assert actions_for_user(closed["representative"]).filter(pk=closed["action"].pk).exists()
    assert meeting_selectors.agenda_items_for_user(closed["meeting"], closed["representative"]).filter(case=case)


def test_after_the_period_the_invited_agency_gets_404_and_the_coordinators_keep_it(closed) -> None:
    case, rep = closed["case"], closed["representative"]
    _age(case, days_past_the_period=1)
    assert not _sees(rep, case)
    assert not actions_for_user(rep).filter(pk=closed["action"].pk).exists()
    assert not meeting_selectors.agenda_items_for_user(closed["meeting"], rep).filter(case=case).exists()
    client = sign_in_verified(Client(), rep)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("action-detail", args=[closed["action"].pk])).status_code == 404
    missing = client.get(reverse("case-detail", args=[Case.objects.order_by("-pk").first().pk + 1000]))
    assert missing.status_code == 404
    for who in ("coordinator", "chair"):
        assert _sees(closed[who], case), who
        assert meeting_selectors.agenda_items_for_user(closed["meeting"], closed[who]).filter(case=case).exists()
        page = sign_in_verified(Client(), closed[who]).get(reverse("case-detail", args=[case.pk]))
        assert page.status_code == 200, who


@override_settings(MARAC_ACCESS_AFTER_CLOSURE_MONTHS=6)
def test_the_period_is_configurable(closed) -> None:
    case = closed["case"]
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=120))
    assert _sees(closed["representative"], case)  # four months: still within six
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=190))
    assert not _sees(closed["representative"], case)


def test_reopening_gives_the_case_back_and_clears_the_closing_date(closed) -> None:
    case, rep = closed["case"], closed["representative"]
    _age(case, days_past_the_period=30)
    assert not _sees(rep, case)
    case.refresh_from_db()
    referral = Referral.objects.create(
        area=case.area,
        referring_agency=rep.agency,
        drafted_by=closed["coordinator"],
        case=case,
        status=ReferralStatus.RECEIVED,
        is_repeat=True,
    )
    services.case_status_change(
        user=closed["coordinator"], case=case, to=CaseStatus.REFERRED, reason=StatusReason.REPEAT, referral=referral
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    assert case.closed_at is None
    assert _sees(rep, case)  # open again: the agency that heard it sees it once more


def test_hearing_records_the_meetings_date_and_a_case_taken_off_an_agenda_keeps_it() -> None:
    area = MaracAreaFactory()
    case = CaseFactory(area=area, status=CaseStatus.LISTED)
    coordinator = member(Role.COORDINATOR, area)
    meeting = meeting_on(area, timezone.localdate() - timedelta(days=3))
    services.case_status_change(
        user=coordinator, case=case, to=CaseStatus.HEARD, reason=StatusReason.HEARD, meeting=meeting
    )
    case.refresh_from_db()
    assert case.last_heard_on == meeting.date
    later = meeting_on(area, timezone.localdate() + timedelta(days=25))
    services.case_status_change(
        user=coordinator, case=case, to=CaseStatus.LISTED, reason=StatusReason.LISTED, meeting=later
    )
    services.case_status_change(
        user=coordinator, case=case, to=CaseStatus.HEARD, reason=StatusReason.UNLISTED, meeting=later
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.HEARD
    assert case.last_heard_on == meeting.date  # taken off the later agenda: not heard there


def test_a_transferred_out_case_runs_out_for_the_sending_areas_agencies_too(closed) -> None:
    case = CaseFactory(area=closed["case"].area, status=CaseStatus.TRANSFERRED_OUT)
    Case.objects.filter(pk=case.pk).update(closed_at=access_after_closure_ends() - timedelta(days=1))
    assert _sees(closed["coordinator"], case)
    assert not selectors.cases_for_user(closed["representative"]).filter(pk=case.pk).exists()
