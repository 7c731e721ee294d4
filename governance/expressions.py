"""SQL expressions the governance figures and the data return share."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Aggregate, DurationField, Func, IntegerField


def age_at(when: Any, born: Any) -> Func:
    """Age in whole years on a date (PostgreSQL AGE)."""
    return Func(
        Func(when, born, function="AGE"),
        template="DATE_PART('year', %(expressions)s)",
        output_field=IntegerField(),
    )


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def in_days(value: timedelta | None) -> float | None:
    """A duration in days, to one decimal place (None stays None)."""
    return None if value is None else round(value.total_seconds() / 86400, 1)
