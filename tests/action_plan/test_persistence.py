"""Persistent non-completion on the plan, the agenda, the agenda item and the live meeting; and the
plan's query count, the same for 1 action as for 30."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import ActionFocus, ActionStatus
from actions.plan import selectors as plan_selectors
from cases.meetings.selectors import agenda_for
from tests.action_plan.world import PlanWorld, build_plan_world
from tests.builders import action_for, held_meeting, list_case, past_action
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db

SUMMARY = "persistently not completed</h2>"


@pytest.fixture
def w() -> PlanWorld:
    return build_plan_world(timezone.localdate())


def _since(w: PlanWorld) -> str:
    return f"Not completed since {w.first.date:%-d %B %Y}"


def _flagged(w: PlanWorld) -> dict[str, object]:
    plan = plan_selectors.plan_for_user(w.users["coordinator"], w.case.pk, today=w.today)
    by_pk = {row.action.pk: row.since for group in plan.meetings for row in group.actions}
    return {name: by_pk[action.pk] for name, action in w.actions.items()}


def test_overdue_at_a_later_meeting_and_marked_not_completed_are_flagged(w: PlanWorld) -> None:
    flagged = _flagged(w)
    assert flagged == {"police": w.first.date, "refused": w.first.date, "housing": None, "health": None}


def test_carried_across_two_later_meetings_is_flagged_until_completed(w: PlanWorld) -> None:
    held_meeting(w.area, w.today - timedelta(days=7), cases=[w.case])
    assert _flagged(w)["housing"] == w.first.date  # not yet due, but carried across two meetings
    action_services.action_update(
        user=w.users["housing"], action=w.actions["housing"], status=ActionStatus.COMPLETED, note="Rehoused."
    )
    assert _flagged(w)["housing"] is None


def test_the_chair_and_coordinator_see_the_summary_others_only_the_flags(w: PlanWorld) -> None:
    for who in ("coordinator", "chair"):
        page = sign_in_verified(Client(), w.users[who]).get(reverse("case-plan", args=[w.case.pk])).content.decode()
        assert SUMMARY in page
        assert "2 actions persistently" in page
        assert _since(w) in page
    page = sign_in_verified(Client(), w.users["housing"]).get(reverse("case-plan", args=[w.case.pk])).content.decode()
    assert SUMMARY not in page
    assert _since(w) in page  # the police action's own flag


def test_the_agenda_flags_the_case_to_the_chair_only(w: PlanWorld) -> None:
    [row] = agenda_for(w.next, w.users["chair"]).rows
    assert _since(w) in row.flags
    [row] = agenda_for(w.next, w.users["housing"]).rows
    assert not any(flag.startswith("Not completed since") for flag in row.flags)


def test_the_agenda_item_and_live_pages_show_the_flag(w: PlanWorld) -> None:
    item = w.next.items.get(case=w.case)
    client = sign_in_verified(Client(), w.users["coordinator"])
    page = client.get(reverse("agenda-item", args=[w.next.pk, item.pk])).content.decode()
    assert _since(w) in page
    assert reverse("case-plan", args=[w.case.pk]) in page
    page = client.get(reverse("live-item", args=[w.next.pk, item.pk])).content.decode()
    assert page.count(_since(w)) >= 2  # the agenda row's flag and the police action's
    earlier = dict(plan_selectors.earlier_outstanding(w.case, exclude_item=item))
    assert earlier[w.actions["police"]] == w.first.date
    assert earlier[w.actions["housing"]] is None


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_plan_reads_in_the_same_number_of_queries_for_1_and_30_actions(w: PlanWorld) -> None:
    one = list_case(w.first)
    first = past_action(
        one, owner=w.agencies["police"], due=w.today, focus=ActionFocus.SURVIVOR, created_by=w.users["chair"]
    )
    action_services.action_update(user=w.users["police"], action=first, status=ActionStatus.IN_PROGRESS, note="Booked.")
    later = list_case(w.next, one.case)
    assert later.case_id == one.case_id
    many = w.first.items.get(case=w.case)
    agencies = [w.agencies[key] for key in ("police", "housing", "health", "education")]
    for k in range(26):
        action = past_action(
            many,
            owner=agencies[k % 4],
            due=w.today + timedelta(days=k),
            focus=ActionFocus.CHILD,
            created_by=w.users["chair"],
        )
        action.joint_agencies.set(agencies[: k % 3])
    action_for(w.next.items.get(case=w.case), by=w.users["chair"], owner=w.agencies["housing"], due=w.today)
    for who in ("coordinator", "housing", "police"):
        client = sign_in_verified(Client(), w.users[who])
        small = _queries(client, reverse("case-plan", args=[one.case_id]))
        large = _queries(client, reverse("case-plan", args=[w.case.pk]))
        assert small == large, who
    assert w.case.actions.count() == 31
