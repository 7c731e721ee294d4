"""What the apps above cases add to receiving a referral (dependency inversion).

The wording prompts raised on research, meeting notes and actions are recorded
on the case by ``ppmt.prompts``; the referral's are recorded the same way. Research
sits above cases in the layers (docs/adr/0008-layers.md), so cases may not import
it: ``ppmt.apps`` registers its recorder here when it is ready.
"""

from __future__ import annotations

from typing import Protocol

from cases.models import Case, Referral
from marac.models import User


class PromptRecorder(Protocol):
    """Record the wording prompts on ``text`` (``ppmt.prompts.record_language_prompts``)."""

    def __call__(
        self,
        *,
        user: User,
        case: Case | None,
        source: str,
        source_id: int,
        field: str,
        text: str,
        referral: Referral | None = None,
    ) -> object: ...


# The referral's free-text answers, on which the drafting pages prompt about wording.
LANGUAGE_CHECKED_FIELDS = (
    "reason",
    "strengths",
    "risks_to_professionals",
    "consent_note",
    "professional_judgement_rationale",
)

_recorders: list[PromptRecorder] = []


def register_prompt_recorder(recorder: PromptRecorder) -> None:
    """Record the referral's wording prompts with ``recorder`` (replacing any registered before)."""
    _recorders[:] = [recorder]


def record_prompts(*, user: User, referral: Referral, case: Case | None = None, field: str, text: str) -> None:
    """Record the wording prompts on one of the referral's answers, by the registered recorder (none registered:
    nothing): while it is drafted (no case: they are kept with the referral), and when it is filed on ``case``
    (those kept are given the case; those reframed since are marked so)."""
    for recorder in _recorders:
        recorder(
            user=user, case=case, referral=referral, source="referral", source_id=referral.pk, field=field, text=text
        )
