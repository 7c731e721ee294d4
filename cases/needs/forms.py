"""The forms of a case's needs page (they only shape data: the services validate)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from cases.models import InterpretedBy, NeedKind
from marac.forms import GovukFormMixin, VersionField
from marac.widgets import GovukDateField


class NeedForm(GovukFormMixin, forms.Form):
    """Record or change one need. The version of each kind travels in its own hidden field
    (``version_<kind>``, 0 for a need never recorded): the view passes the chosen kind's to the service."""

    widths: ClassVar[dict[str, str]] = {"detail": "20"}

    kind = forms.ChoiceField(
        label="Which need?",
        choices=NeedKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a need", "invalid_choice": "Select a need"},
    )
    detail = forms.CharField(
        label="Detail (optional, except the language)",
        help_text="The language for an interpreter; the preferred way of contact for a survivor aged 16 or "
        "17 (for example: text message); what would help for a disability; or a short note. No names.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Enter 200 characters or fewer"},
    )
    harm_by_carer = forms.BooleanField(label="Disability: the person causing harm is their carer", required=False)

    def __init__(self, *args: Any, versions: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NeedKind:
            self.fields[f"version_{kind}"] = VersionField(initial=versions.get(str(kind), 0))

    def version_of(self, kind: str) -> int | None:
        value = self.cleaned_data.get(f"version_{kind}")
        return value if isinstance(value, int) else None


class RefusalForm(GovukFormMixin, forms.Form):
    """No fields: carries a refusal that belongs to no field of the page (ending a need that was changed
    meanwhile, inviting an agency that cannot be invited) to the error summary and the page's title."""

    def __init__(self, message: str) -> None:
        super().__init__(data={})
        self.is_valid()
        self.add_error(None, message)


class InterpretedContactForm(GovukFormMixin, forms.Form):
    """Who interpreted at a contact with the survivor (its own field prefix on the needs page)."""

    widths: ClassVar[dict[str, str]] = {"language": "20"}

    contact_on = GovukDateField(label="Date of the contact", help_text="For example, 14 10 2026")
    language = forms.CharField(
        label="Language",
        max_length=100,
        error_messages={"required": "Enter the language", "max_length": "Enter 100 characters or fewer"},
    )
    interpreted_by = forms.ChoiceField(
        label="Who interpreted?",
        choices=InterpretedBy.choices,
        widget=forms.RadioSelect,
        help_text="Never a family member, friend or child",
        error_messages={"required": "Select who interpreted", "invalid_choice": "Select who interpreted"},
    )
    reference = forms.CharField(
        label="Booking reference or interpreter's name (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Enter 200 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="contact", **kwargs)
