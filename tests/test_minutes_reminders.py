"""Minutes reminders, the weekly digest, and no personal data in any email (against the demo data)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReminderPreference
from actions.reminders import sweep as reminders
from actions.reminders.digests import weekly_digests
from cases.meetings import services as meeting_services
from cases.meetings.minutes import services as minutes_services
from cases.meetings.minutes.reminders import minutes_reminders, working_days_between
from cases.models import (
    AgendaItem,
    Case,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesRead,
    MinutesStatus,
    Notification,
    Person,
    ReferralPerson,
)
from marac.models import AgencyKind, Role, User
from marac.outbox import sender
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = pytest.mark.django_db


def test_working_days() -> None:
    friday = date(2026, 11, 27)
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # Monday
    assert working_days_between(friday, friday + timedelta(days=7)) == 5


@pytest.fixture
def held(make_member):
    police = AgencyFactory(name="Police (minutes)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory(minutes_due_working_days=5)
    area.core_agencies.set([police])
    people = {
        "coordinator": make_member(Role.COORDINATOR, area=area),
        "chair": make_member(Role.CHAIR, area=area),
        "governance": make_member(Role.GOVERNANCE, area=area),
        "rep": make_member(Role.REPRESENTATIVE, area=area, agency=police),
    }
    meeting = Meeting.objects.create(
        area=area,
        date=date(2026, 11, 2),
        start_time=timezone.now().time(),
        research_deadline=timezone.now(),
        status=MeetingStatus.HELD,
    )
    meeting.invited_agencies.set([police])
    AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=area), position=1)
    minutes_services.minutes_generate(meeting)
    return meeting, people


def keys(user):
    return set(Notification.objects.filter(user=user).values_list("dedupe_key", flat=True))


def test_draft_minutes_reminders_and_escalation(held, django_capture_on_commit_callbacks) -> None:
    meeting, people = held
    with django_capture_on_commit_callbacks(execute=False):
        minutes_reminders(today=date(2026, 11, 3))  # one working day later
        assert keys(people["coordinator"]) == {f"minutes-draft-{meeting.pk}"}
        assert not keys(people["chair"])
        minutes_reminders(today=date(2026, 11, 5))  # three working days: the chair is asked to approve
        assert keys(people["chair"]) == {f"minutes-approve-{meeting.pk}"}
        assert not keys(people["governance"])
        minutes_reminders(today=date(2026, 11, 10))  # six working days: late, to the governance lead
        assert keys(people["governance"]) == {f"minutes-late-{meeting.pk}"}
        before = Notification.objects.count()
        minutes_reminders(today=date(2026, 11, 10))
        assert Notification.objects.count() == before


def test_unread_distributed_minutes_are_reminded_once(held, django_capture_on_commit_callbacks) -> None:
    meeting, people = held
    Minutes.objects.filter(meeting=meeting).update(
        status=MinutesStatus.DISTRIBUTED, distributed_at=timezone.make_aware(timezone.datetime(2026, 11, 4, 12))
    )
    with django_capture_on_commit_callbacks(execute=False):
        minutes_reminders(today=date(2026, 11, 5))
        assert f"minutes-unread-{meeting.pk}" not in keys(people["rep"])
        minutes_reminders(today=date(2026, 11, 10))
        assert f"minutes-unread-{meeting.pk}" in keys(people["rep"])


def test_opening_the_minutes_is_recorded(client, held) -> None:
    meeting, people = held
    Minutes.objects.filter(meeting=meeting).update(status=MinutesStatus.DISTRIBUTED, distributed_at=timezone.now())
    sign_in_verified(client, people["rep"])
    client.get(reverse("meeting-minutes", args=[meeting.pk]))
    assert MinutesRead.objects.filter(minutes__meeting=meeting, user=people["rep"]).exists()


def test_weekly_digest_once_a_week(held, django_capture_on_commit_callbacks) -> None:
    meeting, people = held
    rep = people["rep"]
    ReminderPreference.objects.create(user=rep, digest_only=True)
    Action.objects.create(
        case=meeting.items.get().case,
        owner_agency=rep.agency,
        description="Visit",
        focus="survivor",
        due_date=date(2026, 11, 1),
        created_by=people["coordinator"],
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert weekly_digests(today=date(2026, 11, 23)) == 1
        assert weekly_digests(today=date(2026, 11, 25)) == 0  # same week
        assert weekly_digests(today=date(2026, 11, 30)) == 1
    note = Notification.objects.filter(user=rep).order_by("created_at").first()
    assert "1 overdue" in note.message


def test_no_email_carries_personal_data_with_the_demo_data(settings, django_capture_on_commit_callbacks) -> None:
    """Every reminder and notification email, sent over the seeded demo data."""
    settings.MARAC_DEMO = True
    call_command("seed_demo", cases=6, stdout=io.StringIO())
    coordinator = User.objects.get(email="coordinator.kcl@demo.marac.invalid")
    today = timezone.localdate()
    for n, case in enumerate(Case.objects.filter(area__code="KCL")):
        police = User.objects.get(email="police.kcl@demo.marac.invalid").agency
        Action.objects.create(
            case=case,
            owner_agency=police,
            description="Visit the survivor",
            focus="survivor",
            due_date=today + timedelta(days=(n % 5) - 12),
            created_by=coordinator,
        )
    reminders.sweep(today=today)
    # The next meeting with cases (the demo's meeting three weeks ago has been held).
    meeting = (
        Meeting.objects.filter(area__code="KCL", items__isnull=False, status=MeetingStatus.SCHEDULED)
        .order_by("date")
        .first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    sender.send_due(max_seconds=120)
    assert mail.outbox, "the demo data should produce emails"
    secrets = set()
    for person in Person.objects.all():
        secrets.update({person.given_names, person.family_name})
    for rp in ReferralPerson.objects.all():
        secrets.update({rp.address, rp.postcode, rp.safe_phone} - {""})
    secrets = {s for s in secrets if len(s) > 3}
    for message in mail.outbox:
        text = message.subject + "\n" + message.body
        leaked = [s for s in secrets if s in text]
        assert not leaked, (message.subject, leaked)
