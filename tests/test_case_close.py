"""The "Close this case" page: reasons, open actions confirmed, the error summary, a stale closer's 409,
who may close, and the status history on the case page."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, CaseStatusChange
from cases.status.services import CONFIRM_OPEN_ACTIONS, DESCRIBE_OTHER, OPEN_ACTIONS_CHANGED
from cases.status.views import STALE_CLOSE
from marac.models import Role
from tests.builders.actions import action_for
from tests.builders.meetings import held_meeting
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """A case heard at a held meeting where police and housing were invited."""
    area = MaracAreaFactory()
    police, housing = AgencyFactory(name="Police (test)"), AgencyFactory(name="Housing (test)")
    case = CaseFactory(area=area, status=CaseStatus.HEARD)
    meeting = held_meeting(area, timezone.localdate() - timedelta(days=7), agencies=[police, housing], cases=[case])
    return {
        "area": area,
        "case": case,
        "item": meeting.items.get(),
        "police": police,
        "coordinator": member(Role.COORDINATOR, area, full_name="Cora Ordinator"),
        "chair": member(Role.CHAIR, area),
        "representative": member(Role.REPRESENTATIVE, area, agency=housing),
        "practitioner": member(Role.PRACTITIONER, area, agency=housing),
    }


def _client(user) -> Client:
    return sign_in_verified(Client(), user)


def _url(case) -> str:
    return reverse("case-close", args=[case.pk])


def test_the_coordinator_closes_with_a_reason_and_the_case_page_shows_the_history(heard) -> None:
    case, client = heard["case"], _client(heard["coordinator"])
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert _url(case) in page
    form = client.get(_url(case)).content.decode()
    assert 'type="radio"' in form
    assert "No further role for the MARAC" in form
    assert f'name="version" value="{case.version}"' in form
    assert "open action" not in form
    response = client.post(_url(case), {"reason": "moved_away", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Status history" in page
    assert "Heard" in page
    assert "Closed" in page
    assert "The survivor has moved away" in page
    assert "Cora Ordinator" in page
    assert _url(case) not in page  # closed: nothing to close
    closed = client.get(_url(case)).content.decode()
    assert "This case is already closed." in closed
    assert "<form" not in closed.split("main-content")[-1]


def test_errors_are_summarised_and_what_was_typed_is_kept(heard) -> None:
    case, client = heard["case"], _client(heard["coordinator"])
    response = client.post(_url(case), {"version": case.version, "reason_text": "Kept words"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Select why the case is being closed" in html
    assert "Kept words" in html
    response = client.post(_url(case), {"version": case.version, "reason": "other", "reason_text": " "})
    assert response.status_code == 400
    assert escape(DESCRIBE_OTHER) in response.content.decode()
    response = client.post(_url(case), {"reason": "plan_complete"})
    assert response.status_code == 400  # no version: the page was not loaded
    case.refresh_from_db()
    assert case.status == CaseStatus.HEARD


def test_open_actions_are_listed_and_must_be_acknowledged(heard) -> None:
    case, client = heard["case"], _client(heard["coordinator"])
    due = timezone.localdate() + timedelta(days=14)
    action = action_for(heard["item"], by=heard["coordinator"], owner=heard["police"], due=due)
    form = client.get(_url(case)).content.decode()
    assert action.reference in form
    assert "Police (test)" in form
    assert "I understand these actions stay open" in form
    body = {"reason": "other", "reason_text": "Agencies agreed no further role.", "version": case.version}
    refused = client.post(_url(case), body)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert escape(CONFIRM_OPEN_ACTIONS) in html
    assert "Agencies agreed no further role." in html
    assert client.post(_url(case), {**body, "understood": "on"}).status_code == 302
    change = CaseStatusChange.objects.get(case=case)
    assert (change.reason, change.reason_text) == ("other", "Agencies agreed no further role.")


def test_two_closers_at_once_one_wins_the_other_sees_the_conflict(heard) -> None:
    case = heard["case"]
    first, second = _client(heard["coordinator"]), _client(heard["chair"])
    assert first.get(_url(case)).status_code == second.get(_url(case)).status_code == 200
    assert first.post(_url(case), {"reason": "plan_complete", "version": case.version}).status_code == 302
    stale = second.post(_url(case), {"reason": "other", "reason_text": "Second view", "version": case.version})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert STALE_CLOSE in html
    assert "govuk-error-summary" in html
    assert "Second view" in html
    assert list(CaseStatusChange.objects.filter(case=case).values_list("reason", flat=True)) == ["plan_complete"]
    # The page now carries the current version: sending it again is refused with the reason, not lost silently.
    again = second.post(_url(case), {"reason": "other", "reason_text": "Second view", "version": case.version + 1})
    assert again.status_code == 400
    assert "This case is already closed." in again.content.decode()


def test_a_representative_who_sees_the_case_is_refused_and_a_practitioner_who_does_not_gets_404(heard) -> None:
    case = heard["case"]
    representative = _client(heard["representative"])
    assert representative.get(reverse("case-detail", args=[case.pk])).status_code == 200
    assert _url(case) not in representative.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert representative.get(_url(case)).status_code == 403
    assert representative.post(_url(case), {"reason": "plan_complete", "version": case.version}).status_code == 403
    practitioner = _client(heard["practitioner"])
    assert practitioner.get(_url(case)).status_code == 404
    assert practitioner.post(_url(case), {"reason": "plan_complete", "version": case.version}).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.HEARD


def test_a_listed_case_is_not_offered_for_closing(heard) -> None:
    case = CaseFactory(area=heard["area"], status=CaseStatus.LISTED)
    client = _client(heard["coordinator"])
    assert _url(case) not in client.get(reverse("case-detail", args=[case.pk])).content.decode()
    refused = client.get(_url(case))
    assert refused.status_code == 200
    assert "take it off the agenda" in refused.content.decode()
    attempt = client.post(_url(case), {"reason": "plan_complete", "version": case.version})
    assert attempt.status_code == 400
    assert "take it off the agenda" in attempt.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.LISTED


def test_an_action_agreed_after_the_page_was_opened_is_shown_before_closing(heard) -> None:
    case, client = heard["case"], _client(heard["coordinator"])
    due = timezone.localdate() + timedelta(days=14)
    action_for(heard["item"], by=heard["coordinator"], owner=heard["police"], due=due)
    form = client.get(_url(case)).content.decode()
    seen = re.search(r'name="open_actions_seen" value="([^"]+)"', form)
    assert seen is not None
    later = action_for(
        heard["item"],
        by=heard["coordinator"],
        owner=heard["police"],
        due=due,
        description="Check the bail conditions later today",
    )
    body = {"reason": "plan_complete", "version": case.version, "understood": "on", "open_actions_seen": seen[1]}
    refused = client.post(_url(case), body)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert escape(OPEN_ACTIONS_CHANGED) in html
    assert later.reference in html
    now_seen = re.search(r'name="open_actions_seen" value="([^"]+)"', html)
    assert now_seen is not None
    assert now_seen[1] != seen[1]
    assert client.post(_url(case), {**body, "open_actions_seen": now_seen[1]}).status_code == 302
