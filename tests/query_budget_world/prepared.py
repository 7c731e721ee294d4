"""What some query budgets set up first (``Page.prepare``): rows as many as the world has cases, undone after
each test (tests/test_query_budgets.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from cases.models import InterimKind, InterimMeasure, Meeting, MinutesScope, Process, ProcessLink
from marac.drafts.services import draft_save
from ppmt.models import AgencyAction, AgencyActionKind, ResearchStatus, ResearchSubmission
from tests.query_budget_world import World


def links(world: World) -> None:
    """The case has ended links to other processes, as many as the world has cases on the next agenda."""
    for _ in range(world.next_meeting.items.count()):
        ProcessLink.objects.create(
            case=world.case,
            process=Process.MAPPA,
            started_on=date(2025, 1, 6),
            ended_on=date(2025, 6, 30),
            recorded_by=world.users["coordinator"],
        )
    ProcessLink.objects.create(
        case=world.case, process=Process.MAPPA, started_on=date(2026, 1, 5), recorded_by=world.users["coordinator"]
    )


def between(world: World) -> None:
    """Work between meetings on the next meeting's first case, as many of each as the world has cases: the
    coordinator's interim measures (each with two agencies) and police's actions taken (research submitted)."""
    n = world.next_meeting.items.count()
    agencies = list(world.next_meeting.invited_agencies.all()[:2])
    police = ResearchSubmission.objects.get(item=world.item, agency=world.users["representative"].agency)
    ResearchSubmission.objects.filter(pk=police.pk).update(status=ResearchStatus.SUBMITTED)
    for _ in range(n):
        measure = InterimMeasure.objects.create(
            item=world.item,
            kind=InterimKind.URGENT_SHARING,
            text="Told housing of the threat.",
            done_on=date(2026, 1, 5),
            recorded_by=world.users["coordinator"],
        )
        measure.agencies.set(agencies)
        AgencyAction.objects.create(
            submission=police,
            kind=AgencyActionKind.TAKEN,
            text="Arrested him.",
            taken_on=date(2026, 1, 5),
            created_by=world.users["representative"],
        )


def drafts(world: World) -> None:
    """The chair has a draft of as many fields on the live page as the world has cases (restored on load)."""
    n = world.next_meeting.items.count()
    page = reverse("live-item", args=[world.next_meeting.pk, world.item.pk])
    for field in range(n):
        draft_save(user=world.users["chair"], page=page, field=f"#field-{field}", text="Police to apply for an order.")


def actions_only(world: World) -> None:
    """The last meeting's minutes go out as actions only."""
    Meeting.objects.filter(pk=world.last_meeting.pk).update(minutes_scope=MinutesScope.ACTIONS)


def new_action(w: World) -> dict[str, Any]:
    """A SMART action for the next meeting's first case (due a week after the meeting)."""
    due = w.next_meeting.date + timedelta(days=7)
    return {
        "action-description": "Visit the survivor at the refuge to review the safety plan.",
        "action-owner_agency": w.users["housing"].agency_id,
        "action-focus": "survivor",
        "action-priority": "medium",
        **{f"action-due_date_{part}": getattr(due, part) for part in ("day", "month", "year")},
    }
