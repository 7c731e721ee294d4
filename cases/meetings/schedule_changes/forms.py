"""The "Move this meeting" and "Cancel this meeting" forms: they shape input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.meetings.forms import MeetingChoiceField
from cases.meetings.schedule_changes.services import (
    CHOOSE_CASES,
    CHOOSE_MEETING,
    ENTER_REASON,
    MOVE,
    UNLIST,
)
from cases.models import Meeting
from marac.forms import OUT_OF_DATE, GovukFormMixin, VersionField, limit_choices
from marac.widgets import GovukDateField


class MoveMeetingForm(GovukFormMixin, forms.Form):
    error_anchor = "move-meeting"
    version = VersionField(required=True, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE})
    day = GovukDateField(label="New date of the meeting", past_only=False, help_text="For example, 27 1 2027")
    start_time = forms.TimeField(
        label="Start time",
        help_text="For example, 10:00",
        error_messages={"required": "Enter the start time", "invalid": "Enter the start time like 10:00"},
    )
    place = forms.CharField(
        label="Place (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The place must be 200 characters or fewer"},
    )
    video_link = forms.URLField(
        label="Video link (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the video link like https://meet.example.org/marac",
            "max_length": "The video link must be 200 characters or fewer",
        },
    )
    widths = {"start_time": "5"}


class CancelMeetingForm(GovukFormMixin, forms.Form):
    error_anchor = "cancel-meeting"
    version = VersionField(required=True, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE})
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="Shown on the meeting's page to the MARAC's coordinators and chairs. Do not include names.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": ENTER_REASON, "max_length": "The reason must be 2000 characters or fewer"},
    )
    cases = forms.ChoiceField(
        label="What happens to the cases on its agenda?",
        choices=[
            (MOVE, "Move them to another meeting of the MARAC (they stay listed)"),
            (UNLIST, "Take them off the agenda: each case goes back to its status before it was listed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_CASES, "invalid_choice": CHOOSE_CASES},
    )
    to_meeting = MeetingChoiceField(
        label="Meeting to move the cases to",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Select a meeting",
        error_messages={"invalid_choice": CHOOSE_MEETING},
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "to_meeting", meetings)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cases") == MOVE and not data.get("to_meeting") and "to_meeting" not in self.errors:
            self.add_error("to_meeting", CHOOSE_MEETING)
        return data
