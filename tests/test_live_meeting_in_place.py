# ruff: noqa: F811  (the fixtures of tests/test_live_meeting.py, imported, are arguments here)
"""The live meeting saves in place (issue 19): with htmx (the HX-Request header) sharing information,
recording, changing or removing an action and saving the decisions answer with their region of the page
alone, so what is typed in the others stays; without it, the whole page or a redirect, as before.

Changing and removing an action agreed at the meeting: the coordinator's and chair's, until the minutes
are approved, version-checked, audited, and SMART as a new action is.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionStatus, ActionUpdate
from actions.selectors import actions_agreed_at
from cases.meetings.live import services as live_services
from cases.models import Minutes, MinutesStatus
from marac.models import AuditEvent, AuditVerb
from marac.versioning import fingerprint
from ppmt.models import SharedInformation
from tests.builders import action_for
from tests.conftest import sign_in_verified
from tests.test_live_meeting import area, housing, meeting, people, police  # noqa: F401  (its fixtures)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def live(client, meeting, people):
    sign_in_verified(client, people["coordinator"])
    client.post(reverse("live-start", args=[meeting.pk]))
    return meeting.items.order_by("position").first()


def _url(name, item, *args):
    return reverse(name, args=[item.meeting_id, item.pk, *args])


def _action_body(item, police, prefix="action", **changes):
    due = max(item.meeting.date, timezone.localdate()) + timedelta(days=14)  # after the meeting
    body = {
        f"{prefix}-description": "Visit the survivor at the refuge to review the safety plan.",
        f"{prefix}-owner_agency": police.pk,
        f"{prefix}-focus": "survivor",
        f"{prefix}-priority": "medium",
        f"{prefix}-due_date_day": due.day,
        f"{prefix}-due_date_month": due.month,
        f"{prefix}-due_date_year": due.year,
    }
    return {**body, **{f"{prefix}-{k}": v for k, v in changes.items()}}


def test_sharing_answers_with_the_stages_alone(client, live, police) -> None:
    body = {"agency": police.pk, "stage": "pattern", "text": "Two breaches of bail since the referral."}
    response = client.post(_url("live-share", live), body, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Decisions for this case" not in html
    assert "Two breaches of bail since the referral." in html
    assert 'id="live-status" hx-swap-oob="innerHTML"' in html
    assert "Added: Police (live test)" in html
    assert 'data-focus="stage-heading-pattern"' in html
    assert SharedInformation.objects.filter(item=live).count() == 1


def test_refused_share_keeps_what_was_typed_in_its_region(client, live, police) -> None:
    response = client.post(_url("live-share", live), {"agency": police.pk, "text": "He has a new car."}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in html
    assert "govuk-error-summary" in html
    assert "Select the PPMT stage this information belongs to" in html
    assert "He has a new car." in html


def test_without_htmx_sharing_redirects_as_before(client, live, police) -> None:
    body = {"agency": police.pk, "stage": "pattern", "text": "Two breaches of bail."}
    response = client.post(_url("live-share", live), body)
    assert response.status_code == 302
    assert response["Location"] == _url("live-item", live) + "#stage-pattern"
    response = client.post(_url("live-share", live), {"agency": police.pk, "text": "Kept."})
    assert response.status_code == 400
    assert "<html" in response.content.decode()


def test_recording_an_action_answers_with_the_actions_alone(client, live, police) -> None:
    response = client.post(_url("live-action-add", live), _action_body(live, police), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "<html" not in html
    assert "Decisions for this case" not in html
    assert "Visit the survivor at the refuge" in html
    assert "recorded." in html
    refused = client.post(_url("live-action-add", live), _action_body(live, police, description="Monitor"), **HTMX)
    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.content.decode()
    assert "Monitor" in refused.content.decode()
    plain = client.post(_url("live-action-add", live), _action_body(live, police))
    assert plain.status_code == 302
    assert plain["Location"].endswith("#actions")


def test_saving_decisions_in_place_and_the_conflict(client, live) -> None:
    url = _url("live-decisions", live)
    response = client.post(
        url, {"decisions": "Refer to housing.", "action": "save", "version": fingerprint("")}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Decisions saved." in html
    assert "Refer to housing." in html
    assert f'value="{fingerprint("Refer to housing.")}"' in html  # the next save carries the new version
    stale = client.post(url, {"decisions": "Mine, typed.", "action": "save", "version": fingerprint("")}, **HTMX)
    assert stale.status_code == 409
    assert "Mine, typed." in stale.content.decode()
    assert "Someone else saved decisions" in stale.content.decode()
    assert "<html" not in stale.content.decode()
    live.refresh_from_db()
    assert live.decisions == "Refer to housing."
    stale = client.post(url, {"decisions": "Mine, typed.", "action": "save", "version": fingerprint("")})
    assert stale.status_code == 409
    assert "<html" in stale.content.decode()
    assert client.post(url, {"decisions": "Again.", "action": "save"}).status_code == 302


def test_going_on_to_the_next_case_stays_a_whole_page_move(client, live) -> None:
    response = client.post(_url("live-decisions", live), {"decisions": "Done.", "action": "next"}, **HTMX)
    assert response.status_code == 302


@pytest.fixture
def agreed(live, people, police):
    return action_for(live, by=people["coordinator"], owner=police, due=timezone.localdate() + timedelta(days=21))


def test_changing_an_action_in_place(client, live, agreed, police, housing) -> None:
    url = _url("live-action-edit", live, agreed.pk)
    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert f"Change action {agreed.reference}" in form.content.decode()
    assert AuditEvent.objects.filter(verb=AuditVerb.VIEW, detail__page="live-action-edit").exists()
    body = _action_body(live, housing, "edit", version=agreed.version, description="Offer a lock change at her flat.")
    response = client.post(url, body, **HTMX)
    assert response.status_code == 200, response.content.decode()
    assert "Offer a lock change at her flat." in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.owner_agency == housing
    assert agreed.version == 2
    assert ActionUpdate.objects.filter(action=agreed, note="Action changed").exists()
    assert AuditEvent.objects.filter(verb=AuditVerb.CHANGE, object_id=str(agreed.pk)).exists()
    # Stale: 409, what was typed kept, nothing saved.
    stale = client.post(url, {**body, "edit-version": 1, "edit-description": "Call her weekly to check in."}, **HTMX)
    assert stale.status_code == 409
    assert "Call her weekly to check in." in stale.content.decode()
    agreed.refresh_from_db()
    assert agreed.description == "Offer a lock change at her flat."


def test_a_change_is_checked_as_smart(client, live, agreed, police) -> None:
    url = _url("live-action-edit", live, agreed.pk)
    body = _action_body(live, police, "edit", version=agreed.version, description="Monitor")
    body["edit-due_date_year"] = timezone.localdate().year + 3
    response = client.post(url, body, **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Monitor" in html
    agreed.refresh_from_db()
    assert agreed.version == 1
    page = client.post(url, body)
    assert page.status_code == 400
    assert "<html" in page.content.decode()


def test_removing_an_action_recorded_by_mistake(client, live, agreed) -> None:
    url = _url("live-action-remove", live, agreed.pk)
    stale = client.post(url, {"version": agreed.version + 1}, **HTMX)
    assert stale.status_code == 409
    assert "was not removed" in stale.content.decode()
    response = client.post(url, {"version": agreed.version}, **HTMX)
    assert response.status_code == 200
    assert agreed.description not in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.status == ActionStatus.SUPERSEDED
    assert agreed.withdrawn_at is not None
    # Never agreed: the minutes leave it out (an action superseded later would stay in them).
    assert agreed.reference not in [row.reference for row in actions_agreed_at(live.meeting)]
    assert ActionUpdate.objects.filter(action=agreed, status_to=ActionStatus.SUPERSEDED).exists()
    assert AuditEvent.objects.filter(verb=AuditVerb.CHANGE, object_id=str(agreed.pk), detail__withdrawn=True).exists()
    again = client.post(url, {"version": agreed.version})
    assert again.status_code == 302  # without htmx: back to the page, which says why


def test_only_the_coordinator_and_chair_correct_and_only_until_the_minutes_are_approved(
    client, live, agreed, people
) -> None:
    sign_in_verified(client, people["police"])
    assert client.get(_url("live-action-edit", live, agreed.pk)).status_code == 404
    assert client.post(_url("live-action-remove", live, agreed.pk), {"version": 1}).status_code == 404
    sign_in_verified(client, people["chair"])
    live_services.meeting_close(user=people["chair"], meeting=live.meeting)
    assert client.get(_url("live-action-edit", live, agreed.pk), **HTMX).status_code == 200  # draft minutes
    edit_url = _url("live-action-edit", live, agreed.pk)
    assert edit_url in client.get(_url("live-item", live)).content.decode()
    Minutes.objects.filter(meeting=live.meeting).update(status=MinutesStatus.APPROVED)
    assert edit_url not in client.get(_url("live-item", live)).content.decode()  # no Change, no Remove
    assert client.get(_url("live-action-edit", live, agreed.pk)).status_code == 403
    assert client.post(_url("live-action-remove", live, agreed.pk), {"version": 1}).status_code == 403
    assert Action.objects.get(pk=agreed.pk).status == ActionStatus.OPEN
