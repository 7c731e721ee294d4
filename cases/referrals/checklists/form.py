"""The risk checklist page's form: per question, the answer, who gave it and a note.

It validates and shapes input; ``services.referral_checklist_save`` saves it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cases.referrals.checklists.answers import MAX_NOTE_LENGTH, SOURCE_LABELS
from marac.forms import GovukFormMixin


class ChecklistForm(GovukFormMixin, forms.Form):
    """Per checklist question: the answer, who gave it and a note, built from the instrument's data."""

    completed_elsewhere = forms.BooleanField(
        label="The checklist was completed in another system: I am recording its score and the answers I know",
        required=False,
    )
    recorded_score = forms.IntegerField(
        label="Score on that checklist",
        required=False,
        min_value=0,
        error_messages={
            "invalid": "Enter the score as a whole number, like 15",
            "min_value": "The score on that checklist must be 0 or more",
        },
    )
    widths: ClassVar = {"recorded_score": "3"}

    def __init__(
        self, *args: Any, questions: list[dict[str, Any]], answer_choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        self.questions = questions
        super().__init__(*args, **kwargs)
        for question in questions:
            self._add_question(question, answer_choices)
        # Asked last on the page, so listed last in the error summary.
        self.order_fields([name for name in self.fields if name not in ("completed_elsewhere", "recorded_score")])

    def _add_question(self, question: dict[str, Any], answer_choices: list[tuple[str, str]]) -> None:
        qid, number = question["id"], question["number"]
        self.fields[f"answer_{qid}"] = forms.ChoiceField(
            label=f"{number}. {question['text']}",
            help_text=str(question.get("hint") or ""),
            choices=answer_choices,
            required=False,
            widget=forms.RadioSelect(attrs={"inline": True}),
            error_messages={"invalid_choice": f"Select one of the answers shown for question {number}"},
        )
        if question.get("ask_source", True):
            self.fields[f"source_{qid}"] = forms.ChoiceField(
                label=f"Who gave the answer to question {number}? (optional)",
                choices=list(SOURCE_LABELS.items()),
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Select who gave the answer to question {number}: the victim, a third "
                    "party or a professional"
                },
            )
        self.fields[f"note_{qid}"] = forms.CharField(
            label=f"Note on question {number} (optional)",
            help_text="For example, what the injury was, or the survivor's own words",
            required=False,
            max_length=MAX_NOTE_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={
                "max_length": f"The note on question {number} must be {MAX_NOTE_LENGTH} characters or fewer"
            },
        )

    def _by_question(self, prefix: str) -> dict[str, str]:
        cleaned = getattr(self, "cleaned_data", {})  # only the valid fields of a form with errors
        return {
            q["id"]: cleaned.get(f"{prefix}_{q['id']}") or ""
            for q in self.questions
            if f"{prefix}_{q['id']}" in self.fields
        }

    def answers(self) -> dict[str, str]:
        """The questions answered (a question left unanswered is no answer, never an error)."""
        return {qid: value for qid, value in self._by_question("answer").items() if value}

    def sources(self) -> dict[str, str]:
        return self._by_question("source")

    def notes(self) -> dict[str, str]:
        return self._by_question("note")
