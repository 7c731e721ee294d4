"""PPMT research, restricted entries, the survivor's voice, the tracker and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.meetings.emails import write_research_emails
from cases.models import AgendaItem, CaseParty, GrantKind, Meeting, MeetingStatus, Notification, PartyRole
from marac.models import AgencyKind, AuditEvent, AuditVerb, MessageKind, OutboxMessage, Role
from marac.outbox import sender
from marac.versioning import StaleVersionError
from ppmt import selectors, services, tasks
from ppmt.models import LanguagePromptEvent, ResearchStatus, ResearchSubmission, SurvivorVoice
from tests.api_tokens import token_for
from tests.builders import named_on
from tests.builders.meetings import start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_member):
    police = AgencyFactory(name="Police (research)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (research)", kind=AgencyKind.HOUSING)
    idaa = AgencyFactory(name="IDAA service (research)", kind=AgencyKind.IDAA)
    health = AgencyFactory(name="Health (research)", kind=AgencyKind.HEALTH)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police, housing, idaa, health])
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    case = CaseFactory(area=area)
    CaseParty.objects.create(case=case, person=PersonFactory(), role=PartyRole.CHILD)
    item = AgendaItem.objects.create(meeting=meeting, case=case, position=1)
    coordinator = make_member(Role.COORDINATOR, area=area)
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    return {
        "area": area,
        "meeting": meeting,
        "item": item,
        "case": case,
        "coordinator": coordinator,
        "police": make_member(Role.REPRESENTATIVE, area=area, agency=police),
        "housing": make_member(Role.REPRESENTATIVE, area=area, agency=housing),
        "health": make_member(Role.REPRESENTATIVE, area=area, agency=health),
        "idaa": make_member(Role.IDAA, area=area, agency=idaa),
        "idaa_manager": make_member(Role.REPRESENTATIVE, area=area, agency=idaa),
        "agencies": {"police": police, "housing": housing, "health": health, "idaa": idaa},
    }


def add(user, item, **overrides):
    fields = {"stage": "pattern", "text": "Breached bail twice in October.", "lawful_basis": "safeguarding"}
    fields.update(overrides)
    return services.research_entry_save(user=user, item=item, **fields)


def test_research_is_added_amended_with_history_and_submitted(client, world) -> None:
    police, item = world["police"], world["item"]
    entry = add(police, item)
    amended = add(police, item, text="Breached bail three times in October.", replaces=entry)
    entry.refresh_from_db()
    assert entry.superseded_by == amended
    assert [e.text for e in selectors.own_entries(selectors.own_submission(police, item))] == [amended.text]
    with pytest.raises(StaleVersionError):
        add(police, item, text="Again", replaces=entry)  # already amended: a stale editor
    services.research_submit(user=police, item=item)
    submission = ResearchSubmission.objects.get(agency=police.agency)
    assert submission.status == ResearchStatus.SUBMITTED
    sign_in_verified(client, police)
    page = client.get(reverse("research-item", args=[item.meeting_id, item.pk])).content.decode()
    assert "Change history (1)" in page
    assert AuditEvent.objects.filter(actor=police, verb=AuditVerb.VIEW, detail__page="research").exists()


def test_not_known_once_confirmed_and_bad_input(client, world) -> None:
    housing, item = world["housing"], world["item"]
    sign_in_verified(client, housing)
    url = reverse("research-action", args=[item.meeting_id, item.pk])
    asked = client.post(url, {"action": "not_known"})
    assert asked["Location"].endswith("?confirm=not-known#not-known")
    assert not ResearchSubmission.objects.filter(agency=housing.agency, status=ResearchStatus.NOT_KNOWN).exists()
    client.post(url, {"action": "not_known", "confirmed": "yes", "children_searched": "yes"})
    assert ResearchSubmission.objects.get(agency=housing.agency).status == ResearchStatus.NOT_KNOWN
    response = client.post(
        reverse("research-item", args=[item.meeting_id, item.pk]),
        {"stage": "pattern", "text": "Kept", "lawful_basis": "", "restricted": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select the lawful basis" in html
    assert "Kept" in html


def test_restricted_entries_reach_only_named_agencies(world) -> None:
    police, item = world["police"], world["item"]
    agencies = world["agencies"]
    with pytest.raises(ValidationError, match="Explain why"):
        add(police, item, restricted=True, restricted_to=[agencies["housing"]])
    add(
        police,
        item,
        text="Covert intelligence.",
        restricted=True,
        restricted_to=[agencies["housing"]],
        restriction_reason="Ongoing investigation",
    )
    add(police, item, text="Open finding.")
    services.research_submit(user=police, item=item)
    texts = lambda user: {e.text for e in selectors.visible_entries(user, [item])}  # noqa: E731
    assert texts(police) == {"Covert intelligence.", "Open finding."}
    assert texts(world["housing"]) == {"Covert intelligence.", "Open finding."}
    assert texts(world["health"]) == {"Open finding."}
    assert texts(world["coordinator"]) == {"Open finding."}
    # ...and through the API.
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=token_for(world["health"]))
    body = api.get(f"/api/v1/meetings/{item.meeting_id}/items/{item.pk}/research/").json()
    assert [e["text"] for e in body] == ["Open finding."]


def test_drafts_are_not_shown_to_others(world) -> None:
    add(world["police"], world["item"], text="Draft only")
    assert not selectors.visible_entries(world["health"], [world["item"]]).exists()


def test_survivor_voice_says_who_recorded_it(client, world) -> None:
    item, idaa, housing = world["item"], world["idaa"], world["housing"]
    with pytest.raises(PermissionDenied):  # an IDAA of the service, but not allocated to this case
        services.survivor_voice_save(user=idaa, item=item, data={"contact_made": True}, expected_version=None)
    named_on(world["case"], idaa, by=world["idaa_manager"])
    with pytest.raises(ValidationError, match="why contact"):
        services.survivor_voice_save(user=idaa, item=item, data={"contact_made": False}, expected_version=None)
    services.survivor_voice_save(
        user=idaa,
        item=item,
        data={"contact_made": True, "strengths": "Moved the children to school by car."},
        expected_version=None,
    )
    assert SurvivorVoice.objects.get().recorded_by_idaa
    with pytest.raises(PermissionDenied):  # an invited agency reads the voice but does not write it
        services.survivor_voice_save(user=housing, item=item, data={"contact_made": True}, expected_version=None)
    named_on(world["case"], housing, GrantKind.VOICE_FALLBACK, by=world["coordinator"])
    services.survivor_voice_save(
        user=housing,
        item=item,
        data={"contact_made": True, "fears": "That he will find the new flat."},
        expected_version=None,
    )
    voice = SurvivorVoice.objects.get()
    assert not voice.recorded_by_idaa
    assert [(r.version, r.strengths, r.recorded_by_id) for r in voice.revisions.all()] == [
        (1, "Moved the children to school by car.", idaa.pk)
    ]
    sign_in_verified(client, housing)
    page = client.get(reverse("survivor-voice", args=[item.meeting_id, item.pk])).content.decode()
    assert "not the IDAA" in page
    assert "Earlier versions" in page


def test_only_the_allocated_idaa_or_named_worker_writes_the_voice_page(client, world) -> None:
    item, police = world["item"], world["police"]
    url = reverse("survivor-voice", args=[item.meeting_id, item.pk])
    sign_in_verified(client, police)
    page = client.get(url)
    assert page.status_code == 200
    assert "Save the survivor" not in page.content.decode()
    assert client.post(url, {"contact_made": "true", "fears": "Overwritten"}).status_code == 403
    assert not SurvivorVoice.objects.exists()
    sign_in_verified(client, world["idaa"])  # not allocated: the case is not theirs to see
    assert client.get(url).status_code == 404
    assert client.post(url, {"contact_made": "true"}).status_code == 404
    named_on(world["case"], world["idaa"], by=world["coordinator"])
    assert "Save the survivor" in client.get(url).content.decode()
    assert client.post(url, {"contact_made": "true", "fears": "That he finds her"}).status_code == 302
    assert SurvivorVoice.objects.get().fears == "That he finds her"


def test_chair_sees_material_by_stage_with_gaps(client, world) -> None:
    item, coordinator = world["item"], world["coordinator"]
    add(world["police"], item, text="Stalking at work.")
    services.research_submit(user=world["police"], item=item)
    start_on_its_day(item.meeting, by=coordinator)
    sign_in_verified(client, coordinator)
    html = client.get(reverse("live-item", args=[item.meeting_id, item.pk])).content.decode()
    assert "Stalking at work." in html
    assert "Already submitted in research" in html
    assert "no children&#x27;s voice recorded" in html
    assert "no survivor strengths" in html


def test_research_closes_when_the_meeting_starts(world) -> None:
    item = world["item"]
    Meeting.objects.filter(pk=item.meeting_id).update(status=MeetingStatus.IN_PROGRESS)
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="meeting has started"):
        add(world["police"], item)


def test_uninvited_or_conflicted_users_get_not_found(client, world, make_member) -> None:
    item = world["item"]
    outsider = make_member(Role.REPRESENTATIVE, area=world["area"], agency=AgencyFactory(name="Uninvited"))
    sign_in_verified(client, outsider)
    assert client.get(reverse("research-item", args=[item.meeting_id, item.pk])).status_code == 404
    assert client.get(reverse("survivor-voice", args=[item.meeting_id, item.pk])).status_code == 404
    client.logout()
    sign_in_verified(client, world["police"])
    meeting_services.conflict_declare(user=world["police"], case=world["case"], connection="knows")
    assert client.get(reverse("research-item", args=[item.meeting_id, item.pk])).status_code == 404
    assert client.get(reverse("research-tracker", args=[item.meeting_id])).status_code == 404


def test_tracker_and_reminders(client, world, django_capture_on_commit_callbacks) -> None:
    item, meeting = world["item"], world["meeting"]
    add(world["police"], item)
    services.research_submit(user=world["police"], item=item)
    services.research_not_known(user=world["housing"], item=item, children_searched=True)
    sign_in_verified(client, world["coordinator"])
    html = client.get(reverse("research-tracker", args=[meeting.pk])).content.decode()
    assert "Researched" in html
    assert "Not known" in html
    assert "Not started" in html  # before the deadline; "Missing" after it (tests/test_research_tracker.py)
    now = meeting.research_deadline - timedelta(hours=12)
    with django_capture_on_commit_callbacks(execute=False):
        told = services.research_reminders(now=now)
        again = services.research_reminders(now=now)
    assert again == []
    reminded = set(Notification.objects.filter(dedupe_key__startswith="research-due").values_list("user_id", flat=True))
    # Each agency's representatives are reminded; the IDAA service's IDAAs are not (they see only their clients).
    assert reminded == {world["health"].pk, world["idaa_manager"].pk}
    assert {(r.meeting_id, tuple(r.user_ids)) for r in told} == {
        (meeting.pk, (world["health"].pk,)),
        (meeting.pk, (world["idaa_manager"].pk,)),
    }
    for note in Notification.objects.filter(dedupe_key__startswith="research-due"):
        assert world["case"].reference not in note.message


def test_language_prompts_are_recorded_and_reframing_is_noticed(client, world) -> None:
    police, item = world["police"], world["item"]
    entry = add(police, item, stage="protective", text="She chooses to stay and is hard to engage.")
    events = LanguagePromptEvent.objects.filter(case=world["case"])
    assert {e.code for e in events} == {"chose_to_stay", "hard_to_engage"}
    add(
        police,
        item,
        stage="protective",
        replaces=entry,
        text="He has threatened to take the children if she leaves; she is hard to engage.",
    )
    by_code = {e.code: e for e in LanguagePromptEvent.objects.filter(case=world["case"])}
    assert by_code["chose_to_stay"].reframed_at is not None
    assert by_code["hard_to_engage"].reframed_at is None
    services.research_submit(user=police, item=item)
    start_on_its_day(item.meeting, by=world["coordinator"])
    sign_in_verified(client, world["coordinator"])
    html = client.get(reverse("live-item", args=[item.meeting_id, item.pk])).content.decode()
    assert "Wording prompts raised on this case (2)" in html
    assert "Reframed" in html
    assert "Not reframed" in html


def test_the_hourly_task_emails_the_users_it_newly_reminds(world, django_capture_on_commit_callbacks) -> None:
    meeting = world["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(research_deadline=timezone.now() + timedelta(hours=12))
    told = tasks.research_reminders()
    reminded = set(Notification.objects.filter(dedupe_key__startswith="research-due").values_list("user_id", flat=True))
    assert told == len(reminded) == 4
    emails = OutboxMessage.objects.filter(kind=MessageKind.RESEARCH_REMINDER)
    assert set(emails.values_list("recipient_id", flat=True)) == reminded
    assert set(emails.values_list("area_id", flat=True)) == {meeting.area_id}
    assert tasks.research_reminders() == 0
    assert emails.count() == 4


def test_research_reminder_email_has_the_deadline_and_no_case_details(world) -> None:
    with transaction.atomic():
        write_research_emails(world["meeting"], [world["health"].pk])
    assert sender.send_due().sent == 1
    message = mail.outbox[0]
    assert message.subject.startswith("MARAC research due by ")
    assert f"/meetings/{world['meeting'].pk}/" in message.body
    assert world["case"].reference not in message.body
    assert world["case"].victim.family_name not in message.body
