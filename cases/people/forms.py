"""The Find a person form."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from marac.forms import GovukFormMixin
from marac.widgets import GovukDateField


class OptionalDateField(GovukDateField):
    """A GOV.UK date marked "(optional)" in its legend, named without it in messages."""

    @property
    def _name(self) -> str:
        return str(self.label or "The date").removesuffix(" (optional)")


# Browsers keep what was typed in form history and may send it to a spelling
# service: neither is wanted for the names of people at risk.
_PRIVATE_INPUT = {"autocomplete": "off", "spellcheck": "false"}


class PeopleSearchForm(GovukFormMixin, forms.Form):
    """Find a person: a name, a case reference or both; a date of birth ranks."""

    given_names = forms.CharField(
        label="First and middle names",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"max_length": "First and middle names must be 200 characters or fewer"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"max_length": "Last name must be 200 characters or fewer"},
    )
    date_of_birth = OptionalDateField(
        label="Date of birth (optional)",
        required=False,
        help_text="A person with this date of birth is shown first. For example, 27 3 1985",
    )
    reference = forms.CharField(
        label="Case reference",
        max_length=40,
        required=False,
        help_text="For example, FRN-2026-0001",
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"max_length": "Case reference must be 40 characters or fewer"},
    )
    widths: ClassVar = {"reference": "10"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        named = any((cleaned.get(name) or "").strip() for name in ("given_names", "family_name", "reference"))
        if not named and not any(name in self.errors for name in ("given_names", "family_name", "reference")):
            self.add_error("given_names", "Enter a name or a case reference")
        return cleaned

    def search_terms(self) -> dict[str, Any]:
        """Keyword arguments for ``selectors.people_search_for_user``."""
        return {
            "given_names": self.cleaned_data.get("given_names") or "",
            "family_name": self.cleaned_data.get("family_name") or "",
            "date_of_birth": self.cleaned_data.get("date_of_birth"),
            "reference": self.cleaned_data.get("reference") or "",
        }
