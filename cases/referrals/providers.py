"""What the apps above cases add to receiving a referral (dependency inversion).

The wording prompts raised on research, meeting notes and actions are recorded
on the case by ``ppmt.prompts``; the referral's are recorded the same way. Research
sits above cases in the layers (docs/adr/0008-layers.md), so cases may not import
it: ``ppmt.apps`` registers its recorder here when it is ready.
"""

from __future__ import annotations

from typing import Protocol

from cases.models import Case
from marac.models import User


class PromptRecorder(Protocol):
    """Record the wording prompts on ``text`` (``ppmt.prompts.record_language_prompts``)."""

    def __call__(self, *, user: User, case: Case, source: str, source_id: int, field: str, text: str) -> object: ...


_recorders: list[PromptRecorder] = []


def register_prompt_recorder(recorder: PromptRecorder) -> None:
    """Record the referral's wording prompts with ``recorder`` (replacing any registered before)."""
    _recorders[:] = [recorder]


def record_prompts(*, user: User, case: Case, source: str, source_id: int, field: str, text: str) -> None:
    """Record the wording prompts on one answer, by the registered recorder (none registered: nothing)."""
    for recorder in _recorders:
        recorder(user=user, case=case, source=source, source_id=source_id, field=field, text=text)
