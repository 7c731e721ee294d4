from __future__ import annotations

from collections.abc import Iterable

from django import template

from cases.referrals.criteria import Reason

register = template.Library()


@register.filter
def reason_labels(values: Iterable[str]) -> str:
    """Stored criteria values as plain words: "Visible high risk, Repeat referral"."""
    labels = []
    for value in values or []:
        try:
            labels.append(Reason(value).label)
        except ValueError:
            labels.append(str(value))
    return ", ".join(labels)


@register.filter
def get_count(counts: dict[int, int], key: int) -> int:
    """``counts|get_count:meeting.pk``: a count from a dict, 0 when absent."""
    return int((counts or {}).get(key, 0))
