"""The research tracker's filters (GET) and "Remind now" (POST): forms only shape what was sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from marac.forms import GovukFormMixin
from marac.models import Agency
from ppmt.tracker.selectors import SHOWING, SORTS


class TrackerFilterForm(GovukFormMixin, forms.Form):
    error_anchor = "tracker-filters"
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Every agency",
        error_messages={"invalid_choice": "Select an agency invited to this meeting"},
    )
    showing = forms.ChoiceField(
        label="Show",
        choices=list(SHOWING.items()),
        required=False,
        error_messages={"invalid_choice": "Select which cases to show"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=list(SORTS.items()),
        required=False,
        error_messages={"invalid_choice": "Select an order"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


class RemindForm(GovukFormMixin, forms.Form):
    error_anchor = "agencies"
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Select the agency to remind",
            "invalid_choice": "Select an agency invited to this meeting",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
