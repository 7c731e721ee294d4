"""The hand-off inside the referring agency (issue 20): the practitioner keeps seeing their referral at every
step; the representative returns it with a note (told through a notice naming no one, version-checked); a draft
never sent is deleted by its drafter after a confirmation page; the receipt, the referral and the case say which
meeting it is listed for."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from cases import selectors as case_selectors
from cases.models import Notification, Referral, ReferralStatus
from cases.referrals import receive, services
from cases.referrals.handoff import services as handoff
from marac.models import AuditEvent, AuditVerb, Role
from marac.outbox.models import OutboxMessage
from tests.builders.meetings import next_meeting
from tests.conftest import sign_in_verified
from tests.referral_helpers import (
    Cast,
    draft_referral,
    fresh,
    member,
    submitted_referral,
    victim_details,
)

pytestmark = pytest.mark.django_db

NOTE = "Add the date of the most recent incident, please."


def _victim() -> dict[str, object]:
    return victim_details(family_name="Quarrendale-X")


def _waiting(cast: Cast) -> Referral:
    referral = draft_referral(cast.practitioner, cast.area, victim=_victim())
    return fresh(services.referral_mark_ready(user=cast.practitioner, referral=referral))


def _list_page(client: Client, cast: Cast) -> str:
    sign_in_verified(client, cast.practitioner)
    return client.get(reverse("referral-list")).content.decode()


# --- The practitioner keeps seeing their referral ----------------------------------------------------------


def test_the_practitioner_sees_their_referral_and_its_status_at_every_step(client: Client, cast: Cast) -> None:
    next_meeting(cast.area)  # the area's meetings are planned: a received referral is listed on one
    referral = draft_referral(cast.practitioner, cast.area, victim=_victim())

    def status_shown() -> str:
        page = _list_page(client, cast)
        assert "Quarrendale-X" in page, "the referral vanished from the practitioner's list"
        return page

    assert "Draft" in status_shown()
    services.referral_mark_ready(user=cast.practitioner, referral=referral)
    assert html.escape("Waiting for your agency's MARAC representative") in status_shown()
    handoff.referral_return_to_drafter(
        user=cast.representative, referral=fresh(referral), note=NOTE, expected_version=None
    )
    assert html.escape("Returned by your agency's MARAC representative") in status_shown()
    tasks = client.get(reverse("referral-tasks", args=[referral.public_id])).content.decode()
    assert html.escape(NOTE) in tasks
    services.referral_mark_ready(user=cast.practitioner, referral=fresh(referral))
    services.referral_submit(user=cast.representative, referral=fresh(referral))
    assert "Submitted to the MARAC" in status_shown()
    services.referral_return(user=cast.coordinator, referral=fresh(referral), reason="Add the school")
    assert "Returned by the coordinator" in status_shown()
    services.referral_submit(user=cast.representative, referral=fresh(referral))
    case = receive.referral_receive(user=cast.coordinator, referral=fresh(referral))
    meeting = case_selectors.listed_meeting(case)
    assert meeting is not None
    assert f"Listed for the meeting on {date_format(meeting.date, 'j F Y')}" in status_shown()


# --- The representative returns it with a note -------------------------------------------------------------


def test_the_representative_returns_it_with_a_note_and_the_practitioner_is_told_naming_no_one(cast: Cast) -> None:
    referral = _waiting(cast)
    returned = handoff.referral_return_to_drafter(
        user=cast.representative, referral=referral, note=f"  {NOTE}  ", expected_version=referral.version
    )
    assert (returned.status, returned.check_note, returned.version) == (
        ReferralStatus.RETURNED_BY_REP,
        NOTE,
        referral.version + 1,
    )
    event = AuditEvent.objects.filter(object_id=str(referral.pk), verb=AuditVerb.CHANGE).latest("pk")
    assert event.actor == cast.representative
    assert event.detail == {"status": ReferralStatus.RETURNED_BY_REP}
    notice = Notification.objects.get(user=cast.practitioner)
    assert notice.link == reverse("referral-tasks", args=[referral.public_id])
    email = OutboxMessage.objects.get(recipient=cast.practitioner)
    for text in (notice.message, email.subject, email.body):
        for personal in ("Quarrendale", "Ava", NOTE):
            assert personal not in text
    assert returned.is_editable


def test_the_return_page_refuses_a_blank_note_with_a_govuk_message(client: Client, cast: Cast) -> None:
    referral = _waiting(cast)
    sign_in_verified(client, cast.representative)
    url = reverse("referral-return-to-drafter", args=[referral.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "   ", "version": referral.version})
    assert response.status_code == 400
    assert "Enter what the practitioner needs to add or correct" in response.content.decode()
    assert fresh(referral).status == ReferralStatus.READY_FOR_CHECK


def test_a_stale_return_page_answers_409_and_keeps_the_note(client: Client, cast: Cast) -> None:
    referral = _waiting(cast)
    services.referral_update(user=cast.practitioner, referral=referral, data={"reason": "Changed meanwhile"})
    sign_in_verified(client, cast.representative)
    url = reverse("referral-return-to-drafter", args=[referral.public_id])
    response = client.post(url, {"note": NOTE, "version": referral.version})
    assert response.status_code == 409
    assert html.escape(NOTE) in response.content.decode()
    assert fresh(referral).status == ReferralStatus.READY_FOR_CHECK
    assert not Notification.objects.filter(user=cast.practitioner).exists()


def test_the_return_page_sends_it_back_and_the_check_page_offers_it(client: Client, cast: Cast) -> None:
    referral = _waiting(cast)
    sign_in_verified(client, cast.representative)
    check = client.get(reverse("referral-check", args=[referral.public_id])).content.decode()
    assert reverse("referral-return-to-drafter", args=[referral.public_id]) in check
    response = client.post(
        reverse("referral-return-to-drafter", args=[referral.public_id]), {"note": NOTE, "version": referral.version}
    )
    assert response.status_code == 302
    assert fresh(referral).status == ReferralStatus.RETURNED_BY_REP


def test_only_the_agencys_representative_returns_a_referral_waiting_for_them(cast: Cast) -> None:
    referral = _waiting(cast)
    with pytest.raises(PermissionDenied):
        handoff.referral_return_to_drafter(user=cast.practitioner, referral=referral, note=NOTE, expected_version=None)
    other_rep = member(Role.REPRESENTATIVE, cast.area)  # another agency: cannot see it
    with pytest.raises(Http404):
        handoff.referral_return_to_drafter(user=other_rep, referral=referral, note=NOTE, expected_version=None)
    draft = draft_referral(cast.practitioner, cast.area)  # not sent to the representative yet
    with pytest.raises(PermissionDenied):
        handoff.referral_return_to_drafter(user=cast.representative, referral=draft, note=NOTE, expected_version=None)
    assert fresh(referral).status == ReferralStatus.READY_FOR_CHECK


# --- Deleting a draft ---------------------------------------------------------------------------------------


def test_the_drafter_deletes_a_draft_after_a_confirmation_page(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area, victim=_victim())
    sign_in_verified(client, cast.practitioner)
    tasks = client.get(reverse("referral-tasks", args=[referral.public_id])).content.decode()
    url = reverse("referral-delete", args=[referral.public_id])
    assert url in tasks
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Are you sure you want to delete this draft referral?" in confirm.content.decode()
    assert "govuk-button--warning" in confirm.content.decode()
    assert Referral.objects.filter(pk=referral.pk).exists(), "a GET deletes nothing"
    response = client.post(url, {"version": referral.version})
    assert response.status_code == 302
    assert not Referral.objects.filter(pk=referral.pk).exists()
    event = AuditEvent.objects.get(object_type="cases.referral", object_id=str(referral.pk), verb=AuditVerb.DELETE)
    assert event.actor == cast.practitioner


def test_an_empty_draft_can_be_deleted(cast: Cast) -> None:
    referral = services.referral_start(user=cast.practitioner, area=cast.area)
    handoff.referral_delete(user=cast.practitioner, referral=referral, expected_version=referral.version)
    assert not Referral.objects.filter(pk=referral.pk).exists()


def test_a_stale_delete_answers_409_and_deletes_nothing(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area)
    sign_in_verified(client, cast.practitioner)
    response = client.post(reverse("referral-delete", args=[referral.public_id]), {"version": referral.version - 1})
    assert response.status_code == 409
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_a_sent_referral_or_someone_elses_draft_is_not_deleted(client: Client, cast: Cast) -> None:
    draft = draft_referral(cast.practitioner, cast.area)
    with pytest.raises(PermissionDenied):
        handoff.referral_delete(user=cast.representative, referral=draft, expected_version=None)
    sent = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
    with pytest.raises(PermissionDenied):
        handoff.referral_delete(user=cast.practitioner, referral=sent, expected_version=None)
    sign_in_verified(client, cast.practitioner)
    assert client.post(reverse("referral-delete", args=[sent.public_id])).status_code == 403
    assert Referral.objects.filter(pk__in=[draft.pk, sent.pk]).count() == 2


# --- Which meeting ------------------------------------------------------------------------------------------


def test_the_receipt_the_referral_and_the_case_say_which_meeting(client: Client, cast: Cast) -> None:
    next_meeting(cast.area)
    referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative)
    sign_in_verified(client, cast.coordinator)
    response = client.post(reverse("referral-receive", args=[referral.public_id]), follow=True)
    case = fresh(referral).case
    assert case is not None
    meeting = case_selectors.listed_meeting(case)
    assert meeting is not None
    page = response.content.decode()
    assert f"listed for the MARAC meeting on {date_format(meeting.date, 'j F Y')}" in page  # the confirmation
    assert f"Listed for the MARAC meeting on {date_format(meeting.date, 'l j F Y')}" in page  # the case page
    sign_in_verified(client, cast.practitioner)
    detail = client.get(reverse("referral-detail", args=[referral.public_id])).content.decode()
    assert f"Listed for the MARAC meeting on {date_format(meeting.date, 'l j F Y')}" in detail


def test_the_representative_keeps_sight_of_what_they_returned(client: Client, cast: Cast) -> None:
    referral = draft_referral(cast.practitioner, cast.area, victim=_victim())
    services.referral_mark_ready(user=cast.practitioner, referral=referral)
    handoff.referral_return_to_drafter(
        user=cast.representative, referral=fresh(referral), note=NOTE, expected_version=None
    )
    sign_in_verified(client, cast.representative)
    page = client.get(reverse("referral-list")).content.decode()
    assert "Returned to practitioners" in page
    assert "Quarrendale-X" in page
