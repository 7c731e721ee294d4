"""Forms for sign-in and two-factor. They validate and shape input only."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import QuerySet
from django.http import QueryDict

from marac.error_messages import govuk_error_messages
from marac.models import AuditVerb, MaracArea

M = TypeVar("M", bound=models.Model)

# The GOV.UK class for each kind of widget; any other widget is a text input.
_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukFormMixin(forms.BaseForm):
    """Adds GOV.UK classes and error state to widgets.

    Mix it in ahead of ``forms.Form`` or ``forms.ModelForm``
    (``class MyForm(GovukFormMixin, forms.Form)``). It derives from
    ``forms.BaseForm`` so that its methods see a form's fields and errors;
    Python's method order still runs it before the form class's own methods.

    Rendering lives in templates/forms/field.html (the project's form
    renderer); this mixin only sets classes and attributes.
    """

    error_css_class = "govuk-form-group--error"
    widths: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.MultiWidget | forms.HiddenInput):
                continue  # radios and date inputs carry their own classes; hidden inputs need none
            css = [_WIDGET_CLASSES.get(type(widget), "govuk-input")]
            if name in self.widths:
                css.append(f"govuk-input--width-{self.widths[name]}")
            widget.attrs["class"] = " ".join(css)

    def full_clean(self) -> None:
        # Here rather than in __init__, so that fields a form adds after it are limited too.
        for name, field in self.fields.items():
            limit_text_length(field, name)
            govuk_error_messages(field, name)
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                _mark_invalid(self.fields[name].widget)

    def add_error(self, field: str | None, error: Any) -> None:
        # After cleaning too: a service's refusal marks its field as the form's own errors do.
        super().add_error(field, error)
        for name in self.errors:  # cleaned already: add_error needs the form's errors
            if name in self.fields:
                _mark_invalid(self.fields[name].widget)


def _mark_invalid(widget: forms.Widget) -> None:
    """Add the GOV.UK error class to a field's widget (to each part of a date input)."""
    if isinstance(widget, forms.MultiWidget):
        for sub in widget.widgets:
            if "govuk-input--error" not in sub.attrs.get("class", ""):
                sub.attrs["class"] = sub.attrs.get("class", "") + " govuk-input--error"
        return
    if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
        return
    classes = widget.attrs.get("class", "").split() or ["govuk-input"]
    error_class = f"{classes[0]}--error"
    if error_class not in classes:
        widget.attrs["class"] = " ".join([*classes, error_class])


# The longest free text any form or API field takes (about four pages of typing).
# The database's text columns are unbounded; this keeps one request from storing megabytes.
MAX_TEXT_LENGTH = 10_000


def too_long_message(label: str, limit: int) -> str:
    """The GOV.UK message for text over ``limit`` characters."""
    return f"{label} must be {limit:,} characters or fewer"


class LineLengthValidator:
    """Refuses text with a line longer than ``limit`` (for a list typed one item a line)."""

    def __init__(self, limit: int, label: str) -> None:
        self.limit, self.label = limit, label

    def __call__(self, value: str) -> None:
        if any(len(line.strip()) > self.limit for line in str(value).splitlines()):
            raise ValidationError(too_long_message(self.label, self.limit), code="line_length")


def limit_text_length(field: forms.Field, name: str) -> None:
    """Give a text field a length limit (``MAX_TEXT_LENGTH`` unless it has its own)
    and a message that names the field and the limit."""
    if not isinstance(field, forms.CharField):
        return
    label = str(field.label or name.replace("_", " ").capitalize())
    if field.max_length is None:
        field.max_length = MAX_TEXT_LENGTH
        field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
    field.error_messages.setdefault("max_length", too_long_message(label, int(field.max_length)))


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


class SecondFactorForm(TwoFactorCodeForm):
    """The two-factor step at sign-in: the app's code, or one of the user's recovery codes."""

    code = forms.RegexField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app, or one of your recovery codes",
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{4}[\s-]?[A-Za-z2-7]{4})\s*$",
        error_messages={
            "required": "Enter the 6-digit security code from your authenticator app",
            "invalid": "Enter the security code as 6 digits, like 123456, or a recovery code of 8 letters and numbers",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
    widths: ClassVar[dict[str, str]] = {"code": "10"}


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

    def __init__(self, *args: Any, areas: QuerySet[MaracArea] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if areas is not None:
            limit_choices(self, "area", areas)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[M]) -> None:
    """Offer only ``queryset`` in the form's model choice field ``name``."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    field.queryset = queryset


# The field attribute that names a field's language-prompt block (see below).
_LANGUAGE_ID = "language_id"


def set_language_prompt_id(field: forms.Field, prompt_id: str) -> None:
    """Record the id of the language-prompt block shown under ``field``, so
    that ``marac_tags.with_described_by`` names it in ``aria-describedby``."""
    setattr(field, _LANGUAGE_ID, prompt_id)


def language_prompt_id(field: forms.Field) -> str:
    """The id set by ``set_language_prompt_id``; empty when the field has no prompts."""
    return str(getattr(field, _LANGUAGE_ID, ""))


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: each message on its own
    field where the form has that field, otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


OUT_OF_DATE = "This page is out of date: reload it and try again"


class VersionField(forms.IntegerField):
    """The version of the object the editor loaded (``marac.versioning``), posted back hidden.

    Absent means "no check", as the services take ``None``.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("error_messages", {"invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE})
        super().__init__(**kwargs)


def carry_current_version(form: forms.BaseForm, version: int) -> None:
    """After a ``StaleVersionError``: keep what the editor typed, but carry the
    current version, so saving again (once they have checked) can succeed."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data[form.add_prefix("version")] = str(version)
    form.data = data
