"""Forms of the meeting pages."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms

from cases.models import AttendanceStatus, ConflictOfInterest
from marac.forms import GovukFormMixin
from marac.models import MaracArea
from marac.widgets import GovukDateField


class ExtraMeetingForm(GovukFormMixin, django_forms.Form):
    area = django_forms.ModelChoiceField(
        label="MARAC",
        queryset=MaracArea.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the MARAC"},
    )
    day = GovukDateField(label="Date of the meeting", past_only=False, help_text="For example, 27 1 2027")
    start_time = django_forms.TimeField(
        label="Start time",
        help_text="For example, 10:00",
        error_messages={"required": "Enter the start time", "invalid": "Enter the start time like 10:00"},
    )
    planned_minutes = django_forms.IntegerField(
        label="Planned length in minutes",
        min_value=15,
        max_value=600,
        initial=180,
        error_messages={"required": "Enter the planned length", "invalid": "Enter the length in minutes, like 180"},
    )
    place = django_forms.CharField(label="Place or video link (optional)", required=False, max_length=200)
    widths = {"start_time": "5", "planned_minutes": "3"}

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if areas.count() == 1:
            self.fields["area"].widget = django_forms.HiddenInput()


class AttendanceForm(GovukFormMixin, django_forms.Form):
    status = django_forms.ChoiceField(
        label="Attendance", choices=[("", "Not recorded"), *AttendanceStatus.choices], required=False
    )
    attendee_names = django_forms.CharField(label="Who attended", required=False, max_length=300)


class ConflictForm(GovukFormMixin, django_forms.Form):
    connection = django_forms.ChoiceField(
        label="What is your connection?",
        choices=ConflictOfInterest._meta.get_field("connection").choices,
        widget=django_forms.RadioSelect,
        error_messages={"required": "Select your connection to someone in this case"},
    )
