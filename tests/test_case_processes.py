"""A case's links to other processes (issue 20): recorded and ended with dates by the MARAC and agency
representatives, shown on the case and to the chair, counted in governance; a case heard three times in
12 months is flagged for a multi-agency review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import MeetingStatus, Process, ProcessLink
from cases.processes import services
from cases.processes.selectors import hearings_in_year, review_due
from governance.figures import governance_figures
from marac.models import AuditEvent, AuditVerb, Role
from tests.builders.meetings import circulated_meeting, held_meeting
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world():
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (processes)")
    case = CaseFactory(area=area)
    return {
        "area": area,
        "case": case,
        "coordinator": member(Role.COORDINATOR, area),
        "representative": member(Role.REPRESENTATIVE, area, agency=police),
        "practitioner": member(Role.PRACTITIONER, area, agency=police),
    }


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_recorded_and_ended_through_the_page_and_audited(client, world) -> None:
    # Police are invited to the meeting the case is listed at: their representative sees it.
    world["area"].core_agencies.set([world["representative"].agency])
    circulated_meeting(world["area"], by=world["coordinator"], cases=[world["case"]])
    sign_in_verified(client, world["representative"])
    url = reverse("case-processes", args=[world["case"].pk])
    started = TODAY - timedelta(days=30)
    response = client.post(url, {"process": Process.MAPPA, "note": "MAPPA level 2", **_date("started_on", started)})
    assert response.status_code == 302
    link = ProcessLink.objects.get(case=world["case"])
    assert (link.process, link.started_on, link.agency, link.note) == (
        Process.MAPPA,
        started,
        world["representative"].agency,
        "MAPPA level 2",
    )
    event = AuditEvent.objects.filter(verb=AuditVerb.CREATE, object_type="cases.processlink").get()
    assert event.detail == {"process": Process.MAPPA}  # never the note
    end = reverse("case-process-end", args=[world["case"].pk, link.pk])
    prefix = f"end-{link.pk}"
    ended = client.post(end, {f"{prefix}-version": link.version, **_date(f"{prefix}-ended_on", TODAY)})
    assert ended.status_code == 302
    link.refresh_from_db()
    assert link.ended_on == TODAY
    page = client.get(reverse("case-detail", args=[world["case"].pk])).content.decode()
    assert "MAPPA (multi-agency public protection arrangements)" in page
    assert "Record or end a link to another process" in page


def test_bad_input_all_in_one_round_and_a_stale_end_is_409(client, world) -> None:
    sign_in_verified(client, world["coordinator"])
    url = reverse("case-processes", args=[world["case"].pk])
    refused = client.post(url, {"note": "x" * 301, **_date("started_on", TODAY)} | {"started_on_month": "13"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Select the process the case is linked to" in text
    assert "must be a real date" in text
    assert "Reference or detail (optional) must be 300 characters or fewer" in text
    assert 'value="' + "x" * 301 + '"' in text  # nothing typed is lost
    future = client.post(url, {"process": Process.MATAC, **_date("started_on", TODAY + timedelta(days=3))})
    assert future.status_code == 400
    assert "must be today or in the past" in future.content.decode()
    link = services.process_link_add(
        user=world["coordinator"], case=world["case"], process=Process.MATAC, started_on=TODAY
    )
    twice = client.post(url, {"process": Process.MATAC, **_date("started_on", TODAY)})
    assert "already linked to MATAC" in twice.content.decode()
    prefix = f"end-{link.pk}"
    end = reverse("case-process-end", args=[world["case"].pk, link.pk])
    stale = client.post(end, {f"{prefix}-version": link.version - 1, **_date(f"{prefix}-ended_on", TODAY)})
    assert stale.status_code == 409
    assert "Someone else changed this link" in stale.content.decode()
    before = client.post(
        end, {f"{prefix}-version": link.version, **_date(f"{prefix}-ended_on", TODAY - timedelta(days=1))}
    )
    assert before.status_code == 400
    assert "on or after the date it started" in before.content.decode()


def test_who_may_record(client, world) -> None:
    with pytest.raises(PermissionDenied):
        services.process_link_add(
            user=world["practitioner"], case=world["case"], process=Process.MAPPA, started_on=TODAY
        )
    other = CaseFactory()  # another area's case: not seen at all
    sign_in_verified(client, world["coordinator"])
    assert client.get(reverse("case-processes", args=[other.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.process_link_add(user=world["coordinator"], case=world["case"], process="nonsense", started_on=TODAY)


def test_three_hearings_in_twelve_months_flag_a_review_and_governance_counts_links(client, world) -> None:
    area, case = world["area"], world["case"]
    for days_ago in (20, 120, 300):
        held_meeting(area, TODAY - timedelta(days=days_ago), cases=[case])
    held_meeting(area, TODAY - timedelta(days=400), cases=[case])  # over a year ago: not counted
    held_meeting(area, TODAY - timedelta(days=10), cases=[case], status=MeetingStatus.CANCELLED)
    assert hearings_in_year([case.pk], TODAY) == {case.pk: 3}
    assert review_due([case.pk], TODAY) == {case.pk}
    assert review_due([case.pk], TODAY - timedelta(days=21)) == set()
    services.process_link_add(
        user=world["coordinator"], case=case, process=Process.CHILD_PROTECTION, started_on=TODAY - timedelta(days=60)
    )
    sign_in_verified(client, world["coordinator"])
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Heard 3 times in 12 months" in page
    assert "Child protection: inter-agency referral discussion (IRD)" in page
    figures = governance_figures(areas=[area], start=TODAY - timedelta(days=30), end=TODAY)
    assert {label: f.value for label, f in figures.processes} == {
        **dict.fromkeys(Process.labels, 0),
        Process.CHILD_PROTECTION.label: 1,
    }
    assert figures.review_due.value == 1
