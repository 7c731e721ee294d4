"""Reads of a case's status history (the caller has already checked the user may see the case)."""

from __future__ import annotations

from django.db.models import QuerySet

from cases.models import Case, CaseStatusChange


def status_history(case: Case) -> QuerySet[CaseStatusChange]:
    """The case's status changes, newest first, with who made each (one query, however many)."""
    return case.status_changes.select_related("changed_by").order_by("-changed_at", "-id")
