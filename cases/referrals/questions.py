"""How the referral forms ask some of their questions: choices with nothing preselected, telephone inputs."""

from __future__ import annotations

from django import forms

from cases.models import Concern, Gender, YesNoPreferNot

# Without the blank "Not recorded", which a radio group would show as chosen: nothing is preselected, an
# unanswered question is not recorded, and "Prefer not to say" is an answer the person gives.
GENDER_CHOICES = [(value, label) for value, label in Gender.choices if value]
EQUALITY_CHOICES = [(value, label) for value, label in YesNoPreferNot.choices if value]
CONCERN_CHOICES = Concern.choices
TEL = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})


def equality_question(label: str) -> forms.ChoiceField:
    """An optional equality question: yes, no or prefer not to say, none preselected."""
    return forms.ChoiceField(
        label=f"{label} (optional)", choices=EQUALITY_CHOICES, required=False, widget=forms.RadioSelect
    )
