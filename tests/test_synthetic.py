"""The synthetic data generator (manage.py generate_synthetic): a small data
set, checked for internal consistency against the rules the services apply,
and served by the main pages."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.test import Client
from django.utils import timezone

from actions.models import OUTSTANDING, Action, ActionStatus, ActionUpdate
from cases.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseParty,
    CaseStatus,
    CaseStatusChange,
    Meeting,
    MeetingStatus,
    MinutesCase,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralPerson,
    ReferralStatus,
    RiskChecklist,
    StatusReason,
)
from cases.referrals.criteria import Thresholds, compute_criteria, is_repeat_date
from devdata.synthetic import world
from marac.language import RULES
from marac.models import Membership, Role
from ppmt.models import ResearchEntry, ResearchSubmission, SharedInformation, SurvivorVoice
from tests.conftest import sign_in_verified
from tests.factories import MaracAreaFactory

CASES = 400


@pytest.fixture
def generated(transactional_db: None, settings: pytest.FixtureRequest) -> None:
    settings.MARAC_BENCHMARK = True  # type: ignore[attr-defined]
    call_command("generate_synthetic", cases=CASES, seed=7, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_counts_and_shape(generated: None) -> None:
    assert Case.objects.count() == CASES
    people = Person.objects.count()
    assert 2.5 * CASES < people < 3.6 * CASES  # victims, persons causing harm, children
    referrals = Referral.objects.filter(status=ReferralStatus.RECEIVED).count()
    assert referrals > CASES  # repeats
    assert Action.objects.count() > 3 * CASES
    assert ResearchEntry.objects.exists()
    assert SurvivorVoice.objects.exists()
    assert SharedInformation.objects.exists()
    assert PersonAlias.objects.exists()
    # Shared perpetrators: someone causing harm in more than one case.
    assert (
        CaseParty.objects.filter(role=PartyRole.PERPETRATOR)
        .values("person_id")
        .annotate(n=Count("case_id"))
        .filter(n__gt=1)
        .exists()
    )
    # New rows get new ids (the sequences were moved past the loaded ones).
    person = Person.objects.create(given_names="New", family_name="Person")
    assert person.pk > people


def test_referrals_follow_the_criteria_and_repeat_rules(generated: None) -> None:
    yes_answers = {
        r.referral_id: sum(1 for q, a in r.answers.items() if a == "yes" and q.startswith("q"))
        for r in RiskChecklist.objects.all()
    }
    history: dict[int, list[Referral]] = defaultdict(list)
    for referral in Referral.objects.select_related("area").order_by("created_at", "id"):
        assert referral.score == yes_answers[referral.pk]
        criteria = compute_criteria(
            score=referral.score,
            callouts=referral.police_callouts,
            professional_judgement=referral.professional_judgement,
            rationale=referral.professional_judgement_rationale,
            is_repeat=referral.is_repeat,
            thresholds=Thresholds.for_area(referral.area),
        )
        assert referral.reasons == [r.value for r in criteria.sorted_reasons]
        if referral.status == ReferralStatus.RECEIVED:
            assert referral.case_id is not None
            assert referral.received_at is not None
            earlier = [r for r in history[referral.case_id] if r.submitted_at < referral.created_at]
            if referral.is_repeat:
                assert referral.repeat_of_id == referral.case_id
                assert earlier, "a repeat needs an earlier referral on the case"
                assert is_repeat_date(
                    last_referral=timezone.localdate(earlier[-1].submitted_at), incident=referral.incident_date
                )
            else:
                assert referral.repeat_of_id is None
            history[referral.case_id].append(referral)
        else:
            assert referral.case_id is None
            assert referral.received_at is None
    # The people on a received referral are linked to the case's records.
    for rp in ReferralPerson.objects.filter(referral__status=ReferralStatus.RECEIVED, role=PartyRole.VICTIM)[:200]:
        assert rp.person_id == rp.referral.case.victim_id
    assert not ReferralPerson.objects.filter(
        ~Q(referral__status=ReferralStatus.RECEIVED), person__isnull=False
    ).exists()


def test_meetings_research_and_actions_are_consistent(generated: None) -> None:
    today = timezone.localdate()
    assert not AgendaItem.objects.exclude(case__area_id=F("meeting__area_id")).exists()
    assert not Meeting.objects.filter(status=MeetingStatus.HELD, date__gte=today).exists()
    assert not Meeting.objects.filter(date__lt=today).exclude(status__in=[MeetingStatus.HELD, "cancelled"]).exists()
    held_items = AgendaItem.objects.filter(meeting__status=MeetingStatus.HELD)
    assert held_items.count() == MinutesCase.objects.count()
    assert not Meeting.objects.filter(status=MeetingStatus.HELD, minutes__isnull=True).exists()
    # Research only from agencies invited to the meeting, after the case was listed.
    invited = set(Meeting.invited_agencies.through.objects.values_list("meeting_id", "agency_id"))
    for meeting_id, agency_id in ResearchSubmission.objects.values_list("item__meeting_id", "agency_id"):
        assert (meeting_id, agency_id) in invited
    assert not Attendance.objects.exclude(
        Q(agency_id__in=Meeting.invited_agencies.through.objects.values("agency_id"))
    ).exists()
    # Actions: agreed at held meetings, owned by one of the area's agencies, history to match.
    core = set(Meeting.invited_agencies.through.objects.values_list("meeting__area_id", "agency_id"))
    for action in Action.objects.select_related("case", "item__meeting")[:500]:
        assert action.item.meeting.status == MeetingStatus.HELD
        assert (action.case.area_id, action.owner_agency_id) in core
        assert action.due_date > action.item.meeting.date
        if action.status in (ActionStatus.COMPLETED, ActionStatus.NOT_COMPLETED):
            assert action.closed_at is not None
            assert action.outcome
        else:
            assert action.closed_at is None
        updates = list(ActionUpdate.objects.filter(action=action).order_by("created_at", "id"))
        assert updates[0].status_to == ActionStatus.OPEN
        assert updates[-1].status_to == action.status
        assert action.version == len(updates)
    assert Action.objects.filter(status__in=OUTSTANDING, due_date__lt=today).exists()
    # The next meeting of some area is circulated, with research in or under way.
    assert Meeting.objects.filter(status=MeetingStatus.CIRCULATED, date__gte=today).exists()
    codes = {rule.code for rule in RULES}
    assert set(connection_rows("SELECT DISTINCT code FROM ppmt_languagepromptevent")) <= codes


def test_case_statuses_follow_their_agendas_with_one_history_row(generated: None) -> None:
    """Listed while on an agenda ahead, heard once its last meeting was held, referred if never listed:
    what the services make, each with its one "recorded when status history began" row."""
    open_ahead = AgendaItem.objects.filter(case=OuterRef("pk"), meeting__status__in=["scheduled", "circulated"])
    held = AgendaItem.objects.filter(case=OuterRef("pk"), meeting__status=MeetingStatus.HELD)
    cases = Case.objects.annotate(ahead=Exists(open_ahead), held=Exists(held))
    assert not cases.filter(ahead=True).exclude(status=CaseStatus.LISTED).exists()
    assert not cases.filter(ahead=False, held=True).exclude(status__in=[CaseStatus.HEARD, CaseStatus.CLOSED]).exists()
    assert not cases.filter(ahead=False, held=False).exclude(status=CaseStatus.REFERRED).exists()
    assert {CaseStatus.LISTED, CaseStatus.HEARD, CaseStatus.CLOSED} <= set(
        Case.objects.values_list("status", flat=True)
    )
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    assert CaseStatusChange.objects.count() == Case.objects.count() + closed.count()
    first = CaseStatusChange.objects.filter(reason=StatusReason.MIGRATION)
    assert first.count() == Case.objects.count()
    assert not first.exclude(case__status=CaseStatus.CLOSED).exclude(to_status=F("case__status")).exists()
    closing = CaseStatusChange.objects.exclude(reason=StatusReason.MIGRATION)
    assert set(closing.values_list("reason", "from_status", "to_status").distinct()) == {
        (StatusReason.PLAN_COMPLETE, CaseStatus.HEARD, CaseStatus.CLOSED)
    }
    assert not closing.exclude(changed_at=F("case__closed_at")).exists()
    assert not closed.filter(closed_at__isnull=True).exists()
    assert not Case.objects.exclude(status=CaseStatus.CLOSED).filter(closed_at__isnull=False).exists()
    # The date it was last heard is its last held meeting's.
    last_held = AgendaItem.objects.filter(case=OuterRef("pk"), meeting__status=MeetingStatus.HELD).order_by(
        "-meeting__date"
    )
    heard = Case.objects.annotate(last=Subquery(last_held.values("meeting__date")[:1]))
    assert not heard.filter(last__isnull=False).exclude(last_heard_on=F("last")).exists()
    assert not heard.filter(last__isnull=True, last_heard_on__isnull=False).exists()


def test_rows_pass_model_validation(generated: None) -> None:
    for model in (Person, Case, CaseParty, Referral, ReferralPerson, Meeting, AgendaItem, Action, ResearchEntry):
        for obj in model.objects.order_by("-pk")[:40]:
            obj.full_clean(validate_unique=False)


def test_the_main_pages_serve_the_data(generated: None) -> None:
    membership = Membership.objects.filter(role=Role.COORDINATOR).select_related("user", "area").first()
    client = sign_in_verified(Client(), membership.user)
    held = Meeting.objects.filter(area=membership.area, status=MeetingStatus.HELD).order_by("-date").first()
    item = held.items.order_by("position").first()
    pages = [
        "/",
        f"/cases/{item.case_id}/",
        "/meetings/",
        f"/meetings/{held.pk}/",
        f"/meetings/{held.pk}/live/{item.pk}/",
        f"/meetings/{held.pk}/minutes/",
        f"/meetings/{held.pk}/research/",
        "/actions/?show=all",
        "/referrals/",
        f"/governance/?area={membership.area_id}&quarter={_last_quarter()}",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    rep = Membership.objects.filter(role=Role.REPRESENTATIVE, area=membership.area).select_related("user").first()
    agency_client = sign_in_verified(Client(), rep.user)
    for page in ("/", "/actions/", f"/meetings/{held.pk}/", f"/meetings/{held.pk}/items/{item.pk}/research/"):
        assert agency_client.get(page).status_code == 200, page


def test_the_city_area_caps_its_agendas_and_adds_extra_meetings(
    transactional_db: None, settings: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MARAC_BENCHMARK = True  # type: ignore[attr-defined]
    monkeypatch.setattr(world, "BIG_AREA_MIN_CASES", 300)
    monkeypatch.setattr(world, "BIG_AREA_AGENDA", 1)
    call_command("generate_synthetic", cases=CASES, years=1, seed=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    city = Meeting.objects.order_by("area_id").first().area
    sizes = Meeting.objects.filter(area=city, is_extra=False).annotate(n=Count("items")).values_list("n", flat=True)
    assert max(sizes) == 1
    assert Meeting.objects.filter(area=city, is_extra=True, items__isnull=False).exists()
    # Its next meeting is tomorrow (or the next working day), circulated, with research in.
    upcoming = Meeting.objects.filter(area=city, date__gt=timezone.localdate(), is_extra=False).order_by("date")[0]
    assert upcoming.date - timezone.localdate() <= timedelta(days=3)


def test_refuses_a_database_with_data(db: None, settings: pytest.FixtureRequest) -> None:
    settings.MARAC_BENCHMARK = True  # type: ignore[attr-defined]
    MaracAreaFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_synthetic", cases=CASES)


def test_refuses_outside_development_and_benchmarks(db: None, settings: pytest.FixtureRequest) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    settings.MARAC_DEMO = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="development and benchmark"):
        call_command("generate_synthetic", cases=CASES)


def connection_rows(sql: str) -> list[object]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def _last_quarter() -> str:
    today = timezone.localdate()
    quarter = (today.month - 1) // 3
    return f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"
