"""Action reminders: a set-based sweep that writes idempotency rows, and a sender.

The sweep inserts one ``ReminderDelivery`` row per action, kind, due date
and recipient with INSERT ... SELECT ... ON CONFLICT DO NOTHING: a single
statement per kind whatever the number of actions, and a repeated or
concurrent sweep inserts nothing twice. The sender claims unsent rows with
SELECT ... FOR UPDATE SKIP LOCKED, sends one email per recipient (no
personal data: references, due dates, counts and a link), and marks them
sent; failures are counted and retried with backoff, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReminderDelivery, ReminderKind
from marac.models import Role

MAX_ATTEMPTS = 5

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

SWEEP_SQL = {
    ReminderKind.DUE_SOON: f"""
        SELECT a.id, '{ReminderKind.DUE_SOON}', a.due_date, u.id, %(now)s, 0, ''
        FROM actions_action a {_AGENCY_RECIPIENTS}
        WHERE a.status IN ('open', 'in_progress') AND a.due_date > %(today)s
          AND a.due_date <= %(today)s + ar.action_due_soon_days
          AND COALESCE(p.digest_only, FALSE) = FALSE AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
    ReminderKind.DUE_TODAY: f"""
        SELECT a.id, '{ReminderKind.DUE_TODAY}', a.due_date, u.id, %(now)s, 0, ''
        FROM actions_action a {_AGENCY_RECIPIENTS}
        WHERE a.status IN ('open', 'in_progress') AND a.due_date = %(today)s
          AND COALESCE(p.digest_only, FALSE) = FALSE AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
    ReminderKind.OVERDUE: f"""
        SELECT a.id, '{ReminderKind.OVERDUE}', a.due_date, u.id, %(now)s, 0, ''
        FROM actions_action a {_AGENCY_RECIPIENTS}
        WHERE a.status IN ('open', 'in_progress') AND a.due_date < %(today)s
          AND COALESCE(p.digest_only, FALSE) = FALSE AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
    # Escalation goes to the area's coordinators, whatever their digest choice.
    ReminderKind.ESCALATION: f"""
        SELECT a.id, '{ReminderKind.ESCALATION}', a.due_date, u.id, %(now)s, 0, ''
        FROM actions_action a
        JOIN marac_maracarea ar ON ar.id = a.area_id
        JOIN marac_membership m ON m.area_id = a.area_id AND m.is_active AND m.role = '{Role.COORDINATOR}'
        JOIN marac_user u ON u.id = m.user_id AND u.is_active
        WHERE a.status IN ('open', 'in_progress') AND a.due_date <= %(today)s - ar.action_escalation_days
          AND {_NOT_CONFLICTED}""",  # nosec B608 # constants only
}


def sweep(*, today: date | None = None) -> int:
    """Write the reminders now due. Returns how many new rows were written
    (the caller queues ``send_pending`` when there are any)."""
    today = today or timezone.localdate()
    now = timezone.now()
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for select in SWEEP_SQL.values():
            cursor.execute(
                "INSERT INTO actions_reminderdelivery"
                " (action_id, kind, due_date, recipient_id, created_at, attempts, last_error) "
                + select
                + " ON CONFLICT ON CONSTRAINT reminder_once_per_action_kind_due DO NOTHING",
                {"today": today, "now": now},
            )
            created += cursor.rowcount
    return created


def _email_body(rows: list[ReminderDelivery]) -> tuple[str, str]:
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


def send_pending(*, limit: int = 500) -> int:
    """Send unsent reminders, one email per recipient. Returns emails sent."""
    sent = 0
    with transaction.atomic():
        claimed = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .select_related("recipient")
            .order_by("recipient_id", "id")[:limit]
        )
        by_recipient: dict[int, list[ReminderDelivery]] = defaultdict(list)
        for row in claimed:
            by_recipient[row.recipient_id].append(row)
        for rows in by_recipient.values():
            ids = [r.pk for r in rows]
            subject, body = _email_body(rows)
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [rows[0].recipient.email])
            except OSError as exc:
                ReminderDelivery.objects.filter(pk__in=ids).update(
                    attempts=F("attempts") + 1, last_error=type(exc).__name__
                )
                continue
            ReminderDelivery.objects.filter(pk__in=ids).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
            sent += 1
    return sent
