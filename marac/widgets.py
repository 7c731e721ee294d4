"""GOV.UK form widgets and fields shared by every app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from marac.http import parse_id


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "forms/widgets/govuk_date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "month": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
            ),
            "year": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK error messages.

    ``past_only`` refuses dates after today; ``label_for_errors`` names the
    date in messages ("Date of birth must be a real date").
    """

    widget = GovukDateInput

    def __init__(self, *, past_only: bool = True, **kwargs: Any) -> None:
        self.past_only = past_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    @property
    def _name(self) -> str:
        return str(self.label or "The date")

    def compress(self, data_list: list[Any]) -> date | None:
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(f"Enter {self._name.lower()}", code="required")
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{self._name} must include a {' and '.join(missing)}", code="incomplete")
        numbers = [parse_id(part) for part in (year, month, day)]
        if None in numbers or len(year) != 4 or len(month) > 2 or len(day) > 2:
            raise ValidationError(f"{self._name} must be a real date, like 27 3 2007", code="invalid")
        try:
            value = date(*(number or 0 for number in numbers))
        except ValueError as exc:
            raise ValidationError(f"{self._name} must be a real date, like 27 3 2007", code="invalid") from exc
        if self.past_only and value > timezone.localdate():
            raise ValidationError(f"{self._name} must be today or in the past", code="future")
        return value

    def clean(self, value: Any) -> date | None:
        # MultiValueField's own "required" message is generic; compress() says what to do.
        if not value or not any(value):
            if self.required:
                raise ValidationError(f"Enter {self._name.lower()}", code="required")
            return None
        return self.compress(value)
