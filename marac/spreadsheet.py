"""CSV exports that a spreadsheet opens safely.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before reading such a character) is run
as a formula when the file is opened: a finding or an action typed as
``=HYPERLINK(...)`` would then act on the reader's machine. Every CSV export
writes through ``csv_writer``, which prefixes such text with a single quote
(the OWASP advice), so the spreadsheet shows it as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: object) -> object:
    """``value``, with text that a spreadsheet would read as a formula made plain text.

    Numbers, dates and other values are written as they are: they are never formulas.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every cell passes through ``safe_cell``."""

    def __init__(self, stream: _Writable) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])


def csv_writer(stream: _Writable) -> SafeCsvWriter:
    """The writer every CSV export uses (an ``HttpResponse`` is a stream)."""
    return SafeCsvWriter(stream)
