"""The home dashboard for each role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Meeting
from cases.notifications import notify, unread_notifications
from marac.models import Role
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_coordinator_sees_their_area_role_and_case_counts(verified_client, coordinator, area) -> None:
    CaseFactory.create_batch(3, area=area)
    CaseFactory(area=MaracAreaFactory())  # another area's case is not counted
    html = verified_client(coordinator).get("/").content.decode()
    assert area.name in html
    assert "MARAC coordinator" in html
    assert "Open cases" in html
    assert "3 <span" in html


def test_governance_sees_counts_but_no_personal_data(verified_client, make_member, area) -> None:
    member = make_member(Role.GOVERNANCE, area=area)
    case = CaseFactory(area=area)
    # A surname no generated user can share, so the signed-in user's own name cannot match it.
    case.victim.family_name = "Quarrendale-Vix"
    case.victim.save(update_fields=["family_name"])
    html = verified_client(member).get("/").content.decode()
    assert "Open cases" in html
    assert case.victim.family_name not in html
    assert case.reference not in html


def test_representative_sees_areas_without_area_wide_counts(verified_client, make_member, area) -> None:
    member = make_member(Role.REPRESENTATIVE, area=area)
    CaseFactory(area=area)
    html = verified_client(member).get("/").content.decode()
    assert area.name in html
    assert "Agency representative" in html
    assert "Open cases" not in html


def test_user_without_a_role_is_told_what_to_do(verified_client, db) -> None:
    html = verified_client(UserFactory()).get("/").content.decode()
    assert "You do not have a role in any MARAC area yet" in html


def test_navigation_depends_on_role(verified_client, coordinator, administrator) -> None:
    assert "Audit log" not in verified_client(coordinator).get("/").content.decode()
    html = verified_client(administrator).get("/").content.decode()
    assert 'href="/audit/"' in html
    assert 'href="/admin/"' in html


def test_every_page_carries_the_protective_marking(verified_client, coordinator) -> None:
    assert verified_client(coordinator).get("/").content.decode().count("OFFICIAL-SENSITIVE") >= 2


def test_home_query_count_does_not_grow_with_areas_or_cases(
    verified_client, coordinator, area, django_assert_max_num_queries
) -> None:
    client = verified_client(coordinator)
    client.get("/")
    with django_assert_max_num_queries(30) as baseline:
        client.get("/")
    for _ in range(5):
        other = MaracAreaFactory()
        MembershipFactory(user=coordinator, area=other, role=Role.CHAIR)
        CaseFactory.create_batch(4, area=other)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get("/")


def test_representative_sees_research_due_and_actions_due(verified_client, make_member, area) -> None:
    police = AgencyFactory(name="Police (home)")
    area.core_agencies.set([police])
    rep = make_member(Role.REPRESENTATIVE, area=area, agency=police)
    coordinator = make_member(Role.COORDINATOR, area=area)
    meeting_schedule.meetings_schedule_ahead(area)
    # The first meeting whose research deadline is still ahead (the first one
    # of the schedule may already be past its deadline, depending on today).
    meeting = Meeting.objects.filter(area=area, research_deadline__gt=timezone.now()).order_by("date").first()
    case = CaseFactory(area=area)
    AgendaItem.objects.create(meeting=meeting, case=case, position=1)
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    Action.objects.create(
        case=case,
        owner_agency=police,
        description="Visit",
        focus="survivor",
        due_date=timezone.localdate() - timedelta(days=1),
        created_by=coordinator,
    )
    html = verified_client(rep).get("/").content.decode()
    assert "Research due" in html
    assert "1 overdue action" in html


def test_notifications_are_read_without_writing_and_marked_read_by_a_button(verified_client, coordinator) -> None:
    notify([coordinator], key="test-1", message="Agenda circulated for the MARAC meeting", link="/meetings/")
    client = verified_client(coordinator)
    assert "You have 1 new notification" in client.get("/").content.decode()
    page = client.get(reverse("notification-list")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--blue">New</strong>' in page
    assert "Mark all as read" in page
    assert unread_notifications(coordinator).count() == 1  # reading changed nothing
    response = client.post(reverse("notification-list"))
    assert response["Location"] == reverse("notification-list")
    assert unread_notifications(coordinator).count() == 0
    page = client.get(reverse("notification-list")).content.decode()
    assert "Agenda circulated for the MARAC meeting" in page
    assert "govuk-tag--blue" not in page
    assert "Mark all as read" not in page
