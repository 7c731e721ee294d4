"""Is a referral a repeat? A further incident between the same people within 12 months (SafeLives)."""

from __future__ import annotations

from django.utils import timezone

from cases.models import (
    Case,
    PartyRole,
    Referral,
)
from cases.people import matching as selectors
from cases.referrals import selectors as referral_selectors
from cases.referrals.criteria import is_repeat_date


def detect_repeat(referral: Referral) -> Case | None:
    """SafeLives: a further incident between the same victim and the same
    person causing harm (or one of them) within 12 months of the victim's last
    referral to a MARAC on this system. The anniversary itself counts."""
    victim = referral.victim
    if victim is None:
        return None
    victim_person = (
        victim.person
        or selectors.strong_matches(
            given_names=victim.given_names, family_name=victim.family_name, date_of_birth=victim.date_of_birth
        ).first()
    )
    if victim_person is None:
        return None
    last = referral_selectors.last_referral_of(victim_person, exclude=referral)
    if last is None or last.case is None or last.submitted_at is None:
        return None
    incident = referral.incident_date or timezone.localdate()
    if not is_repeat_date(last_referral=timezone.localdate(last.submitted_at), incident=incident):
        return None
    earlier = selectors.perpetrators_of(last.case)
    for perpetrator in referral_selectors.referral_people(referral, PartyRole.PERPETRATOR):
        if perpetrator.person_id in earlier:
            return last.case
        matches = selectors.strong_matches(
            given_names=perpetrator.given_names,
            family_name=perpetrator.family_name,
            date_of_birth=perpetrator.date_of_birth,
        )
        if matches.filter(pk__in=earlier).exists():
            return last.case
    return None
