"""Agendas of many cases: drag a case to its new place (the "Move to position" form does the work, and
stays for keyboard and no-JavaScript use)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import AgendaItem
from marac.models import AgencyKind, Role
from tests.browser.conftest import axe_check
from tests.browser.journey import member, sign_in
from tests.builders import meeting_on
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _order(meeting) -> list[str]:
    return list(meeting.items.order_by("position", "id").values_list("case__reference", flat=True))


def test_a_case_dragged_to_the_top_moves_there_and_typing_a_position_still_works(page: Page) -> None:
    area = MaracAreaFactory()
    police = AgencyFactory(name="Police (drag)", kind=AgencyKind.POLICE)
    meeting = meeting_on(area, timezone.localdate() + timedelta(days=14), agencies=[police])
    for n in range(1, 7):
        AgendaItem.objects.create(meeting=meeting, case=CaseFactory(area=area, reference=f"DRAG-{n:02}"), position=n)
    coordinator = member(Role.COORDINATOR, area)
    sign_in(page, coordinator)
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.locator("#agenda-drag-hint")).to_be_visible()
    axe_check(page)
    rows = page.locator("table.app-agenda tbody tr")
    # Both rows in view (a native drag is made of mouse moves; the browser scrolls only near the edges).
    page.set_viewport_size({"width": 1280, "height": 2200})
    source, target = rows.nth(5).bounding_box(), rows.nth(0).bounding_box()
    assert source is not None
    assert target is not None
    page.mouse.move(source["x"] + 20, source["y"] + 10)
    page.mouse.down()
    page.mouse.move(source["x"] + 25, source["y"] + 5, steps=5)
    page.mouse.move(target["x"] + 20, target["y"] + 10, steps=10)
    page.mouse.up()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Case DRAG-06 moved to position 1.")
    assert _order(meeting)[:3] == ["DRAG-06", "DRAG-01", "DRAG-02"]
    # By keyboard: the position box of a case, then Move.
    box = page.get_by_label("Position for DRAG-01")
    box.focus()
    box.fill("6")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Case DRAG-01 moved to position 6.")
    assert _order(meeting)[-1] == "DRAG-01"
    axe_check(page)
