"""The action plan of a case: who sees which actions, who may update them, and who gets 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import ActionStatus
from cases.meetings import services as meeting_services
from marac.models import AuditEvent, AuditVerb
from tests.action_plan.world import PlanWorld, build_plan_world
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> PlanWorld:
    return build_plan_world(timezone.localdate())


def _plan(w: PlanWorld, who: str) -> tuple[int, str]:
    response = sign_in_verified(Client(), w.users[who]).get(reverse("case-plan", args=[w.case.pk]))
    return response.status_code, response.content.decode()


def _update_link(w: PlanWorld, name: str) -> str:
    return f'href="{reverse("action-detail", args=[w.actions[name].pk])}"'


def _seen(w: PlanWorld, page: str) -> set[str]:
    return {name for name, action in w.actions.items() if action.reference in page}


def test_the_coordinator_and_chair_see_every_action_and_may_update_each(w: PlanWorld) -> None:
    for who in ("coordinator", "chair"):
        status, page = _plan(w, who)
        assert status == 200
        assert _seen(w, page) == set(w.actions)
        assert all(_update_link(w, name) in page for name in w.actions)
        assert f"Agreed at the meeting of {w.first.date:%-d %B %Y}" in page


def test_housing_attended_by_deputy_sees_the_whole_plan_and_updates_only_its_own(w: PlanWorld) -> None:
    status, page = _plan(w, "housing")
    assert status == 200
    assert _seen(w, page) == set(w.actions)  # the police action too
    assert _update_link(w, "housing") in page
    assert _update_link(w, "police") not in page
    assert _update_link(w, "health") not in page
    assert "Plan health" in page  # the joint agency is shown
    # Housing updates its own action; the police action stays closed to it (404, as today).
    client = sign_in_verified(Client(), w.users["housing"])
    own = reverse("action-detail", args=[w.actions["housing"].pk])
    response = client.post(own, {"status": ActionStatus.IN_PROGRESS, "note": "Visit booked.", "version": 1})
    assert response.status_code == 302
    assert client.get(reverse("action-detail", args=[w.actions["police"].pk])).status_code == 404
    police = reverse("action-detail", args=[w.actions["police"].pk])
    assert client.post(police, {"status": ActionStatus.COMPLETED, "note": "Done.", "version": 1}).status_code == 404
    w.actions["police"].refresh_from_db()
    assert w.actions["police"].status == ActionStatus.OPEN
    # The plan shows the last update: when, who and which agency.
    _, page = _plan(w, "police")
    assert w.users["housing"].full_name in page
    assert f"{w.users['housing'].full_name}, Plan housing" in page


def test_a_joint_agency_updates_the_shared_action(w: PlanWorld) -> None:
    action = action_services.action_update(
        user=w.users["health"], action=w.actions["housing"], status=ActionStatus.IN_PROGRESS, note="Seen at clinic."
    )
    assert action.status == ActionStatus.IN_PROGRESS


def test_an_agency_that_sent_apologies_sees_only_its_own_and_shared_actions(w: PlanWorld) -> None:
    status, page = _plan(w, "health")
    assert status == 200
    assert _seen(w, page) == {"housing", "health"}
    assert _update_link(w, "housing") in page  # joint with health
    assert _update_link(w, "health") in page


def test_present_for_other_cases_only_sees_nothing(w: PlanWorld) -> None:
    status, _ = _plan(w, "education")
    assert status == 404


def test_present_for_this_case_sees_the_actions_agreed_on_it(w: PlanWorld) -> None:
    attendance = w.first.attendance.get(agency=w.agencies["education"])
    attendance.cases_attended.add(w.first.items.get(case=w.case))
    status, page = _plan(w, "education")
    assert status == 200
    assert _seen(w, page) == set(w.actions)
    assert not any(_update_link(w, name) in page for name in w.actions)  # read only: none is education's


def test_who_cannot_see_the_case_or_any_action_gets_404(w: PlanWorld) -> None:
    assert _plan(w, "probation")[0] == 404  # never invited: no case
    assert _plan(w, "housing_practitioner")[0] == 404  # sees no case, named on nothing
    client = sign_in_verified(Client(), w.users["coordinator"])
    assert client.get(reverse("case-plan", args=[w.case.pk + 10_000])).status_code == 404
    assert client.get(f"/cases/{w.case.pk}/plan/?x=%00").status_code == 200


def test_a_conflict_of_interest_removes_the_plan(w: PlanWorld) -> None:
    meeting_services.conflict_declare(user=w.users["housing"], case=w.case, connection="knows", meeting=w.next)
    assert _plan(w, "housing")[0] == 404


def test_reading_the_plan_is_audited(w: PlanWorld) -> None:
    _plan(w, "housing")
    event = AuditEvent.objects.filter(actor=w.users["housing"], verb=AuditVerb.VIEW).latest("id")
    assert event.object_id == str(w.case.pk)
    assert event.detail == {"page": "plan", "actions": 4}


def test_the_case_page_links_to_the_plan_for_those_who_see_it(w: PlanWorld) -> None:
    link = f'href="{reverse("case-plan", args=[w.case.pk])}"'
    for who, shown in (("coordinator", True), ("housing", True), ("education", False)):
        page = sign_in_verified(Client(), w.users[who]).get(reverse("case-detail", args=[w.case.pk]))
        assert page.status_code == 200
        assert (link in page.content.decode()) is shown, who
