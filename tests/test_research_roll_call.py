"""The chair's view of a case's research at the meeting: which agencies researched, which said "not known
to us", which said nothing (asked first), and the conflicts of interest declared on the case."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.meetings import services as meeting_services
from marac.models import AgencyKind, Role
from ppmt import services as research
from ppmt.selectors import research_roll_call
from tests.builders import circulated_meeting, list_cases, meeting_on
from tests.builders.meetings import start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import member, received_referral

pytestmark = pytest.mark.django_db


def test_the_chair_sees_who_researched_who_said_not_known_who_said_nothing_and_the_conflicts() -> None:
    area = MaracAreaFactory()
    police, housing, health = (
        AgencyFactory(name=name, kind=kind)
        for name, kind in (
            ("Police (roll call)", AgencyKind.POLICE),
            ("Housing (roll call)", AgencyKind.HOUSING),
            ("Health (roll call)", AgencyKind.HEALTH),
        )
    )
    coordinator, chair = member(Role.COORDINATOR, area), member(Role.CHAIR, area)
    police_rep = member(Role.REPRESENTATIVE, area, agency=police)
    housing_rep = member(Role.REPRESENTATIVE, area, agency=housing)
    health_rep = member(Role.REPRESENTATIVE, area, agency=health)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=21), agencies=[police, housing, health])
    referral = received_referral(
        member(Role.PRACTITIONER, area, agency=police), area, representative=police_rep, coordinator=coordinator
    )
    if not meeting.items.filter(case=referral.case).exists():
        list_cases(meeting, [referral.case])
    circulated_meeting(area, by=coordinator, meeting=meeting)
    item = meeting.items.get(case=referral.case)
    research.research_entry_save(
        user=police_rep, item=item, stage="pattern", text="Two call-outs this month.", lawful_basis="safeguarding"
    )
    research.research_submit(user=police_rep, item=item)
    research.research_not_known(user=housing_rep, item=item, children_searched=True)
    meeting_services.conflict_declare(user=health_rep, case=referral.case, connection="knows", meeting=meeting)

    rows = [(row.agency, row.label) for row in research_roll_call(item)]
    assert rows == [
        ("Health (roll call)", "Not researched"),
        ("Housing (roll call)", "Not known to us"),
        ("Police (roll call)", "Researched"),
    ]
    start_on_its_day(meeting, by=chair)
    page = sign_in_verified(Client(), chair).get(reverse("live-item", args=[meeting.pk, item.pk])).content.decode()
    section = page[page.index('id="research-by-agency"') :]
    assert (
        section.index("Health (roll call)") < section.index("Housing (roll call)") < section.index("Police (roll call)")
    )
    assert ">Not researched</strong>" in section
    assert ">Not known to us</strong>" in section
    assert html.escape(f"{health_rep.full_name}, Health (roll call): knows someone in the case personally.") in section
    assert "Health (roll call) needs another representative for it" in section
