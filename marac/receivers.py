"""Audit events for sign-in, sign-out and failed sign-in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from marac import audit
from marac.models import AuditVerb, User


@receiver(user_logged_in, dispatch_uid="marac-audit-sign-in")
def on_sign_in(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(actor=user, verb=AuditVerb.SIGN_IN, detail={"factor": "password"}, request=request)


@receiver(user_logged_out, dispatch_uid="marac-audit-sign-out")
def on_sign_out(sender: object, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, verb=AuditVerb.SIGN_OUT, request=request)


@receiver(user_login_failed, dispatch_uid="marac-audit-sign-in-failed")
def on_sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The attempted email is not stored (it may be mistyped personal data);
    # the account is linked only when it exists.
    email = credentials.get("email") or credentials.get("username") or ""
    actor = User.objects.filter(email__iexact=email).first() if email else None
    second_factor = bool(credentials.get("second_factor"))
    verb = AuditVerb.TWO_FACTOR_FAILED if second_factor else AuditVerb.SIGN_IN_FAILED
    audit.record(actor=actor, verb=verb, request=request)
