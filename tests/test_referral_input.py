"""What the referral forms accept and how they ask (issue 20): telephone numbers are telephone numbers;
equality questions preselect nothing and offer "Prefer not to say"; no Django default message; one term,
"survivor", in the referral pages' own words (docs/domain.md, "Victim or survivor")."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Referral
from cases.referrals import forms, services
from cases.referrals.checklists.answers import SOURCE_LABELS, SOURCE_SHORT_LABELS
from marac.validators import PHONE_MESSAGE, is_phone_number
from tests.conftest import sign_in_verified
from tests.referral_helpers import Cast, draft_referral, fresh, submitted_referral

pytestmark = pytest.mark.django_db

PHONES = [
    "01632 960 001",
    "07700 900 982",
    "07700900982",
    "+44 808 157 0192",
    "+44 (0)20 7946 0000",
    "(01632) 960001",
    "0044 7700 900982",
    "+1 202 555 0143",
    "+33 1 23 45 67 89",
]
NOT_PHONES = ["not a phone!!", "12345", "0163296000112345", "+44", "07700 900 98a", "call me", "++44 7700 900982"]


@pytest.mark.parametrize("number", PHONES)
def test_uk_and_international_numbers_are_accepted(number: str) -> None:
    assert is_phone_number(number)


@pytest.mark.parametrize("text", NOT_PHONES)
def test_what_is_not_a_number_is_refused(text: str) -> None:
    assert not is_phone_number(text)


@pytest.mark.parametrize(("form_class", "field"), [(forms.ReferrerForm, "referrer_phone")])
def test_the_referrer_form_refuses_not_a_phone_with_the_govuk_message(form_class, field) -> None:
    form = form_class({field: "not a phone!!"})
    assert not form.is_valid()
    assert form.errors[field] == [PHONE_MESSAGE]
    assert form_class({field: "+44 808 157 0192"}).is_valid()


def test_the_safe_phone_is_refused_on_the_page_and_what_was_typed_is_kept(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    url = reverse("referral-section", args=[referral.public_id, "victim-contact"])
    response = client.post(url, {"safe_phone": "not a phone!!", "postcode": "AB1 2CD", "version": referral.version})
    page = response.content.decode()
    assert response.status_code == 400
    assert html.escape(PHONE_MESSAGE) in page
    assert "govuk-error-summary" in page
    assert "AB1 2CD" in page  # nothing typed is lost
    assert fresh(referral).victim.safe_phone == ""


def test_the_services_refuse_a_phone_that_is_not_one_too(cast: Cast) -> None:
    """The API and any other caller go through the same check (the model's validator)."""
    referral = draft_referral(cast.practitioner, cast.area)
    with pytest.raises(ValidationError) as refused:
        services.referral_update(user=cast.practitioner, referral=referral, data={"referrer_phone": "not a phone!!"})
    assert refused.value.message_dict["referrer_phone"] == [PHONE_MESSAGE]


# --- Equality questions ----------------------------------------------------------------------------------


def test_equality_questions_preselect_nothing_and_offer_prefer_not_to_say(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    page = client.get(reverse("referral-section", args=[referral.public_id, "victim-equality"])).content.decode()
    for name in ("black_or_minoritised", "lgbt", "disabled"):
        radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert len(radios) == 3, radios  # yes, no, prefer not to say
        assert not any("checked" in radio for radio in radios), f"{name} preselects an answer"
        assert any('value="prefer_not"' in radio for radio in radios)
    assert "Not recorded" not in page
    assert "Prefer not to say" in page


def test_the_gender_question_preselects_nothing(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area, victim={"given_names": "Ava", "family_name": "Quarr-X"})
    sign_in_verified(client, cast.practitioner)
    page = client.get(reverse("referral-section", args=[referral.public_id, "victim"])).content.decode()
    radios = re.findall(r'<input[^>]*name="gender"[^>]*>', page)
    assert radios
    assert not any("checked" in radio for radio in radios)
    assert "Not recorded" not in page


def test_a_chosen_prefer_not_to_say_is_kept(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    url = reverse("referral-section", args=[referral.public_id, "victim-equality"])
    client.post(url, {"lgbt": "prefer_not", "action": "later"})
    assert fresh(referral).victim.lgbt == "prefer_not"
    page = client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="lgbt"[^>]*value="prefer_not"[^>]*checked', page)


# --- No Django default message on the referral pages ----------------------------------------------------


def test_the_call_outs_and_checklist_score_say_what_to_do(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    incident = client.post(
        reverse("referral-section", args=[referral.public_id, "incident"]), {"police_callouts": "-1"}
    ).content.decode()
    assert "The number of call-outs must be 0 or more" in incident
    checklist = client.post(
        reverse("referral-section", args=[referral.public_id, "checklist"]),
        {"completed_elsewhere": "on", "recorded_score": "-1"},
    ).content.decode()
    assert "Ensure this value" not in checklist
    assert "The score on that checklist must be 0 or more" in checklist


# --- One term ------------------------------------------------------------------------------------------------

# The pages in the service's own words (the risk checklist page keeps the checklist's published wording).
OWN_WORDS = ["referrer", "victim", "victim-contact", "victim-equality", "incident", "reason", "strengths", "consent"]


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _victims(text: str, referral: Referral) -> list[str]:
    """Each use of "victim" that is not the role's own label ("Victim", as the published form names it) nor in
    the checklist's own questions (shown on the check page in their published topic wording)."""
    for question in referral.checklist.instrument.questions:
        for words in (question["topic"], question["text"], question.get("hint") or ""):
            # As written, and as a Change link's hidden text quotes it ("the answer to question 3, what the ...").
            for form in (str(words), str(words)[:1].lower() + str(words)[1:]) if words else ():
                text = text.replace(form, " ")
    # Who gave an answer, as the published checklist names them ("the victim, a third party or a professional").
    for label in (*SOURCE_LABELS.values(), *SOURCE_SHORT_LABELS.values()):
        text = text.replace(label, " ")
    return [m.group(0) for m in re.finditer(r"\b[Vv]ictims?\b", text) if m.group(0) != "Victim"]


def test_the_referral_pages_say_survivor_in_their_own_words(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    pages = [reverse("referral-section", args=[referral.public_id, slug]) for slug in OWN_WORDS]
    pages += [
        reverse("referral-tasks", args=[referral.public_id]),
        reverse("referral-check", args=[referral.public_id]),
        reverse("referral-people", args=[referral.public_id, "perpetrators"]),
        reverse("referral-person-add", args=[referral.public_id, "children"]),
        reverse("referral-list"),
    ]
    said = ""
    for url in pages:
        text = _visible_text(client.get(url).content.decode())
        assert _victims(text, referral) == [], url
        said += text
    for own_words in (
        "About the survivor",
        "Did the survivor consent to this referral?",
        "Relationship to the survivor",
    ):
        assert own_words in said
    sent = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
    sign_in_verified(client, cast.coordinator)
    detail = _visible_text(client.get(reverse("referral-detail", args=[sent.public_id])).content.decode())
    assert _victims(detail, sent) == []


def test_the_survivors_name_is_asked_for_as_the_survivors(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    response = client.post(reverse("referral-section", args=[referral.public_id, "victim"]), {"given_names": ""})
    assert html.escape("Enter the survivor's name, or the part of it you know") in response.content.decode()
