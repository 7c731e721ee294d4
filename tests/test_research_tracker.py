"""The research tracker at scale: "Not started" before the deadline and "Missing" after it, names beside the
references, narrowed to one agency and to what is outstanding, sorted, and "Remind now" for one agency (at
most once a day, recorded, no case detail in the notice or email)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.meetings import schedule as meeting_schedule
from cases.meetings import services as meeting_services
from cases.models import AgendaItem, Meeting, Notification
from marac.models import AgencyKind, AuditEvent, MessageKind, OutboxMessage, Role
from ppmt import services
from ppmt.models import ResearchReminderSent
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_member):
    police = AgencyFactory(name="Police (tracker)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (tracker)", kind=AgencyKind.HOUSING)
    area = MaracAreaFactory(meetings_ahead=2)
    area.core_agencies.set([police, housing])
    meeting_schedule.meetings_schedule_ahead(area)
    meeting = Meeting.objects.filter(area=area).order_by("date").first()
    cases = [CaseFactory(area=area) for _ in range(3)]
    items = [AgendaItem.objects.create(meeting=meeting, case=case, position=n) for n, case in enumerate(cases, 1)]
    coordinator = make_member(Role.COORDINATOR, area=area)
    meeting_services.agenda_circulate(user=coordinator, meeting=meeting, expected_version=None)
    w = {
        "meeting": meeting,
        "items": items,
        "coordinator": coordinator,
        "police_rep": make_member(Role.REPRESENTATIVE, area=area, agency=police),
        "housing_rep": make_member(Role.REPRESENTATIVE, area=area, agency=housing),
        "police": police,
        "housing": housing,
    }
    # Police researched the first case; housing said "not known" on the second.
    services.research_entry_save(
        user=w["police_rep"], item=items[0], stage="pattern", text="Breached bail twice.", lawful_basis="safeguarding"
    )
    services.research_submit(user=w["police_rep"], item=items[0])
    services.research_not_known(user=w["housing_rep"], item=items[1])
    return w


def _tracker(client, w, query: str = ""):
    sign_in_verified(client, w["coordinator"])
    return client.get(reverse("research-tracker", args=[w["meeting"].pk]) + query)


def test_not_started_before_the_deadline_and_missing_after_it(client, world) -> None:
    page = _tracker(client, world).content.decode()
    assert "Not started" in page
    assert "Missing" not in page
    victim = world["items"][0].case.victim
    assert html.escape(str(victim)) in page  # the name beside the reference, for the coordinator
    Meeting.objects.filter(pk=world["meeting"].pk).update(research_deadline=timezone.now() - timedelta(hours=1))
    page = client.get(reverse("research-tracker", args=[world["meeting"].pk])).content.decode()
    assert "Missing" in page
    assert "Not started" not in page


def test_narrowed_to_one_agency_and_what_is_outstanding(client, world) -> None:
    response = _tracker(client, world, f"?agency={world['housing'].pk}&showing=outstanding&sort=outstanding")
    assert response.status_code == 200
    tracker = response.context["tracker"]
    assert [agency.pk for agency in tracker.agencies] == [world["housing"].pk]
    # Housing answered the second case: the first and third are outstanding for it.
    assert [row.item.pk for row in tracker.rows] == [world["items"][0].pk, world["items"][2].pk]
    done = client.get(reverse("research-tracker", args=[world["meeting"].pk]) + "?showing=done")
    assert done.context["tracker"].rows == []  # no case has been researched by every agency


def test_bad_filters_are_explained_and_the_tracker_still_shows(client, world) -> None:
    response = _tracker(client, world, "?agency=99999999&showing=everything&sort=x")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select an agency invited to this meeting" in page
    assert "Select which cases to show" in page
    assert "Select an order" in page
    assert len(response.context["tracker"].rows) == 3


def test_remind_now_tells_the_agency_once_a_day_without_case_details(client, world) -> None:
    url = reverse("research-remind", args=[world["meeting"].pk])
    _tracker(client, world)
    response = client.post(url, {"agency": world["housing"].pk}, follow=True)
    assert "Housing (tracker) reminded: 1 person told by notice and email." in response.content.decode()
    notice = Notification.objects.get(user=world["housing_rep"], dedupe_key__startswith="research-remind")
    assert "2 cases still to research" in notice.message
    email = OutboxMessage.objects.get(recipient=world["housing_rep"], kind=MessageKind.RESEARCH_REMINDER)
    for item in world["items"]:
        assert item.case.reference not in f"{notice.message} {email.subject} {email.body}"
    sent = ResearchReminderSent.objects.get()
    assert (sent.agency, sent.sent_by, sent.told) == (world["housing"], world["coordinator"], 1)
    event = AuditEvent.objects.filter(actor=world["coordinator"], detail__research_reminder=world["housing"].pk).get()
    assert event.detail["outstanding"] == 2
    # Once a day: the button is gone, and a second press is refused with the reason.
    page = client.get(reverse("research-tracker", args=[world["meeting"].pk])).content.decode()
    assert 'Remind now<span class="govuk-visually-hidden">: Housing (tracker)' not in page
    again = client.post(url, {"agency": world["housing"].pk})
    assert again.status_code == 400
    assert "Housing (tracker) was already reminded today" in again.content.decode()
    assert ResearchReminderSent.objects.count() == 1


def test_remind_now_is_refused_clearly_and_only_for_coordinators(client, world) -> None:
    url = reverse("research-remind", args=[world["meeting"].pk])
    sign_in_verified(client, world["police_rep"])
    assert client.post(url, {"agency": world["police"].pk}).status_code == 404  # as the tracker itself
    client.logout()
    _tracker(client, world)
    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "Select the agency to remind" in missing.content.decode()
    other = client.post(url, {"agency": AgencyFactory(name="Not invited (tracker)").pk})
    assert "Select an agency invited to this meeting" in other.content.decode()
    for item in world["items"][1:]:
        services.research_not_known(user=world["police_rep"], item=item)
    done = client.post(url, {"agency": world["police"].pk})
    assert "Police (tracker) has researched every case: there is nothing to remind them of" in done.content.decode()
    Meeting.objects.filter(pk=world["meeting"].pk).update(status="held")
    held = client.post(url, {"agency": world["housing"].pk})
    assert "only while the agenda is out for research" in held.content.decode()
    assert not ResearchReminderSent.objects.exists()
