"""Forms of the meeting pages: they validate and shape input; services save it.

Each form names in ``error_anchor`` the heading its non-field errors (a
stale version, a service's refusal) link to from the error summary.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.models import ConflictOfInterest, Meeting
from marac.forms import OUT_OF_DATE, GovukFormMixin, VersionField, limit_choices
from marac.models import Agency, MaracArea
from marac.widgets import GovukDateField


class ExtraMeetingForm(GovukFormMixin, forms.Form):
    area = forms.ModelChoiceField(
        label="MARAC",
        queryset=MaracArea.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the MARAC"},
    )
    day = GovukDateField(label="Date of the meeting", past_only=False, help_text="For example, 27 1 2027")
    start_time = forms.TimeField(
        label="Start time",
        help_text="For example, 10:00",
        error_messages={"required": "Enter the start time", "invalid": "Enter the start time like 10:00"},
    )
    planned_minutes = forms.IntegerField(
        label="Planned length in minutes",
        min_value=15,
        max_value=600,
        initial=180,
        error_messages={"required": "Enter the planned length", "invalid": "Enter the length in minutes, like 180"},
    )
    place = forms.CharField(label="Place or video link (optional)", required=False, max_length=200)
    widths = {"start_time": "5", "planned_minutes": "3"}

    def __init__(self, *args: Any, areas: QuerySet[MaracArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "area", areas)
        if areas.count() == 1:
            self.fields["area"].widget = forms.HiddenInput()


# --- The agenda ------------------------------------------------------------------------------


class AgendaMoveForm(GovukFormMixin, forms.Form):
    """The "Up" and "Down" buttons of one case on the agenda, and "Move" to a position (for agendas of 40)."""

    error_anchor = "agenda"
    version = VersionField()
    direction = forms.ChoiceField(
        choices=[("up", "Up"), ("down", "Down"), ("to", "To a position")],
        widget=forms.HiddenInput,  # the button's value, not a field to fill in
        error_messages={"required": "Choose up or down", "invalid_choice": "Choose up or down"},
    )
    # One input per case on the page: its problems are the form's, linked to that case's input.
    position = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, item_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_id = item_id  # the case whose position was typed: shown again with what was typed

    @property
    def typed_position(self) -> str:
        return str(self.data.get("position", ""))[:10] if self.is_bound else ""

    @property
    def position_anchor(self) -> str:
        """Where the error summary links: the case's position input."""
        return f"position-{self.item_id}" if self.item_id is not None else self.error_anchor

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("direction") != "to":
            data["position"] = None
            return data
        text = (data.get("position") or "").strip()
        if not text:
            self.add_error(None, "Enter the position to move the case to")
        elif not text.isdigit() or int(text) < 1:
            self.add_error(None, "Enter the position as a whole number, 1 or more")
        else:
            data["position"] = int(text)
        return data


class CirculateForm(GovukFormMixin, forms.Form):
    error_anchor = "agenda"
    version = VersionField()


class SuggestedOrderForm(GovukFormMixin, forms.Form):
    """ "Apply the suggested order" reorders the whole agenda: only the agenda the coordinator was shown."""

    error_anchor = "agenda"
    version = VersionField(
        required=True, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE}
    )


class AgencyChoiceField(forms.ModelMultipleChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.specialism})" if obj.specialism else obj.name


class InviteForm(GovukFormMixin, forms.Form):
    error_anchor = "invite"
    version = VersionField()
    agencies = AgencyChoiceField(
        label="Agencies invited to this meeting",
        help_text="The MARAC's core agencies are invited by default. "
        "Invite specialist services whose expertise a case needs.",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Invite at least one agency",
            "invalid_choice": "Choose the agencies from the list",
            "invalid_pk_value": "Choose the agencies from the list",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agencies", agencies.order_by("name"))


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.date:%-d %B %Y}" + (" (extra)" if obj.is_extra else "")


class AgendaItemForm(GovukFormMixin, forms.Form):
    """One case on the agenda: its time and full PPMT mapping."""

    error_anchor = "time-and-mapping"
    version = VersionField()
    minutes = forms.IntegerField(
        label="Minutes for this case (7 to 12)",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the minutes for the case as a number from 7 to 12"},
    )
    ppmt_mapping = forms.BooleanField(label="Full PPMT mapping agreed", required=False)
    mapping_agency = forms.ModelChoiceField(
        label="Agency holding the mapping",
        help_text="Children and families social work by default",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="The default",
        error_messages={"invalid_choice": "Choose an agency invited to this meeting"},
    )
    widths = {"minutes": "2"}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = f"Leave blank for the meeting's {meeting.minutes_per_case} minutes"
        limit_choices(self, "mapping_agency", meeting.invited_agencies.order_by("name"))


class AgendaRescheduleForm(GovukFormMixin, forms.Form):
    """Move one case to another meeting of the area (ids ``move-…``: it shares a page with ``AgendaItemForm``)."""

    error_anchor = "move-to-meeting"
    version = VersionField()
    to_meeting = MeetingChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the meeting to move the case to",
            "invalid_choice": "Choose a meeting from the list",
        },
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "move-%s")
        super().__init__(*args, **kwargs)
        limit_choices(self, "to_meeting", meetings)


# --- Conflicts of interest (attendance: cases.meetings.attendance.forms) ---------------------


class MeetingLinkForm(forms.Form):
    """The meeting a page was opened from (``?meeting=``), one of the user's own."""

    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "The meeting this page was opened from is not one of yours"},
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", meetings)


class ConflictForm(GovukFormMixin, MeetingLinkForm):
    connection = forms.ChoiceField(
        label="What is your connection?",
        choices=ConflictOfInterest._meta.get_field("connection").flatchoices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your connection to someone in this case"},
    )


class ConflictWithdrawForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is this conflict of interest being withdrawn?",
        help_text="For example, it was declared on the wrong case. The person will be able to open the case again.",
        max_length=ConflictOfInterest._meta.get_field("withdrawal_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the conflict of interest is being withdrawn",
            "max_length": "Reason must be 1000 characters or fewer",
        },
    )
