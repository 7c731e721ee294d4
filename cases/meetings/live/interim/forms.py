"""The form for an interim safety action or urgent information sharing (shapes input only)."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.models import InterimKind
from marac.forms import GovukFormMixin, limit_choices
from marac.models import Agency
from marac.widgets import GovukDateField


class InterimForm(GovukFormMixin, forms.Form):
    error_anchor = "interim-form"
    kind = forms.ChoiceField(
        label="What was done?",
        choices=InterimKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an interim safety action or urgent information sharing"},
    )
    text = forms.CharField(
        label="What was done, and why it could not wait",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe what was done"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies that acted or were told",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the agencies that acted or were told",
            "invalid_choice": "Select agencies from the list",
            "invalid_pk_value": "Select agencies from the list",
        },
    )
    done_on = GovukDateField(label="Date it was done", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agencies", agencies)
