"""The language check on forms: prompts next to free-text fields, never errors.

Add ``LanguageCheckMixin`` to a form (before ``forms.Form``/``ModelForm``)::

    class ReferralForm(LanguageCheckMixin, GovukFormMixin, forms.ModelForm):
        language_checked_fields = ("summary", "risks")   # default: every Textarea field

Then ``form.language_prompts`` maps field name -> list of ``LanguagePrompt``
(only fields with prompts), and every bound field carries its own prompts::

    {{ field }}
    {% include "includes/language_prompts.html" with prompts=field.language_prompts field_id=field.auto_id %}

or, for one named field, ``prompts=form.language_prompts.summary``. The block
has the id ``<field_id>-language``; ``field.language_id`` holds it (empty when
there are no prompts) so the widget can name it in ``aria-describedby``.

The check reads the value as the field shows it: the submitted text on a bound
form (valid or not), the initial value otherwise. Offsets index that text. It
never adds errors and never stops a form from saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField

from marac.language import LanguagePrompt, check_language

__all__ = ["LanguageCheckMixin"]


class LanguageCheckMixin:
    """Finds survivor-blaming phrases in a form's free-text fields.

    ``language_checked_fields``: the names of the fields to check. ``None``
    (the default) means every CharField with a Textarea widget. Only
    CharFields with a Textarea or TextInput widget are ever checked.
    """

    language_checked_fields: ClassVar[Sequence[str] | None] = None

    _language_prompts_cache: dict[str, list[LanguagePrompt]] | None = None

    def language_field_names(self) -> list[str]:
        """The fields this form checks, in form order."""
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        wanted = self.language_checked_fields
        names = []
        for name, field in fields.items():
            if not isinstance(field, forms.CharField):
                continue
            widget = field.widget
            if wanted is None:
                if isinstance(widget, forms.Textarea):
                    names.append(name)
            elif name in wanted and isinstance(widget, (forms.Textarea, forms.TextInput)):
                names.append(name)
        return names

    @property
    def language_prompts(self) -> dict[str, list[LanguagePrompt]]:
        """Field name -> prompts, for the checked fields that have any."""
        if self._language_prompts_cache is None:
            prompts: dict[str, list[LanguagePrompt]] = {}
            for name in self.language_field_names():
                # BaseForm.__getitem__, not ours: ours reads this property.
                bound: BoundField = super().__getitem__(name)  # type: ignore[misc]
                value = bound.value()
                if isinstance(value, str) and value:
                    found = check_language(value)
                    if found:
                        prompts[name] = found
            self._language_prompts_cache = prompts
        return self._language_prompts_cache

    def language_prompts_for_field(self, name: str) -> list[LanguagePrompt]:
        return self.language_prompts.get(name, [])

    def language_prompt_id(self, name: str) -> str:
        """The id of the prompts block for ``name`` ("" when it has none)."""
        if name not in self.language_prompts:
            return ""
        bound: BoundField = super().__getitem__(name)  # type: ignore[misc]
        return f"{bound.auto_id}-language" if bound.auto_id else ""

    def __getitem__(self, name: str) -> BoundField:
        bound: BoundField = super().__getitem__(name)  # type: ignore[misc]
        bound.language_prompts = self.language_prompts_for_field(name)  # type: ignore[attr-defined]
        bound.language_id = self.language_prompt_id(name)  # type: ignore[attr-defined]
        return bound

    def full_clean(self) -> None:
        # Data may have changed since the last check; the check itself never
        # touches errors or cleaned_data.
        self._language_prompts_cache = None
        super().full_clean()  # type: ignore[misc]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._language_prompts_cache = None
