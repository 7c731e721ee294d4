"""The project's form renderer: GOV.UK markup for every field."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form field with the GOV.UK form-group markup."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
