"""Research entry that is quick and careful: "not known to us" asks for confirmation and, where the case
has children, that the children were searched for too; the next finding starts from the stage and lawful
basis just used; the restriction controls are revealed only when asked for."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AgendaItem
from marac.models import AgencyKind, Role, User
from ppmt import services
from ppmt.models import ResearchStatus, ResearchSubmission
from tests.builders import circulated_meeting, list_cases, meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, MaracAreaFactory
from tests.referral_helpers import children_details, member, received_referral

pytestmark = pytest.mark.django_db


def _world(*, children: int) -> tuple[AgendaItem, User]:
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (entry)", kind=AgencyKind.POLICE)
    housing = AgencyFactory(name="Housing (entry)", kind=AgencyKind.HOUSING)
    coordinator = member(Role.COORDINATOR, area)
    practitioner = member(Role.PRACTITIONER, area, agency=police)
    police_rep = member(Role.REPRESENTATIVE, area, agency=police)
    housing_rep = member(Role.REPRESENTATIVE, area, agency=housing)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=21), agencies=[police, housing])
    referral = received_referral(
        practitioner, area, representative=police_rep, coordinator=coordinator, children=children_details(children)
    )
    if not meeting.items.filter(case=referral.case).exists():
        list_cases(meeting, [referral.case])
    circulated_meeting(area, by=coordinator, meeting=meeting)
    return meeting.items.get(case=referral.case), housing_rep


def _urls(item: AgendaItem) -> tuple[str, str]:
    args = [item.meeting_id, item.pk]
    return reverse("research-item", args=args), reverse("research-action", args=args)


def _status(user: User) -> str | None:
    return ResearchSubmission.objects.filter(agency=user.agency).values_list("status", flat=True).first()


def test_not_known_on_a_case_with_children_asks_that_they_were_searched_for_too() -> None:
    item, housing = _world(children=2)
    client = sign_in_verified(Client(), housing)
    page_url, action_url = _urls(item)
    asked = client.post(action_url, {"action": "not_known"})
    assert asked.status_code == 302
    assert _status(housing) is None  # nothing recorded by the first click
    page = client.get(asked["Location"]).content.decode()
    assert "Confirm this case is not known to your agency" in page
    assert "This case has 2 children:" in page
    assert 'name="children_searched"' in page
    refused = client.post(action_url, {"action": "not_known", "confirmed": "yes"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert '<a href="#children-searched">' in body
    assert html.escape(services.NOT_KNOWN_CHILDREN) in body
    assert _status(housing) is None
    done = client.post(action_url, {"action": "not_known", "confirmed": "yes", "children_searched": "yes"})
    assert done.status_code == 302
    assert _status(housing) == ResearchStatus.NOT_KNOWN
    assert "Recorded: this case is not known to your agency." in client.get(page_url).content.decode()


def test_the_service_holds_the_same_rule() -> None:
    item, housing = _world(children=1)
    with pytest.raises(ValidationError, match="children"):
        services.research_not_known(user=housing, item=item)
    services.research_not_known(user=housing, item=item, children_searched=True)
    assert _status(housing) == ResearchStatus.NOT_KNOWN


def test_without_children_confirming_is_enough() -> None:
    item, housing = _world(children=0)
    client = sign_in_verified(Client(), housing)
    page_url, action_url = _urls(item)
    page = client.get(f"{page_url}?confirm=not-known").content.decode()
    assert "Confirm this case is not known to your agency" in page
    assert "children_searched" not in page
    client.post(action_url, {"action": "not_known", "confirmed": "yes"})
    assert _status(housing) == ResearchStatus.NOT_KNOWN


def test_the_next_finding_starts_from_the_stage_and_basis_just_used_and_restriction_is_asked_for() -> None:
    item, housing = _world(children=0)
    client = sign_in_verified(Client(), housing)
    page_url, _ = _urls(item)
    page = client.get(page_url).content.decode()
    assert 'govuk-checkboxes__conditional govuk-checkboxes__conditional--hidden" id="conditional-restricted"' in page
    assert 'data-aria-controls="conditional-restricted"' in page
    saved = client.post(
        page_url,
        {"stage": "protective", "text": "She changed the locks and told the landlord.", "lawful_basis": "safeguarding"},
    )
    assert saved.status_code == 302
    assert saved["Location"] == f"{page_url}?stage=protective&basis=safeguarding#entry-form"
    page = client.get(saved["Location"]).content.decode()
    assert re.search(r'<option value="protective" selected>', page)
    assert re.search(r'<option value="safeguarding" selected>', page)
    # Made-up values are ignored, not an error.
    page = client.get(f"{page_url}?stage=nonsense&basis=nonsense").content.decode()
    assert "selected>Choose a stage" in page or '<option value="" selected>' in page
    # A restriction left incomplete shows its controls, with the error.
    refused = client.post(
        page_url, {"stage": "pattern", "text": "Two incidents.", "lawful_basis": "safeguarding", "restricted": "on"}
    )
    assert refused.status_code == 400
    assert 'govuk-checkboxes__conditional" id="conditional-restricted"' in refused.content.decode()
