"""The invitation email's text, made at sending by the outbox (docs/adr/0011-outbox.md).

The service that invites (or sends an invitation again) writes an outbox row
naming the invitation. When the sender takes it, ``render_invitation`` makes
the link's secret and stores only its hash, in the transaction that marks the
message sent: a send that fails undoes the hash, and the next try makes a
fresh secret. The email names no one and says nothing about a case.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from marac.accounts.models import Invitation
from marac.accounts.selectors import token_hash
from marac.outbox.models import OutboxMessage
from marac.outbox.sender import Email

SUBJECT = "You have been invited to MARAC case management"
REFERENCE_PREFIX = "invitation:"


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


def reference_for(invitation: Invitation) -> str:
    return f"{REFERENCE_PREFIX}{invitation.pk}"


def render_invitation(message: OutboxMessage) -> Email | None:
    """The email for the invitation the message names, with a new one-time link; None (nothing to send) if it
    was sent since this message was written, or has been accepted, withdrawn or has expired."""
    pk = int(message.reference.removeprefix(REFERENCE_PREFIX))
    invitation = (
        Invitation.objects.select_for_update()
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
        return None
    secret = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(secret)
    invitation.email_sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "email_sent_at"])
    return Email(invitation.email, SUBJECT, invitation_email(secret, invitation))
