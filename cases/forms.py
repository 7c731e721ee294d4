"""Forms for case pages."""

from __future__ import annotations

from typing import Any

from django import forms

from marac.forms import GovukFormMixin, limit_choices
from marac.models import MaracArea


class TransferForm(GovukFormMixin, forms.Form):
    to_area = forms.ModelChoiceField(
        label="Which MARAC is the case moving to?",
        queryset=MaracArea.objects.none(),
        error_messages={"required": "Select the MARAC the case is moving to"},
    )
    note = forms.CharField(
        label="Transfer note",
        help_text="Why the case is moving, the current risks and what the receiving MARAC needs to know. "
        "The previous referrals and history go with it.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a transfer note for the receiving MARAC"},
    )

    def __init__(self, *args: Any, current_area: MaracArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "to_area", MaracArea.objects.filter(is_active=True).exclude(pk=current_area.pk))
