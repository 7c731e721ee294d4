"""The form for making an API token. It shapes input only: the service checks who may make it and validates."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from marac.forms import GovukFormMixin
from marac.tokens.models import TokenScope
from marac.tokens.services import MAX_DAYS, MAX_NAME_LENGTH, default_days


class TokenForm(GovukFormMixin, forms.Form):
    widths: ClassVar[dict[str, str]] = {"days": "3"}

    name = forms.CharField(
        label="Name",
        max_length=MAX_NAME_LENGTH,
        help_text="What the token is for, for example 'Police case system'",
        error_messages={
            "required": "Enter a name for the token, so that you can recognise it",
            "max_length": f"The name must be {MAX_NAME_LENGTH} characters or fewer",
        },
    )
    scopes = forms.MultipleChoiceField(
        label="What may the token do?",
        help_text="Select only what the system using it needs.",
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select what the token may do",
            "invalid_choice": "Select only the choices listed",
        },
    )
    days = forms.IntegerField(
        label="Days until it expires",
        help_text=f"From 1 to {MAX_DAYS} days.",
        min_value=1,
        max_value=MAX_DAYS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the number of days until the token expires, from 1 to {MAX_DAYS}",
            "invalid": f"Enter the number of days as a whole number, from 1 to {MAX_DAYS}",
            "min_value": f"The number of days must be between 1 and {MAX_DAYS}",
            "max_value": f"The number of days must be between 1 and {MAX_DAYS}",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"days": default_days()})
        super().__init__(*args, **kwargs)
