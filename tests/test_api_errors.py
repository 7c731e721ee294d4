"""The API's error answers: plain messages that name the field, JSON for every error, limits on every input.

The API signs in with a two-factor-verified session here (the test client does not check CSRF), so these
tests do not depend on how API tokens are made.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework import serializers

from actions.api import ActionUpdateInput
from cases.meetings import schedule as meeting_schedule
from cases.meetings.api import AttendanceInput
from cases.models import AgendaItem, Meeting
from cases.referrals.api import MAX_PERPETRATORS, ReferralInput
from marac.api import InputSerializer, plain_messages
from marac.forms import MAX_TEXT_LENGTH
from marac.models import AgencyKind, Role
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_member: Any) -> dict[str, Any]:
    police = AgencyFactory(name="Police (api errors)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory(meetings_ahead=1)
    area.core_agencies.set([police])
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=area), position=1)
    return {
        "area": area,
        "meeting": meeting,
        "police": police,
        "coordinator": make_member(Role.COORDINATOR, area=area),
        "rep": make_member(Role.REPRESENTATIVE, area=area, agency=police),
    }


def post(user: Any, url: str, body: Any) -> Any:
    """POST ``body`` as ``user``, with the If-Match of the meeting's current version where the URL is a meeting's."""
    client = sign_in_verified(Client(), user)
    headers = {}
    if url.startswith("/api/v1/meetings/"):
        meeting_id = int(url.split("/")[4])
        headers["If-Match"] = f'"{Meeting.objects.values_list("version", flat=True).get(pk=meeting_id)}"'
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def attendance(setup: dict[str, Any], **body: Any) -> Any:
    url = f"/api/v1/meetings/{setup['meeting'].pk}/attendance/"
    return post(setup["coordinator"], url, {"agency": setup["police"].pk, "status": "present", **body})


def referral(setup: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        "area": setup["area"].code,
        "consent": "not_sought",
        "reason": "Threats to kill.",
        "strengths": "She called the police.",
        "victim": {"given_names": "Dana"},
        "perpetrators": [{"given_names": "Eli"}],
        "checklist": {},
        **overrides,
    }


# --- The wording -----------------------------------------------------------------------------------------------


def test_text_over_its_limit_names_the_field_and_the_limit(setup: dict[str, Any]) -> None:
    response = attendance(setup, attendee_names="A" * 301)
    assert response.status_code == 400
    assert response.json() == {"attendee_names": ["Attendee names must be 300 characters or fewer"]}


def test_missing_fields_ask_for_them_and_choices_ask_to_select(setup: dict[str, Any]) -> None:
    response = post(setup["coordinator"], f"/api/v1/meetings/{setup['meeting'].pk}/attendance/", {})
    assert response.status_code == 400
    assert response.json() == {"agency": ["Enter the agency"], "status": ["Select the agency's attendance"]}


def test_a_value_not_among_the_choices_lists_them(setup: dict[str, Any]) -> None:
    response = attendance(setup, status="maybe")
    assert response.json()["status"] == [
        "The agency's attendance must be one of: present, partial, deputy, apologies, absent"
    ]


def test_numbers_out_of_range_and_not_whole_say_so(setup: dict[str, Any]) -> None:
    response = attendance(setup, agency=0, cases_attended=["x"])
    assert response.json() == {
        "agency": ["The agency must be 1 or more"],
        "cases_attended": {"0": ["The cases attended must be a whole number"]},
    }


def test_referral_fields_are_named_for_whom_they_describe(setup: dict[str, Any]) -> None:
    body = referral(
        setup,
        police_callouts=1000,
        incident_date="2026-02-30",
        victim={"given_names": "D" * 201, "gender": "x"},
        perpetrators=[{"family_name": "E" * 201}] * (MAX_PERPETRATORS + 1),
        household=[{"given_names": "F"}],
        checklist="all yes",
    )
    response = post(setup["rep"], "/api/v1/referrals/", body)
    assert response.status_code == 400
    errors = response.json()
    assert errors["police_callouts"] == ["The number of police call-outs must be 999 or less"]
    assert errors["incident_date"] == [
        "The date of the most recent incident must be a real date, in the format YYYY-MM-DD"
    ]
    assert errors["victim"]["given_names"] == ["The victim's first and middle names must be 200 characters or fewer"]
    assert errors["victim"]["gender"][0].startswith("The victim's gender must be one of: ")
    assert errors["perpetrators"] == {"non_field_errors": ["The people causing harm must have 20 entries or fewer"]}
    assert errors["household"] == {"0": {"role": ["Select the child's or household member's role"]}}
    assert errors["checklist"] == {"non_field_errors": ["The risk checklist must be a JSON object"]}


def test_checklist_answers_are_keyed_by_question_ids(setup: dict[str, Any]) -> None:
    body = referral(setup, checklist={"answers": {"q" * 21: "yes"}, "sources": {f"q{i}": "" for i in range(101)}})
    response = post(setup["rep"], "/api/v1/referrals/", body)
    assert response.json() == {
        "checklist": {
            "answers": ["The checklist's answers must name each question by its id, like q1"],
            "sources": ["The checklist's sources must have 100 entries or fewer"],
        }
    }


def test_free_text_takes_the_service_wide_limit(setup: dict[str, Any]) -> None:
    response = post(setup["rep"], "/api/v1/referrals/", referral(setup, reason="x" * (MAX_TEXT_LENGTH + 1)))
    assert response.json() == {"reason": ["The reason for the referral must be 10,000 characters or fewer"]}


def test_blank_required_text_asks_for_it(setup: dict[str, Any]) -> None:
    response = post(setup["rep"], "/api/v1/referrals/", referral(setup, strengths="   "))
    assert response.json() == {"strengths": ["Enter the survivor's strengths"]}


def test_a_body_that_is_not_an_object_or_not_json_is_refused_plainly(setup: dict[str, Any]) -> None:
    for body in (["a", "list"], None):
        response = post(setup["rep"], "/api/v1/referrals/", body)
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": ["The request body must be a JSON object"]}
    response = post(setup["rep"], "/api/v1/referrals/", referral(setup, perpetrators=[None]))
    assert response.json() == {"perpetrators": {"0": ["Enter the people causing harm"]}}
    client = sign_in_verified(Client(), setup["rep"])
    broken = client.post("/api/v1/referrals/", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json() == {"detail": "The request body could not be read: send it as JSON"}
    text = client.post("/api/v1/referrals/", "area=X", content_type="text/plain")
    assert text.status_code == 415
    assert text.json() == {"detail": "Send the request body as JSON, with the header Content-Type: application/json"}


DRF_WORDING = ("This field", "Ensure this", "A valid integer", "Not a valid", "is not a valid choice", "wrong format")


def messages_of(field: Any) -> list[str]:
    """Every message ``field`` can give (its validators' included), and those of the fields inside it."""
    found = [str(m) for m in field.error_messages.values()] + [str(v.message) for v in field.validators]
    inner = getattr(field, "child", None)
    if isinstance(field, serializers.Serializer):
        for child in field.fields.values():
            found += messages_of(child)
    elif inner is not None:
        found += messages_of(inner)
    return found


@pytest.mark.parametrize("serializer", [ReferralInput, AttendanceInput, ActionUpdateInput])
def test_no_input_of_the_api_keeps_drf_wording(serializer: type[InputSerializer]) -> None:
    messages = messages_of(serializer())
    assert len(messages) > 10
    assert not [m for m in messages if any(default in m for default in DRF_WORDING)]


@pytest.mark.parametrize(
    ("field", "key", "message"),
    [
        (serializers.CharField(max_length=12), "blank", "Enter the postcode"),
        (serializers.CharField(), "invalid", "The postcode must be text"),
        (serializers.IntegerField(), "invalid", "The postcode must be a whole number"),
        (serializers.BooleanField(), "invalid", "The postcode must be true or false"),
        (serializers.DateField(), "datetime", "The postcode must be a date in the format YYYY-MM-DD, without a time"),
        (serializers.ChoiceField(choices=["a", "b"]), "required", "Select the postcode"),
        (serializers.ChoiceField(choices=["a", "b"]), "invalid_choice", "The postcode must be one of: a, b"),
        (serializers.ListField(), "not_a_list", "The postcode must be a list"),
        (serializers.DictField(), "not_a_dict", "The postcode must be a JSON object"),
        (
            serializers.SlugField(),
            "invalid",
            "The postcode must contain only letters, numbers, hyphens and underscores",
        ),
    ],
)
def test_each_kind_of_field_has_its_plain_wording(field: Any, key: str, message: str) -> None:
    assert plain_messages(field, "the postcode")[key] == message


# --- JSON for every error ----------------------------------------------------------------------------------------


def test_an_api_address_that_matches_no_endpoint_answers_json(setup: dict[str, Any]) -> None:
    client = sign_in_verified(Client(), setup["coordinator"])
    for url in ("/api/v1/meetings/1.5/agenda/", "/api/v1/referrals/not-a-uuid/", "/api/v1/nothing/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}, url
    assert "<html" in client.get("/no-such-page/").content.decode()  # pages keep their page


def test_an_object_you_may_not_see_answers_the_plain_not_found(setup: dict[str, Any]) -> None:
    response = sign_in_verified(Client(), setup["rep"]).get("/api/v1/referrals/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
