"""Pages: a stale editor gets 409, the error summary, and what they typed kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Attendance, Meeting, Minutes
from tests.stale_editors.clients import loaded, loaded_after, page_client
from tests.stale_editors.place import Place
from tests.stale_editors.scenario import Edit, params
from tests.stale_editors.scenarios_web import WEB_EDITS, minutes


@pytest.mark.django_db
@pytest.mark.parametrize("edit", params(WEB_EDITS))
def test_a_stale_page_editor_gets_409_and_keeps_what_they_typed(place: Place, edit: Edit) -> None:
    scenario = edit.make(place)
    token = scenario.token_field
    first, second = (page_client(user) for user in scenario.editors)
    loaded_first = loaded(first.get(scenario.read_url), token)
    loaded_second = loaded(second.get(scenario.read_url), token)
    assert loaded_first == loaded_second
    saved = first.post(scenario.write_url, {**scenario.body(scenario.first), token: loaded_first})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert scenario.stored() == scenario.first
    stale = second.post(scenario.write_url, {**scenario.body(scenario.second), token: loaded_second})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "govuk-error-summary" in html
    if scenario.typed_kept:
        assert scenario.second in html
    assert scenario.stored() == scenario.first
    # The page now carries the current version: saving again, having checked, succeeds.
    again = second.post(scenario.write_url, {**scenario.body(scenario.second), token: loaded_after(stale, token)})
    assert again.status_code == 302
    assert scenario.stored() == scenario.second


@pytest.mark.django_db
def test_minutes_changed_after_the_chair_opened_them_are_not_approved_unseen(place: Place) -> None:
    scenario = minutes(place)
    coordinator, chair = page_client(place.coordinator), page_client(place.chair)
    read_by_chair = loaded(chair.get(scenario.read_url), "version")
    edited = coordinator.post(
        scenario.write_url,
        {"action": "save", "general": "Changed", "version": loaded(coordinator.get(scenario.read_url), "version")},
    )
    assert edited.status_code == 302
    stale = chair.post(scenario.write_url, {"action": "approve", "version": read_by_chair})
    assert stale.status_code == 409
    assert "govuk-error-summary" in stale.content.decode()
    record = Minutes.objects.get(meeting__pk=int(scenario.write_url.split("/")[2]))
    assert record.status == "draft"
    approved = chair.post(scenario.write_url, {"action": "approve", "version": loaded_after(stale, "version")})
    assert approved.status_code == 302
    assert Minutes.objects.get(pk=record.pk).status == "approved"


@pytest.mark.django_db
def test_attendance_refused_for_one_agency_saves_none_and_carries_the_version_loaded(place: Place) -> None:
    """The whole meeting's attendance is saved in one transaction: a refused agency saves nothing, the
    meeting's version does not move, and the corrected page (carrying that version) saves every agency."""
    meeting = place.running()
    police, housing = place.police.pk, place.housing.pk
    url = reverse("meeting-attendance", args=[meeting.pk])
    editor = page_client(place.coordinator)
    version = loaded(editor.get(url), "version")
    entered = {"version": version, f"a{police}-status": "present", f"a{housing}-status": "partial"}
    refused = editor.post(url, entered)  # housing with no case ticked: refused
    assert refused.status_code == 400
    assert not Attendance.objects.filter(meeting=meeting).exists()
    carried = loaded_after(refused, "version")
    assert carried == str(Meeting.objects.get(pk=meeting.pk).version) == version
    item = meeting.items.get()
    corrected = editor.post(url, {**entered, "version": carried, f"a{housing}-cases_attended": [item.pk]})
    assert corrected.status_code == 302
    assert Attendance.objects.get(meeting=meeting, agency=place.police).status == "present"
    assert list(Attendance.objects.get(meeting=meeting, agency=place.housing).cases_attended.all()) == [item]
