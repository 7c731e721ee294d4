"""The survivors' needs among the cases heard (part of the governance figures).

The needs the source reports say MARACs miss (cases.models.needs): how many of
the cases heard in the period had each one in force at some time in it. One
grouped count in SQL; small numbers suppressed as everywhere (``Figure``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from cases.models import CaseNeed, NeedKind
from governance.scope import Scope
from governance.suppression import Figure


def need_figures(scope: Scope) -> dict[str, Any]:
    """The ``needs`` field of ``Figures``: one row per kind of need, in a fixed order (zero rows too)."""
    first, last = scope.period
    counts = dict(
        CaseNeed.objects.filter(case_id__in=scope.heard_items().values("case_id"), set_at__lte=last)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=first))
        .values("kind")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
        .values_list("kind", "n")
    )
    return {"needs": [(str(kind.label), Figure(counts.get(kind.value, 0))) for kind in NeedKind]}
