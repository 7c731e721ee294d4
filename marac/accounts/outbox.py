"""Sending invitation emails: each ``Invitation`` row is the outbox entry for its own email.

The service that decides to invite writes the row; ``send_unsent`` (run by a
Celery task, any number of times) sends each unsent one in a transaction of
its own. The link's secret is made here, at sending, and only its hash is
stored, in the same transaction that marks the row sent: a row that fails to
send stays unsent and is tried again with a fresh secret. The email names no
one and says nothing about a case.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from marac.accounts.models import Invitation
from marac.accounts.selectors import token_hash

SUBJECT = "You have been invited to MARAC case management"


def invitation_email(secret: str, invitation: Invitation) -> str:
    link = settings.MARAC_BASE_URL + reverse("invitation-accept", args=[secret])
    expires = timezone.localtime(invitation.expires_at)
    return "\n".join(
        [
            "You have been given an account for MARAC case management.",
            "",
            "To start, open this link, choose a password and set up two-factor authentication:",
            link,
            "",
            f"The link works once, until {expires.day} {expires:%B %Y at %H:%M}.",
            "Do not forward this email: the link lets whoever opens it set up your account.",
            "If you were not expecting it, tell your MARAC's system administrator.",
            "",
            "This email contains no personal information. Do not reply with case details.",
        ]
    )


def _send_one(pk: int) -> bool:
    """Send one invitation's email if it is still due; True if sent."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True)
            .filter(
                pk=pk,
                email_sent_at__isnull=True,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if invitation is None:
            return False
        secret = secrets.token_urlsafe(32)
        invitation.token_hash = token_hash(secret)
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "email_sent_at"])
        # Inside the transaction: if sending fails, the row stays unsent and no hash is kept.
        send_mail(SUBJECT, invitation_email(secret, invitation), settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True


def send_unsent(*, limit: int = 200) -> int:
    """Send every unsent invitation email (oldest first). Returns how many were sent."""
    due = Invitation.objects.filter(
        email_sent_at__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("created_at", "pk")
    sent = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        try:
            sent += _send_one(pk)
        except OSError:
            continue  # the mail server refused: the row stays unsent, for the next run
    return sent
