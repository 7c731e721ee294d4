"""Small numbers in the governance figures.

Counts from 1 to 4 are shown as "fewer than 5" wherever they could identify a
person; percentages are shown only when their base is 5 or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class Figure:
    """A count, shown suppressed when it could identify someone."""

    value: int
    suppress: bool = True

    @property
    def display(self) -> str:
        if self.suppress and 0 < self.value < SUPPRESS_BELOW:
            return f"fewer than {SUPPRESS_BELOW}"
        return f"{self.value:,}"

    @property
    def plain(self) -> str:
        """As :attr:`display`, without thousands separators (for CSV)."""
        return self.display.replace(",", "")

    @property
    def suppressed(self) -> bool:
        return self.suppress and 0 < self.value < SUPPRESS_BELOW

    def __str__(self) -> str:
        return self.display


def percent(part: int, whole: int) -> str:
    if whole < SUPPRESS_BELOW:
        return "not shown (base fewer than 5)" if whole else "none"
    if 0 < part < SUPPRESS_BELOW:
        return "not shown (fewer than 5)"
    share = (Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share}%"
