"""Find a person: the page. Only the roles that do case work may use it; names are
personal data, so the terms travel only in a POST body, never in a URL, a log line,
a cache or an audit event."""

from __future__ import annotations

import json
import logging

import pytest

from marac.models import AuditEvent, AuditVerb, Role
from tests.builders import person_in_case
from tests.conftest import sign_in_verified
from tests.factories import CaseFactory, PersonFactory
from tests.people_search_helpers import DOB, URL, found_ids, post
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


# --- Who may use the page -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.GOVERNANCE, Role.ADMINISTRATOR])
def test_governance_and_administrators_get_not_found(client, cast, role) -> None:
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald")
    user = member(role, cast.area)
    sign_in_verified(client, user)
    assert client.get(URL).status_code == 404
    assert post(client, family_name="Mcdonald").status_code == 404
    assert not AuditEvent.objects.filter(verb=AuditVerb.SEARCH).exists()
    assert f'href="{URL}"' not in client.get("/").content.decode()
    assert found_ids(user, family_name="Mcdonald") == []


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CHAIR, Role.REPRESENTATIVE, Role.IDAA, Role.PRACTITIONER])
def test_case_roles_may_search_and_see_the_link(client, cast, role) -> None:
    sign_in_verified(client, member(role, cast.area))
    assert f'href="{URL}"' in client.get("/").content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert post(client, family_name="Anyone").status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_sign_in(client, method) -> None:
    response = getattr(client, method)(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


# --- The form ---------------------------------------------------------------------------------------


def test_the_form_posts_with_csrf_and_labelled_fields(client, cast) -> None:
    sign_in_verified(client, cast.coordinator)
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert 'method="post"' in html
    assert "novalidate" in html
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("id_given_names", "id_family_name", "id_reference"):
        assert f'for="{field}"' in html
    assert "<legend" in html
    assert "Date of birth (optional)" in html
    assert "For example, FRN-2026-0001" in html


def test_an_empty_search_shows_the_error_summary_and_keeps_what_was_typed(client, cast) -> None:
    sign_in_verified(client, cast.coordinator)
    response = post(client, date_of_birth_day="3", date_of_birth_month="4", date_of_birth_year="1990")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Find a person" in html
    assert "govuk-error-summary" in html
    assert '<a href="#id_given_names">Enter a name or a case reference</a>' in html
    assert 'value="1990"' in html
    assert 'value="3"' in html
    assert not AuditEvent.objects.filter(verb=AuditVerb.SEARCH).exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "1980", "Date of birth must be a real date, like 27 3 2007"),
        ("12", "", "1980", "Date of birth must include a month"),
        ("1", "1", "2999", "Date of birth must be today or in the past"),
    ],
)
def test_a_bad_date_shows_its_message(client, cast, day, month, year, message) -> None:
    sign_in_verified(client, cast.coordinator)
    response = post(
        client,
        family_name="Mcdonald",
        date_of_birth_day=day,
        date_of_birth_month=month,
        date_of_birth_year=year,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#id_date_of_birth_0">{message}</a>' in html
    assert 'value="Mcdonald"' in html


# --- Privacy: terms never stored or cached ----------------------------------------------------------


def test_the_terms_are_not_in_the_audit_event_log_or_cache(client, cast, caplog) -> None:
    case = CaseFactory(
        area=cast.area, victim=PersonFactory(given_names="Zebedee", family_name="Quartermaine", date_of_birth=DOB)
    )
    sign_in_verified(client, cast.coordinator)
    caplog.set_level(logging.DEBUG)
    response = post(
        client,
        given_names="Zebedee",
        family_name="Quartermaine",
        date_of_birth_day="1",
        date_of_birth_month="1",
        date_of_birth_year="1980",
        reference=case.reference,
    )
    assert response.status_code == 200
    assert "Zebedee Quartermaine" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # Hidden from error reports: the whole request body.
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"

    event = AuditEvent.objects.get(verb=AuditVerb.SEARCH)
    assert event.actor == cast.coordinator
    assert event.detail == {
        "by": ["given_names", "family_name", "date_of_birth", "reference"],
        "results": 1,
        "more": False,
        "people": [case.victim_id],
    }
    stored = json.dumps(AuditEvent.objects.filter(pk=event.pk).values().get(), default=str).lower()
    for term in ("zebedee", "quartermaine", "1980", case.reference.lower()):
        assert term not in stored
        assert term not in caplog.text.lower()


def test_the_search_runs_only_on_post(client, cast) -> None:
    person_in_case(cast.area, given_names="Jordan", family_name="Mcdonald")
    sign_in_verified(client, cast.coordinator)
    response = client.get(URL, {"family_name": "Mcdonald"})
    assert response.status_code == 200
    assert "Jordan Mcdonald" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not AuditEvent.objects.filter(verb=AuditVerb.SEARCH).exists()


def test_no_results_gives_advice(client, cast) -> None:
    sign_in_verified(client, cast.coordinator)
    html = post(client, family_name="Nobodyhere").content.decode()
    assert "No one found in the cases you can see" in html
    assert "check the spelling" in html
    assert AuditEvent.objects.get(verb=AuditVerb.SEARCH).detail["results"] == 0
