"""The wording prompts raised while drafting a referral are recorded like those on research, meeting notes and
actions (ppmt.prompts): as they are raised, with the referral (it has no case yet), marked reframed once
reworded, counted in governance by the referral's area; when the referral is filed on a case they are given
the case, as raised by the drafter."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.referrals import receive, services
from governance.figures import governance_figures
from marac.language import check_language
from ppmt.models import LanguagePromptEvent
from tests.referral_helpers import draft_referral, fresh, received_referral, submitted_referral

pytestmark = pytest.mark.django_db

REASON = "Mum let him back in and she failed to protect the children. He strangled her on Friday."
STRENGTHS = "She keeps a safe phone. She is hard to engage when he is at home."
NEUTRAL = "He broke into the house and threatened to kill her. She called the police."


def test_received_referrals_record_their_prompts_on_the_case_as_raised_by_the_drafter(cast) -> None:
    referral = received_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        coordinator=cast.coordinator,
        reason=REASON,
        strengths=STRENGTHS,
    )
    events = LanguagePromptEvent.objects.filter(case=referral.case).order_by("field", "code")
    assert [(e.field, e.code, e.matched) for e in events] == [
        ("reason", "allowed_back", "let him back in"),
        ("reason", "failure_to_protect", "failed to protect"),
        ("strengths", "hard_to_engage", "hard to engage"),
    ]
    for event in events:
        assert (event.source, event.source_id) == ("referral", referral.pk)
        assert event.raised_by == cast.practitioner
        assert event.agency_id == cast.practitioner.agency_id
        assert event.reframed_at is None
    # The same prompts as the drafting pages showed.
    assert {p.code for p in check_language(REASON)} | {p.code for p in check_language(STRENGTHS)} == {
        e.code for e in events
    }


def test_reframed_wording_records_nothing(cast) -> None:
    referral = received_referral(
        cast.practitioner,
        cast.area,
        representative=cast.representative,
        coordinator=cast.coordinator,
        reason=NEUTRAL,
        risks_to_professionals="He failed to attend the perpetrator programme and refuses to engage with probation.",
    )
    assert referral.case is not None
    assert not LanguagePromptEvent.objects.filter(case=referral.case).exists()


def test_recorded_while_drafting_then_given_the_case_once_on_receipt(cast) -> None:
    referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative, reason=REASON)
    drafted = LanguagePromptEvent.objects.filter(source="referral", source_id=referral.pk)
    assert sorted(drafted.values_list("code", flat=True)) == ["allowed_back", "failure_to_protect"]
    assert all(e.case_id is None and e.referral_id == referral.pk for e in drafted)
    receive.referral_receive(user=cast.coordinator, referral=referral, links={})
    receive.referral_receive(user=cast.coordinator, referral=fresh(referral), links={})
    referral = fresh(referral)
    assert drafted.count() == 2
    assert set(drafted.values_list("case_id", flat=True)) == {referral.case_id}


def test_reworded_while_drafting_is_recorded_as_reframed_and_counted_by_the_referrals_area(cast, other) -> None:
    referral = draft_referral(cast.practitioner, cast.area, reason=REASON)
    services.referral_update(user=cast.practitioner, referral=fresh(referral), data={"reason": NEUTRAL})
    events = LanguagePromptEvent.objects.filter(referral=referral)
    assert events.count() == 2
    assert all(e.reframed_at is not None for e in events)
    today = timezone.localdate()
    here = governance_figures(areas=[cast.area], start=today, end=today)
    elsewhere = governance_figures(areas=[other.area], start=today, end=today)
    assert (here.language_raised.value, here.language_reframed.value) == (2, 2)
    assert elsewhere.language_raised.value == 0
