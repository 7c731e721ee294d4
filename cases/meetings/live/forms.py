"""Forms of the live meeting: what an agency shared, and the decisions on a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from marac.forms import GovukFormMixin, limit_choices
from marac.models import Agency
from marac.versioning import fingerprint
from ppmt.stages import PpmtStage


class SharedInformationForm(GovukFormMixin, forms.Form):
    """What an agency newly shared, under a PPMT stage (ids ``share-…``: the page holds other forms)."""

    error_anchor = "share"
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Select the agency that shared the information",
            "invalid_choice": "Select an agency invited to this meeting",
        },
    )
    stage = forms.ChoiceField(
        label="PPMT stage",
        choices=[("", "Choose a stage"), *PpmtStage.choices],
        error_messages={
            "required": "Select the PPMT stage this information belongs to",
            "invalid_choice": "Select the PPMT stage this information belongs to",
        },
    )
    text = forms.CharField(
        label="What was shared",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was shared"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "share-%s")
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)


class DecisionsForm(GovukFormMixin, forms.Form):
    """The decisions on a case, and the button pressed: save, save and go on, or save and close the meeting."""

    error_anchor = "decisions-heading"
    decisions = forms.CharField(
        label="Decisions for this case",
        help_text="Agreed actions go in the action plan; include at least one that addresses the behaviour of "
        "the person causing harm.",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action = forms.ChoiceField(
        choices=[("save", "Save"), ("next", "Save and go to the next case"), ("close", "Save and close the meeting")],
        required=False,
        widget=forms.HiddenInput,  # the button's value
        error_messages={"invalid_choice": "Choose one of the buttons below the decisions"},
    )
    # Closing is asked twice: the second time carries this.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The fingerprint of the decisions the page was loaded with (``marac.versioning.fingerprint``): saving
    # over decisions someone else saved meanwhile is refused (409), keeping what was typed.
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def carry_current(self, decisions: str) -> None:
        """After a conflict: keep what was typed, but carry the fingerprint of the decisions now saved,
        so that saving again (once checked) can succeed."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("version")] = fingerprint(decisions)
        self.data = data
