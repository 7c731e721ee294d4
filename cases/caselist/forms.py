"""The case list's filters (a GET form): it shapes the query string into ``CaseListFilters``; the selector reads.

Nothing personal goes in the query string: the text search is on the case reference only.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from cases.caselist.selectors import SORTS, CaseListFilters
from cases.models import CaseStatus, Meeting
from cases.status.transitions import OPEN
from marac.forms import GovukFormMixin
from marac.models import MaracArea

EITHER = [("", "Either"), ("yes", "Yes"), ("no", "No")]
YES_NO = {"": None, "yes": True, "no": False}
MAX_DAYS = 36_500
REFERENCE_MIN = 3


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    """A meeting by its date (and area, for a coordinator of several)."""

    show_area = False

    def label_from_instance(self, obj: Meeting) -> str:
        label = f"{obj.date:%-d %B %Y}{' (extra)' if obj.is_extra else ''}"
        return f"{label}, {obj.area.name}" if self.show_area else label


def _yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=EITHER,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"invalid_choice": "Select either, yes or no"},
    )


class CaseListForm(GovukFormMixin, forms.Form):
    error_anchor = "filters"
    area = forms.ModelChoiceField(
        label="MARAC area",
        required=False,
        queryset=MaracArea.objects.none(),
        empty_label="All your areas",
        error_messages={"invalid_choice": "Select one of your MARAC areas"},
    )
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=CaseStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="With none ticked, the open cases: referred, listed and heard",
        error_messages={"invalid_choice": "Select statuses from the list"},
    )
    meeting = MeetingChoiceField(
        label="Listed for the meeting",
        required=False,
        queryset=Meeting.objects.none(),
        empty_label="Any meeting",
        help_text="Meetings planned, and those of the last year",
        error_messages={"invalid_choice": "Select a meeting from the list"},
    )
    repeat = _yes_no("Repeat")
    children = _yes_no("Children in the household")
    outstanding = _yes_no("Outstanding actions")
    days = forms.IntegerField(
        label="Not heard for at least (days)",
        required=False,
        min_value=0,
        max_value=MAX_DAYS,
        help_text="For example, 365 for cases last heard a year ago or more",
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 90",
            "min_value": "Enter a number of days of 0 or more",
            "max_value": f"Enter a number of days of {MAX_DAYS:,} or fewer",
        },
    )
    reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=40,
        help_text="All or part of it, for example 2026-0042",
        error_messages={"max_length": "A case reference is 40 characters or fewer"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("referred", "Date referred"), ("last-heard", "Date last heard"), ("reference", "Case reference")],
        error_messages={"invalid_choice": "Select what to sort by from the list"},
    )
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("desc", "Newest first (Z to A)"), ("asc", "Oldest first (A to Z)")],
        error_messages={"invalid_choice": "Select an order from the list"},
    )
    widths: ClassVar[dict[str, str]] = {"days": "5", "reference": "10"}

    def __init__(self, data: QueryDict, *, areas: list[MaracArea], meetings: QuerySet[Meeting]) -> None:
        data = data.copy()
        if not data.getlist("status"):
            data.setlist("status", list(OPEN))
        super().__init__(data)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = MaracArea.objects.filter(pk__in=[area.pk for area in areas]).order_by("name")
        meeting_field = self.fields["meeting"]
        assert isinstance(meeting_field, MeetingChoiceField)
        meeting_field.queryset = meetings
        meeting_field.show_area = len(areas) > 1
        self.area_ids = [area.pk for area in areas]

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data.get("reference") or "").strip()
        if reference and len(reference) < REFERENCE_MIN:
            raise forms.ValidationError(f"Enter at least {REFERENCE_MIN} characters of the case reference")
        return reference

    def filters(self) -> CaseListFilters:
        """The valid form's filters (call after ``is_valid()``)."""
        data: dict[str, Any] = self.cleaned_data
        area = data.get("area")
        meeting = data.get("meeting")
        sort = data.get("sort") or "referred"
        return CaseListFilters(
            area_ids=[area.pk] if area else self.area_ids,
            statuses=list(data.get("status") or OPEN),
            meeting_id=meeting.pk if meeting else None,
            repeat=YES_NO[data.get("repeat") or ""],
            children=YES_NO[data.get("children") or ""],
            outstanding=YES_NO[data.get("outstanding") or ""],
            not_heard_for_days=data.get("days"),
            reference=data.get("reference") or "",
            sort=sort if sort in SORTS else "referred",
            descending=data.get("order") != "asc",
        )
