"""Forms for a case's links to other processes: shape input only (``cases.processes.services`` decides)."""

from __future__ import annotations

from django import forms

from cases.models import Process
from marac.forms import GovukFormMixin, VersionField
from marac.widgets import GovukDateField


class ProcessLinkForm(GovukFormMixin, forms.Form):
    error_anchor = "add-process"
    process = forms.ChoiceField(
        label="Process",
        choices=Process.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the process the case is linked to", "invalid_choice": "Select a process"},
    )
    started_on = GovukDateField(label="Date it started", help_text="For example, 27 3 2026")
    note = forms.CharField(
        label="Reference or detail (optional)",
        required=False,
        max_length=300,
        help_text="For example the process's own reference. Do not write names here.",
    )


class ProcessEndForm(GovukFormMixin, forms.Form):
    ended_on = GovukDateField(label="Date it ended", help_text="For example, 27 3 2026")
    version = VersionField()
