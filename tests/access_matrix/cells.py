"""The grammar of the access matrix (table.py): outcomes, personas' cells, rows and the helpers that build them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tests.access_matrix.personas import PERSONAS

OK, HIDDEN, SIGNIN, REFUSED, NO_GET, NO_POST = "ok", "hidden", "signin", "refused", "no_get", "no_post"
NONE = ("-",)  # the route names no object: requested once

Cell = str | Mapping[str, str]  # one outcome, or one per situation
Expect = Mapping[str, Cell]  # persona -> cell

SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")

CASES = ("listed", "heard", "closed", "expired", "transferred", "restricted", "conflict")
ITEMS = ("listed", "heard", "closed", "expired", "restricted", "conflict")
MEETINGS = ("listed", "heard")  # the circulated and the held meeting
ACTIONS = ("listed", "heard", "closed", "expired", "conflict")
REFERRALS = ("draft", "submitted")


def by(default: str = HIDDEN, **situations: str) -> dict[str, str]:
    """One outcome per situation: ``default`` unless named."""
    return {"*": default, **situations}


def everyone(outcome: str, **personas: Cell) -> dict[str, Cell]:
    """Every signed-in persona gets ``outcome`` unless named."""
    return {**dict.fromkeys(SIGNED_IN, outcome), **personas}


def only(**personas: Cell) -> dict[str, Cell]:
    """The named personas as given; every other signed-in persona: hidden."""
    return everyone(HIDDEN, **personas)


@dataclass(frozen=True)
class Row:
    situations: tuple[str, ...]
    get: Expect
    post: Expect
    public: bool = False  # answers anonymous requests too
    notes: str = field(default="", compare=False)


def outcome(cell: Cell, situation: str) -> str:
    if isinstance(cell, str):
        return cell
    return cell.get(situation, cell["*"])


def expected(row: Row, method: str, persona: str, situation: str) -> str:
    if persona == "anonymous" and not row.public:
        return SIGNIN
    table = row.get if method == "get" else row.post
    return outcome(table[persona], situation)


ALL_NO_GET = everyone(NO_GET)
ALL_NO_POST = everyone(NO_POST)


ALL_SITUATIONS = (
    "-",
    "draft",
    "submitted",
    "listed",
    "heard",
    "closed",
    "expired",
    "transferred",
    "restricted",
    "conflict",
)


def acting(actors: Expect, seers: Expect) -> dict[str, Cell]:
    """An action on something: ``actors`` as given; a persona who sees the thing but may not act on it is
    refused (403, ADR 0005); everyone else: hidden (404)."""
    cells: dict[str, Cell] = {}
    for persona in SIGNED_IN:
        per: dict[str, str] = {"*": HIDDEN}
        for situation in ALL_SITUATIONS:
            act = outcome(actors[persona], situation)
            seen = outcome(seers[persona], situation) == OK
            per[situation] = act if act != HIDDEN else (REFUSED if seen else HIDDEN)
        cells[persona] = per
    return cells


def page(situations: tuple[str, ...], readers: Expect, writers: Expect | None = None, notes: str = "") -> Row:
    """A page: GET for ``readers``; POST for ``writers`` (a GET-only page when None: 405)."""
    return Row(situations, readers, ALL_NO_POST if writers is None else writers, notes=notes)


def post_only(situations: tuple[str, ...], writers: Expect) -> Row:
    """A route that changes something: POST for ``writers``, GET answers 405."""
    return Row(situations, ALL_NO_GET, writers)
