"""SMART checks on a new action (actions.checks): the same rules in the form (every problem in one
round) and in the service (nothing reaches the plan without them)."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.checks import Due, action_problems, description_problem, due_problem
from actions.forms import ActionForm
from actions.models import Action
from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Meeting
from marac.models import Agency, AgencyKind, MaracArea, Role
from tests.builders.meetings import start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

MEETING = date(2027, 3, 3)
TODAY = date(2027, 3, 3)
WINDOW = Due.window(today=TODAY, meeting_date=MEETING, horizon_days=182)
GOOD = "Visit the survivor at the refuge to review the safety plan"


@pytest.mark.parametrize(
    ("description", "says"),
    [
        ("", "Describe the action"),
        ("Monitor", "“Monitor” on its own does not say what will be done"),
        ("Visit her", "at least 20 characters"),
        ("Police to visit the survivor at home this week", "Start the action with what will be done"),
        ("The survivor will be visited at home", "Start the action with what will be done"),
        ("Monitor the situation over the next month", "“Monitor” does not say what will be done"),
        ("consider a referral to the MASH this week", "“Consider” does not say what will be done"),
        ("support the survivor with her housing application", "“Support” does not say what will be done"),
    ],
)
def test_descriptions_that_are_not_smart_are_refused(description: str, says: str) -> None:
    assert says in description_problem(description, vague_ok=False)


def test_vague_wording_can_be_kept_once_asked_and_other_descriptions_pass() -> None:
    assert description_problem("Monitor the situation over the next month", vague_ok=True) == ""
    assert description_problem("Monitor", vague_ok=True) != ""  # too short, whatever was ticked
    assert description_problem(GOOD, vague_ok=False) == ""
    assert description_problem("Refer the son to the young people's support service", vague_ok=False) == ""


def test_the_due_date_falls_after_the_meeting_and_within_the_horizon() -> None:
    assert due_problem(None, WINDOW) == "Enter the date the action is due"
    assert due_problem(MEETING, WINDOW) == "The due date must be after the meeting on 3 March 2027"
    assert due_problem(date(2020, 2, 1), WINDOW).startswith("The due date must be after the meeting")
    assert due_problem(MEETING + timedelta(days=1), WINDOW) == ""
    assert due_problem(MEETING + timedelta(days=182), WINDOW) == ""
    assert "no later than 1 September 2027" in due_problem(MEETING + timedelta(days=183), WINDOW)
    # Recorded weeks after the meeting: not in the past, and the horizon runs from today.
    later = Due.window(today=date(2027, 4, 1), meeting_date=MEETING, horizon_days=30)
    assert due_problem(date(2027, 3, 20), later) == "The due date must be today or in the future"
    assert due_problem(date(2027, 5, 1), later) == ""
    assert due_problem(date(2027, 5, 2), later) != ""


def test_every_problem_is_found_at_once() -> None:
    problems = action_problems(
        description="Monitor", vague_ok=False, owner_chosen=False, focus="", due_date=date(2020, 1, 1), window=WINDOW
    )
    assert set(problems) == {"description", "owner_agency", "focus", "due_date"}


def _posted(agency: Agency, **changes: object) -> dict[str, object]:
    """The live meeting's action form, filled in well (due two weeks after ``MEETING``), with ``changes``."""
    due = MEETING + timedelta(days=14)
    data = {
        "action-description": GOOD,
        "action-owner_agency": agency.pk,
        "action-focus": "survivor",
        "action-priority": "medium",
        "action-due_date_day": due.day,
        "action-due_date_month": due.month,
        "action-due_date_year": due.year,
    }
    return {**data, **{f"action-{key}": value for key, value in changes.items()}}


@pytest.mark.django_db
def test_the_form_reports_field_and_smart_problems_together_and_offers_to_keep_vague_wording() -> None:
    agency = Agency.objects.create(name="Police Scotland", kind="police")
    agencies = Agency.objects.filter(pk=agency.pk)
    form = ActionForm(
        _posted(agency, description="Monitor the situation closely", focus="", due_date_year=2020),
        agencies=agencies,
        prefix="action",
        window=WINDOW,
    )
    assert not form.is_valid()
    assert set(form.errors) == {"description", "focus", "due_date"}
    assert form.offers_vague_ok
    assert "after 3 March 2027 and no later than 1 September 2027" in form.fields["due_date"].help_text
    kept = ActionForm(
        _posted(agency, description="Monitor the situation closely", vague_ok="on"),
        agencies=agencies,
        prefix="action",
        window=WINDOW,
    )
    assert kept.is_valid(), kept.errors
    assert not ActionForm(_posted(agency), agencies=agencies, prefix="action", window=WINDOW).offers_vague_ok


@pytest.fixture
def world(make_member):
    police = AgencyFactory(name="Police (checks)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police])
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    item = AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=area), position=1)
    return {"item": item, "meeting": meeting, "coordinator": make_member(Role.COORDINATOR, area=area), "police": police}


@pytest.mark.django_db
def test_the_service_refuses_what_the_form_would_and_the_area_sets_the_horizon(world) -> None:
    item = world["item"]
    MaracArea.objects.filter(pk=item.case.area_id).update(action_due_horizon_days=28)
    item.case.area.refresh_from_db()
    common = {"user": world["coordinator"], "case": item.case, "item": item, "owner_agency": world["police"]}
    start = max(timezone.localdate(), item.meeting.date)
    with pytest.raises(ValidationError) as refused:
        services.action_create(**common, description="Monitor", focus="survivor", due_date=start + timedelta(days=29))
    assert set(refused.value.message_dict) == {"description", "due_date"}
    vague = "Monitor the survivor's contact with the service"
    with pytest.raises(ValidationError):
        services.action_create(**common, description=vague, focus="survivor", due_date=start + timedelta(days=28))
    kept = services.action_create(
        **common, description=vague, focus="survivor", due_date=start + timedelta(days=28), vague_ok=True
    )
    assert Action.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_live_meeting_shows_all_problems_at_the_top_and_keeps_what_was_typed(client, world) -> None:
    meeting, item, coordinator = world["meeting"], world["item"], world["coordinator"]
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    start_on_its_day(meeting, by=coordinator)
    sign_in_verified(client, coordinator)
    url = reverse("live-action-add", args=[meeting.pk, item.pk])
    typed = "Monitor the situation and report back to the chair"
    due = meeting.date + timedelta(days=14)
    posted = {"due_date_day": due.day, "due_date_month": due.month, "due_date_year": due.year}
    page = client.post(url, _posted(world["police"], description=typed, **{**posted, "due_date_year": 2020}))
    assert page.status_code == 400
    html = page.content.decode()
    summary = html.index("govuk-error-summary")
    assert summary < html.index("<h1")
    assert escape("“Monitor” does not say what will be done") in html[summary:]
    assert "The due date must be after the meeting" in html[summary:]
    assert f"{typed}</textarea>" in html
    assert 'name="action-vague_ok"' in html
    assert not Action.objects.exists()
    recorded = client.post(url, _posted(world["police"], description=typed, vague_ok="on", **posted))
    assert recorded.status_code == 302
    assert Action.objects.get().description == typed
