"""The transfer pack: the receiving MARAC's coordinators read the sending MARAC's minutes and action plans for a
case sent to them (read only); the receiving agenda says where it came from and counts what is outstanding there;
the chair sees those actions at its hearing. Nobody else reads the pack."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionStatus
from actions.selectors import outstanding_for_case
from cases import services as case_services
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.models import CaseStatus, Minutes, MinutesCase, MinutesStatus
from marac.models import AuditEvent, Role
from tests.builders.actions import action_for
from tests.builders.meetings import held_meeting, list_case, meeting_on
from tests.conftest import sign_in_verified
from tests.factories import AgencyFactory, CaseFactory, MaracAreaFactory
from tests.referral_helpers import member

pytestmark = pytest.mark.django_db

MINUTES_TEXT = "Police shared two call-outs; the chair agreed a safety plan with the IDAA."


def _sent(*, extra_actions: int = 0, names: tuple[str, str] = ("Sendingham MARAC", "Receivington MARAC")) -> dict:
    """A case heard in one area (approved minutes, a completed housing action and an open police action),
    sent to another area and accepted there."""
    sending, receiving = (MaracAreaFactory(name=name) for name in names)
    police, housing = AgencyFactory(name="Police (pack)"), AgencyFactory(name="Housing (pack)")
    case = CaseFactory(area=sending, status=CaseStatus.HEARD)
    held = held_meeting(sending, timezone.localdate() - timedelta(days=20), agencies=[police, housing], cases=[case])
    item = held.items.get()
    minutes = Minutes.objects.create(meeting=held, status=MinutesStatus.APPROVED)
    MinutesCase.objects.create(minutes=minutes, item=item, text=MINUTES_TEXT)
    sender = member(Role.COORDINATOR, sending)
    due = timezone.localdate() + timedelta(days=10)
    open_action = action_for(item, by=sender, owner=police, due=due, description="Arrest him on the warrant")
    done = action_for(
        item,
        by=sender,
        owner=housing,
        due=due,
        description="Fit locks to the front and back doors",
        status=ActionStatus.COMPLETED,
        note="Fitted",
    )
    for number in range(extra_actions):
        action_for(item, by=sender, owner=housing, due=due, description=f"Visit the survivor ({number})")
    transfer = case_services.case_transfer_request(user=sender, case=case, to_area=receiving, note="She moved.")
    coordinator = member(Role.COORDINATOR, receiving)
    new_case = case_services.case_transfer_accept(user=coordinator, transfer=transfer)
    return {
        "transfer": transfer,
        "case": case,
        "new_case": new_case,
        "open": open_action,
        "done": done,
        "sender": sender,
        "coordinator": coordinator,
        "chair": member(Role.CHAIR, receiving),
        "receiving": receiving,
        "representative": member(Role.REPRESENTATIVE, receiving, agency=police),
        "sending_representative": member(Role.REPRESENTATIVE, sending, agency=police),
        "stranger": member(Role.COORDINATOR, MaracAreaFactory()),
    }


def _pack(user, transfer):
    return sign_in_verified(Client(), user).get(reverse("transfer-pack", args=[transfer.pk]))


def test_the_receiving_coordinator_reads_the_minutes_and_the_whole_plan() -> None:
    sent = _sent()
    response = _pack(sent["coordinator"], sent["transfer"])
    assert response.status_code == 200
    page = response.content.decode()
    assert MINUTES_TEXT in page
    assert "Arrest him on the warrant" in page
    assert "Fit locks" in page
    assert "Outstanding actions: 1" in page
    assert reverse("case-detail", args=[sent["new_case"].pk]) in page
    assert "<form" not in page.split("main-content")[-1]  # read only
    event = AuditEvent.objects.filter(actor=sent["coordinator"], detail__page="transfer-pack").get()
    assert event.detail == {"page": "transfer-pack", "transfer": sent["transfer"].pk, "actions": 2}
    # The receiving case's page and the transfer page lead to it.
    client = sign_in_verified(Client(), sent["coordinator"])
    url = reverse("transfer-pack", args=[sent["transfer"].pk])
    assert url in client.get(reverse("case-detail", args=[sent["new_case"].pk])).content.decode()
    assert url in client.get(reverse("transfer-detail", args=[sent["transfer"].pk])).content.decode()


def test_the_sending_coordinator_and_the_receiving_chair_read_it_too() -> None:
    sent = _sent()
    for who in ("sender", "chair"):
        assert _pack(sent[who], sent["transfer"]).status_code == 200, who


@pytest.mark.parametrize("who", ["representative", "sending_representative", "stranger"])
def test_nobody_else_reads_it_and_it_answers_like_a_missing_transfer(who: str) -> None:
    sent = _sent()
    assert _pack(sent[who], sent["transfer"]).status_code == 404
    missing = sign_in_verified(Client(), sent[who]).get(reverse("transfer-pack", args=[sent["transfer"].pk + 999]))
    assert missing.status_code == 404


def test_a_conflict_on_the_sending_case_hides_the_pack() -> None:
    sent = _sent()
    meeting_services.conflict_declare(user=sent["coordinator"], case=sent["case"], connection="knows")
    assert _pack(sent["coordinator"], sent["transfer"]).status_code == 404


def test_minutes_not_yet_approved_are_not_shown() -> None:
    sent = _sent()
    Minutes.objects.update(status=MinutesStatus.DRAFT)
    page = _pack(sent["coordinator"], sent["transfer"]).content.decode()
    assert MINUTES_TEXT not in page
    assert "have not been approved by its chair yet" in page


def test_the_receiving_agenda_says_where_it_came_from_and_counts_the_outstanding_actions() -> None:
    sent = _sent()
    meeting = meeting_on(sent["receiving"], timezone.localdate() + timedelta(days=14))
    list_case(meeting, sent["new_case"])
    [row] = meeting_selectors.agenda_for(meeting, sent["coordinator"]).rows
    assert "Transferred in from Sendingham MARAC" in row.flags
    assert "1 outstanding action from earlier meetings" in row.flags
    # ... and the chair sees that action at the hearing.
    assert list(outstanding_for_case(sent["new_case"], exclude_item=row.item)) == [sent["open"]]


def test_the_pack_reads_in_a_constant_number_of_queries() -> None:
    counts = []
    for extra in (0, 8):
        sent = _sent(extra_actions=extra, names=(f"Sending {extra}", f"Receiving {extra}"))
        client = sign_in_verified(Client(), sent["coordinator"])
        url = reverse("transfer-pack", args=[sent["transfer"].pk])
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
