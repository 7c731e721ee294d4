"""Forms for the account pages. They validate and shape input only."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from marac.accounts.models import Invitation, ReviewDecision
from marac.accounts.selectors import Scope, invitable_agencies, invitable_areas, invitable_roles
from marac.accounts.services import DEACTIVATION_REASONS
from marac.forms import GovukFormMixin, limit_choices
from marac.models import Agency, MaracArea, User


class InviteForm(GovukFormMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="The invitation goes to this address. Use their secure work email.",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose their agency", "invalid_choice": "Choose one of the agencies listed"},
    )
    area = forms.ModelChoiceField(
        label="MARAC area",
        queryset=MaracArea.objects.none(),
        empty_label="Choose an area",
        error_messages={"required": "Choose the MARAC area", "invalid_choice": "Choose one of the areas listed"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[],
        error_messages={"required": "Choose their role", "invalid_choice": "Choose one of the roles listed"},
    )
    widths: ClassVar[dict[str, str]] = {"job_title": "20"}

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", invitable_agencies(scope))
        limit_choices(self, "area", invitable_areas(scope))
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [("", "Choose a role"), *invitable_roles(scope)]


class FirstPasswordForm(GovukFormMixin, forms.Form):
    """Choose a password, typed twice, checked by Django's password validators."""

    new_password = forms.CharField(
        label="Create a password",
        strip=False,
        help_text="At least 12 characters. Avoid a common password or one like your name or email address.",
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label="Type the password again",
        strip=False,
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password, again = cleaned.get("new_password"), cleaned.get("confirm_password")
        if password:
            # Not saved: lets the similarity check compare with the person's name and email.
            person = User(email=self.invitation.email, full_name=self.invitation.full_name)
            try:
                password_validation.validate_password(password, person)
            except ValidationError as exc:
                self.add_error("new_password", exc)
        if password and again and password != again:
            self.add_error("confirm_password", "The passwords do not match: type the same password twice")
        return cleaned


class DeactivateForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Why is the account being closed?",
        choices=DEACTIVATION_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the account is being closed"},
    )


def review_field_name(user_id: int) -> str:
    return f"account_{user_id}"


class AccountReviewForm(GovukFormMixin, forms.Form):
    """One "still needs access" or "has left" choice for each account listed."""

    def __init__(self, *args: Any, accounts: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        for user in accounts:
            self.fields[review_field_name(user.pk)] = forms.ChoiceField(
                label=user.full_name,
                choices=ReviewDecision.choices,
                widget=forms.RadioSelect(attrs={"inline": True}),
                error_messages={"required": f"Select whether {user.full_name} still needs access"},
            )

    def decisions(self) -> dict[int, str]:
        return {user.pk: str(self.cleaned_data[review_field_name(user.pk)]) for user in self.accounts}
