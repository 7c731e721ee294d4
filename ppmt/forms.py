"""Research and survivor's voice forms: they validate and shape input only."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from marac.forms import GovukFormMixin
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

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["restricted_to"].queryset = agencies  # type: ignore[attr-defined]


class SurvivorVoiceForm(GovukFormMixin, forms.ModelForm):
    contact_made = forms.TypedChoiceField(
        label="Was contact made with the survivor?",
        choices=[("true", "Yes"), ("false", "No")],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether contact was made with the survivor"},
    )

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
        if self.instance.pk:
            self.initial["contact_made"] = "true" if self.instance.contact_made else "false"
