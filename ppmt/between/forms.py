"""The form for an action an agency has taken or proposes (shapes input only)."""

from __future__ import annotations

from typing import Any

from django import forms

from marac.forms import GovukFormMixin
from marac.widgets import GovukDateField
from ppmt.between.messages import TAKEN_WHEN
from ppmt.models import AgencyActionKind


class AgencyActionForm(GovukFormMixin, forms.Form):
    error_anchor = "agency-actions"
    prefix = "agency-action"
    kind = forms.ChoiceField(
        label="Is the action already taken, or proposed?",
        choices=AgencyActionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the action is already taken or proposed"},
    )
    text = forms.CharField(
        label="The action",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What your agency did or will do, for whom, for example “Fitted a second lock at the survivor's "
        "flat” or “Apply for a non-harassment order”",
        error_messages={"required": "Describe the action"},
    )
    taken_on = GovukDateField(
        label="Date the action was taken",
        required=False,
        help_text="Only for an action already taken. For example, 27 3 2026",
    )

    def clean(self) -> dict[str, Any]:
        """An action already taken needs its date: said with the other errors, in one round."""
        data = super().clean() or {}
        if data.get("kind") == AgencyActionKind.TAKEN and not data.get("taken_on") and "taken_on" not in self.errors:
            self.add_error("taken_on", TAKEN_WHEN)
        return data
