"""Minutes that carry the plan: each case's actions, full minutes or actions only, by attendance.

A meeting held with two cases. Police attended the whole meeting, housing only the first case, health sent
apologies. Actions: on the first case police's (jointly with housing); on the second health's, and police's
jointly with health.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.meetings.live import services as live_services
from cases.meetings.minutes import services as minutes_services
from cases.models import AgendaItem, AttendanceStatus, Meeting, Minutes, MinutesScope, MinutesStatus, Notification
from marac.models import Agency, AgencyKind, AuditEvent, AuditVerb, Role, User
from tests.builders import action_for, circulated_meeting
from tests.builders.meetings import start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

SHARED_FIRST = "Two breaches of bail since the referral"
SHARED_SECOND = "She asked for a lock change and got it"
DECISION = "Refer to MAPPA for the next review"
GENERAL = "The chair read the confidentiality statement."  # closing the meeting writes it into the general minutes


@dataclass
class Held:
    meeting: Meeting
    minutes: Minutes
    first: AgendaItem
    second: AgendaItem
    police: Agency
    housing: Agency
    health: Agency
    users: dict[str, User]
    police_first: Action
    health_second: Action
    police_second: Action


@pytest.fixture
def held() -> Held:
    police = AgencyFactory(name="Police (scope test)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (scope test)", kind=AgencyKind.HOUSING)
    health = AgencyFactory(name="Health (scope test)", kind=AgencyKind.HEALTH)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police, housing, health])
    users = {
        "coordinator": member(Role.COORDINATOR, area),
        "chair": member(Role.CHAIR, area),
        "police": member(Role.REPRESENTATIVE, area, agency=police),
        "housing": member(Role.REPRESENTATIVE, area, agency=housing),
        "health": member(Role.REPRESENTATIVE, area, agency=health),
    }
    coordinator, chair = users["coordinator"], users["chair"]
    meeting = circulated_meeting(area, by=coordinator, cases=[CaseFactory(area=area), CaseFactory(area=area)])
    first, second = meeting.items.order_by("position")
    start_on_its_day(meeting, by=coordinator)
    record = meeting_services.attendance_record
    record(user=coordinator, meeting=meeting, agency=police, status=AttendanceStatus.PRESENT)
    record(user=coordinator, meeting=meeting, agency=housing, status=AttendanceStatus.PARTIAL, cases_attended=[first])
    record(user=coordinator, meeting=meeting, agency=health, status=AttendanceStatus.APOLOGIES)
    live_services.shared_add(user=chair, item=first, agency=police, stage="pattern", text=SHARED_FIRST)
    live_services.shared_add(user=chair, item=second, agency=housing, stage="protective", text=SHARED_SECOND)
    live_services.item_save_decisions(user=chair, item=first, decisions=DECISION, finish=True)
    due = timezone.localdate() + timedelta(days=14)
    actions = [
        action_for(
            first,
            by=coordinator,
            owner=police,
            due=due,
            description="Arrest for breach of bail conditions",
            joint=[housing],
        ),
        action_for(second, by=coordinator, owner=health, due=due, description="Offer a health visitor"),
        action_for(
            second,
            by=coordinator,
            owner=police,
            due=due,
            description="Flag the address on police systems",
            joint=[health],
        ),
    ]
    minutes = live_services.meeting_close(user=coordinator, meeting=meeting)
    meeting.refresh_from_db()
    return Held(meeting, minutes, first, second, police, housing, health, users, *actions)


def _out(held: Held, scope: str = MinutesScope.FULL) -> None:
    """Choose the scope, then the chair approves and the coordinator distributes."""
    minutes = Minutes.objects.get(pk=held.minutes.pk)
    minutes = minutes_services.minutes_scope_set(
        user=held.users["coordinator"], meeting=held.meeting, scope=scope, expected_version=minutes.version
    )
    minutes_services.minutes_approve(user=held.users["chair"], minutes=minutes)
    minutes_services.minutes_distribute(user=held.users["coordinator"], minutes=minutes)


def _page(held: Held, who: str) -> str:
    response = sign_in_verified(Client(), held.users[who]).get(reverse("meeting-minutes", args=[held.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _pdf(held: Held, who: str, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is installed by make test"
    response = sign_in_verified(Client(), held.users[who]).get(reverse("minutes-pdf", args=[held.meeting.pk]))
    assert response.status_code == 200
    path = tmp_path / f"{who}.pdf"
    path.write_bytes(response.content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _last_read(held: Held, who: str, page: str) -> dict:
    event = AuditEvent.objects.filter(actor=held.users[who], object_type="cases.minutes").order_by("-pk")[0]
    assert event.detail["page"] == page
    return event.detail


# --- Choosing the scope -----------------------------------------------------------------------


def test_the_coordinator_chooses_actions_only_audited_and_the_version_moves(held: Held) -> None:
    version = held.minutes.version
    minutes = minutes_services.minutes_scope_set(
        user=held.users["coordinator"], meeting=held.meeting, scope=MinutesScope.ACTIONS, expected_version=version
    )
    assert minutes.version == version + 1
    assert Meeting.objects.get(pk=held.meeting.pk).minutes_scope == MinutesScope.ACTIONS
    event = AuditEvent.objects.filter(object_type="cases.meeting", object_id=str(held.meeting.pk)).order_by("-pk")[0]
    assert event.verb == AuditVerb.CHANGE
    assert event.detail == {"minutes_scope": "actions"}


def test_a_representative_may_not_choose_and_an_outsider_is_not_told(held: Held) -> None:
    with pytest.raises(PermissionDenied):
        minutes_services.minutes_scope_set(
            user=held.users["police"], meeting=held.meeting, scope=MinutesScope.ACTIONS, expected_version=None
        )
    outsider = member(Role.COORDINATOR, MaracAreaFactory())
    with pytest.raises(Http404):
        minutes_services.minutes_scope_set(
            user=outsider, meeting=held.meeting, scope=MinutesScope.ACTIONS, expected_version=None
        )
    response = sign_in_verified(Client(), held.users["police"]).post(
        reverse("meeting-minutes", args=[held.meeting.pk]), {"action": "scope", "minutes_scope": "actions"}
    )
    assert response.status_code == 404  # the minutes are not distributed: the page is not theirs yet
    assert Meeting.objects.get(pk=held.meeting.pk).minutes_scope == MinutesScope.FULL


def test_a_stale_choice_gets_409_and_the_chair_approves_again_after_a_change(held: Held) -> None:
    url = reverse("meeting-minutes", args=[held.meeting.pk])
    coordinator, chair = (sign_in_verified(Client(), held.users[who]) for who in ("coordinator", "chair"))
    version = held.minutes.version
    saved = coordinator.post(url, {"action": "scope", "minutes_scope": "actions", "version": version})
    assert saved.status_code == 302
    stale = chair.post(url, {"action": "scope", "minutes_scope": "full", "version": version})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "govuk-error-summary" in html
    assert "your choice of what the agencies receive was not saved" in html
    assert f'value="{version + 1}"' in html  # the current version, so choosing again can succeed
    assert Meeting.objects.get(pk=held.meeting.pk).minutes_scope == MinutesScope.ACTIONS
    # The chair read the draft before the choice changed: approving that reading is refused.
    refused = chair.post(url, {"action": "approve", "version": version})
    assert refused.status_code == 409
    assert Minutes.objects.get(pk=held.minutes.pk).status == MinutesStatus.DRAFT


def test_the_choice_is_refused_once_approved_and_bad_input_is_explained(held: Held) -> None:
    url = reverse("meeting-minutes", args=[held.meeting.pk])
    coordinator = sign_in_verified(Client(), held.users["coordinator"])
    missing = coordinator.post(url, {"action": "scope", "minutes_scope": "everything"})
    assert missing.status_code == 400
    assert "Choose full minutes or actions only" in missing.content.decode()
    minutes_services.minutes_approve(user=held.users["chair"], minutes=held.minutes)
    with pytest.raises(ValidationError, match="approved"):
        minutes_services.minutes_scope_set(
            user=held.users["coordinator"], meeting=held.meeting, scope=MinutesScope.ACTIONS, expected_version=None
        )
    refused = coordinator.post(url, {"action": "scope", "minutes_scope": "actions"})
    assert refused.status_code == 400
    assert "can no longer be changed" in refused.content.decode()
    assert Meeting.objects.get(pk=held.meeting.pk).minutes_scope == MinutesScope.FULL


def test_the_coordinators_page_offers_the_choice_and_shows_everything(held: Held) -> None:
    html = _page(held, "coordinator")
    assert 'name="minutes_scope"' in html
    assert "Save what the agencies receive" in html
    assert SHARED_FIRST in html
    for action in (held.police_first, held.health_second, held.police_second):
        assert action.reference in html


# --- What each agency receives ----------------------------------------------------------------


def test_full_minutes_carry_what_was_shared_and_the_actions(held: Held, tmp_path) -> None:
    _out(held, MinutesScope.FULL)
    for text in (_page(held, "police"), _pdf(held, "police", tmp_path)):
        assert SHARED_FIRST in text
        assert SHARED_SECOND in text
        assert DECISION in text
        assert GENERAL in text
        for action in (held.police_first, held.health_second, held.police_second):
            assert action.reference in text
        assert "Housing (scope test)" in text  # the joint agency
    detail = _last_read(held, "police", "minutes-pdf")
    assert detail["minutes_scope"] == "full"
    assert detail["cases"] == [held.first.case_id, held.second.case_id]


def test_actions_only_carry_the_actions_and_nothing_that_was_shared(held: Held, tmp_path) -> None:
    _out(held, MinutesScope.ACTIONS)
    for text in (_page(held, "police"), _pdf(held, "police", tmp_path)):
        assert SHARED_FIRST not in text
        assert SHARED_SECOND not in text
        assert DECISION not in text
        assert GENERAL not in text  # the general minutes go out with full minutes only
        for action in (held.police_first, held.health_second, held.police_second):
            assert action.reference in text
        assert "Arrest for breach" in text
    page = _last_read(held, "police", "minutes-pdf")
    assert page["minutes_scope"] == "actions"
    assert page["cases"] == [held.first.case_id, held.second.case_id]
    # The coordinator still sees everything, labelled with what the agencies receive.
    coordinator = _page(held, "coordinator")
    assert SHARED_FIRST in coordinator
    assert GENERAL in coordinator
    assert "Actions only: the action plan, without what was shared" in coordinator
    assert _last_read(held, "coordinator", "minutes")["minutes_scope"] == "full"


def test_an_agency_that_attended_one_case_receives_that_case_only(held: Held) -> None:
    _out(held, MinutesScope.FULL)
    html = _page(held, "housing")
    assert held.first.case.reference in html
    assert SHARED_FIRST in html
    assert held.police_first.reference in html
    assert held.second.case.reference not in html  # not attended, and housing has no action on it
    assert SHARED_SECOND not in html
    assert _last_read(held, "housing", "minutes")["cases"] == [held.first.case_id]


@pytest.mark.parametrize("scope", [MinutesScope.FULL, MinutesScope.ACTIONS])
def test_an_agency_that_did_not_attend_receives_only_its_own_actions(held: Held, scope: str, tmp_path) -> None:
    _out(held, scope)
    for text in (_page(held, "health"), _pdf(held, "health", tmp_path)):
        assert held.second.case.reference in text
        assert held.health_second.reference in text
        assert held.police_second.reference in text  # jointly with health
        assert held.first.case.reference not in text
        assert held.police_first.reference not in text
        assert SHARED_FIRST not in text
        assert SHARED_SECOND not in text
        assert "did not attend" in text
    detail = _last_read(held, "health", "minutes-pdf")
    assert detail["minutes_scope"] == scope
    assert detail["cases"] == []
    assert detail["own_actions_cases"] == [held.second.case_id]


def test_a_conflict_of_interest_removes_even_the_agencys_own_actions(held: Held) -> None:
    _out(held, MinutesScope.ACTIONS)
    meeting_services.conflict_declare(
        user=held.users["health"], case=held.second.case, meeting=held.meeting, connection="knows"
    )
    html = _page(held, "health")
    assert held.second.case.reference not in html
    assert held.health_second.reference not in html


def test_the_minutes_notice_says_no_more_than_the_scope(held: Held) -> None:
    _out(held, MinutesScope.ACTIONS)
    notice = Notification.objects.get(user=held.users["housing"], dedupe_key=f"minutes-{held.meeting.pk}")
    assert notice.message.startswith("The action plan (actions only) from the MARAC meeting on ")
    # Health sent apologies: told it receives only its own actions.
    absent = Notification.objects.get(user=held.users["health"], dedupe_key=f"minutes-{held.meeting.pk}")
    assert absent.message.startswith("The actions for your agency (it did not attend) from the MARAC meeting on ")
    event = AuditEvent.objects.filter(object_type="cases.minutes", detail__status="distributed").get()
    assert event.detail["minutes_scope"] == "actions"


@pytest.mark.parametrize("scope", [MinutesScope.FULL, MinutesScope.ACTIONS])
def test_what_was_shared_is_read_elsewhere_only_with_full_minutes(held: Held, scope: str) -> None:
    """The perpetrator's pattern shows what was shared at meetings under the same rule: actions only
    gives the agencies no other way to it; the coordinators and chairs keep it."""
    _out(held, scope)
    both = {held.first.pk, held.second.pk}

    def shared_items(who: str) -> set[int]:
        items = meeting_selectors.minuted_items_for_user(held.users[who], shared=True)
        return set(items.filter(meeting=held.meeting).values_list("pk", flat=True))

    assert shared_items("police") == (both if scope == MinutesScope.FULL else set())
    assert shared_items("coordinator") == both
