"""Writing audit events. Call inside the transaction of the change it records."""

from __future__ import annotations

import functools
import ipaddress
import re
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest

from marac.models import AuditEvent, AuditVerb, MaracArea, User

# Detail values are identifiers, counts, flags or field names: never free text.
_SAFE_TEXT = re.compile(r"^[\w.:/-]{0,80}$")


class UnsafeAuditDetailError(ValueError):
    """Raised when audit detail looks like free text (it could hold personal data)."""


def _check_detail(value: Any, path: str = "detail") -> None:
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        if not _SAFE_TEXT.match(value):
            raise UnsafeAuditDetailError(f"{path} must be an identifier, not free text")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_detail(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not _SAFE_TEXT.match(key):
                raise UnsafeAuditDetailError(f"{path} keys must be identifiers")
            _check_detail(item, f"{path}.{key}")
        return
    raise UnsafeAuditDetailError(f"{path} holds an unsupported type")


@functools.cache
def _trusted_networks(setting: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in setting if item.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.MARAC_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy
    (``MARAC_TRUSTED_PROXIES``), the rightmost X-Forwarded-For hop that is not
    itself a trusted proxy. Hops left of it could be forged by the client."""
    if request is None:
        return None
    address: str | None = request.META.get("REMOTE_ADDR") or None
    if address is None or not _is_trusted(address):
        return address
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(forwarded):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address  # A malformed hop: keep the proxy's own address rather than guess.
        if not _is_trusted(hop):
            return hop
    return forwarded[0] if forwarded else address


def record(
    *,
    actor: User | None,
    verb: AuditVerb | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    area: MaracArea | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one audit event.

    ``obj`` names the object by its model label and primary key; no string
    representation of it is stored, since that could carry a person's name.
    """
    detail = detail or {}
    _check_detail(detail)
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = obj.pk
        if area is None:
            area = getattr(obj, "area", None) if not isinstance(obj, MaracArea) else obj
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        verb=str(verb),
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        area=area,
        detail=detail,
        ip_address=client_ip(request),
    )


def record_read(
    request: HttpRequest,
    obj: models.Model | None = None,
    *,
    page: str = "",
    verb: AuditVerb | str = AuditVerb.VIEW,
    area: MaracArea | None = None,
    object_type: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that the signed-in user read (or exported) case data, in its own transaction.

    ``page`` names the kind of page or output ("research", "pdf"); the event
    says who read what and when, never what was shown.
    """
    detail = {**({"page": page} if page else {}), **(detail or {})}
    actor = request.user if isinstance(request.user, User) else None
    with transaction.atomic():
        return record(
            actor=actor, verb=verb, obj=obj, object_type=object_type, area=area, detail=detail, request=request
        )
