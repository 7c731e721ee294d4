"""The cases heard that run alongside other protective processes, and those due a multi-agency review
(part of the governance figures)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery

from cases.models import AgendaItem, MeetingStatus, Process, ProcessLink
from cases.processes.selectors import REVIEW_HEARINGS, YEAR
from governance.scope import Scope
from governance.suppression import Figure


def process_figures(scope: Scope) -> dict[str, Any]:
    """The ``processes`` and ``review_due`` fields of ``Figures``: for each process, the cases heard while
    linked to it (at the meeting's date); and the cases heard for at least the third time in 12 months."""
    items = scope.heard_items()
    linked = {
        process.value: Exists(
            ProcessLink.objects.filter(
                case_id=OuterRef("case_id"), process=process, started_on__lte=OuterRef("meeting__date")
            ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("meeting__date")))
        )
        for process in Process
    }
    hearings = (
        AgendaItem.objects.filter(
            case_id=OuterRef("case_id"),
            meeting__status__in=(MeetingStatus.HELD, MeetingStatus.IN_PROGRESS),
            meeting__date__lte=OuterRef("meeting__date"),
            meeting__date__gt=OuterRef("meeting__date") - timedelta(days=YEAR.days),
        )
        .order_by()
        .values("case_id")
        .annotate(n=Func(F("meeting_id"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)"))
        .values("n")
    )
    counted = items.annotate(
        **{f"in_{key}": expression for key, expression in linked.items()},
        hearings=Subquery(hearings, output_field=IntegerField()),
    ).aggregate(
        **{key: Count("case_id", distinct=True, filter=Q(**{f"in_{key}": True})) for key in linked},
        review_due=Count("case_id", distinct=True, filter=Q(hearings__gte=REVIEW_HEARINGS)),
    )
    return {
        "processes": [(process.label, Figure(counted[process.value])) for process in Process],
        "review_due": Figure(counted["review_due"]),
    }
