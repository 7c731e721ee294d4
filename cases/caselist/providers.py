"""What the actions app tells the case list (dependency inversion, ADR 8).

The case list filters by outstanding actions and shows how many each case has. Actions sit above
cases in the layers, so cases may not import them: ``actions.apps`` registers both readers here when
it is ready. Without them, no case has outstanding actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

# () -> a condition on cases: the case has an outstanding action (an EXISTS over ``OuterRef("pk")``).
OutstandingCondition = Callable[[], Q]
# Case ids -> {case id: outstanding actions on it} (one query, however many cases).
OutstandingCounter = Callable[[list[int]], dict[int, int]]


def per_case(*rows: QuerySet[Any], second: QuerySet[Any] | None = None) -> Q:
    """The case (``OuterRef("pk")``) has any of ``rows`` (each a queryset correlated to it), or a second row of
    ``second``: each a scalar sub-select of one row, probed per case on its index. Written so, not as EXISTS,
    because PostgreSQL may turn an EXISTS into a hash of every matching row in the country, which at 1,000,000
    cases costs more than probing the few hundred cases a page walks."""
    probes = [_one(q) for q in rows]
    if second is not None:
        probes.append(_one(second, offset=1))
    return Q(Coalesce(*probes, Value(False), output_field=BooleanField()))


def _one(rows: QuerySet[Any], offset: int = 0) -> Subquery:
    found = rows.order_by().annotate(found=Value(True, output_field=BooleanField())).values("found")
    return Subquery(found[offset : offset + 1], output_field=BooleanField())


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
