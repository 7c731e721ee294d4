"""Each user's choice of action reminders: one each time an action is due, or a weekly digest."""

from __future__ import annotations

from django.db import transaction

from actions.models import ReminderPreference
from marac import audit
from marac.models import AuditVerb, User


def reminder_preference_for(user: User) -> ReminderPreference:
    """The user's choice; the default (a reminder each time), unsaved, if they have not made one.

    Reading never writes: the row is created when the user first saves a choice.
    """
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def reminder_preference_set(*, user: User, digest_only: bool) -> ReminderPreference:
    """Save the user's choice, with its audit event, in one transaction."""
    with transaction.atomic():
        preference, _ = ReminderPreference.objects.update_or_create(user=user, defaults={"digest_only": digest_only})
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=preference, detail={"digest_only": digest_only})
    return preference
