"""Read queries for cases. Views and the API read case data only through these."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from .models import Case, CaseStatus


def case_counts_by_area(*, area_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Aggregate counts per area (no personal data): open cases and all cases."""
    ids = list(area_ids)
    if not ids:
        return {}
    open_statuses = [CaseStatus.REFERRED, CaseStatus.LISTED, CaseStatus.HEARD]
    rows = (
        Case.objects.filter(area_id__in=ids)
        .values("area_id")
        .annotate(total=Count("id"), open=Count("id", filter=Q(status__in=open_statuses)))
    )
    return {row["area_id"]: {"total": row["total"], "open": row["open"]} for row in rows}
