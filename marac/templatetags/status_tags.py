"""`{% status_tag obj %}`: an object's status as a GOV.UK tag, coloured the same way on every page."""

from __future__ import annotations

from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# Colour per model and status; a status not listed here gets the default (no colour modifier) or grey.
COLOURS: dict[str, dict[str, str]] = {
    "referral": {"returned": "red", "submitted": "blue", "received": "green", "": "grey"},
    "meeting": {"circulated": "green", "cancelled": "red", "": "grey"},
    "minutes": {"distributed": "green", "approved": "blue", "": "grey"},
    "researchsubmission": {"submitted": "green", "not_known": "blue", "": "grey"},
    "action": {"completed": "green", "in_progress": "blue", "not_completed": "red", "superseded": "grey", "open": ""},
}

# The agenda's flags on a case (and, by how it starts, an action persistently not completed).
FLAG_COLOURS = {"Repeat": "orange", "Children in the household": "blue", "12 months since last MARAC": "yellow"}
PERSISTENT_FLAG = "Not completed since"


def tag_class(model_name: str, status: str) -> str:
    """The tag's CSS classes for a model's status."""
    colours = COLOURS.get(model_name, {})
    colour = colours.get(status, colours.get("", ""))
    return f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"


@register.simple_tag
def status_tag(obj: models.Model, *, extra_class: str = "") -> SafeString:
    """``<strong class="govuk-tag ...">Label</strong>`` for ``obj.status``, labelled by its choices."""
    status = str(getattr(obj, "status", ""))
    label = getattr(obj, "get_status_display", lambda: status)()
    classes = " ".join(c for c in (tag_class(obj._meta.model_name or "", status), extra_class) if c)
    return format_html('<strong class="{}">{}</strong>', classes, label)


@register.simple_tag
def flag_tag(flag: str) -> SafeString:
    """An agenda flag ("Repeat", "Children in the household", ...) as a GOV.UK tag."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} app-flag">{}</strong>',
        FLAG_COLOURS.get(flag.split(":")[0], "red" if flag.startswith(PERSISTENT_FLAG) else "grey"),
        flag,
    )
