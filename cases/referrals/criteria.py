"""Referral criteria: the one place that decides why a referral meets MARAC's criteria.

SafeLives' criteria (docs/domain.md, stage 1 Referral), any of which may apply
at once:

* visible high risk: the checklist score (number of "yes" answers) is at or
  above the area's threshold (default 14);
* potential escalation: police call-outs for domestic abuse in the window
  (default 12 months) are at or above the area's count (default 3);
* repeat: a further incident within 12 months of the last referral to MARAC;
* professional judgement: any score, with a written rationale.

Professional judgement may raise but never lower what the score says: it only
ever adds a reason. Nothing here blocks a referral: SafeLives does not
recommend screening, so a referral below the threshold is offered the chance to
give a professional-judgement reason, and is heard either way.

Pure module: no database access, no Django imports.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

__all__ = [
    "RATIONALE_REQUIRED",
    "REPEAT_WINDOW_MONTHS",
    "Criteria",
    "Reason",
    "Thresholds",
    "add_months",
    "compute_criteria",
    "criteria_errors",
    "is_repeat_date",
]

# SafeLives: a repeat is a further incident within 12 months of the last referral.
REPEAT_WINDOW_MONTHS = 12

RATIONALE_REQUIRED = "Explain your professional judgement: why is this person at high risk of serious harm?"


class Reason(StrEnum):
    """Why a referral meets MARAC's criteria. Declaration order is display order."""

    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def describe(self, thresholds: Thresholds) -> str:
        """A sentence explaining the reason with the area's own numbers."""
        if self is Reason.VISIBLE_HIGH_RISK:
            return f"{thresholds.visible_high_risk} or more 'yes' answers on the risk checklist"
        if self is Reason.POTENTIAL_ESCALATION:
            return (
                f"{thresholds.escalation_callouts} or more police call-outs for domestic abuse "
                f"in the past {thresholds.escalation_window_months} months"
            )
        if self is Reason.REPEAT:
            return f"A further incident within {REPEAT_WINDOW_MONTHS} months of the last referral to MARAC"
        return "The referrer's professional judgement, with a written reason"


_LABELS: dict[Reason, str] = {
    Reason.VISIBLE_HIGH_RISK: "Visible high risk",
    Reason.PROFESSIONAL_JUDGEMENT: "Professional judgement",
    Reason.POTENTIAL_ESCALATION: "Potential escalation",
    Reason.REPEAT: "Repeat referral",
}
_ORDER: dict[Reason, int] = {reason: index for index, reason in enumerate(Reason)}


class AreaThresholdSettings(Protocol):
    """What Thresholds.for_area reads: a MaracArea, or anything shaped like one."""

    @property
    def visible_high_risk_threshold(self) -> int: ...
    @property
    def escalation_callouts(self) -> int: ...
    @property
    def escalation_window_months(self) -> int: ...


@dataclass(frozen=True)
class Thresholds:
    """An area's referral thresholds. Defaults are SafeLives': 14 "yes" answers; 3 call-outs in 12 months."""

    visible_high_risk: int = 14
    escalation_callouts: int = 3
    escalation_window_months: int = 12

    def __post_init__(self) -> None:
        for name in ("visible_high_risk", "escalation_callouts", "escalation_window_months"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number, 1 or more (got {value!r})")

    @classmethod
    def for_area(cls, area: AreaThresholdSettings) -> Thresholds:
        return cls(
            visible_high_risk=area.visible_high_risk_threshold,
            escalation_callouts=area.escalation_callouts,
            escalation_window_months=area.escalation_window_months,
        )


@dataclass(frozen=True)
class Criteria:
    """The outcome of compute_criteria.

    ``meets_threshold``: visible high risk, potential escalation or repeat
    applies, so the referral meets the criteria without professional judgement.
    ``offer_professional_judgement``: the opposite; the form must then ask for
    a professional-judgement reason (it stays True once one is given, since the
    question must stay on the form). Neither ever blocks submission.
    """

    score: int
    callouts: int | None
    reasons: frozenset[Reason]
    meets_threshold: bool
    offer_professional_judgement: bool

    @property
    def sorted_reasons(self) -> tuple[Reason, ...]:
        """The reasons in a stable order: visible high risk, professional judgement, escalation, repeat."""
        return tuple(sorted(self.reasons, key=_ORDER.__getitem__))


def compute_criteria(
    *,
    score: int,
    callouts: int | None,
    professional_judgement: bool,
    rationale: str,
    is_repeat: bool,
    thresholds: Thresholds,
) -> Criteria:
    """Which criteria a referral meets. Several may apply at once.

    ``callouts`` is None when the number of police call-outs is not known: it
    then gives no reason. Professional judgement counts only with a rationale
    that is not blank, and only ever adds a reason. Raises ValueError for a
    negative score or call-out count (criteria_errors reports those on a form).
    """
    if score < 0:
        raise ValueError("score must be 0 or more")
    if callouts is not None and callouts < 0:
        raise ValueError("callouts must be 0 or more")
    reasons: set[Reason] = set()
    if score >= thresholds.visible_high_risk:
        reasons.add(Reason.VISIBLE_HIGH_RISK)
    if callouts is not None and callouts >= thresholds.escalation_callouts:
        reasons.add(Reason.POTENTIAL_ESCALATION)
    if is_repeat:
        reasons.add(Reason.REPEAT)
    meets_threshold = bool(reasons)
    if professional_judgement and rationale.strip():
        reasons.add(Reason.PROFESSIONAL_JUDGEMENT)
    return Criteria(
        score=score,
        callouts=callouts,
        reasons=frozenset(reasons),
        meets_threshold=meets_threshold,
        offer_professional_judgement=not meets_threshold,
    )


def criteria_errors(
    *, professional_judgement: bool, rationale: str, score: int, callouts: int | None
) -> dict[str, str]:
    """Form errors, field -> message. Being below the threshold is never an error."""
    errors: dict[str, str] = {}
    if professional_judgement and not rationale.strip():
        errors["rationale"] = RATIONALE_REQUIRED
    if score < 0:
        errors["score"] = "Number of yes answers must be 0 or more"
    if callouts is not None and callouts < 0:
        errors["callouts"] = "Number of police call-outs must be 0 or more"
    return errors


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the last day of the month when that day does not exist.

    add_months(date(2024, 2, 29), 12) == date(2025, 2, 28).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_repeat_date(*, last_referral: date, incident: date, window_months: int = REPEAT_WINDOW_MONTHS) -> bool:
    """Whether an incident falls in the repeat window of the last referral to MARAC.

    True when the incident is after the last referral date and on or before its
    anniversary (``window_months`` later): the anniversary day itself counts as
    within 12 months; the day after is a new referral, not a repeat. The
    anniversary of 29 February in a year without one is 28 February.

    An incident on or before the date of the last referral is not a *further*
    incident: it was, or could have been, part of that referral, so this gives
    False. Whether the pair of people (victim and perpetrator) is the same is
    for the caller to decide; this compares dates only.
    """
    if window_months < 1:
        raise ValueError("window_months must be 1 or more")
    return last_referral < incident <= add_months(last_referral, window_months)
