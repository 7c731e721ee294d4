"""No server error from any input (issue 16): each finding of the input review, reproduced.

Ids and numbers from input go through one parser (``marac.http.parse_id`` and
``int_or_404``): a malformed id answers 404, as a missing object does, and a
malformed number a form error. Free text has a length limit, checklist sources
take only the checklist's questions, and CSV cells cannot be formulas. The
random and hostile values posted to every form are in test_hostile_input_fuzz.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from actions.models import Action
from cases.models import PartyRole
from cases.referrals import services as referral_services
from cases.referrals.forms import PerpetratorForm
from cases.selectors import case_get_for_user
from governance.models import ReferralReview
from governance.views import quarter_bounds
from marac.forms import MAX_TEXT_LENGTH, GovukFormMixin
from marac.http import MAX_ID, int_or_404, parse_id
from marac.spreadsheet import safe_cell
from marac.versioning import parse_version
from marac.widgets import GovukDateField
from ppmt.selectors import own_entry
from tests.conftest import sign_in_verified
from tests.query_budget_world import World, build_world
from tests.referral_helpers import referral_person

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"  # str.isdigit() is True, int() refuses it
HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One MARAC area with every kind of row, built once and rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(2)
        transaction.set_rollback(True)


def as_user(world: World, role: str) -> Client:
    return sign_in_verified(Client(), world.users[role])


def current_etag(obj: Any) -> str:
    """The If-Match of a write to ``obj``: its current version (marac.versioning)."""
    return f'"{type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)}"'


def api_as(world: World, role: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.users[role])
    return api


# --- The one parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), (7, 7), ("0", 0), (str(MAX_ID), MAX_ID)]
    + [(bad, None) for bad in ("", None, SUPERSCRIPT_TWO, "١٢", "１２", "-1", "1_0", "1.0", "1e3", "abc", HUGE)]
    + [(str(MAX_ID + 1), None), ("9" * 5000, None), ("1\x00", None)],
)
def test_parse_id_takes_only_plain_ascii_digits_in_range(value: object, expected: int | None) -> None:
    assert parse_id(value) == expected


def test_int_or_404_answers_404_for_a_malformed_id() -> None:
    assert int_or_404("42") == 42
    for bad in (SUPERSCRIPT_TWO, "abc", HUGE, ""):
        with pytest.raises(Http404):
            int_or_404(bad)


def test_parse_version_reads_an_etag_and_refuses_unicode_digits() -> None:
    assert parse_version('"3"') == 3
    assert parse_version(SUPERSCRIPT_TWO) is None
    assert parse_version(HUGE) is None


def test_selectors_answer_404_for_ids_that_are_not_numbers(world: World) -> None:
    user = world.users["coordinator"]
    for bad in ("abc", SUPERSCRIPT_TWO, HUGE):
        with pytest.raises(Http404):
            case_get_for_user(user, bad)
    assert own_entry(world.users["representative"], world.item, "abc") is None


# --- Unicode digits and malformed numbers in pages ----------------------------------------------


def test_amend_parameter_with_a_unicode_digit_is_404(world: World) -> None:
    url = reverse("research-item", args=[world.next_meeting.pk, world.item.pk])
    assert as_user(world, "representative").get(f"{url}?amend={SUPERSCRIPT_TWO}").status_code == 404
    assert as_user(world, "representative").get(f"{url}?amend={HUGE}").status_code == 404


def test_withdrawing_a_finding_with_a_malformed_id_is_404(world: World) -> None:
    url = reverse("research-action", args=[world.next_meeting.pk, world.item.pk])
    response = as_user(world, "representative").post(url, {"action": "withdraw", "entry": "abc"})
    assert response.status_code == 404


def test_survivor_voice_with_a_unicode_digit_version_is_no_server_error(world: World) -> None:
    url = reverse("survivor-voice", args=[world.next_meeting.pk, world.item.pk])
    response = as_user(world, "idaa").post(
        url, {"contact_made": "true", "views_and_wishes": "Stay.", "version": SUPERSCRIPT_TWO}
    )
    assert response.status_code < 500


def test_referral_section_with_a_version_that_is_not_a_number_is_no_server_error(world: World) -> None:
    url = reverse("referral-section", args=[world.draft.public_id, "referrer"])
    response = as_user(world, "practitioner").post(url, {"referrer_phone": "01632 960000", "version": "abc"})
    assert response.status_code < 500


def test_linking_a_person_to_a_malformed_record_id_is_refused(world: World) -> None:
    person = referral_person(world.submitted, PartyRole.VICTIM)
    url = reverse("referral-person-link", args=[world.submitted.public_id, person.pk])
    response = as_user(world, "coordinator").post(url, {"existing": SUPERSCRIPT_TWO})
    assert response.status_code == 302


def test_receiving_with_malformed_record_ids_is_no_server_error(world: World) -> None:
    links = {f"link_{person.pk}": SUPERSCRIPT_TWO for person in world.submitted.people.all()}
    response = as_user(world, "coordinator").post(reverse("referral-receive", args=[world.submitted.public_id]), links)
    assert response.status_code < 500


def test_api_if_match_with_a_unicode_digit_is_no_server_error(world: World) -> None:
    circulate = api_as(world, "coordinator").post(
        reverse("api-circulate", args=[world.next_meeting.pk]), HTTP_IF_MATCH=SUPERSCRIPT_TWO
    )
    assert circulate.status_code < 500
    update = api_as(world, "representative").post(
        reverse("api-action-updates", args=[world.action.pk]),
        {"status": "in_progress", "note": "In hand"},
        format="json",
        HTTP_IF_MATCH=SUPERSCRIPT_TWO,
    )
    assert update.status_code < 500


# --- Dates and quarters ------------------------------------------------------------------------


@pytest.mark.parametrize("day", [HUGE, SUPERSCRIPT_TWO, "١", "0", "001"])
def test_a_day_that_is_not_a_small_number_is_a_form_error(day: str) -> None:
    field = GovukDateField(label="Date of birth")
    with pytest.raises(ValidationError) as caught:
        field.clean([day, "1", "2000"])
    assert caught.value.messages == ["Date of birth must be a real date, like 27 3 2007"]


def test_a_real_date_is_still_read() -> None:
    assert GovukDateField(label="Date of birth").clean(["7", "03", "2001"]) == date(2001, 3, 7)


@pytest.mark.parametrize("label", ["9999-Q4", "0000-Q1", "²０２６-Q1", "2026-Q5"])
def test_a_quarter_outside_the_calendar_falls_back_to_the_last_complete_one(label: str) -> None:
    assert quarter_bounds(label, date(2026, 5, 1)) == (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")


@pytest.mark.parametrize("label", ["9999-Q4", "0000-Q1"])
def test_governance_pages_take_a_quarter_outside_the_calendar(world: World, label: str) -> None:
    client = as_user(world, "governance")
    assert client.get(reverse("governance-dashboard"), {"quarter": label}).status_code == 200
    assert client.get(reverse("governance-csv"), {"quarter": label}).status_code == 200


# --- Lengths -----------------------------------------------------------------------------------


def test_api_attendee_names_over_300_characters_are_refused(world: World) -> None:
    response = api_as(world, "coordinator").post(
        reverse("api-attendance", args=[world.last_meeting.pk]),
        {"agency": world.users["representative"].agency_id, "status": "present", "attendee_names": "A" * 301},
        format="json",
        HTTP_IF_MATCH=current_etag(world.last_meeting),
    )
    assert response.status_code == 400
    assert "attendee_names" in response.json()


def test_api_attendance_with_a_huge_agency_id_is_refused(world: World) -> None:
    response = api_as(world, "coordinator").post(
        reverse("api-attendance", args=[world.last_meeting.pk]),
        {"agency": int(HUGE), "status": "present", "cases_attended": [int(HUGE)]},
        format="json",
        HTTP_IF_MATCH=current_etag(world.last_meeting),
    )
    assert response.status_code == 400


def test_an_other_name_over_200_characters_is_a_form_error() -> None:
    form = PerpetratorForm(data={"given_names": "Benny", "aliases_text": "Short\n" + "B" * 201})
    assert not form.is_valid()
    assert form.errors["aliases_text"] == ["Each other name must be 200 characters or fewer"]


def test_free_text_over_the_limit_is_a_form_error_with_a_message_that_names_it(world: World) -> None:
    url = reverse("referral-section", args=[world.draft.public_id, "reason"])
    response = as_user(world, "practitioner").post(url, {"reason": "x" * (MAX_TEXT_LENGTH + 1)})
    assert response.status_code == 400
    assert "Why are you referring to the MARAC? must be 10,000 characters or fewer" in response.content.decode()


def test_free_text_over_the_limit_is_refused_by_the_api(world: World) -> None:
    response = api_as(world, "representative").post(
        reverse("api-action-updates", args=[world.action.pk]),
        {"status": "in_progress", "note": "x" * (MAX_TEXT_LENGTH + 1)},
        format="json",
        HTTP_IF_MATCH=current_etag(world.action),
    )
    assert response.status_code == 400
    assert "note" in response.json()


def test_governance_feedback_over_the_limit_is_refused(world: World) -> None:
    url = reverse("referral-review", args=[world.received.public_id])
    response = as_user(world, "coordinator").post(
        url, {"inappropriate": "yes", "feedback": "x" * (MAX_TEXT_LENGTH + 1)}, follow=True
    )
    assert "The feedback must be 10,000 characters or fewer" in response.content.decode()
    assert not ReferralReview.objects.filter(referral=world.received).exists()


# --- Forms -------------------------------------------------------------------------------------


class LateFieldsForm(GovukFormMixin, forms.Form):
    """Fields added after the mixin has set its classes, as the checklist form adds its questions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.CharField(max_length=3)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)


def test_an_error_on_a_field_whose_widget_has_no_class_is_shown_not_a_server_error() -> None:
    form = LateFieldsForm(data={"source": "too long", "version": "x"})
    assert not form.is_valid()
    assert form.errors["source"] == ["Source must be 3 characters or fewer"]
    assert "govuk-input--error" in form.fields["source"].widget.attrs["class"]
    assert "class" not in form.fields["version"].widget.attrs


def test_checklist_sources_take_only_the_checklists_questions(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        referral_services.referral_checklist_save(
            user=world.users["practitioner"], referral=world.draft, answers={}, sources={"anything": "x"}
        )
    assert "source_anything" in caught.value.message_dict


def _referral_body(world: World, sources: dict[str, str]) -> dict[str, Any]:
    return {
        "area": world.area.code,
        "consent": "not_sought",
        "consent_note": "Contact not yet safe",
        "reason": "Threats to kill.",
        "strengths": "She called the police.",
        "victim": {"given_names": "Dana", "family_name": "Hostiletest"},
        "perpetrators": [{"given_names": "Eli", "family_name": "Hostileharm"}],
        "household": [],
        "checklist": {"answers": {f"q{i}": "yes" for i in range(1, 25)}, "sources": sources},
    }


def test_the_api_refuses_checklist_sources_for_questions_that_do_not_exist(world: World) -> None:
    api = api_as(world, "representative")
    refused = api.post(
        reverse("api-referrals"), _referral_body(world, {"not_a_question": "third_party"}), format="json"
    )
    assert refused.status_code == 400
    assert "source_not_a_question" in refused.json()["problems"]
    # A source is who gave the answer, as the published checklist asks: the victim, a third party or a professional.
    not_a_source = api.post(reverse("api-referrals"), _referral_body(world, {"q1": "Her sister"}), format="json")
    assert not_a_source.status_code == 400
    assert "q1" in not_a_source.json()["checklist"]["sources"]
    accepted = api.post(reverse("api-referrals"), _referral_body(world, {"q1": "third_party"}), format="json")
    assert accepted.status_code == 201


# --- CSV -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_is_made_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_plain_cells_and_numbers_are_unchanged() -> None:
    assert safe_cell("Visit on Monday") == "Visit on Monday"
    assert safe_cell(-3) == -3


def test_the_actions_export_neutralises_formulas(world: World) -> None:
    Action.objects.filter(pk=world.action.pk).update(description='=HYPERLINK("http://example.org","Open")')
    response = as_user(world, "representative").get(reverse("action-export-csv"), {"show": "all"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://example.org","Open")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
