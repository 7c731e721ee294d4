"""Recovery codes: one-time codes (django-otp's static device) for signing in
without the authenticator app. Shown once when made; each works once."""

from __future__ import annotations

import re

from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from marac import audit
from marac.models import AuditVerb, User

CODE_COUNT = 10
DEVICE_NAME = "Recovery codes"
# StaticToken.random_token(): 8 characters of lower-case base 32.
CODE_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def normalise(code: str) -> str:
    """A code as typed (any case, spaces or hyphens) in the form it is stored."""
    return re.sub(r"[\s-]", "", code).lower()


def looks_like_recovery_code(code: str) -> bool:
    return bool(CODE_PATTERN.match(normalise(code)))


def create_recovery_codes(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """Replace the user's recovery codes with ``CODE_COUNT`` new ones, and return them (to show once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        codes: list[str] = []
        while len(codes) < CODE_COUNT:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(
            actor=user,
            verb=AuditVerb.CREATE,
            object_type="otp_static.staticdevice",
            object_id=device.pk,
            detail={"action": "recovery_codes", "count": CODE_COUNT},
            request=request,
        )
    return codes


def has_recovery_codes(user: User) -> bool:
    return bool(StaticToken.objects.filter(device__user=user, device__confirmed=True).exists())


def use_recovery_code(user: User, code: str) -> StaticDevice | None:
    """Spend one recovery code: the device it belongs to, or None if it is not one of the user's.
    The device is locked, so two requests cannot spend the same code."""
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not device.verify_token(normalise(code)):
            return None
        return device


def codes_left(device: StaticDevice) -> int:
    return int(device.token_set.count())
