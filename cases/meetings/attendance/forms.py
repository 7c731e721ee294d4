"""The attendance page's form: one row per invited agency (it validates and shapes input; services save it).

An agency's status is one of a short list; the cases it was present for are asked only of an agency that
left early or joined late (``AttendanceStatus.PARTIAL``), so a meeting of 40 cases and 15 agencies is a
table of 15 rows, not 600 checkboxes. Fields are named ``a<agency id>-status``, ``-attendee_names`` and
``-cases_attended``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from cases.meetings.attendance.services import AttendanceRow
from cases.models import AgendaItem, Attendance, AttendanceStatus
from marac.forms import GovukFormMixin, VersionField
from marac.models import Agency

# The page's words for each status: the governance reports keep the model's.
STATUS_CHOICES = [
    ("", "Not recorded"),
    (AttendanceStatus.PRESENT, "Present"),
    (AttendanceStatus.DEPUTY, "Deputy attended"),
    (AttendanceStatus.APOLOGIES, "Apologies"),
    (AttendanceStatus.ABSENT, "Absent"),
    (AttendanceStatus.PARTIAL, "Left early or joined late"),
]


@dataclass(frozen=True)
class AttendanceFormRow:
    """One agency's row of the page; ``cases`` is shown only when ``shows_cases``."""

    agency: Agency
    status: BoundField
    names: BoundField
    cases: BoundField
    shows_cases: bool

    @property
    def fields(self) -> tuple[BoundField, BoundField]:
        """The row's cells after the agency's name."""
        return (self.status, self.names)


class AttendanceForm(GovukFormMixin, forms.Form):
    """Every invited agency's attendance on one page, saved with one submit."""

    error_anchor = "attendance"
    version = VersionField()  # the meeting's: attendance is part of its record

    def __init__(
        self,
        *args: Any,
        agencies: list[Agency],
        items: list[AgendaItem],
        existing: dict[int, Attendance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.items = {item.pk: item for item in items}
        self.case_choices = [(item.pk, item.case.reference) for item in items]
        for agency in agencies:
            record = existing.get(agency.pk)
            self.fields[f"a{agency.pk}-status"] = forms.ChoiceField(
                label=f"Attendance of {agency.name}",
                choices=STATUS_CHOICES,
                required=False,
                initial=record.status if record else "",
                error_messages={"invalid_choice": f"Choose the attendance of {agency.name} from the list"},
            )
            self.fields[f"a{agency.pk}-attendee_names"] = forms.CharField(
                label=f"Who attended for {agency.name}",
                required=False,
                max_length=300,
                initial=record.attendee_names if record else "",
            )
            self.fields[f"a{agency.pk}-cases_attended"] = forms.TypedMultipleChoiceField(
                label=f"Cases {agency.name} was present for",
                choices=self.case_choices,
                coerce=int,
                required=False,
                initial=[item.pk for item in record.cases_attended.all()] if record else [],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Choose the cases from the list"},
            )

    def rows(self) -> list[AttendanceFormRow]:
        """Each agency's row: its cases shown when it left early or joined late, or when they are in error."""
        rows = []
        for agency in self.agencies:
            status, cases = self[f"a{agency.pk}-status"], self[f"a{agency.pk}-cases_attended"]
            shows = status.value() == AttendanceStatus.PARTIAL or bool(cases.errors)
            rows.append(AttendanceFormRow(agency, status, self[f"a{agency.pk}-attendee_names"], cases, shows))
        return rows

    def entries(self) -> list[AttendanceRow]:
        """The agencies whose attendance was chosen (one left "Not recorded" is left alone)."""
        return [
            AttendanceRow(
                agency=agency,
                status=self.cleaned_data[f"a{agency.pk}-status"],
                attendee_names=self.cleaned_data[f"a{agency.pk}-attendee_names"],
                cases_attended=[self.items[pk] for pk in self.cleaned_data[f"a{agency.pk}-cases_attended"]],
            )
            for agency in self.agencies
            if self.cleaned_data[f"a{agency.pk}-status"]
        ]

    def add_agency_errors(self, agency: Agency, messages: dict[str, list[str]]) -> None:
        """A service's refusal for one agency, on that agency's field, naming the agency."""
        for key, texts in messages.items():
            name = key if key in ("cases_attended", "attendee_names") else "status"
            self.add_error(f"a{agency.pk}-{name}", [f"{agency.name}: {text}" for text in texts])
