"""The wording prompts raised while drafting a referral are recorded on the case like those on research,
meeting notes and actions (ppmt.prompts): when the referral is received and filed on a case, as raised by
the drafter, for each answer whose sent wording still holds a survivor-blaming phrase."""

from __future__ import annotations

import pytest

from cases.referrals import receive
from marac.language import check_language
from ppmt.models import LanguagePromptEvent
from tests.referral_helpers import fresh, received_referral, submitted_referral

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


def test_nothing_is_recorded_before_the_referral_is_received_and_receiving_twice_records_once(cast) -> None:
    referral = submitted_referral(cast.practitioner, cast.area, representative=cast.representative, reason=REASON)
    assert not LanguagePromptEvent.objects.filter(source="referral", source_id=referral.pk).exists()
    receive.referral_receive(user=cast.coordinator, referral=referral, links={})
    receive.referral_receive(user=cast.coordinator, referral=fresh(referral), links={})
    assert LanguagePromptEvent.objects.filter(source="referral", source_id=referral.pk).count() == 2
