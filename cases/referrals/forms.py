"""Referral forms: they validate and shape input; services save it."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Consent, PartyRole, Referral, ReferralPerson
from cases.referrals.questions import CONCERN_CHOICES, GENDER_CHOICES, TEL, equality_question
from marac.forms import GovukFormMixin, LineLengthValidator, limit_choices
from marac.models import MaracArea
from marac.widgets import GovukDateField

RADIO = forms.RadioSelect


class ReferralForm(GovukFormMixin, forms.ModelForm[Referral]):
    """Base: a section of referral-level questions."""

    class Meta:
        model = Referral
        fields: ClassVar[list[str]] = []


class PersonForm(GovukFormMixin, forms.ModelForm[ReferralPerson]):
    """Base: the referrer's description of one person."""

    # None in the forms that do not ask for other names (Django then leaves the field out).
    aliases_text: forms.CharField | None = forms.CharField(
        label="Other names they are known by (optional)",
        help_text="One name on each line, for example a maiden name, a nickname or a name used online",
        required=False,
        validators=[LineLengthValidator(200, "Each other name")],  # as ReferralPerson.aliases stores each
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = ReferralPerson
        fields: ClassVar[list[str]] = []

    def __init__(self, *args: Any, referral_date: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral_date = referral_date or timezone.localdate()
        if self.instance.pk and "aliases_text" in self.fields:
            self.fields["aliases_text"].initial = "\n".join(self.instance.aliases)

    def clean_date_of_birth(self) -> date | None:
        value: date | None = self.cleaned_data.get("date_of_birth")
        if value and value > self.referral_date:
            raise forms.ValidationError("Date of birth must be on or before the date of the referral")
        return value

    def person_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if "aliases_text" in self.fields:
            data["aliases"] = [line.strip() for line in self.cleaned_data["aliases_text"].splitlines() if line.strip()]
        return data


class ReferrerForm(ReferralForm):
    class Meta:
        model = Referral
        fields: ClassVar = ["referrer_phone"]
        labels: ClassVar = {"referrer_phone": "Your direct phone number"}
        help_texts: ClassVar = {"referrer_phone": "So the MARAC coordinator can reach you about this referral"}
        widgets: ClassVar = {"referrer_phone": TEL}


class VictimForm(PersonForm):
    given_names = forms.CharField(label="First and middle names", max_length=200, required=False)
    family_name = forms.CharField(label="Last name", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 1990")
    gender = forms.ChoiceField(label="Gender (optional)", choices=GENDER_CHOICES, required=False, widget=RADIO)

    class Meta:
        model = ReferralPerson
        fields: ClassVar = ["given_names", "family_name", "date_of_birth", "gender"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_names") or cleaned.get("family_name")):
            self.add_error("given_names", "Enter the survivor's name, or the part of it you know")
        return cleaned


class VictimContactForm(PersonForm):
    may_leave_message = forms.ChoiceField(
        label="Can a message be left on this number?",
        choices=[("yes", "Yes"), ("no", "No")],
        required=False,
        widget=RADIO,
    )

    class Meta:
        model = ReferralPerson
        fields: ClassVar = [
            "address",
            "postcode",
            "safe_phone",
            "safe_times",
            "may_leave_message",
            "preferred_language",
            "interpreter_needed",
        ]
        labels: ClassVar = {
            "address": "Current address",
            "safe_phone": "Safe phone number",
            "safe_times": "Safe times to call",
            "preferred_language": "Preferred language",
            "interpreter_needed": "An independent interpreter is needed",
        }
        help_texts: ClassVar = {
            "address": "Only agencies that need the address will see it. Leave blank if it must not be shared.",
            "safe_phone": "A number the person causing harm does not know about or cannot check",
            "safe_times": "For example, weekdays between 10am and 2pm",
            "interpreter_needed": "Never a family member or friend",
        }
        widgets: ClassVar = {"address": forms.Textarea(attrs={"rows": 3}), "safe_phone": TEL}

    widths: ClassVar = {"postcode": "10", "safe_phone": "20"}
    aliases_text = None


class VictimEqualityForm(PersonForm):
    black_or_minoritised = equality_question("Black or minoritised")
    lgbt = equality_question("Lesbian, gay, bisexual or trans (LGBT+)")
    disabled = equality_question("Disabled")

    class Meta:
        model = ReferralPerson
        fields: ClassVar = ["ethnicity", "black_or_minoritised", "lgbt", "disabled"]
        labels: ClassVar = {"ethnicity": "Ethnicity, in the survivor's own words (optional)"}

    aliases_text = None


class PerpetratorForm(PersonForm):
    given_names = forms.CharField(label="First and middle names", max_length=200, required=False)
    family_name = forms.CharField(label="Last name", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 1985")
    gender = forms.ChoiceField(label="Gender (optional)", choices=GENDER_CHOICES, required=False, widget=RADIO)

    class Meta:
        model = ReferralPerson
        fields: ClassVar = ["given_names", "family_name", "date_of_birth", "gender", "relationship_to_victim"]
        labels: ClassVar = {"relationship_to_victim": "Relationship to the survivor"}
        help_texts: ClassVar = {"relationship_to_victim": "For example, ex-partner, husband, son"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_names") or cleaned.get("family_name") or cleaned.get("aliases_text")):
            self.add_error("given_names", "Enter the name of the person causing harm, or any name they use")
        return cleaned


class HouseholdMemberForm(PersonForm):
    role = forms.ChoiceField(
        label="Who are they?",
        choices=[(PartyRole.CHILD, "A child (under 18, or unborn)"), (PartyRole.HOUSEHOLD, "Another household member")],
        widget=RADIO,
        error_messages={"required": "Select whether this is a child or another household member"},
    )
    given_names = forms.CharField(label="First and middle names", max_length=200, required=False)
    family_name = forms.CharField(label="Last name", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 4 11 2019")
    expected_due_date = GovukDateField(
        label="Expected due date, if not yet born", required=False, past_only=False, help_text="For example, 12 5 2027"
    )

    class Meta:
        model = ReferralPerson
        fields: ClassVar = [
            "given_names",
            "family_name",
            "date_of_birth",
            "expected_due_date",
            "relationship_to_victim",
            "school",
            "lives_with",
            "child_protection_status",
        ]
        labels: ClassVar = {
            "relationship_to_victim": "Relationship to the survivor",
            "school": "School or nursery",
            "lives_with": "Who they live with",
            "child_protection_status": "Child protection status",
        }
        help_texts: ClassVar = {
            "child_protection_status": "For example, on the child protection register, or none known",
        }

    aliases_text = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_names") or cleaned.get("family_name") or cleaned.get("expected_due_date")):
            self.add_error("given_names", "Enter their name, or an expected due date for an unborn child")
        due = cleaned.get("expected_due_date")
        if due and cleaned.get("date_of_birth"):
            self.add_error("expected_due_date", "Enter a date of birth or an expected due date, not both")
        if due and due < self.referral_date:
            self.add_error("expected_due_date", "The expected due date must be after the date of the referral")
        return cleaned


class IncidentForm(ReferralForm):
    incident_date = GovukDateField(
        label="Date of the most recent incident", required=False, help_text="For example, 14 10 2026"
    )
    police_callouts = forms.IntegerField(
        label="Police call-outs for domestic abuse in the last 12 months",
        min_value=0,
        max_value=999,
        required=False,
        help_text="Include call-outs to any address for this survivor and the person causing harm",
        error_messages={
            "invalid": "Enter the number of call-outs as a whole number, like 3",
            "min_value": "The number of call-outs must be 0 or more",
            "max_value": "The number of call-outs must be 999 or fewer",
        },
    )
    widths: ClassVar = {"police_callouts": "3"}

    class Meta:
        model = Referral
        fields: ClassVar = ["incident_date", "police_callouts"]


class ReasonForm(ReferralForm):
    honour_based_abuse = forms.ChoiceField(
        label="Are there concerns of honour-based abuse or forced marriage? (optional)",
        choices=CONCERN_CHOICES,
        required=False,
        widget=RADIO,
    )
    immigration_concern = forms.ChoiceField(
        label="Are there concerns about the survivor's immigration status, or no recourse to public funds? (optional)",
        choices=CONCERN_CHOICES,
        required=False,
        widget=RADIO,
    )
    professional_judgement = forms.TypedChoiceField(
        label="Are you also referring on professional judgement?",
        choices=[("true", "Yes"), ("false", "No")],
        coerce=lambda v: v == "true",
        widget=RADIO,
        required=False,
        help_text="Any score can be referred on professional judgement. It can add to, but never lower, what the "
        "checklist shows.",
    )

    class Meta:
        model = Referral
        fields: ClassVar = [
            "reason",
            "professional_judgement",
            "professional_judgement_rationale",
            "honour_based_abuse",
            "immigration_concern",
        ]
        labels: ClassVar = {
            "reason": "Why are you referring to the MARAC?",
            "professional_judgement_rationale": "Your professional judgement: why is this person at high risk of "
            "serious harm?",
        }
        help_texts: ClassVar = {
            "reason": "In your own words: what the person causing harm has done, and what worries you now",
            "honour_based_abuse": "For example, threats from family members to enforce a marriage or punish "
            "'dishonour'. The MARAC can invite a specialist service.",
            "immigration_concern": "For example, a visa that depends on the person causing harm, or no recourse to "
            "public funds. The MARAC can invite a specialist service.",
        }
        widgets: ClassVar = {
            "reason": forms.Textarea(attrs={"rows": 6}),
            "professional_judgement_rationale": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("professional_judgement", "true" if self.instance.professional_judgement else "false")
        if self.instance.professional_judgement:
            self.initial["professional_judgement"] = "true"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["professional_judgement"] = bool(cleaned.get("professional_judgement"))
        if cleaned["professional_judgement"] and not (cleaned.get("professional_judgement_rationale") or "").strip():
            self.add_error(
                "professional_judgement_rationale",
                "Explain your professional judgement: why is this person at high risk of serious harm?",
            )
        return cleaned


class StrengthsForm(ReferralForm):
    class Meta:
        model = Referral
        fields: ClassVar = ["strengths"]
        labels: ClassVar = {"strengths": "What has the survivor done to keep themselves and any children safe?"}
        help_texts: ClassVar = {
            "strengths": "Their protective strategies and strengths: for example seeking help, arranging safe "
            "childcare, managing incidents, keeping a safe phone. Describe what they have done, not what they "
            "have not.",
        }
        widgets: ClassVar = {"strengths": forms.Textarea(attrs={"rows": 6})}

    def clean_strengths(self) -> str:
        value = (self.cleaned_data.get("strengths") or "").strip()
        if not value:
            raise forms.ValidationError("Describe the survivor's strengths and protective strategies")
        return value


class ProfessionalsForm(ReferralForm):
    class Meta:
        model = Referral
        fields: ClassVar = ["risks_to_professionals"]
        labels: ClassVar = {"risks_to_professionals": "Known risks to professionals (optional)"}
        help_texts: ClassVar = {
            "risks_to_professionals": "For example, threats to workers, weapons, dogs at the address, attempts to "
            "manipulate agencies",
        }
        widgets: ClassVar = {"risks_to_professionals": forms.Textarea(attrs={"rows": 4})}


class ConsentForm(ReferralForm):
    consent = forms.ChoiceField(
        label="Did the survivor consent to this referral?",
        choices=Consent.choices,
        widget=RADIO,
        help_text="A referral can go ahead without consent where the risk is high",
        error_messages={"required": "Select whether the survivor gave consent"},
    )

    class Meta:
        model = Referral
        fields: ClassVar = ["consent", "consent_note"]
        labels: ClassVar = {"consent_note": "If consent was refused or not sought, why?"}
        widgets: ClassVar = {"consent_note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("consent") in (Consent.REFUSED, Consent.NOT_SOUGHT)
            and not (cleaned.get("consent_note") or "").strip()
        ):
            self.add_error("consent_note", "Explain why consent was refused or not sought")
        return cleaned


class StartReferralForm(GovukFormMixin, forms.Form):
    area = forms.ModelChoiceField(
        label="Which MARAC are you referring to?",
        queryset=MaracArea.objects.none(),
        widget=RADIO,
        empty_label=None,
        error_messages={"required": "Select the MARAC you are referring to"},
    )

    def __init__(self, *args: Any, areas: QuerySet[MaracArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "area", areas)


class ReturnForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="What does the referring agency need to add or correct?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the referring agency needs to add or correct"},
    )
