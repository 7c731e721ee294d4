"""Action forms: validate and shape input; services save it."""

from __future__ import annotations

from typing import Any

from django import forms

from actions import checks
from actions.models import Action, ActionFocus, ActionStatus, Priority
from marac.forms import GovukFormMixin, VersionField, limit_choices
from marac.models import Agency
from marac.widgets import GovukDateField
from ppmt.stages import PpmtStage


class ActionForm(GovukFormMixin, forms.Form):
    """A new action; with ``window`` (from ``actions.services.due_window``), checked as SMART here too,
    so that every problem is reported in one round."""

    error_anchor = "actions"
    field_order = ["description", "vague_ok"]
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
    # Offered once the description uses vague wording: the recorder keeps it as written.
    vague_ok = forms.BooleanField(label="Record it as written", required=False)

    def __init__(self, *args: Any, agencies: Any, window: checks.Due | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "owner_agency", agencies)
        limit_choices(self, "joint_agencies", agencies)
        self.window = window
        if window is not None:
            after = f"after {window.after:%-d %B %Y} and " if window.after is not None else ""
            self.fields[
                "due_date"
            ].help_text = f"Due {after}no later than {window.latest:%-d %B %Y}. For example, {window.latest:%-d %-m %Y}"

    @property
    def offers_vague_ok(self) -> bool:
        """Whether to show "Record it as written": the posted description uses vague wording."""
        return self.is_bound and bool(checks.vague_words(str(self.data.get(self.add_prefix("description"), ""))))

    def clean(self) -> dict[str, Any]:
        """The SMART checks of ``actions.checks`` with the field checks, so every problem shows at once."""
        data = super().clean() or {}
        if self.window is not None:
            problems = checks.action_problems(
                description=data.get("description", ""),
                vague_ok=bool(data.get("vague_ok")),
                owner_chosen=data.get("owner_agency") is not None,
                focus=data.get("focus", ""),
                due_date=data.get("due_date"),
                window=self.window,
                stage=data.get("stage", ""),
                priority=data.get("priority", Priority.MEDIUM),
            )
            for field, message in problems.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class ActionEditForm(ActionForm):
    """A correction of an action agreed at the meeting: the same fields and SMART checks as a new one,
    with the version the editor loaded."""

    version = VersionField()

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        return {
            "description": action.description,
            "owner_agency": action.owner_agency_id,
            "joint_agencies": [a.pk for a in action.joint_agencies.all()],
            "assignee_name": action.assignee_name,
            "focus": action.focus,
            "stage": action.stage,
            "due_date": action.due_date,
            "priority": action.priority,
            "version": action.version,
        }


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
