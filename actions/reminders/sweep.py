"""Action reminders: a set-based sweep that writes idempotency rows and their outbox messages.

The sweep inserts one ``ReminderDelivery`` row per action, kind, due date
and recipient with INSERT ... SELECT ... ON CONFLICT DO NOTHING: a single
statement per kind whatever the number of actions, and a repeated or
concurrent sweep inserts nothing twice. In the same transaction one more
statement gathers the new rows into one outbox message per recipient and
area. The outbox sender (``marac.outbox.sender``) sends each message, its
text made from its rows by ``render_reminders`` at that moment: references,
due dates, counts and a link, no personal data.

Clocks: a reminder is sent only once it is due by today's date (checked again
at sending), and a row written by a sweep whose "today" is still ahead (the
clock jumped forward, then back) is forgotten, so the reminder is written and
sent again when it is really due.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from actions.models import OUTSTANDING, Action, ReminderDelivery, ReminderKind
from marac.models import Role
from marac.outbox import services as outbox
from marac.outbox.models import MessageKind, OutboxMessage
from marac.outbox.sender import Email

_AGENCY_RECIPIENTS = f"""
    JOIN marac_maracarea ar ON ar.id = a.area_id
    JOIN marac_user u ON u.agency_id = a.owner_agency_id AND u.is_active
    JOIN marac_membership m ON m.user_id = u.id AND m.area_id = a.area_id AND m.is_active
        AND m.role = '{Role.REPRESENTATIVE}'
    LEFT JOIN actions_reminderpreference p ON p.user_id = u.id
"""
_NOT_CONFLICTED = (
    # ConflictOfInterest.objects.active() in SQL: a withdrawn conflict no longer stops reminders.
    "NOT EXISTS (SELECT 1 FROM cases_conflictofinterest ci WHERE ci.user_id = u.id AND ci.case_id = a.case_id"
    " AND ci.withdrawn_at IS NULL)"
)
_COLUMNS = "a.id, '{kind}', a.due_date, u.id, %(now)s, %(today)s"

SWEEP_SQL = {
    ReminderKind.DUE_SOON: f"""
        SELECT {_COLUMNS.format(kind=ReminderKind.DUE_SOON)}
        FROM actions_action a {_AGENCY_RECIPIENTS}
        WHERE a.status IN ('open', 'in_progress') AND a.due_date > %(today)s
          AND a.due_date <= %(today)s + ar.action_due_soon_days
          AND COALESCE(p.digest_only, FALSE) = FALSE AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
    ReminderKind.DUE_TODAY: f"""
        SELECT {_COLUMNS.format(kind=ReminderKind.DUE_TODAY)}
        FROM actions_action a {_AGENCY_RECIPIENTS}
        WHERE a.status IN ('open', 'in_progress') AND a.due_date = %(today)s
          AND COALESCE(p.digest_only, FALSE) = FALSE AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
    ReminderKind.OVERDUE: f"""
        SELECT {_COLUMNS.format(kind=ReminderKind.OVERDUE)}
        FROM actions_action a {_AGENCY_RECIPIENTS}
        WHERE a.status IN ('open', 'in_progress') AND a.due_date < %(today)s
          AND COALESCE(p.digest_only, FALSE) = FALSE AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
    # Escalation goes to the area's coordinators, whatever their digest choice.
    ReminderKind.ESCALATION: f"""
        SELECT {_COLUMNS.format(kind=ReminderKind.ESCALATION)}
        FROM actions_action a
        JOIN marac_maracarea ar ON ar.id = a.area_id
        JOIN marac_membership m ON m.area_id = a.area_id AND m.is_active AND m.role = '{Role.COORDINATOR}'
        JOIN marac_user u ON u.id = m.user_id AND u.is_active
        WHERE a.status IN ('open', 'in_progress') AND a.due_date <= %(today)s - ar.action_escalation_days
          AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
}

# One outbox message per recipient and area for the rows not yet in one; each row then names its message.
# (The UPDATE sees the rows inserted by the statements before it, in this transaction.)
MESSAGES_SQL = f"""
    WITH waiting AS (
        SELECT d.recipient_id, a.area_id, array_agg(d.id) AS ids
        FROM actions_reminderdelivery d JOIN actions_action a ON a.id = d.action_id
        WHERE d.message_id IS NULL AND d.sent_at IS NULL
        GROUP BY d.recipient_id, a.area_id
    ), written AS (
        INSERT INTO marac_outboxmessage
            (kind, recipient_id, area_id, subject, body, reference, created_at, next_attempt_at, attempts,
             last_error, cancel_reason)
        SELECT '{MessageKind.ACTION_REMINDER}', recipient_id, area_id, '', '', 'action reminders', %(now)s,
               %(now)s, 0, '', ''
        FROM waiting
        RETURNING id, recipient_id, area_id
    )
    UPDATE actions_reminderdelivery d SET message_id = written.id
    FROM written JOIN waiting USING (recipient_id, area_id)
    WHERE d.id = ANY(waiting.ids)
"""  # nosec B608 # constants only


def sweep(*, today: date | None = None) -> int:
    """Write the reminders now due and their outbox messages. Returns how many new reminders were written."""
    today = today or timezone.localdate()
    now = timezone.now()
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # Recorded on a date still ahead of today: not counted as sent (the clock went back).
        cursor.execute("DELETE FROM actions_reminderdelivery WHERE swept_on > %(today)s", {"today": today})
        for select in SWEEP_SQL.values():
            cursor.execute(
                "INSERT INTO actions_reminderdelivery (action_id, kind, due_date, recipient_id, created_at, swept_on) "
                + select
                + " ON CONFLICT ON CONSTRAINT reminder_once_per_action_kind_due DO NOTHING",
                {"today": today, "now": now},
            )
            created += cursor.rowcount
        cursor.execute(MESSAGES_SQL, {"now": now})
        if cursor.rowcount:
            transaction.on_commit(outbox.kick_sender)
    return created


def reminder_date(row: ReminderDelivery) -> date:
    """The date from which ``row``'s reminder is due."""
    area = row.action.area
    if row.kind == ReminderKind.DUE_SOON:
        return row.due_date - timedelta(days=area.action_due_soon_days)
    if row.kind == ReminderKind.OVERDUE:
        return row.due_date + timedelta(days=1)
    if row.kind == ReminderKind.ESCALATION:
        return row.due_date + timedelta(days=area.action_escalation_days)
    return row.due_date


def still_true(row: ReminderDelivery, today: date) -> bool:
    """Whether what the reminder says is still so: due soon before the day, due today on it."""
    if row.kind == ReminderKind.DUE_SOON:
        return today < row.due_date
    if row.kind == ReminderKind.DUE_TODAY:
        return today == row.due_date
    return True


def render_reminders(message: OutboxMessage) -> Email | None:
    """The text of an action reminders message, from its rows as they are now (run by the outbox sender in
    the message's transaction). Rows no longer to send are dropped: a finished action, a reminder whose
    moment has passed, or one not yet due by today's date (written under a clock since put back), which is
    forgotten so that it is written again when due. The rows sent are marked sent."""
    recipient = message.recipient
    if recipient is None or not recipient.is_active or not recipient.email:
        return None
    today = timezone.localdate()
    rows = list(
        ReminderDelivery.objects.select_for_update(of=("self",))
        .filter(message=message, sent_at__isnull=True)
        .select_related("action__area")
        .order_by("kind", "due_date", "pk")
    )
    send = [r for r in rows if r.action.status in OUTSTANDING and reminder_date(r) <= today and still_true(r, today)]
    dropped = [r.pk for r in rows if r not in send]
    if dropped:
        ReminderDelivery.objects.filter(pk__in=dropped).delete()
    if not send:
        return None
    ReminderDelivery.objects.filter(pk__in=[r.pk for r in send]).update(sent_at=timezone.now())
    subject, body = email_text(send)
    return Email(recipient.email, subject, body)


def email_text(rows: list[ReminderDelivery]) -> tuple[str, str]:
    by_kind: dict[str, list[ReminderDelivery]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    lines = []
    for kind in ReminderKind:
        group = by_kind.get(kind.value, [])
        if group:
            lines.append(f"{kind.label}: {len(group)} action{'s' if len(group) != 1 else ''}")
            lines.extend(f"  - {Action(pk=r.action_id).reference}, due {r.due_date:%-d %B %Y}" for r in group)
    link = f"{settings.MARAC_BASE_URL}{reverse('action-list')}"
    body = "\n".join(
        [
            "You have MARAC actions to look at:",
            "",
            *lines,
            "",
            f"Sign in to see and update them: {link}",
            "",
            "This email contains no personal information. Do not reply with case details.",
        ]
    )
    subject = f"MARAC actions: {len(rows)} reminder{'s' if len(rows) != 1 else ''}"
    return subject, body
