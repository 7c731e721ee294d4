"""Forms for sign-in and two-factor. They validate and shape input only."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from marac.models import AuditVerb, MaracArea


class GovukFormMixin:
    """Adds GOV.UK classes and error state to widgets.

    Rendering lives in templates/forms/field.html (the project's form
    renderer); this mixin only sets classes and attributes.
    """

    error_css_class = "govuk-form-group--error"
    widths: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.MultiWidget):
                continue  # radios and date inputs carry their own classes
            base = {
                forms.Select: "govuk-select",
                forms.Textarea: "govuk-textarea",
                forms.CheckboxInput: "govuk-checkboxes__input",
            }.get(type(widget), "govuk-input")
            css = [base]
            if name in self.widths:
                css.append(f"govuk-input--width-{self.widths[name]}")
            widget.attrs["class"] = " ".join(css)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                if isinstance(widget, forms.MultiWidget):
                    for sub in widget.widgets:
                        if "govuk-input--error" not in sub.attrs.get("class", ""):
                            sub.attrs["class"] = sub.attrs.get("class", "") + " govuk-input--error"
                    continue
                if isinstance(widget, forms.RadioSelect):
                    continue
                suffix = "--error"
                base = widget.attrs.get("class", "govuk-input").split()[0]
                widget.attrs["class"] += f" {base}{suffix}"


class SignInForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorCodeForm(GovukFormMixin, forms.Form):
    code = forms.RegexField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": "Enter the 6-digit security code from your authenticator app",
            "invalid": "Enter the security code as 6 digits, like 123456",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )
    widths: ClassVar[dict[str, str]] = {"code": "5"}

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class AuditFilterForm(GovukFormMixin, forms.Form):
    verb = forms.ChoiceField(label="What happened", required=False, choices=[("", "Any"), *AuditVerb.choices])
    area = forms.ModelChoiceField(
        label="MARAC area", required=False, queryset=MaracArea.objects.none(), empty_label="Any"
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a real date, like 2026-03-27"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a real date, like 2026-03-27"},
    )

    def __init__(self, *args: Any, areas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: each message on its own
    field where the form has that field, otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)
