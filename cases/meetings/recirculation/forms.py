"""The "Recirculate the agenda" form: only the version of the agenda the coordinator saw changed."""

from __future__ import annotations

from django import forms

from marac.forms import OUT_OF_DATE, GovukFormMixin, VersionField


class RecirculateForm(GovukFormMixin, forms.Form):
    # The agenda's heading: the banner is gone once nothing is left to recirculate.
    error_anchor = "agenda"
    # Required: the coordinator recirculates the changes they were shown, not whatever the agenda is now.
    version = VersionField(required=True, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE})
