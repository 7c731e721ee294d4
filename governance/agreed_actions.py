"""The actions agreed in the period: by owning agency, overdue, and by focus
(part of the governance figures)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from actions.models import Action, ActionFocus, ActionStatus
from governance.scope import Scope
from governance.suppression import Figure, percent

OUTSTANDING = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


def agreed_in(scope: Scope) -> QuerySet[Action]:
    return Action.objects.filter(area__in=scope.areas, created_at__range=scope.period)


def action_figures(scope: Scope) -> dict[str, Any]:
    """The ``actions_by_agency``, ``oldest_overdue``, ``persistent_overdue`` and
    ``actions_by_focus`` fields of ``Figures``."""
    agreed = agreed_in(scope)
    today = min(scope.end, timezone.localdate())
    return {
        "actions_by_agency": _by_agency(agreed, today),
        **_overdue(scope, today),
        "actions_by_focus": _by_focus(agreed),
    }


def _by_agency(agreed: QuerySet[Action], today: date) -> list[dict[str, Any]]:
    rows = (
        agreed.values("owner_agency__name")
        .annotate(
            agreed=Count("id"),
            on_time=Count("id", filter=Q(status=ActionStatus.COMPLETED, closed_at__date__lte=F("due_date"))),
            late=Count("id", filter=Q(status=ActionStatus.COMPLETED, closed_at__date__gt=F("due_date"))),
            outstanding=Count("id", filter=Q(status__in=OUTSTANDING)),
            overdue=Count("id", filter=Q(status__in=OUTSTANDING, due_date__lt=today)),
            not_completed=Count("id", filter=Q(status=ActionStatus.NOT_COMPLETED)),
        )
        .order_by("owner_agency__name")
    )
    return [
        {
            "agency": r["owner_agency__name"],
            **{k: Figure(v, suppress=False) for k, v in r.items() if k != "owner_agency__name"},
        }
        for r in rows
    ]


def _overdue(scope: Scope, today: date) -> dict[str, Any]:
    """The oldest overdue action's due date, and how many are overdue by more
    than the shortest escalation period of the areas (whenever agreed)."""
    outstanding_overdue = Action.objects.filter(area__in=scope.areas, status__in=OUTSTANDING, due_date__lt=today)
    oldest = outstanding_overdue.order_by("due_date").values_list("due_date", flat=True).first()
    escalation_days = min((a.action_escalation_days for a in scope.areas), default=7)
    persistent = outstanding_overdue.filter(due_date__lt=today - timedelta(days=escalation_days)).count()
    return {"oldest_overdue": oldest, "persistent_overdue": Figure(persistent, suppress=False)}


def _by_focus(agreed: QuerySet[Action]) -> list[tuple[str, Figure, str]]:
    focus_rows = dict(agreed.values_list("focus").annotate(n=Count("id")))
    agreed_total = sum(focus_rows.values())
    return [
        (
            str(label),
            Figure(focus_rows.get(value, 0), suppress=False),
            percent(focus_rows.get(value, 0), agreed_total),
        )
        for value, label in ActionFocus.choices
    ]
