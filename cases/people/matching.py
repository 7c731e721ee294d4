"""Matching a referral's people to people already on record, among the cases the user can see.

Two stages: the database gathers candidates broadly (cases.people.candidates,
pg_trgm), the pure scorer (cases.people.scoring) decides which are offered,
ranks them and says why."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone

from cases.models import (
    Case,
    CaseParty,
    PartyRole,
    Person,
    PersonAlias,
)
from cases.people.candidates import gather
from cases.people.scoring import Described, Known, Verdict, score
from cases.selectors import cases_for_user, user_coordinates
from marac.models import User


def normal_name(text: str) -> str:
    return " ".join(text.lower().split())


def strong_matches(*, given_names: str, family_name: str, date_of_birth: date | None) -> QuerySet[Person]:
    """Records that are surely the same person: same names (or alias) and
    date of birth. Used by the system itself (repeat detection, linking);
    never shown to a user who may not see the records."""
    if not (given_names and family_name and date_of_birth):
        return Person.objects.none()
    given, family = normal_name(given_names), normal_name(family_name)
    by_alias = PersonAlias.objects.annotate(g=Lower("given_names"), f=Lower("family_name")).filter(g=given, f=family)
    return (
        Person.objects.annotate(g=Lower("given_names"), f=Lower("family_name"))
        .filter(date_of_birth=date_of_birth)
        .filter(Q(g=given, f=family) | Q(id__in=by_alias.values("person_id")))
    )


@dataclass(frozen=True)
class Named:
    """A person's part in one case the user may see."""

    role: str
    case_id: int
    reference: str

    @property
    def role_label(self) -> str:
        return PartyRole(self.role).label


@dataclass(frozen=True)
class Match:
    """A record offered as possibly the described person: why, and where the user knows it from."""

    person: Person
    verdict: Verdict
    named_in: tuple[Named, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.verdict.reasons


def candidates_for_coordinator(
    user: User, area_id: int, described: Sequence[Described], *, limit: int = 5
) -> list[list[Match]]:
    """Likely existing records for each of ``described``, for a coordinator receiving a referral.

    Only people named in cases the coordinator can see are offered, so
    matching cannot reveal anyone else; each comes with the reasons it
    matched and its roles and cases (those the coordinator can see)."""
    if not user_coordinates(user, area_id):
        return [[] for _ in described]
    return candidates_for_user(user, described, limit=limit)


def candidates_for_user(user: User, described: Sequence[Described], *, limit: int = 5) -> list[list[Match]]:
    """Likely existing records for each of ``described`` among the people in cases ``user`` can see.

    Three queries whatever the number of people: the candidates (one
    ``UNION ALL``, cases.people.candidates), their aliases and their parts
    in the cases the user can see. The pure scorer decides and ranks."""
    visible = CaseParty.objects.filter(case__in=cases_for_user(user)).values("person_id")
    found = gather(visible, described)
    everyone = [person for group in found for person in group]
    prefetch_related_objects(everyone, "aliases")
    named = parties_in_visible_cases(user, {person.pk for person in everyone})
    today = timezone.localdate()
    offered: list[list[Match]] = []
    for wanted, group in zip(described, found, strict=True):
        matches = [
            Match(p, score(wanted, _known(p, named.get(p.pk, ())), today=today), named.get(p.pk, ())) for p in group
        ]
        matches = [m for m in matches if m.verdict.offered]
        matches.sort(key=lambda m: (-m.verdict.score, m.person.family_name, m.person.given_names, m.person.pk))
        offered.append(matches[:limit])
    return offered


def _known(person: Person, named: Iterable[Named]) -> Known:
    return Known(
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        aliases=tuple((alias.given_names, alias.family_name) for alias in person.aliases.all()),
        roles=frozenset(part.role for part in named),
    )


def parties_in_visible_cases(user: User, person_ids: Iterable[int]) -> dict[int, tuple[Named, ...]]:
    """Each of ``person_ids`` named in a case ``user`` may see -> its parts in those cases (one query)."""
    ids = set(person_ids)
    if not ids:
        return {}
    rows = (
        CaseParty.objects.filter(case__in=cases_for_user(user), person_id__in=ids)
        .order_by("person_id", "case__reference", "role")
        .values_list("person_id", "role", "case_id", "case__reference")
    )
    named: dict[int, list[Named]] = {}
    for person_id, role, case_id, reference in rows:
        named.setdefault(person_id, []).append(Named(role, case_id, reference))
    return {person_id: tuple(parts) for person_id, parts in named.items()}


def person_matches_for_coordinator(
    user: User, area_id: int, *, given_names: str, family_name: str, date_of_birth: date | None, limit: int = 5
) -> list[Person]:
    """The records ``candidates_for_coordinator`` offers for one person, best first."""
    described = [(given_names, family_name, date_of_birth)]
    return person_matches_for_coordinator_many(user, area_id, described, limit=limit)[0]


def person_matches_for_coordinator_many(
    user: User, area_id: int, people: Sequence[tuple[str, str, date | None]], *, limit: int = 5
) -> list[list[Person]]:
    """``person_matches_for_coordinator`` for each of several people
    (given names, family name, date of birth), in a constant number of queries."""
    found = candidates_for_coordinator(user, area_id, [Described(*person) for person in people], limit=limit)
    return [[match.person for match in matches] for matches in found]


def person_matches_for_user(
    user: User, *, given_names: str, family_name: str, date_of_birth: date | None, limit: int = 5
) -> list[Person]:
    """Likely existing records among the people in cases ``user`` can see.

    A referrer is offered records from cases they can already see (for
    example, earlier referrals by their agency); everything else is linked
    by the coordinator, so matching never reveals a record.
    """
    return person_matches_for_user_many(user, [(given_names, family_name, date_of_birth)], limit=limit)[0]


def person_matches_for_user_many(
    user: User, people: Sequence[tuple[str, str, date | None]], *, limit: int = 5
) -> list[list[Person]]:
    """``person_matches_for_user`` for each of several people (given names,
    family name, date of birth), in the same order and a constant number of queries."""
    found = candidates_for_user(user, [Described(*person) for person in people], limit=limit)
    return [[match.person for match in matches] for matches in found]


def perpetrators_of(case: Case) -> set[int]:
    return set(CaseParty.objects.filter(case=case, role=PartyRole.PERPETRATOR).values_list("person_id", flat=True))
