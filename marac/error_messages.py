"""GOV.UK error messages for every form field, in place of Django's defaults.

Django's default messages ("This field is required.", "Ensure this value is
greater than or equal to 0.") say nothing of which question they are about or
what to do. ``govuk_error_messages`` gives a field, from its label, a message
for each error it can raise that still has Django's wording; a message the form
gave the field itself is kept. ``GovukFormMixin`` applies it to every field of
every form, so no page shows a default message (tests/test_form_messages.py).
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.core import validators

# Error codes raised by validators rather than by the field (min_value, max_length, ...): the field's
# error_messages override a validator's message for its code (Field.run_validators).
_VALIDATOR_CODES = {
    "min_value",
    "max_value",
    "min_length",
    "max_length",
    "step_size",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "invalid",
    "null_characters_not_allowed",
}
_CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.NullBooleanField)


def django_default_messages() -> set[str]:
    """Every default message Django's form fields and validators carry (with their placeholders)."""
    found: set[str] = set()
    for value in vars(forms.fields).values():
        if isinstance(value, type) and issubclass(value, forms.Field):
            for cls in value.__mro__:
                found.update(str(m) for m in getattr(cls, "default_error_messages", {}).values())
    for value in [*vars(validators).values(), *vars(forms.models).values()]:
        if isinstance(value, type):
            message = getattr(value, "message", None)
            if message is not None:
                found.add(_text(message))
            messages = getattr(value, "messages", None)
            if isinstance(messages, dict):  # DecimalValidator's
                found.update(_text(m) for m in messages.values())
            for cls in value.__mro__:
                found.update(str(m) for m in (getattr(cls, "default_error_messages", None) or {}).values())
    return found - {""}


def _text(message: object) -> str:
    """A message as text; a plural one (``ngettext_lazy`` keyed on a parameter) in its plural form,
    its placeholders kept."""
    text = str(message)
    if text:
        return text
    # The plural form, with any parameter 2 (the number becomes a placeholder again).
    keep: defaultdict[str, int] = defaultdict(lambda: 2)
    return str(message % keep).replace("2", "%(limit_value)d")  # type: ignore[operator]


DJANGO_DEFAULTS = frozenset(django_default_messages())


def _words(field: forms.Field, name: str) -> tuple[str, str, str]:
    """The label as a sentence start (``Label``), in mid-sentence (``subject``), and what to ask about."""
    label = str(field.label or name.replace("_", " ").capitalize()).replace("(optional)", "").strip()
    label = label.replace("%", "%%")  # the messages are %-formatted with the error's parameters
    keep_capital = len(label) > 1 and label[1].isupper()  # "LGBT+", "IDAA"
    subject = label if keep_capital else label[:1].lower() + label[1:]
    about = f"‘{label}’" if label.endswith("?") else subject
    return label, subject, about


def _messages(field: forms.Field, name: str) -> dict[str, str]:
    label, subject, about = _words(field, name)
    choosing = isinstance(field, _CHOICE_FIELDS) or isinstance(field.widget, forms.RadioSelect)
    question = label.endswith("?")
    if choosing:
        required = f"Select an answer to {about}" if question else f"Select {subject}"
    else:
        required = f"Enter an answer to {about}" if question else f"Enter {subject}"
    invalid = f"Enter {about} in the correct format"
    if isinstance(field, forms.IntegerField):
        invalid = f"{label} must be a whole number, like 3"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        invalid = f"{label} must be a number, like 2.5"
    elif isinstance(field, forms.EmailField):
        invalid = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.URLField):
        invalid = "Enter a web address in the correct format, like https://www.example.com"
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        invalid = f"{label} must be a real date, like 27 3 2007"
    elif isinstance(field, forms.TimeField):
        invalid = f"{label} must be a real time, like 14:30"
    return {
        "required": required,
        "invalid": invalid,
        "invalid_choice": f"Select one of the options for {about}",
        "invalid_list": f"Select one or more of the options for {about}",
        "invalid_pk_value": f"Select one of the options for {about}",
        "min_value": f"{label} must be %(limit_value)s or more",
        "max_value": f"{label} must be %(limit_value)s or less",
        "step_size": f"{label} must be a multiple of %(limit_value)s",
        "min_length": f"{label} must be %(limit_value)d characters or more",
        "max_length": f"{label} must be %(limit_value)d characters or fewer",
        "max_digits": f"{label} must have no more than %(max)s digits",
        "max_decimal_places": f"{label} must have no more than %(max)s decimal places",
        "max_whole_digits": f"{label} must have no more than %(max)s digits before the decimal point",
        "incomplete": f"Enter {about} in full",
        "missing": f"Select a file for {about}",
        "empty": "The selected file is empty",
        "contradiction": "Select a file or remove the one chosen, not both",
        "invalid_image": "The selected file must be an image",
        "overflow": f"{label} is too long ago or too far ahead",
        "null_characters_not_allowed": f"{label} must not contain null characters",
    }


def govuk_error_messages(field: forms.Field, name: str) -> None:
    """Replace each of Django's default messages on ``field`` with one that names it; keep the form's own."""
    wanted = _messages(field, name)
    codes = set(field.error_messages) | {
        code for v in field.validators if (code := getattr(v, "code", None)) in _VALIDATOR_CODES
    }
    for code in codes:
        current = field.error_messages.get(code)
        if (current is None or str(current) in DJANGO_DEFAULTS) and code in wanted:
            field.error_messages[code] = wanted[code]
