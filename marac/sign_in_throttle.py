"""Sign-in throttling: a progressive delay, never a lock an attacker can hold.

Failed passwords and two-factor codes are counted per account (whatever the
browser or address, so changing the user agent gains nothing) and per client
address across accounts (password spraying). Up to the free limit nothing
happens; after it, each further attempt must wait ``2 ** k`` seconds (capped at
``MARAC_SIGN_IN_MAX_DELAY_SECONDS``) before a password or code is even checked.
Attempts refused during the wait are not counted, so nobody can extend the
delay beyond the cap: once it has passed, the right password works.

Only a keyed hash (HMAC with ``SECRET_KEY``) of the email or address is
stored, so a mistyped email is never kept in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from marac import audit
from marac.models import AuditVerb, SignInThrottle, User

# Failures older than this are forgotten (and purged by a housekeeping task).
FORGET_AFTER = timedelta(hours=24)


def wait_message(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"There have been too many attempts to sign in. Wait {seconds} {unit} before trying again."


def _key(scope: str, value: str) -> str:
    message = f"{scope}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _scopes(request: HttpRequest, email: str) -> list[tuple[str, int]]:
    """(key, free attempts) for the account and, when known, the client address."""
    scopes = [(_key("account", email), settings.MARAC_SIGN_IN_FREE_ATTEMPTS)]
    address = audit.client_ip(request)
    if address:
        scopes.append((_key("address", address), settings.MARAC_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS))
    return scopes


def delay_after(failures: int, free_attempts: int) -> int:
    """Seconds to wait after the ``failures``-th failure: none up to the free
    limit, then 2, 4, 8, ... up to the cap."""
    if failures < free_attempts:
        return 0
    exponent = min(failures - free_attempts + 1, 32)
    return int(min(2**exponent, settings.MARAC_SIGN_IN_MAX_DELAY_SECONDS))


def seconds_to_wait(request: HttpRequest, email: str) -> int:
    """How long this attempt must wait (0: it may be checked now)."""
    now = timezone.now()
    keys = [key for key, _ in _scopes(request, email)]
    until = SignInThrottle.objects.filter(key__in=keys, blocked_until__gt=now).aggregate(until=Max("blocked_until"))
    if until["until"] is None:
        return 0
    remaining: timedelta = until["until"] - now
    return max(1, math.ceil(remaining.total_seconds()))


def refuse(request: HttpRequest, email: str, seconds: int) -> None:
    """Record an attempt refused because it came too soon."""
    actor = request.user if request.user.is_authenticated else User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        audit.record(actor=actor, verb=AuditVerb.LOCKED_OUT, detail={"wait_seconds": seconds}, request=request)


def record_failure(request: HttpRequest, email: str) -> None:
    """Count a wrong password or code against the account and the address."""
    now = timezone.now()
    with transaction.atomic():
        for key, free_attempts in _scopes(request, email):
            row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key, defaults={"last_failure": now})
            if row.last_failure < now - FORGET_AFTER:
                row.failures = 0
            row.failures += 1
            row.last_failure = now
            delay = delay_after(row.failures, free_attempts)
            row.blocked_until = now + timedelta(seconds=delay) if delay else None
            row.save(update_fields=["failures", "last_failure", "blocked_until"])


def record_success(email: str) -> None:
    """A complete sign-in (password and second factor) clears the account's count.
    The address's count stays: one good account must not reset spraying."""
    SignInThrottle.objects.filter(key=_key("account", email)).delete()


def purge_forgotten() -> int:
    """Delete counts past ``FORGET_AFTER`` whose wait is over."""
    cutoff = timezone.now() - FORGET_AFTER
    deleted, _ = SignInThrottle.objects.filter(last_failure__lt=cutoff).delete()
    return deleted
