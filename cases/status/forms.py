"""The "Close this case" form: it shapes input; ``cases.status.services.case_close`` decides."""

from __future__ import annotations

from django import forms

from cases.models import CloseReason
from cases.status.services import CHOOSE_REASON, CONFIRM_OPEN_ACTIONS
from marac.forms import OUT_OF_DATE, GovukFormMixin, VersionField


class CloseCaseForm(GovukFormMixin, forms.Form):
    error_anchor = "close-case"
    version = VersionField(required=True, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE})
    reason = forms.ChoiceField(
        label="Why is the case being closed?",
        choices=CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_REASON, "invalid_choice": CHOOSE_REASON},
    )
    reason_text = forms.CharField(
        label="If another reason, what is it?",
        help_text="Say why the MARAC has no further part in the plan. Do not include names or addresses.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The reason must be 2000 characters or fewer"},
    )
    understood = forms.BooleanField(
        label="I understand these actions stay open",
        required=False,
        error_messages={"required": CONFIRM_OPEN_ACTIONS},
    )
