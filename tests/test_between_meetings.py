"""Work between meetings (issue 20): agencies record actions already taken and actions they propose with their
research; the coordinator records interim safety actions and urgent information sharing before the meeting;
the chair sees both on the live page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import InterimKind, InterimMeasure
from marac.models import AgencyKind, AuditEvent, AuditVerb, Role
from ppmt import services as research_services
from ppmt.models import AgencyAction, AgencyActionKind, LanguagePromptEvent, ResearchStatus, ResearchSubmission
from tests.builders.meetings import circulated_meeting, start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world():
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (between)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (between)", kind=AgencyKind.HOUSING)
    area.core_agencies.set([police, housing])
    coordinator = member(Role.COORDINATOR, area)
    meeting = circulated_meeting(area, by=coordinator, cases=[CaseFactory(area=area)])
    return {
        "area": area,
        "meeting": meeting,
        "item": meeting.items.get(),
        "coordinator": coordinator,
        "chair": member(Role.CHAIR, area),
        "police": member(Role.REPRESENTATIVE, area, agency=police),
        "housing": housing,
    }


def _date(prefix: str, day) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_an_agency_records_actions_taken_and_proposed_shared_when_its_research_is_submitted(client, world) -> None:
    item, police = world["item"], world["police"]
    sign_in_verified(client, police)
    url = reverse("research-agency-action", args=[item.meeting_id, item.pk])
    refused = client.post(url, {"agency-action-kind": "taken", "agency-action-text": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Describe the action" in page
    assert "Enter the date the action was taken" in page  # both in one round
    taken = {"agency-action-kind": "taken", "agency-action-text": "Arrested him for breach of bail conditions."}
    future = client.post(url, {**taken, **_date("agency-action-taken_on", TODAY + timedelta(days=2))})
    assert "must be today or in the past" in future.content.decode()
    assert client.post(url, {**taken, **_date("agency-action-taken_on", TODAY)}).status_code == 302
    proposed = {"agency-action-kind": "proposed", "agency-action-text": "She failed to protect the children."}
    assert client.post(url, proposed).status_code == 302
    actions = AgencyAction.objects.filter(submission__item=item).order_by("kind")
    assert [(a.kind, a.taken_on) for a in actions] == [
        (AgencyActionKind.PROPOSED, None),
        (AgencyActionKind.TAKEN, TODAY),
    ]
    assert LanguagePromptEvent.objects.filter(source="agency_action", source_id=actions[0].pk).exists()
    assert {e.detail["kind"] for e in AuditEvent.objects.filter(object_type="ppmt.agencyaction")} == {
        "taken",
        "proposed",
    }
    research = client.get(reverse("research-item", args=[item.meeting_id, item.pk])).content.decode()
    assert "Arrested him for breach of bail conditions." in research
    # Removed in error, then the research submitted: the chair sees what is left.
    client.post(url, {"withdraw": actions[0].pk})
    assert AgencyAction.objects.get(pk=actions[0].pk).withdrawn
    research_services.research_entry_save(
        user=police, item=item, stage="pattern", text="Two call-outs this month.", lawful_basis="safeguarding"
    )
    research_services.research_submit(user=police, item=item)
    assert ResearchSubmission.objects.get(item=item, agency=police.agency).status == ResearchStatus.SUBMITTED
    start_on_its_day(world["meeting"], by=world["chair"])
    sign_in_verified(client, world["chair"])
    live = client.get(reverse("live-item", args=[item.meeting_id, item.pk])).content.decode()
    assert "Work since the referral" in live
    assert "Arrested him for breach of bail conditions." in live
    assert "She failed to protect the children." not in live  # removed


def test_draft_research_actions_stay_with_the_agency(world) -> None:
    from ppmt.between import selectors, services  # noqa: PLC0415

    services.agency_action_add(
        user=world["police"],
        item=world["item"],
        kind="proposed",
        text="Apply for a non-harassment order.",
        taken_on=None,
    )
    assert selectors.shared_agency_actions(world["item"]) == []


def test_the_coordinator_records_interim_measures_before_the_meeting_only(client, world) -> None:
    item = world["item"]
    url = reverse("item-interim", args=[item.meeting_id, item.pk])
    sign_in_verified(client, world["police"])
    assert client.get(url).status_code == 403  # a reader of the agenda, not its coordinator
    sign_in_verified(client, world["coordinator"])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"text": ""})
    page = refused.content.decode()
    assert refused.status_code == 400
    for message in (
        "Select an interim safety action or urgent information sharing",
        "Describe what was done",
        "Select the agencies that acted or were told",
        "Enter date it was done",
    ):
        assert message in page
    body = {
        "kind": InterimKind.URGENT_SHARING,
        "text": "Told housing he has been released and knows her address.",
        "agencies": [world["housing"].pk],
        **_date("done_on", TODAY),
    }
    assert client.post(url, body).status_code == 302
    measure = InterimMeasure.objects.get(item=item)
    assert list(measure.agencies.all()) == [world["housing"]]
    assert AuditEvent.objects.filter(verb=AuditVerb.CREATE, object_type="cases.interimmeasure").exists()
    start_on_its_day(world["meeting"], by=world["chair"])
    late = client.post(url, body)
    assert late.status_code == 400
    assert "The meeting has started or is over" in late.content.decode()
    assert InterimMeasure.objects.filter(item=item).count() == 1
    sign_in_verified(client, world["chair"])
    live = client.get(reverse("live-item", args=[item.meeting_id, item.pk])).content.decode()
    assert "Urgent information sharing" in live
    assert "Told housing he has been released and knows her address." in live
