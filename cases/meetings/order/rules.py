"""The agenda's suggested order (SafeLives), as a rule with no database in it.

The order applied by "Apply the suggested order":

1. cases with children in the household first, so children's services can leave afterwards; then
   adult-only cases;
2. within each of those groups: repeats first (the case was heard at a MARAC in the 12 months
   before this meeting: the earlier plan is reviewed while it is fresh), then cases never heard at a
   MARAC, then cases whose last MARAC was more than 12 months before this meeting;
3. within each of those, the order the agenda had (stable: applying it twice changes nothing, and
   the coordinator's own ordering inside a group is kept).

The same dates give the agenda's flags "Repeat: heard <date>" and "12 months since last MARAC".
"""

from __future__ import annotations

from datetime import date

from cases.referrals.criteria import REPEAT_WINDOW_MONTHS, add_months

REPEAT, NEW, LAPSED = 0, 1, 2


def hearing_group(last_heard_on: date | None, meeting_date: date) -> int:
    """REPEAT if heard at a MARAC within 12 months before ``meeting_date`` (the anniversary counts),
    LAPSED if heard earlier than that, NEW if never heard (or only at this meeting)."""
    if last_heard_on is None or last_heard_on >= meeting_date:
        return NEW
    if meeting_date <= add_months(last_heard_on, REPEAT_WINDOW_MONTHS):
        return REPEAT
    return LAPSED


def hearing_flag(last_heard_on: date | None, meeting_date: date) -> str | None:
    """The agenda flag for when the case was last heard, if it was."""
    group = hearing_group(last_heard_on, meeting_date)
    if group == REPEAT and last_heard_on is not None:
        return f"Repeat: heard {last_heard_on:%-d %B %Y}"
    if group == LAPSED:
        return "12 months since last MARAC"
    return None


def suggested_key(*, has_children: bool, last_heard_on: date | None, meeting_date: date) -> tuple[int, int]:
    """Sort key of one case (Python's sort is stable: ties keep the agenda's order)."""
    return (0 if has_children else 1, hearing_group(last_heard_on, meeting_date))
