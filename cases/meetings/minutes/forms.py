"""Forms of the minutes page: the text of the draft, and the step the coordinator or chair takes."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.models import Minutes, MinutesCase, MinutesScope
from marac.forms import GovukFormMixin, VersionField


class MinutesStepForm(GovukFormMixin, forms.Form):
    """Which button was pressed: save the draft, approve it (the chair) or distribute it."""

    error_anchor = "minutes"
    # The version of the minutes the chair read before approving them (the draft form carries its own).
    version = VersionField()
    action = forms.ChoiceField(
        choices=[
            ("save", "Save minutes"),
            ("scope", "Save what the agencies receive"),
            ("approve", "Approve the minutes"),
            ("distribute", "Distribute"),
        ],
        widget=forms.HiddenInput,  # the button's value
        error_messages={
            "required": "Choose to save, approve or distribute the minutes",
            "invalid_choice": "Choose to save, approve or distribute the minutes",
        },
    )


CHOOSE_SCOPE = "Choose full minutes or actions only"


class MinutesScopeForm(GovukFormMixin, forms.Form):
    """What the agencies receive of each case (the coordinator's or chair's choice, per meeting)."""

    error_anchor = "minutes-scope"
    version = VersionField()
    minutes_scope = forms.ChoiceField(
        label="What do the agencies receive?",
        help_text=(
            "Agencies receive only the cases they attended. With actions only they receive each case's "
            "actions, without what was shared or the decisions. An agency that did not attend a case "
            "still receives the actions it owns or shares on it."
        ),
        choices=MinutesScope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_SCOPE, "invalid_choice": CHOOSE_SCOPE},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The page has the draft's form too: its own ids (the names stay the ones the services read).
        kwargs.setdefault("auto_id", "scope-%s")
        super().__init__(*args, **kwargs)


class MinutesForm(GovukFormMixin, forms.Form):
    """The draft minutes: the general section and one text per case (fields ``case-<agenda item id>``)."""

    error_anchor = "minutes"
    version = VersionField()
    general = forms.CharField(label="General", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 7}))

    def __init__(self, *args: Any, cases: list[MinutesCase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case_fields = {f"case-{case.item_id}": case.item_id for case in cases}
        for case in cases:
            self.fields[f"case-{case.item_id}"] = forms.CharField(
                label=f"Case {case.item.case.reference}",
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 8, "class": "govuk-textarea"}),
            )

    @classmethod
    def initial_for(cls, minutes: Minutes, cases: list[MinutesCase]) -> dict[str, Any]:
        return {
            "version": minutes.version,
            "general": minutes.general,
            **{f"case-{case.item_id}": case.text for case in cases},
        }

    def case_texts(self) -> dict[int, str]:
        """The text posted for each case; a case not posted keeps its text."""
        return {item_id: self.cleaned_data[name] for name, item_id in self.case_fields.items() if name in self.data}
