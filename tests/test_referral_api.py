"""The referral API: an agency system submits with a token, through the same services."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cases.models import Referral, ReferralStatus
from marac.models import AuditEvent, AuditVerb, Role
from tests.api_tokens import token_for
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(name="Police (API test)")


@pytest.fixture
def api_user(make_member, area, agency):
    return make_member(Role.REPRESENTATIVE, area=area, agency=agency)


@pytest.fixture
def api(api_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=token_for(api_user))
    return client


def payload(area, **overrides):
    body = {
        "area": area.code,
        "incident_date": "2026-11-01",
        "police_callouts": 3,
        "consent": "not_sought",
        "consent_note": "Contact not yet safe",
        "reason": "Strangulation during the incident; threats to kill.",
        "strengths": "She called the police and took the children to her sister's.",
        "victim": {"given_names": "Dana", "family_name": "Apitest", "date_of_birth": "1991-05-06", "gender": "woman"},
        "perpetrators": [{"given_names": "Eli", "family_name": "Apiharm", "aliases": ["E Harm"]}],
        "household": [{"role": "child", "given_names": "Fin", "family_name": "Apitest", "date_of_birth": "2020-01-02"}],
        "checklist": {"answers": {f"q{i}": ("yes" if i <= 14 else "dont_know") for i in range(1, 25)}},
    }
    body.update(overrides)
    return body


def test_token_submission_returns_criteria_and_repeat_flag(api, area, api_user) -> None:
    response = api.post("/api/v1/referrals/", payload(area), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == ReferralStatus.SUBMITTED
    assert body["score"] == 14
    assert body["reasons"] == ["visible_high_risk", "potential_escalation"]
    assert body["is_repeat"] is False
    referral = Referral.objects.get(public_id=body["id"])
    assert referral.submitted_by == api_user
    assert referral.people.count() == 3
    assert AuditEvent.objects.filter(verb=AuditVerb.CHANGE, object_id=str(referral.pk)).exists()


def test_professional_judgement_without_rationale_is_refused_whole(api, area) -> None:
    body = payload(area, professional_judgement=True, professional_judgement_rationale="")
    body["checklist"] = {"answers": {"q1": "yes"}}
    body["police_callouts"] = 0
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["problems"]
    assert Referral.objects.count() == 0  # all or nothing


def test_bad_input_gets_field_errors(api, area) -> None:
    body = payload(area, incident_date="2099-01-01")
    body["victim"]["date_of_birth"] = "2099-01-01"
    body["checklist"] = {"answers": {"q1": "maybe"}}
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "incident_date" in errors
    assert "date_of_birth" in errors["victim"]


def test_impossible_checklist_answer_is_refused(api, area) -> None:
    body = payload(area)
    body["checklist"] = {"answers": {"q1": "maybe", "q99": "yes"}}
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    assert Referral.objects.count() == 0


def test_another_area_is_not_found(api, make_member) -> None:
    other = make_member(Role.COORDINATOR)
    area = other.memberships.get().area
    assert api.post("/api/v1/referrals/", payload(area), format="json").status_code == 404


def test_list_and_detail_show_only_visible_referrals(api, area, make_member) -> None:
    created = api.post("/api/v1/referrals/", payload(area), format="json").json()
    listing = api.get("/api/v1/referrals/").json()
    assert [r["id"] for r in listing] == [created["id"]]
    assert api.get(f"/api/v1/referrals/{created['id']}/").status_code == 200
    stranger = APIClient()
    stranger_user = make_member(Role.REPRESENTATIVE, area=area)
    stranger.credentials(HTTP_AUTHORIZATION=token_for(stranger_user))
    assert stranger.get(f"/api/v1/referrals/{created['id']}/").status_code == 404
    assert stranger.get("/api/v1/referrals/").json() == []


def test_without_a_token_the_api_answers_401(area) -> None:
    response = APIClient().post("/api/v1/referrals/", payload(area), format="json")
    assert response.status_code == 401


def test_schema_describes_the_referral_endpoint(verified_client, coordinator) -> None:
    schema = verified_client(coordinator).get("/api/v1/schema/").content.decode()
    assert "/api/v1/referrals/" in schema
    assert "ReferralInput" in schema


def test_a_note_and_who_gave_each_answer_are_taken_with_the_answers(api, area) -> None:
    body = payload(area)
    body["checklist"]["sources"] = {"q1": "professional", "q2": "victim"}
    body["checklist"]["notes"] = {"q1": "Bruising to the neck", "q2": ""}
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 201, response.json()
    checklist = Referral.objects.get(public_id=response.json()["id"]).checklist
    assert checklist.sources == {"q1": "professional", "q2": "victim"}
    assert checklist.notes == {"q1": "Bruising to the neck"}


def test_answers_the_household_contradicts_are_refused_whole(api, area) -> None:
    body = payload(area, household=[{"role": "child", "given_names": "Gus", "expected_due_date": "2099-01-01"}])
    body["checklist"]["answers"]["q9"] = "no"
    body["checklist"]["notes"] = {"q99": "a note on no question"}
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert set(problems) == {"q9", "note_q99"}
    assert problems["q9"][0].startswith("Question 9 says no pregnancy and no baby in the last 18 months")
    assert Referral.objects.count() == 0


def test_a_phone_that_is_not_one_is_refused_with_the_govuk_message(api, area) -> None:
    victim = {"given_names": "Dana", "family_name": "Apitest", "safe_phone": "not a phone!!"}
    response = api.post("/api/v1/referrals/", payload(area, victim=victim), format="json")
    assert response.status_code == 400
    assert "Enter a telephone number, like 01632 960 001" in str(response.json())
    assert not Referral.objects.filter(people__family_name="Apitest").exists()


def test_concerns_of_honour_based_abuse_and_immigration_are_taken_and_checked(api, area) -> None:
    body = payload(area)
    body.update(honour_based_abuse="yes", immigration_concern="not_known")
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 201, response.json()
    referral = Referral.objects.get(public_id=response.json()["id"])
    assert (referral.honour_based_abuse, referral.immigration_concern) == ("yes", "not_known")
    refused = api.post("/api/v1/referrals/", {**payload(area), "honour_based_abuse": "maybe"}, format="json")
    assert refused.status_code == 400
