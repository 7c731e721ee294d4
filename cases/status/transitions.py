"""The allowed changes of a case's status, and the message for each refused one.

One table, read by ``case_status_change`` and shown whole by the tests. A status changes:

- referred -> listed when the case is put on an agenda; listed -> heard when its meeting is held;
- listed -> referred (or heard) when it is taken off an agenda before its meeting: back to where it was;
- listed -> listed when its meeting is cancelled and it is moved to another meeting's agenda;
- referred or heard -> closed by the area's coordinator or chair, with a reason;
- heard or closed -> referred when a new referral, or a repeat, is received on the case (re-opened),
  then listed when it is put on the next agenda; heard -> listed when it is listed again;
- any status but transferred out -> transferred out when the receiving MARAC accepts a transfer.

Transferred out is final: the receiving area holds the case under its own reference.
"""

from __future__ import annotations

from cases.models import CaseStatus, CloseReason, StatusReason

S = CaseStatus

_CLOSING = frozenset(CloseReason.values)
_REFERRAL = frozenset({StatusReason.NEW_REFERRAL, StatusReason.REPEAT})
_TRANSFER = frozenset({StatusReason.TRANSFER_OUT})

# (from, to) -> the reasons that make that change. A pair not here is refused.
ALLOWED: dict[tuple[str, str], frozenset[str]] = {
    (S.REFERRED, S.LISTED): frozenset({StatusReason.LISTED}),
    (S.REFERRED, S.CLOSED): _CLOSING,
    (S.REFERRED, S.TRANSFERRED_OUT): _TRANSFER,
    (S.LISTED, S.LISTED): frozenset({StatusReason.MOVED}),
    (S.LISTED, S.HEARD): frozenset({StatusReason.HEARD, StatusReason.UNLISTED}),
    (S.LISTED, S.REFERRED): frozenset({StatusReason.UNLISTED}),
    (S.LISTED, S.TRANSFERRED_OUT): _TRANSFER,
    (S.HEARD, S.LISTED): frozenset({StatusReason.LISTED}),
    (S.HEARD, S.REFERRED): _REFERRAL,
    (S.HEARD, S.CLOSED): _CLOSING,
    (S.HEARD, S.TRANSFERRED_OUT): _TRANSFER,
    (S.CLOSED, S.REFERRED): _REFERRAL,
    (S.CLOSED, S.TRANSFERRED_OUT): _TRANSFER,
}

# The statuses each reason can lead to (checked before the case is locked).
REASON_LEADS_TO: dict[str, frozenset[str]] = {
    reason: frozenset(to for (_, to), reasons in ALLOWED.items() if reason in reasons) for reason in StatusReason.values
}

# Open cases: those the home page counts, and those a new referral is filed on.
OPEN = (S.REFERRED, S.LISTED, S.HEARD)

_REFUSALS: dict[tuple[str, str], str] = {
    (S.CLOSED, S.CLOSED): "This case is already closed.",
    (S.LISTED, S.CLOSED): (
        "This case is on the agenda of a meeting that has not been held: take it off the agenda, "
        "or close it once it has been heard."
    ),
    (S.LISTED, S.LISTED): "This case is already listed for a meeting.",
    (S.HEARD, S.HEARD): "This case has already been heard.",
    (S.CLOSED, S.LISTED): "This case is closed: a new referral or a repeat re-opens it.",
    (S.CLOSED, S.HEARD): "This case is closed: a new referral or a repeat re-opens it.",
    (S.REFERRED, S.HEARD): "This case was not listed for the meeting, so it cannot have been heard there.",
    (S.CLOSED, S.REFERRED): "Only a new referral or a repeat received on this case re-opens it.",
}


def refusal(from_status: str, to_status: str) -> str:
    """Why a case with ``from_status`` cannot become ``to_status``, in words a coordinator can act on."""
    if from_status == S.TRANSFERRED_OUT:
        return (
            "This case was transferred to another MARAC: it cannot be changed or re-opened here. "
            "The receiving MARAC holds it now."
        )
    known = _REFUSALS.get((from_status, to_status))
    if known:
        return known
    return f"A case that is {S(from_status).label.lower()} cannot become {S(to_status).label.lower()}."


def is_allowed(from_status: str, to_status: str, reason: str) -> bool:
    """Whether the table allows ``reason`` to change ``from_status`` into ``to_status``."""
    return reason in ALLOWED.get((from_status, to_status), frozenset())
