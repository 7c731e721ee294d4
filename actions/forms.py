"""Action forms: validate and shape input; services save it."""

from __future__ import annotations

from typing import Any

from django import forms

from actions.models import ActionFocus, ActionStatus, Priority
from marac.forms import GovukFormMixin, VersionField, limit_choices
from marac.models import Agency
from marac.widgets import GovukDateField
from ppmt.stages import PpmtStage


class ActionForm(GovukFormMixin, forms.Form):
    error_anchor = "actions"
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Specific and measurable: start with what will be done, for example “Visit the survivor at the "
        "refuge to review the safety plan”",
        error_messages={"required": "Describe the action: what will be done, by whom"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Agency.objects.none(),
        empty_label="Choose the one agency that owns it",
        error_messages={"required": "Select the agency that owns the action"},
    )
    joint_agencies = forms.ModelMultipleChoiceField(
        label="Joint agencies (optional)",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    assignee_name = forms.CharField(label="Named person (optional)", required=False, max_length=200)
    focus = forms.ChoiceField(
        label="Who is the action for?",
        choices=ActionFocus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the action is for"},
    )
    stage = forms.ChoiceField(
        label="PPMT stage it addresses (optional)", choices=[("", "None"), *PpmtStage.choices], required=False
    )
    due_date = GovukDateField(label="Due date", past_only=False, help_text="For example, 12 1 2027")
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, initial=Priority.MEDIUM, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "owner_agency", agencies)
        limit_choices(self, "joint_agencies", agencies)


class ActionUpdateForm(GovukFormMixin, forms.Form):
    error_anchor = "update"
    version = VersionField()
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status"},
    )
    note = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a completed action, the outcome; for one not completed, the reason",
    )


class ReminderPreferenceForm(GovukFormMixin, forms.Form):
    mode = forms.ChoiceField(
        label="How do you want to be reminded about your agency's actions?",
        choices=[
            ("immediate", "Each time an action is due soon, due today or overdue"),
            ("digest", "One weekly digest, on Monday mornings"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how you want to be reminded",
            "invalid_choice": "Select how you want to be reminded",
        },
    )
