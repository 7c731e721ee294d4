from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def bar_width(value: Any, maximum: Any) -> int:
    """Width of a chart bar in per cent (0 to 100) of the largest value."""
    value = getattr(value, "value", value) or 0
    maximum = getattr(maximum, "value", maximum) or 0
    return 0 if not maximum else max(1, round(100 * int(value) / int(maximum))) if value else 0


@register.filter
def largest(rows: Any, index: int = 1) -> int:
    """The largest value in rows of (label, Figure, ...)."""
    values = [int(getattr(row[int(index)], "value", row[int(index)])) for row in rows] if rows else []
    return max(values, default=0)
