"""The referrals of a query-budget world: on its cases and waiting in each list."""

from __future__ import annotations

from cases.meetings import services as meeting_services
from cases.models import PartyRole, Person, Referral
from cases.referrals import services
from governance.services import referral_review_record
from marac.models import Role
from tests.query_budget_world.setting import Setting
from tests.referral_helpers import (
    children_details,
    draft_referral,
    fresh,
    member,
    perpetrator_details,
    received_referral,
    submitted_referral,
    unique_family_name,
    victim_details,
)


def make_referrals(s: Setting) -> dict[str, list[Referral]]:
    """n cases, each naming the same person causing harm (so his pattern spans
    n cases), the first with n - 1 children and n referrals; n referrals in
    each of the lists (to receive, to check, drafts)."""
    n, users = s.n, s.users
    coordinator, rep, practitioner = s.coordinator, users["representative"], users["practitioner"]
    harm = perpetrator_details(aliases=[f"Benny {unique_family_name('Testalias')}" for _ in range(n)])
    victims = [victim_details() for _ in range(n)]
    received = [
        received_referral(
            practitioner,
            s.area,
            representative=rep,
            coordinator=coordinator,
            victim=victim,
            perpetrators=[harm],
            children=children_details(n - 1 if i == 0 else 1),
            risks_to_professionals="He has threatened staff on home visits.",
        )
        for i, victim in enumerate(victims)
    ]
    repeats = [  # filed on the first case
        received_referral(
            practitioner, s.area, representative=rep, coordinator=coordinator, victim=victims[0], perpetrators=[harm]
        )
        for _ in range(n - 1)
    ]
    cases = [referral.case for referral in received]
    conflicted = member(Role.REPRESENTATIVE, s.area, agency=s.police)
    for case in cases[1:]:  # the agenda shows each as needing another representative
        meeting_services.conflict_declare(user=conflicted, case=case, connection="knows")
    for referral in received[1:]:
        referral_review_record(user=coordinator, referral=referral, inappropriate=True, feedback="See the criteria.")

    # Waiting to be received: the first names n - 1 children, whom the referrer
    # linked to the first case's children (names unlike theirs, so the
    # coordinator is offered the linked records as well as fuzzy matches).
    to_receive = draft_referral(
        practitioner,
        s.area,
        perpetrators=[harm],
        children=children_details(n - 1, given_names="Lee", stem="Qvornchild"),
    )
    known = Person.objects.filter(case_parties__case=cases[0], case_parties__role=PartyRole.CHILD).order_by("pk")
    described = to_receive.people.filter(role=PartyRole.CHILD).order_by("position", "id")
    for child, record in zip(described, known, strict=True):
        services.referral_person_link(
            user=practitioner, referral=fresh(to_receive), person=child, existing_id=record.pk
        )
    services.referral_mark_ready(user=practitioner, referral=fresh(to_receive))
    services.referral_submit(user=rep, referral=fresh(to_receive))
    submitted = [
        submitted_referral(practitioner, s.area, representative=rep, perpetrators=[harm]) for _ in range(n - 1)
    ]
    for _ in range(n):
        services.referral_mark_ready(user=practitioner, referral=draft_referral(practitioner, s.area))
    drafts = [
        draft_referral(practitioner, s.area, perpetrators=[harm], children=children_details(n - 1)) for _ in range(n)
    ]
    return {"received": received, "repeats": repeats, "submitted": [fresh(to_receive), *submitted], "drafts": drafts}
