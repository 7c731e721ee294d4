"""The quarterly reminder to confirm who in each agency still needs access.

In-app notices belong to ``cases`` (``cases.notifications.notify``), a layer
above this one (docs/adr/0008-layers.md), so ``marac`` may not import them.
As the ADR asks for upward needs, this module says what it needs (a
``Notifier``) and ``cases`` registers ``notify`` when it is ready
(``cases.apps``). Without one nothing is sent; the account pages still show
the review as due.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from django.db import transaction
from django.urls import reverse

from marac.accounts.models import AccountReview
from marac.accounts.selectors import quarter_of
from marac.models import Membership, Role, User

MESSAGE = "Confirm who in your agency still needs access"


class Notifier(Protocol):
    def __call__(
        self, users: Iterable[User | int], *, key: str, message: str, link: str, email: bool, area_id: int | None
    ) -> list[int]: ...


_notifier: list[Notifier] = []


def register_notifier(notifier: Notifier) -> None:
    """Send the reminders with ``notifier`` (replacing any registered before)."""
    _notifier[:] = [notifier]


def review_key(quarter: str, area_id: int, agency_id: int) -> str:
    return f"account-review:{quarter}:{area_id}:{agency_id}"


def send_quarterly_reminders(today: date) -> int:
    """Tell each representative, once a quarter, to confirm their agency's accounts in each of their areas
    (unless that quarter's review is already done). Safe to run any number of times: the notice's key
    is the quarter, area and agency. Returns how many people were newly told."""
    if not _notifier:
        return 0
    notify = _notifier[0]
    quarter = quarter_of(today)
    done = set(AccountReview.objects.filter(quarter=quarter).values_list("area_id", "agency_id"))
    representatives: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        role=Role.REPRESENTATIVE, is_active=True, area__is_active=True, user__is_active=True, user__agency__isnull=False
    ).values_list("area_id", "user__agency_id", "user_id")
    for area_id, agency_id, user_id in rows:
        if (area_id, agency_id) not in done:
            representatives[(area_id, agency_id)].append(user_id)
    told = 0
    for (area_id, agency_id), user_ids in sorted(representatives.items()):
        link = reverse("account-review", args=[area_id, agency_id])
        with transaction.atomic():
            key = review_key(quarter, area_id, agency_id)
            told += len(notify(user_ids, key=key, message=MESSAGE, link=link, email=True, area_id=area_id))
    return told
