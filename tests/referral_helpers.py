"""Build referrals in any state through the services (never raw model creation).

    referral = draft_referral(practitioner, area, yes_answers=15)
    referral = submitted_referral(practitioner, area, representative=rep)
    referral = received_referral(practitioner, area, representative=rep, coordinator=coordinator)
    backdate_submission(referral, date(2024, 3, 15))

Every step goes through ``cases.services`` exactly as the web pages do, so
the stored criteria, repeats, audit events and versions are the real ones.
The referral returned is always freshly read from the database.

People are dictionaries of ``ReferralPerson`` fields. Unless given, each
referral gets a victim and a person causing harm with names of their own, so
two referrals never match each other by accident; pass the same dictionaries
to describe the same people again.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cases.models import PartyRole, Referral
from cases.referrals import receive, selectors, services
from marac.models import Agency, AuditEvent, MaracArea, Role, User
from tests.factories import AgencyFactory, MaracAreaFactory, MembershipFactory, UserFactory

QUESTION_IDS = [f"q{i}" for i in range(1, 25)]  # the shipped DASH and DAQ plain-words checklists start with these

_names = itertools.count(1)


def _letters(n: int) -> str:
    """1 -> "a", 26 -> "z", 27 -> "aa": a name part with no digits in it."""
    text = ""
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def unique_family_name(stem: str) -> str:
    return f"{stem}{_letters(next(_names) + 26)}".capitalize()


def victim_details(**fields: Any) -> dict[str, Any]:
    """A victim described by a referrer; names of their own unless given."""
    return {
        "given_names": "Ava",
        "family_name": unique_family_name("Testvictim"),
        "date_of_birth": date(1990, 4, 3),
        "gender": "woman",
        **fields,
    }


def perpetrator_details(**fields: Any) -> dict[str, Any]:
    """A person causing harm described by a referrer; names of their own unless given."""
    return {
        "given_names": "Ben",
        "family_name": unique_family_name("Testharm"),
        "date_of_birth": date(1985, 2, 1),
        "gender": "man",
        "relationship_to_victim": "Ex-partner",
        **fields,
    }


def children_details(count: int, *, given_names: str = "Kim", stem: str = "Testchild") -> list[dict[str, Any]]:
    """``count`` children described by a referrer, born in May 2016, with family names of their own."""
    return [
        {
            "given_names": given_names,
            "family_name": unique_family_name(stem),
            "date_of_birth": date(2016, 5, 1 + k),
            "role": PartyRole.CHILD,
            "school": "Test primary school",
        }
        for k in range(count)
    ]


def checklist_answers(yes: int, *, rest: str = "no", extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """``yes`` "yes" answers (questions 1, 2, ...), the other questions answered ``rest``."""
    answers = {qid: ("yes" if i < yes else rest) for i, qid in enumerate(QUESTION_IDS)}
    answers.update(extra or {})
    return answers


def fresh(referral: Referral) -> Referral:
    return Referral.objects.select_related("area", "case", "repeat_of").get(pk=referral.pk)


def draft_referral(
    user: User,
    area: MaracArea,
    *,
    victim: Mapping[str, Any] | None = None,
    perpetrators: Sequence[Mapping[str, Any]] | None = None,
    children: Sequence[Mapping[str, Any]] = (),
    yes_answers: int | None = 15,
    answers: Mapping[str, str] | None = None,
    callouts: int | None = None,
    incident_date: date | None = None,
    judgement: str | None = None,
    complete: bool = True,
    **fields: Any,
) -> Referral:
    """A draft referral by ``user`` to ``area``, filled in through the services.

    ``complete`` fills in everything a referral needs before it can be sent
    (reason, strengths, consent). ``yes_answers`` (or ``answers``) answers the
    checklist; ``None`` for both leaves it unanswered. ``judgement`` refers on
    professional judgement with that rationale. Other keyword arguments are
    referral fields (``services.REFERRAL_FIELDS``).
    """
    referral = services.referral_start(user=user, area=area)
    referral = fresh(referral)
    victim_rp = referral.victim
    services.referral_person_save(
        user=user,
        referral=referral,
        role=PartyRole.VICTIM,
        person=victim_rp,
        data=dict(victim if victim is not None else victim_details()),
    )
    if perpetrators is None:
        perpetrators = [perpetrator_details()]
    for perpetrator in perpetrators:
        services.referral_person_save(
            user=user, referral=fresh(referral), role=PartyRole.PERPETRATOR, data=dict(perpetrator)
        )
    for child in children:
        child = dict(child)
        role = child.pop("role", PartyRole.CHILD)
        services.referral_person_save(user=user, referral=fresh(referral), role=role, data=child)
    if answers is None and yes_answers is not None:
        answers = checklist_answers(yes_answers)
    if answers is not None:
        services.referral_checklist_save(user=user, referral=fresh(referral), answers=answers)
    data: dict[str, Any] = {}
    if complete:
        data.update(
            reason="He broke into the house and threatened to kill her.",
            strengths="She keeps a safe phone and called the police.",
            consent="given",
        )
    if incident_date is not None:
        data["incident_date"] = incident_date
    if callouts is not None:
        data["police_callouts"] = callouts
    if judgement is not None:
        data.update(professional_judgement=True, professional_judgement_rationale=judgement)
    data.update(fields)
    if data:
        services.referral_update(user=user, referral=fresh(referral), data=data)
    return fresh(referral)


def submitted_referral(drafter: User, area: MaracArea, *, representative: User | None = None, **draft: Any) -> Referral:
    """Drafted by ``drafter``; a practitioner's draft is marked ready and then
    submitted by ``representative`` (a representative who drafted it submits it
    themselves)."""
    referral = draft_referral(drafter, area, **draft)
    if selectors.user_can_check(drafter, referral):
        submitter = representative or drafter
    else:
        if representative is None:
            raise TypeError("a practitioner's referral needs a representative to submit it")
        referral = services.referral_mark_ready(user=drafter, referral=referral)
        submitter = representative
    services.referral_submit(user=submitter, referral=fresh(referral))
    return fresh(referral)


def received_referral(
    drafter: User,
    area: MaracArea,
    *,
    coordinator: User,
    representative: User | None = None,
    links: Mapping[int | str, int | None] | None = None,
    **draft: Any,
) -> Referral:
    """Submitted as above, then received by ``coordinator``.

    ``links`` maps a referral person to an existing ``Person`` id: by the
    referral person's id, or by role with an optional position
    (``"victim"``, ``"perpetrator"``, ``"perpetrator:1"``).
    """
    referral = submitted_referral(drafter, area, representative=representative, **draft)
    receive.referral_receive(user=coordinator, referral=referral, links=resolve_links(referral, links))
    return fresh(referral)


def resolve_links(referral: Referral, links: Mapping[int | str, int | None] | None) -> dict[int, int | None]:
    resolved: dict[int, int | None] = {}
    for key, person_id in (links or {}).items():
        if isinstance(key, int):
            resolved[key] = person_id
            continue
        role, _, position = key.partition(":")
        people = list(referral.people.filter(role=role).order_by("position", "id"))
        resolved[people[int(position or 0)].pk] = person_id
    return resolved


def referral_events(referral: Referral) -> QuerySet[AuditEvent]:
    """The audit events about ``referral``, oldest first."""
    return AuditEvent.objects.filter(object_type="cases.referral", object_id=str(referral.pk)).order_by("id")


def backdate_submission(referral: Referral, when: date | datetime) -> Referral:
    """Pretend the referral was submitted on ``when`` (midday, local time, for a date)."""
    if not isinstance(when, datetime):
        when = timezone.make_aware(datetime.combine(when, time(12, 0)))
    Referral.objects.filter(pk=referral.pk).update(submitted_at=when)
    return fresh(referral)


def referral_person(referral: Referral, role: str, position: int = 0) -> Any:
    return list(referral.people.filter(role=role).order_by("position", "id"))[position]


@dataclass
class Cast:
    """The people around one MARAC area, all with one role each."""

    area: MaracArea
    agency: Agency
    practitioner: User
    representative: User
    coordinator: User


def make_cast(area: MaracArea | None = None, *, agency: Agency | None = None) -> Cast:
    area = area or MaracAreaFactory()
    agency = agency or AgencyFactory()
    return Cast(
        area=area,
        agency=agency,
        practitioner=member(Role.PRACTITIONER, area, agency=agency),
        representative=member(Role.REPRESENTATIVE, area, agency=agency),
        coordinator=member(Role.COORDINATOR, area),
    )


def member(role: str, area: MaracArea, **user_fields: Any) -> User:
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, area=area, role=role)
    return user
