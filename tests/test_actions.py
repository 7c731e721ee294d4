"""Actions: recording, updates and history, visibility, exports, reminders exactly once, the API."""

from __future__ import annotations

import threading
from datetime import timedelta
from html import escape
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actions import selectors, services
from actions.models import Action, ActionStatus, ReminderDelivery, ReminderKind, ReminderPreference
from actions.reminders import sweep as reminders
from actions.views import PAGE_SIZE
from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.meetings.selectors import agenda_for
from cases.models import AgendaItem, CaseParty, Meeting, PartyRole
from marac.models import AgencyKind, AuditEvent, AuditVerb, OutboxMessage, Role
from marac.outbox import sender
from marac.versioning import StaleVersionError
from tests.api_tokens import token_for
from tests.builders.actions import action_for
from tests.builders.meetings import start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_member):
    police = AgencyFactory(name="Police (actions)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (actions)", kind=AgencyKind.HOUSING)
    area = MaracAreaFactory(meetings_ahead=3, action_due_soon_days=3, action_escalation_days=7)
    area.core_agencies.set([police, housing])
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    case = CaseFactory(area=area)
    CaseParty.objects.create(
        case=case, person=PersonFactory(given_names="Harmful", family_name="Personname"), role=PartyRole.PERPETRATOR
    )
    item = AgendaItem.objects.create(meeting=meeting, case=case, position=1)
    coordinator = make_member(Role.COORDINATOR, area=area)
    return {
        "area": area,
        "meeting": meeting,
        "case": case,
        "item": item,
        "coordinator": coordinator,
        "police": make_member(Role.REPRESENTATIVE, area=area, agency=police),
        "housing": make_member(Role.REPRESENTATIVE, area=area, agency=housing),
        "police_agency": police,
        "housing_agency": housing,
    }


def new_action(world, *, agency="police_agency", due=7, focus="perpetrator", **extra):
    return action_for(
        world["item"],
        by=world["coordinator"],
        description=extra.pop("description", "Arrest for breach of bail conditions"),
        owner=world[agency],
        focus=focus,
        due=timezone.localdate() + timedelta(days=due),
        joint=extra.pop("joint_agencies", ()),
        **extra,
    )


def test_action_is_recorded_in_the_live_meeting_with_prompts(client, world) -> None:
    meeting, item = world["meeting"], world["item"]
    meeting_services.agenda_circulate(user=world["coordinator"], meeting=meeting, expected_version=None)
    start_on_its_day(meeting, by=world["coordinator"])
    sign_in_verified(client, world["coordinator"])
    page = client.get(reverse("live-item", args=[meeting.pk, item.pk])).content.decode()
    assert "No action yet addresses the person causing harm" in page
    url = reverse("live-action-add", args=[meeting.pk, item.pk])
    # Every problem in one round: the vague description, the missing owner and the past due date.
    bad = client.post(
        url,
        {
            "action-description": "Monitor",
            "action-focus": "survivor",
            "action-due_date_day": 1,
            "action-due_date_month": 2,
            "action-due_date_year": 2020,
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Select the agency that owns the action" in html
    assert "The due date must be after the meeting" in html
    assert escape("“Monitor” on its own does not say what will be done") in html
    assert "Monitor</textarea>" in html
    due = meeting.date + timedelta(days=10)
    response = client.post(
        url,
        {
            "action-description": "Visit the survivor at the refuge to review the safety plan",
            "action-focus": "survivor",
            "action-priority": "high",
            "action-owner_agency": world["housing_agency"].pk,
            "action-due_date_day": due.day,
            "action-due_date_month": due.month,
            "action-due_date_year": due.year,
        },
        follow=True,
    )
    action = Action.objects.get()
    assert f"Action {action.reference} recorded." in response.content.decode()
    assert action.updates.count() == 1


def test_updates_keep_history_and_need_an_outcome(world) -> None:
    action = new_action(world)
    with pytest.raises(ValidationError, match="outcome"):
        services.action_update(user=world["police"], action=action, status="completed", note="")
    services.action_update(user=world["police"], action=action, status="in_progress", note="Warrant applied for")
    action = services.action_update(user=world["police"], action=action, status="completed", note="Arrested 3 Dec")
    assert action.outcome == "Arrested 3 Dec"
    assert [u.status_to for u in action.updates.all()] == ["open", "in_progress", "completed"]
    with pytest.raises(StaleVersionError):
        services.action_update(user=world["coordinator"], action=action, status="open", note="", expected_version=1)


def test_an_agency_sees_only_its_own_and_joint_actions(client, world, make_member) -> None:
    police_action = new_action(world)
    housing_action = new_action(world, agency="housing_agency", focus="survivor")
    joint = new_action(world, focus="child", joint_agencies=[world["housing_agency"]])
    assert set(selectors.actions_for_user(world["police"])) == {police_action, joint}
    assert set(selectors.actions_for_user(world["housing"])) == {housing_action, joint}
    assert set(selectors.actions_for_user(world["coordinator"])) == {police_action, housing_action, joint}
    sign_in_verified(client, world["housing"])
    assert client.get(reverse("action-detail", args=[police_action.pk])).status_code == 404
    other_area = make_member(Role.REPRESENTATIVE, agency=world["police_agency"])
    client.logout()
    sign_in_verified(client, other_area)
    assert client.get(reverse("action-detail", args=[police_action.pk])).status_code == 404


def test_my_agency_actions_filters_and_exports(client, world) -> None:
    overdue = new_action(world, due=0)
    Action.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    new_action(world, due=5, description="Visit the address with a welfare check")
    sign_in_verified(client, world["police"])
    page = client.get(reverse("action-list") + "?show=overdue").content.decode()
    assert overdue.reference in page
    assert "Visit the address" not in page
    csv_text = client.get(reverse("action-export-csv") + "?show=outstanding").content.decode()
    assert csv_text.splitlines()[0].startswith("Reference,Case,Action")
    assert "Visit the address with a welfare check" in csv_text
    pdf = client.get(reverse("action-export-pdf"))
    assert pdf["Content-Type"] == "application/pdf"


def _names(world):
    victim = world["case"].victim
    perpetrator = world["case"].parties.get(role=PartyRole.PERPETRATOR).person
    return [victim.given_names, victim.family_name, perpetrator.given_names, perpetrator.family_name]


def test_reminders_are_written_once_and_sent_without_personal_data(world) -> None:
    today = timezone.localdate()
    soon = new_action(world, due=2)
    due_today = new_action(world, due=0, description="Share the safety plan")
    late = new_action(world, due=0, description="Refer to the perpetrator programme")
    Action.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=8))
    first = reminders.sweep(today=today)
    again = reminders.sweep(today=today)
    assert again == 0
    kinds = set(ReminderDelivery.objects.values_list("action_id", "kind"))
    assert (soon.pk, ReminderKind.DUE_SOON) in kinds
    assert (due_today.pk, ReminderKind.DUE_TODAY) in kinds
    assert (late.pk, ReminderKind.OVERDUE) in kinds
    assert (late.pk, ReminderKind.ESCALATION) in kinds
    assert first == 4
    assert sender.send_due().sent == 2  # the police representative and the coordinator
    assert sender.send_due().sent == 0
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for name in _names(world):
            assert name not in message.body
        assert world["case"].reference not in message.body
    assert all(r.sent_at for r in ReminderDelivery.objects.all())


def test_failed_emails_are_retried_and_recorded(world) -> None:
    new_action(world, due=0)
    reminders.sweep()
    with mock.patch("marac.outbox.sender.EmailMessage.send", side_effect=ConnectionRefusedError):
        assert sender.send_due().failed == 1
    message = OutboxMessage.objects.get()
    assert (message.attempts, message.last_error, message.sent_at) == (1, "ConnectionRefusedError", None)
    assert ReminderDelivery.objects.get().sent_at is None
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert sender.send_due().sent == 1
    assert ReminderDelivery.objects.get().sent_at is not None


def test_digest_users_get_no_immediate_reminders(world) -> None:
    ReminderPreference.objects.create(user=world["police"], digest_only=True)
    new_action(world, due=0)
    reminders.sweep()
    assert not ReminderDelivery.objects.filter(recipient=world["police"]).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_write_each_reminder_once(make_member) -> None:
    police = AgencyFactory(name="Police (concurrent)", kind=AgencyKind.POLICE)
    area = MaracAreaFactory()
    case = CaseFactory(area=area)
    coordinator = make_member(Role.COORDINATOR, area=area)
    make_member(Role.REPRESENTATIVE, area=area, agency=police)
    for n in range(30):
        Action.objects.create(
            case=case,
            owner_agency=police,
            description=f"Visit {n}",
            focus="survivor",
            due_date=timezone.localdate(),
            created_by=coordinator,
        )
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(reminders.sweep())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 30
    assert ReminderDelivery.objects.count() == 30


def test_outstanding_actions_appear_on_the_next_agenda(world) -> None:
    new_action(world)
    later = Meeting.objects.filter(area=world["area"]).order_by("date")[1]
    AgendaItem.objects.create(meeting=later, case=world["case"], position=1)
    flags = agenda_for(later, world["coordinator"]).rows[0].flags
    assert "1 outstanding action from earlier meetings" in flags


def test_api_lists_own_actions_and_posts_updates(world) -> None:
    action = new_action(world)
    new_action(world, agency="housing_agency", focus="survivor")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=token_for(world["police"]))
    listing = api.get("/api/v1/actions/").json()
    assert [a["reference"] for a in listing] == [action.reference]
    stale = api.post(
        f"/api/v1/actions/{action.pk}/updates/", {"status": "in_progress"}, format="json", HTTP_IF_MATCH='"99"'
    )
    assert stale.status_code == 412
    read = api.get(f"/api/v1/actions/{action.pk}/")
    assert (read.status_code, read["ETag"]) == (200, f'"{action.version}"')
    ok = api.post(
        f"/api/v1/actions/{action.pk}/updates/",
        {"status": "completed", "note": "Done"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert ok.status_code == 201
    assert ok["ETag"] == f'"{action.version + 1}"'
    assert Action.objects.get(pk=action.pk).status == ActionStatus.COMPLETED


def test_users_choose_immediate_reminders_or_a_digest(client, world) -> None:
    sign_in_verified(client, world["police"])
    url = reverse("reminder-preference")
    page = client.get(url).content.decode()
    assert not ReminderPreference.objects.filter(user=world["police"]).exists()  # reading writes nothing
    assert 'value="immediate" checked' in page
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert '<a href="#id_mode_0">Select how you want to be reminded</a>' in refused.content.decode()
    assert not ReminderPreference.objects.filter(user=world["police"]).exists()
    client.post(url, {"mode": "digest"})
    assert ReminderPreference.objects.get(user=world["police"]).digest_only
    assert AuditEvent.objects.filter(
        actor=world["police"], verb=AuditVerb.CHANGE, detail={"digest_only": True}
    ).exists()
    assert 'value="digest" checked' in client.get(url).content.decode()


def test_a_stale_action_update_keeps_the_note_and_carries_the_new_version(client, world) -> None:
    action = new_action(world)
    old = action.version
    services.action_update(user=world["coordinator"], action=action, status="in_progress", note="")
    sign_in_verified(client, world["police"])
    url = reverse("action-detail", args=[action.pk])
    stale = client.post(url, {"status": "completed", "note": "Arrested", "version": old})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert '<a href="#update">Someone else updated this action' in html
    assert "Arrested" in html
    current = Action.objects.get(pk=action.pk).version
    assert f'name="version" value="{current}"' in html
    assert client.post(url, {"status": "completed", "note": "Arrested", "version": current}).status_code == 302
    assert Action.objects.get(pk=action.pk).status == ActionStatus.COMPLETED


def test_my_agencys_actions_are_shown_fifty_a_page(client, world) -> None:
    Action.objects.bulk_create(
        Action(
            case=world["case"],
            area=world["area"],
            item=world["item"],
            owner_agency=world["police_agency"],
            description=f"Check bail conditions, part {n}",
            focus="perpetrator",
            due_date=timezone.localdate() + timedelta(days=n),
            created_by=world["coordinator"],
        )
        for n in range(PAGE_SIZE + 5)
    )
    sign_in_verified(client, world["police"])
    first = client.get(reverse("action-list")).content.decode()
    assert f"Actions 1 to {PAGE_SIZE} of {PAGE_SIZE + 5}" in first
    assert first.count("Check bail conditions, part") == PAGE_SIZE
    assert "?show=outstanding&amp;page=2" in first
    assert 'rel="next"' in first
    second = client.get(reverse("action-list"), {"show": "outstanding", "page": 2}).content.decode()
    assert second.count("Check bail conditions, part") == 5
    assert f"Actions {PAGE_SIZE + 1} to {PAGE_SIZE + 5} of {PAGE_SIZE + 5}" in second
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    # The export still has every action, not only the page's.
    export = client.get(reverse("action-export-csv"), {"show": "outstanding"}).content.decode()
    assert export.count("Check bail conditions, part") == PAGE_SIZE + 5
