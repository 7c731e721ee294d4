"""The "frontline staff were told" form: it shapes input; ``cases.feedback.services`` decides."""

from __future__ import annotations

from django import forms

from marac.forms import GovukFormMixin

CONFIRM_TOLD = "Confirm that your agency's frontline staff were told of the outcome"


class FrontlineInformedForm(GovukFormMixin, forms.Form):
    error_anchor = "frontline"
    told = forms.BooleanField(
        label="Our frontline staff working with this family have been told of the outcome",
        help_text="Record this once they know the date it was heard and the actions that involve them.",
        error_messages={"required": CONFIRM_TOLD},
    )
