"""The outbox: every email written in the deciding transaction, sent once each, never silently dropped.

The fault-injection suite (tests/faults/) runs the same sender with real processes; these tests pin each rule.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReminderDelivery, ReminderKind
from actions.reminders import sweep as reminders
from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Meeting, Notification
from cases.notifications import notify
from marac.models import AgencyKind, AuditEvent, Role
from marac.outbox import selectors, sender, services
from marac.outbox.models import MessageKind, OutboxMessage
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_member):
    police = AgencyFactory(name="Police (outbox)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory(meetings_ahead=2, action_due_soon_days=3, action_escalation_days=7)
    area.core_agencies.set([police])
    return {
        "area": area,
        "police": police,
        "coordinator": make_member(Role.COORDINATOR, area=area),
        "rep": make_member(Role.REPRESENTATIVE, area=area, agency=police),
    }


def write(recipients, **kwargs) -> list[OutboxMessage]:
    with transaction.atomic():
        return services.enqueue(MessageKind.NOTICE, recipients, subject="MARAC: a notice", body="Sign in", **kwargs)


def fail_everything():
    return mock.patch("marac.outbox.sender.EmailMessage.send", side_effect=ConnectionRefusedError)


class TestWriting:
    def test_a_decision_rolled_back_leaves_no_message(self, world) -> None:
        def decide_then_fail() -> None:
            with transaction.atomic():
                services.enqueue(MessageKind.NOTICE, [world["rep"]], subject="s", body="b")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            decide_then_fail()
        assert not OutboxMessage.objects.exists()

    def test_one_row_per_recipient_and_a_kick_after_commit(self, world, django_capture_on_commit_callbacks) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            rows = write([world["rep"], world["coordinator"].pk, world["rep"]], area_id=world["area"].pk)
        assert len(rows) == 2
        assert [c.__name__ for c in callbacks] == ["kick_sender"]

    def test_a_broker_outage_at_commit_loses_nothing(self, world, django_capture_on_commit_callbacks) -> None:
        """Redis down when the sender is kicked: the decision stands, the beat sender sends the row."""
        meeting_schedule.meetings_schedule_ahead(world["area"])
        meeting = Meeting.objects.filter(area=world["area"]).order_by("date").first()
        AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=world["area"]), position=1)
        meeting.invited_agencies.add(world["police"])
        with (
            mock.patch("marac.outbox.services.current_app.send_task", side_effect=ConnectionError),
            django_capture_on_commit_callbacks(execute=True),
        ):
            told = meeting_services.agenda_circulate(user=world["coordinator"], meeting=meeting, expected_version=None)
        assert told == 1
        assert sender.send_due().sent == 1
        assert mail.outbox[0].to == [world["rep"].email]
        assert mail.outbox[0].subject.startswith("MARAC agenda circulated")


class TestSending:
    def test_each_message_is_sent_once_however_often_the_sender_runs(self, world) -> None:
        write([world["rep"], world["coordinator"]])
        assert sender.send_due().sent == 2
        assert sender.send_due().sent == 0
        assert sorted(m.to[0] for m in mail.outbox) == sorted([world["rep"].email, world["coordinator"].email])
        assert OutboxMessage.objects.filter(sent_at__isnull=False, attempts=1).count() == 2

    def test_a_kill_mid_batch_resends_only_the_message_in_flight(self, world, make_member) -> None:
        """The sender dies after the mail server took the third message, before marking it sent."""
        people = [make_member(Role.REPRESENTATIVE, area=world["area"], agency=world["police"]) for _ in range(5)]
        write(people)
        delivered: list[str] = []
        real_send = mail.EmailMessage.send

        def dies_on_the_third(message, *args, **kwargs):
            delivered.append(message.to[0])
            real_send(message, *args, **kwargs)
            if len(delivered) == 3:
                raise SystemExit("worker killed")  # not an Exception: nothing in the sender catches it
            return 1

        with mock.patch("marac.outbox.sender.EmailMessage.send", dies_on_the_third), pytest.raises(SystemExit):
            sender.send_due()
        assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 2
        assert sender.send_due().sent == 3
        sent_to = [m.to[0] for m in mail.outbox]
        assert sorted(set(sent_to)) == sorted(p.email for p in people)  # none lost
        assert len(sent_to) - len(set(sent_to)) == 1  # one duplicate: the message in flight

    def test_a_failing_mail_server_never_drops_a_message(self, world) -> None:
        (message,) = write([world["rep"]], area_id=world["area"].pk)
        start = timezone.now()
        for attempt in range(1, 9):
            OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
            with fail_everything():
                assert sender.send_due().failed == 1
            message.refresh_from_db()
            assert message.attempts == attempt
            assert message.sent_at is None
            assert message.cancelled_at is None
            assert message.last_error == "ConnectionRefusedError"
            wait = message.next_attempt_at - start
            assert wait <= sender.LONGEST_RETRY + timedelta(minutes=1)
        assert sender.retry_delay(1) == timedelta(minutes=1)
        assert sender.retry_delay(5) == timedelta(minutes=16)
        assert sender.retry_delay(40) == sender.LONGEST_RETRY
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert sender.send_due().sent == 1

    def test_a_run_stops_when_the_mail_server_is_down(self, world, make_member) -> None:
        people = [make_member(Role.REPRESENTATIVE, area=world["area"], agency=world["police"]) for _ in range(6)]
        write(people)
        with fail_everything():
            report = sender.send_due()
        assert (report.failed, report.sent) == (sender.STOP_AFTER_FAILURES, 0)
        assert OutboxMessage.objects.filter(attempts=0).count() == 6 - sender.STOP_AFTER_FAILURES

    def test_a_try_scheduled_under_a_clock_since_put_back_is_due_now(self, world) -> None:
        (message,) = write([world["rep"]])
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + timedelta(days=10))
        assert sender.send_due().sent == 1

    def test_a_sender_whose_clock_is_a_little_behind_keeps_the_backoff(self, world) -> None:
        """Two workers' clocks a second apart: a message waiting the longest delay is not retried early."""
        (message,) = write([world["rep"]])
        failed_at = timezone.now()
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=8, next_attempt_at=failed_at + sender.retry_delay(8)
        )
        with mock.patch("django.utils.timezone.now", return_value=failed_at - timedelta(seconds=1)):
            assert sender.send_due().handled == 0

    def test_a_closed_account_is_not_sent_to(self, world) -> None:
        (message,) = write([world["rep"]])
        world["rep"].is_active = False
        world["rep"].save()
        assert sender.send_due().cancelled == 1
        message.refresh_from_db()
        assert message.cancelled_at is not None
        assert mail.outbox == []

    def test_queries_per_message_do_not_grow_with_the_backlog(self, world, make_member) -> None:
        def queries(n: int) -> int:
            OutboxMessage.objects.all().delete()
            write([make_member(Role.REPRESENTATIVE, area=world["area"], agency=world["police"]) for _ in range(n)])
            with CaptureQueriesContext(connection) as captured:
                assert sender.send_due().sent == n
            return len(captured)

        three, nine = queries(3), queries(9)
        per_message, rest = divmod(nine - three, 6)
        assert rest == 0  # the same queries for each message, whatever the backlog
        assert per_message <= 6


class TestNotices:
    def test_each_notice_emails_its_own_text(self, world) -> None:
        """Two notices in one run: each person gets both, each with its own text (not the newest twice)."""
        with transaction.atomic():
            notify([world["rep"]], key="first", message="First thing", link="/actions/", email=True)
            notify([world["rep"]], key="second", message="Second thing", link="/meetings/", email=True)
            notify([world["rep"]], key="first", message="First thing", link="/actions/", email=True)  # not again
        assert sender.send_due().sent == 2
        assert sorted(m.subject for m in mail.outbox) == ["MARAC: First thing", "MARAC: Second thing"]
        assert Notification.objects.filter(user=world["rep"]).count() == 2


class TestActionReminders:
    def action(self, world, *, due: int) -> Action:
        return Action.objects.create(
            case=CaseFactory(area=world["area"]),
            owner_agency=world["police"],
            description="Visit",
            focus="survivor",
            due_date=timezone.localdate() + timedelta(days=due),
            created_by=world["coordinator"],
        )

    def test_one_message_per_recipient_made_from_its_reminders(self, world) -> None:
        self.action(world, due=0)
        self.action(world, due=2)
        assert reminders.sweep() == 2
        message = OutboxMessage.objects.get(kind=MessageKind.ACTION_REMINDER)
        assert (message.recipient_id, message.area_id) == (world["rep"].pk, world["area"].pk)
        assert message.reminders.count() == 2
        assert sender.send_due().sent == 1
        assert mail.outbox[0].subject == "MARAC actions: 2 reminders"
        assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()

    def test_a_clock_jumped_ahead_and_back_loses_no_reminder_and_sends_none_early(self, world) -> None:
        late = self.action(world, due=5)
        today = timezone.localdate()
        # A sweep under a clock 15 days ahead writes "overdue" and "escalation" for an action not yet due.
        reminders.sweep(today=today + timedelta(days=15))
        assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {
            ReminderKind.OVERDUE,
            ReminderKind.ESCALATION,
        }
        # Back to the right date: nothing is sent ahead of its date, and the early rows are forgotten.
        assert sender.send_due().cancelled == 2  # one message each: the representative and the coordinator
        assert mail.outbox == []
        assert not ReminderDelivery.objects.exists()
        # Swept rows recorded on a date still ahead are not counted as sent either.
        reminders.sweep(today=today + timedelta(days=15))
        assert reminders.sweep(today=today) == 0
        assert not ReminderDelivery.objects.filter(swept_on__gt=today).exists()
        # When the action really is overdue, the reminder goes out.
        overdue_day = late.due_date + timedelta(days=1)
        with mock.patch("django.utils.timezone.localdate", return_value=overdue_day):
            assert reminders.sweep(today=overdue_day) == 1
            assert sender.send_due().sent == 1
        assert "Overdue: 1 action" in mail.outbox[0].body

    def test_a_finished_action_is_not_reminded(self, world) -> None:
        action = self.action(world, due=0)
        reminders.sweep()
        Action.objects.filter(pk=action.pk).update(status="completed")
        assert sender.send_due().cancelled == 1
        assert mail.outbox == []


class TestUndelivered:
    def failing(self, world, *, area=None) -> OutboxMessage:
        (message,) = write([world["rep"]], area_id=(area or world["area"]).pk)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=selectors.warn_after_attempts(), last_error="SMTPServerDisconnected"
        )
        return message

    def test_the_areas_coordinator_and_the_administrator_see_it(self, world, make_member, administrator) -> None:
        message = self.failing(world)
        elsewhere = make_member(Role.COORDINATOR, area=MaracAreaFactory())
        assert list(selectors.undelivered_for(world["coordinator"])) == [message]
        assert list(selectors.undelivered_for(elsewhere)) == []
        assert list(selectors.undelivered_for(world["rep"])) == []
        assert selectors.health().failing == 1
        assert not selectors.health().ok

    def test_the_page_warns_and_retry_now_tries_again(self, client, world) -> None:
        message = self.failing(world)
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=30))
        sign_in_verified(client, world["coordinator"])
        home = client.get(reverse("home")).content.decode()
        assert "1 message could not be delivered" in home
        page = client.get(reverse("outbox-undelivered")).content.decode()
        assert world["rep"].full_name.split()[0] in page
        assert "SMTPServerDisconnected" in page
        response = client.post(reverse("outbox-undelivered-retry"))
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.next_attempt_at <= timezone.now()
        assert AuditEvent.objects.filter(actor=world["coordinator"], object_type="marac.outboxmessage").exists()
        assert sender.send_due().sent == 1
        assert "could not be delivered" not in client.get(reverse("home")).content.decode()

    def test_a_representative_gets_not_found(self, client, world) -> None:
        self.failing(world)
        sign_in_verified(client, world["rep"])
        assert client.get(reverse("outbox-undelivered")).status_code == 404
        assert client.post(reverse("outbox-undelivered-retry")).status_code == 404
        assert "could not be delivered" not in client.get(reverse("home")).content.decode()

    def test_the_page_costs_the_same_queries_for_one_or_many(self, client, world) -> None:
        sign_in_verified(client, world["coordinator"])

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("outbox-undelivered")).status_code == 200
            return len(captured)

        self.failing(world)
        one = queries()
        for _ in range(5):
            self.failing(world)
        assert queries() == one
