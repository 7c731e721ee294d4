"""What the actions app tells the case list (dependency inversion, ADR 8).

The case list filters by outstanding actions and shows how many each case has. Actions sit above
cases in the layers, so cases may not import them: ``actions.apps`` registers both readers here when
it is ready. Without them, no case has outstanding actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

# () -> a condition on cases: the case has an outstanding action (an EXISTS over ``OuterRef("pk")``).
OutstandingCondition = Callable[[], Q]
# Case ids -> {case id: outstanding actions on it} (one query, however many cases).
OutstandingCounter = Callable[[list[int]], dict[int, int]]


@dataclass
class _Registered:
    condition: OutstandingCondition | None = None
    counter: OutstandingCounter | None = None


_registered = _Registered()


def register_outstanding(*, condition: OutstandingCondition, counter: OutstandingCounter) -> None:
    """Filter and count outstanding actions with these (replacing any registered before)."""
    _registered.condition = condition
    _registered.counter = counter


def has_outstanding_actions() -> Q:
    """The condition "the case has an outstanding action", by the registered reader (none: no case has)."""
    condition = _registered.condition
    return condition() if condition is not None else Q(pk__in=[])


def outstanding_counts(case_ids: list[int]) -> dict[int, int]:
    """Case id -> its outstanding actions, by the registered counter."""
    counter = _registered.counter
    return counter(case_ids) if counter is not None and case_ids else {}
