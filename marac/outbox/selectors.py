"""Reading the outbox: what has not been delivered, for whom, and how the sender is doing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from marac.models import Role, User
from marac.outbox.models import DUE, OutboxMessage, due_now
from marac.selectors import area_ids_for, is_system_administrator

__all__ = ["DUE", "OutboxHealth", "can_see_undelivered", "health", "undelivered_for"]


def warn_after_attempts() -> int:
    """Failed attempts after which a message is shown as not delivered (it is still retried)."""
    return int(getattr(settings, "MARAC_OUTBOX_WARN_AFTER_ATTEMPTS", 5))


def stuck_after() -> timedelta:
    """A due message not tried for this long means the sender is not running."""
    return timedelta(seconds=int(getattr(settings, "MARAC_OUTBOX_STUCK_SECONDS", 600)))


def can_see_undelivered(user: User) -> bool:
    return bool(user.is_authenticated and (is_system_administrator(user) or area_ids_for(user, [Role.COORDINATOR])))


def undelivered_for(user: User) -> QuerySet[OutboxMessage]:
    """Messages that have failed ``warn_after_attempts`` times and are still to send, that ``user`` looks after:
    a superuser all of them; a system administrator those of the areas they administer and those of no area;
    a coordinator their areas'."""
    failing = OutboxMessage.objects.filter(DUE, attempts__gte=warn_after_attempts())
    if not user.is_authenticated:
        return failing.none()
    if user.is_superuser:
        return failing
    areas = set(area_ids_for(user, [Role.COORDINATOR, Role.ADMINISTRATOR]))
    looks_after = Q(area_id__in=sorted(areas))
    if is_system_administrator(user):
        looks_after |= Q(area__isnull=True)
    elif not areas:
        return failing.none()
    return failing.filter(looks_after)


def undelivered_page(user: User, *, limit: int = 200) -> list[OutboxMessage]:
    """The oldest undelivered messages the user looks after, with their recipient and area (one query)."""
    return list(undelivered_for(user).select_related("recipient", "area").order_by("created_at", "pk")[:limit])


def undelivered_count(user: User) -> int:
    if not can_see_undelivered(user):
        return 0
    return undelivered_for(user).count()


@dataclass(frozen=True)
class OutboxHealth:
    due: int
    failing: int
    oldest_due_seconds: float | None

    @property
    def ok(self) -> bool:
        late = self.oldest_due_seconds is not None and self.oldest_due_seconds > stuck_after().total_seconds()
        return not self.failing and not late


def health() -> OutboxHealth:
    """For /health/: how many messages wait, how many keep failing, and how late the most overdue one is."""
    now = timezone.now()
    due = due_now(now)
    figures = OutboxMessage.objects.filter(DUE).aggregate(
        due=Count("pk", filter=due),
        failing=Count("pk", filter=Q(attempts__gte=warn_after_attempts())),
        oldest=Min("next_attempt_at", filter=due),
    )
    oldest = figures["oldest"]
    return OutboxHealth(
        due=figures["due"],
        failing=figures["failing"],
        # A try scheduled under a clock since put back counts from now.
        oldest_due_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else None,
    )
