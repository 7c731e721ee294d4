"""Research and survivor's voice forms: they validate and shape input only; and the
language check any form can carry (``LanguageCheckMixin``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField

from marac.forms import GovukFormMixin, VersionField, limit_choices, set_language_prompt_id
from marac.language import LanguagePrompt, check_language
from marac.models import Agency
from marac.widgets import GovukDateField
from ppmt.models import LawfulBasis, SurvivorVoice
from ppmt.stages import PpmtStage


class ResearchEntryForm(GovukFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label="PPMT stage",
        choices=[("", "Choose a stage"), *PpmtStage.choices],
        error_messages={"required": "Select the PPMT stage this finding belongs to"},
    )
    text = forms.CharField(
        label="What your agency found",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Relevant and proportionate: name the behaviour of the person causing harm and the survivor's "
        "protective efforts",
        error_messages={"required": "Enter what your agency found"},
    )
    information_date = GovukDateField(
        label="Date of the information (optional)", required=False, help_text="For example, 14 10 2026"
    )
    source = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=200,
        help_text="For example, police incident log, GP record",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=[("", "Choose a lawful basis"), *LawfulBasis.choices],
        error_messages={"required": "Select the lawful basis for sharing this information"},
    )
    restricted = forms.BooleanField(
        label="Restrict this finding to named agencies (everyone invited sees it otherwise)", required=False
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label="Agencies that may see it",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    restriction_reason = forms.CharField(label="Why it is restricted", required=False, max_length=300)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "restricted_to", agencies)


class SurvivorVoiceForm(GovukFormMixin, forms.ModelForm[SurvivorVoice]):
    contact_made = forms.TypedChoiceField(
        label="Was contact made with the survivor?",
        choices=[("true", "Yes"), ("false", "No")],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether contact was made with the survivor"},
    )
    # The version the editor loaded: 0 before the first save, so that a second first save is refused too.
    version = VersionField()

    class Meta:
        model = SurvivorVoice
        fields: ClassVar = [
            "contact_made",
            "no_contact_reason",
            "views_and_wishes",
            "fears",
            "wants_from_marac",
            "own_risk_view",
            "strengths",
            "childrens_voice",
            "agreed_to_share",
        ]
        labels: ClassVar = {
            "no_contact_reason": "If not, what got in the way?",
            "views_and_wishes": "The survivor's views and wishes",
            "fears": "What the survivor is afraid of",
            "wants_from_marac": "What the survivor wants from the MARAC",
            "own_risk_view": "The survivor's own view of the risk",
            "strengths": "The survivor's strengths and protective efforts",
            "childrens_voice": "The children's voice, where known",
            "agreed_to_share": "What the survivor has agreed may be shared",
        }
        widgets: ClassVar = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[1:]}
        help_texts: ClassVar = {
            "own_risk_view": "In the survivor's own words, where possible",
            "strengths": "What the survivor does to keep themselves and the children safe",
            "agreed_to_share": "",
            "childrens_voice": "What the children have said, or how they are, in their own words where known",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.instance.version if self.instance.pk else 0
        if self.instance.pk:
            self.initial["contact_made"] = "true" if self.instance.contact_made else "false"


class LanguageBoundField(BoundField):
    """A bound field of a ``LanguageCheckMixin`` form: its language prompts and
    the id of their block."""

    form: LanguageCheckMixin

    @property
    def language_prompts(self) -> list[LanguagePrompt]:
        return self.form.language_prompts_for_field(self.name)

    @property
    def language_id(self) -> str:
        """The id of the prompts block ("" when the field has no prompts)."""
        return self.form.language_prompt_id(self.name)


class LanguageCheckMixin(forms.BaseForm):
    """The language check on forms: prompts next to free-text fields, never errors.

    Finds survivor-blaming phrases in a form's free-text fields. Add it to a
    form (before ``forms.Form``/``ModelForm``)::

        class ReferralForm(LanguageCheckMixin, GovukFormMixin, forms.ModelForm[Referral]):
            language_checked_fields = ("summary", "risks")   # default: every Textarea field

    ``language_checked_fields``: the names of the fields to check. ``None``
    (the default) means every CharField with a Textarea widget. Only
    CharFields with a Textarea or TextInput widget are ever checked.

    Then ``form.language_prompts`` maps field name -> list of ``LanguagePrompt``
    (only fields with prompts), and every bound field (a ``LanguageBoundField``)
    carries its own prompts::

        {{ field }}
        {% include "includes/language_prompts.html" with prompts=field.language_prompts field_id=field.auto_id %}

    or, for one named field, ``prompts=form.language_prompts.summary``. The block
    has the id ``<field_id>-language``; ``field.language_id`` holds it (empty when
    there are no prompts), and the widget names it in ``aria-describedby``
    (``marac.forms.set_language_prompt_id``).

    The check reads the value as the field shows it: the submitted text on a bound
    form (valid or not), the initial value otherwise. Offsets index that text. It
    never adds errors and never stops a form from saving.
    """

    bound_field_class = LanguageBoundField
    language_checked_fields: ClassVar[Sequence[str] | None] = None

    _language_prompts_cache: dict[str, list[LanguagePrompt]] | None = None

    def language_field_names(self) -> list[str]:
        """The fields this form checks, in form order."""
        wanted = self.language_checked_fields
        names = []
        for name, field in self.fields.items():
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
                value = super().__getitem__(name).value()
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
        auto_id = super().__getitem__(name).auto_id
        return f"{auto_id}-language" if auto_id else ""

    def __getitem__(self, name: str) -> BoundField:
        bound = super().__getitem__(name)
        # The widget names the prompts block in aria-describedby (marac_tags.with_described_by).
        set_language_prompt_id(bound.field, self.language_prompt_id(name))
        return bound

    def full_clean(self) -> None:
        # Data may have changed since the last check; the check itself never
        # touches errors or cleaned_data.
        self._language_prompts_cache = None
        super().full_clean()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._language_prompts_cache = None
