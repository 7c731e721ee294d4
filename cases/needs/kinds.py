"""What each kind of need asks for: the detail it carries, and the services it suggests inviting."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import NeedKind
from marac.models import AgencyKind


@dataclass(frozen=True)
class NeedShape:
    # The label of the need's detail on the form ("" when the need carries none).
    detail_label: str = ""
    detail_hint: str = ""
    # A detail the need cannot go without (the interpreter's language).
    detail_required: bool = False
    # The agency kinds whose specialist or "by and for" services the need suggests inviting, in order.
    suggests: tuple[AgencyKind, ...] = ()


SHAPES: dict[NeedKind, NeedShape] = {
    NeedKind.HONOUR_BASED_ABUSE: NeedShape(suggests=(AgencyKind.HONOUR_BASED_ABUSE, AgencyKind.BY_AND_FOR)),
    NeedKind.IMMIGRATION: NeedShape(
        detail_label="What is known (optional)",
        detail_hint="For example: no recourse to public funds, a spousal visa",
        suggests=(AgencyKind.IMMIGRATION, AgencyKind.BY_AND_FOR),
    ),
    NeedKind.INTERPRETER: NeedShape(
        detail_label="Language",
        detail_hint="Family members must never act as interpreters",
        detail_required=True,
        suggests=(AgencyKind.BY_AND_FOR,),
    ),
    NeedKind.AGED_16_17: NeedShape(
        detail_label="Preferred way of contact (optional)",
        detail_hint="For example: text message, through a youth worker",
        suggests=(AgencyKind.YOUNG_PEOPLE,),
    ),
    NeedKind.DISABILITY: NeedShape(
        detail_label="What would help (optional)",
        detail_hint="For example: British Sign Language, step-free access, easy read",
        suggests=(AgencyKind.DISABILITY,),
    ),
    NeedKind.MALE_VICTIM: NeedShape(suggests=(AgencyKind.MALE_VICTIMS,)),
    NeedKind.LGBT: NeedShape(suggests=(AgencyKind.LGBT,)),
}


def flag_text(kind: str, detail: str, harm_by_carer: bool) -> str:
    """The need as a flag on the agenda, the case and the research page."""
    label = NeedKind(kind).label
    if kind == NeedKind.INTERPRETER and detail:
        return f"Interpreter needed: {detail}"
    if kind == NeedKind.AGED_16_17 and detail:
        return f"{label}: contact by {detail}"
    if kind == NeedKind.DISABILITY and harm_by_carer:
        return f"{label}: the person causing harm is their carer"
    return label
