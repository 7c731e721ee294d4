"""Forms for the hand-off: they shape input; the services validate and save it."""

from __future__ import annotations

from django import forms

from cases.referrals.handoff.services import RETURN_NOTE_MAX
from marac.forms import GovukFormMixin


class ReturnToDrafterForm(GovukFormMixin, forms.Form):
    note = forms.CharField(
        label="What does the practitioner need to add or correct?",
        help_text="They see this note when they open the referral. Say what to change, not who the people are.",
        max_length=RETURN_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the practitioner needs to add or correct"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
