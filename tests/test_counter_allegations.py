"""Counter-allegations (issue 20): the survivor of a case named as causing harm in another, in both directions,
told to the coordinator and chair only about cases they may see, and counted in governance."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import PartyRole
from cases.people.counter_allegations import (
    REVERSED,
    SURVIVOR_CAUSING_HARM,
    counter_allegation_cases,
    counter_allegations,
)
from governance.figures import governance_figures
from marac.models import Role
from tests.builders.cases import perpetrator_case
from tests.builders.meetings import circulated_meeting, held_meeting, start_on_its_day
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory, PersonFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    area, elsewhere = MaracAreaFactory(), MaracAreaFactory()
    survivor = PersonFactory(family_name="Quarrendale-Survivor")
    harm = PersonFactory(family_name="Quarrendale-Harm")
    # Case "first": harm causes harm to survivor. Case "reversed": the same two people, the other way round.
    first = perpetrator_case(area, harm, victim=survivor)
    reversed_case = perpetrator_case(area, survivor, victim=harm)
    # The survivor named as causing harm to someone else: here, and in an area this coordinator cannot see.
    other_victim = perpetrator_case(area, survivor)
    hidden = perpetrator_case(elsewhere, survivor)
    return {
        "area": area,
        "first": first,
        "reversed": reversed_case,
        "other_victim": other_victim,
        "hidden": hidden,
        "coordinator": member(Role.COORDINATOR, area),
        "chair": member(Role.CHAIR, area),
        "representative": member(Role.REPRESENTATIVE, area),
        "elsewhere": member(Role.COORDINATOR, elsewhere),
    }


def _found(user, case):
    return [(c.reference, c.reason) for c in counter_allegations(user, [case.pk]).get(case.pk, [])]


def test_both_directions_are_found_with_their_reason(world) -> None:
    coordinator = world["coordinator"]
    assert _found(coordinator, world["first"]) == [
        (world["reversed"].reference, REVERSED),
        (world["other_victim"].reference, SURVIVOR_CAUSING_HARM),
    ]
    # From the other side: the case where "harm" is the survivor names its own survivor ("survivor" causing harm
    # there) as causing harm in "first": reversed.
    assert _found(coordinator, world["reversed"]) == [(world["first"].reference, REVERSED)]
    # Someone never named as causing harm elsewhere: nothing.
    assert _found(coordinator, world["other_victim"]) == []


def test_a_case_the_user_may_not_see_is_never_named_nor_hinted(world, client) -> None:
    found = counter_allegations(world["coordinator"], [world["first"].pk])[world["first"].pk]
    assert world["hidden"].pk not in {c.case_id for c in found}
    # The other area's coordinator sees the hidden case, but "first" is not theirs: they are told nothing of it.
    assert counter_allegations(world["elsewhere"], [world["first"].pk]) == {}
    # Their own case is told about only the cases they may see (none in the first area).
    assert counter_allegations(world["elsewhere"], [world["hidden"].pk]) == {}
    sign_in_verified(client, world["coordinator"])
    page = client.get(reverse("case-detail", args=[world["first"].pk])).content.decode()
    assert world["reversed"].reference in page
    assert world["hidden"].reference not in page


def test_only_the_coordinator_and_chair_are_told(world, client) -> None:
    assert _found(world["chair"], world["first"])
    assert counter_allegations(world["representative"], [world["first"].pk]) == {}
    sign_in_verified(client, world["chair"])
    page = client.get(reverse("case-detail", args=[world["first"].pk])).content.decode()
    assert "Possible counter-allegation" in page
    assert html.escape(REVERSED) in page


def test_the_queries_do_not_grow_with_the_cases(world) -> None:
    coordinator = world["coordinator"]
    ids = [world[name].pk for name in ("first", "reversed", "other_victim")]
    with CaptureQueriesContext(connection) as one:
        counter_allegations(coordinator, ids[:1])
    with CaptureQueriesContext(connection) as three:
        found = counter_allegations(coordinator, ids)
    assert len(one) == len(three)
    assert set(found) == {world["first"].pk, world["reversed"].pk}


def test_governance_counts_such_cases_over_every_case(world) -> None:
    from cases.models import Case  # noqa: PLC0415

    counted = set(counter_allegation_cases(Case.objects.all()).values_list("pk", flat=True))
    assert counted == {world["first"].pk, world["reversed"].pk}
    # A child named in two cases is not a counter-allegation.
    child = PersonFactory(date_of_birth=date(2019, 3, 4))
    for case in (CaseFactory(area=world["area"]), CaseFactory(area=world["area"])):
        case.parties.create(person=child, role=PartyRole.CHILD)
    assert set(counter_allegation_cases(Case.objects.all()).values_list("pk", flat=True)) == counted


def test_the_chair_is_told_on_the_live_page(world, client) -> None:
    world["area"].core_agencies.set([AgencyFactory()])
    meeting = circulated_meeting(world["area"], by=world["coordinator"], cases=[world["first"]])
    start_on_its_day(meeting, by=world["chair"])
    item = meeting.items.get(case=world["first"])
    sign_in_verified(client, world["chair"])
    page = client.get(reverse("live-item", args=[meeting.pk, item.pk])).content.decode()
    assert "Possible counter-allegation" in page
    assert world["reversed"].reference in page
    assert world["hidden"].reference not in page


def test_governance_figures_count_the_cases_heard_with_a_counter_allegation(world) -> None:
    day = date(2026, 10, 14)
    held_meeting(world["area"], day, cases=[world["first"], world["other_victim"]])
    figures = governance_figures(areas=[world["area"]], start=date(2026, 10, 1), end=date(2026, 12, 31))
    assert figures.counter_allegations.value == 1  # "first"; "other_victim"'s survivor is named nowhere else
    assert figures.counter_allegations.display == "fewer than 5"
