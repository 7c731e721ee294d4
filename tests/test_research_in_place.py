"""Research entry without a reload (htmx): a finding added answers with the findings and a new form
starting from the same stage and lawful basis; a refused one with the form as typed and its errors;
without JavaScript the page is posted and redirected as before."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ppmt.models import ResearchEntry
from tests.conftest import sign_in_verified
from tests.test_research_entry import _world

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FINDING = "Two call-outs this month; he breached his bail conditions twice."


def test_a_finding_is_added_in_place_and_the_next_starts_from_the_same_stage_and_basis() -> None:
    item, housing = _world(children=0)
    client = sign_in_verified(Client(), housing)
    url = reverse("research-item", args=[item.meeting_id, item.pk])
    page = client.get(url).content.decode()
    assert f'hx-post="{url}" hx-target="#research-findings"' in page
    response = client.post(url, {"stage": "pattern", "text": FINDING, "lawful_basis": "safeguarding"}, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert FINDING in fragment
    assert '<div id="live-status" hx-swap-oob="innerHTML">Finding saved.' in fragment
    assert 'data-focus="stage-pattern"' in fragment
    assert '<option value="pattern" selected>' in fragment
    assert '<option value="safeguarding" selected>' in fragment
    assert "</textarea>" in fragment
    assert f"{FINDING}</textarea>" not in fragment  # a new, empty box
    second = client.post(
        url, {"stage": "pattern", "text": "A third call-out on Friday.", "lawful_basis": "safeguarding"}, **HTMX
    )
    assert second.status_code == 200
    assert ResearchEntry.objects.filter(submission__agency=housing.agency).count() == 2


def test_a_refused_finding_comes_back_in_place_as_typed_with_its_errors() -> None:
    item, housing = _world(children=0)
    client = sign_in_verified(Client(), housing)
    url = reverse("research-item", args=[item.meeting_id, item.pk])
    response = client.post(url, {"text": FINDING}, **HTMX)
    assert response.status_code == 400
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "govuk-error-summary" in fragment
    assert "Select the PPMT stage this finding belongs to" in fragment
    assert "Select the lawful basis for sharing this information" in fragment
    assert f"{FINDING}</textarea>" in fragment
    assert not ResearchEntry.objects.exists()


def test_without_javascript_the_page_is_posted_and_redirected() -> None:
    item, housing = _world(children=0)
    client = sign_in_verified(Client(), housing)
    url = reverse("research-item", args=[item.meeting_id, item.pk])
    response = client.post(url, {"stage": "harm", "text": FINDING, "lawful_basis": "safeguarding"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?stage=harm&basis=safeguarding#entry-form"
