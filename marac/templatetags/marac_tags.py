from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from marac.forms import language_prompt_id
from marac.widgets import GovukDateInput

register = template.Library()


@register.filter
def widget_type(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def with_described_by(field: BoundField) -> SafeString:
    """Render the widget with aria-describedby pointing at its hint and error."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    language_id = language_prompt_id(field.field)
    if language_id:
        ids.append(language_id)
    attrs: dict[str, str | bool] = {"aria-describedby": " ".join(ids)} if ids else {}
    return field.as_widget(attrs=attrs)


@register.filter
def anchor_id(field: BoundField) -> str:
    """The id an error-summary link should point at: the first radio or the day box."""
    kind = widget_type(field)
    if kind in ("radio", "date"):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def get_item(mapping: object, key: str) -> object:
    """``mapping|get_item:key`` for dictionaries in templates."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
