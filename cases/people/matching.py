"""Matching a referral's people to people already on record, among the cases the user can see."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce, Greatest, Lower

from cases.models import (
    Case,
    CaseParty,
    PartyRole,
    Person,
    PersonAlias,
)
from cases.selectors import cases_for_user, user_coordinates
from marac.models import User

MATCH_THRESHOLD = 0.45


FAMILY_THRESHOLD = 0.3


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


def person_matches_for_coordinator(
    user: User, area_id: int, *, given_names: str, family_name: str, date_of_birth: date | None, limit: int = 5
) -> list[Person]:
    """Likely existing records, for a coordinator linking a referral's people.

    Fuzzy (pg_trgm) on names and aliases, boosted by date of birth. Offers
    only people who appear in cases the coordinator can see, so matching
    cannot reveal anyone else.
    """
    described = [(given_names, family_name, date_of_birth)]
    return person_matches_for_coordinator_many(user, area_id, described, limit=limit)[0]


def person_matches_for_coordinator_many(
    user: User, area_id: int, people: Sequence[tuple[str, str, date | None]], *, limit: int = 5
) -> list[list[Person]]:
    """``person_matches_for_coordinator`` for each of several people
    (given names, family name, date of birth), in a constant number of queries."""
    if not user_coordinates(user, area_id):
        return [[] for _ in people]
    return person_matches_for_user_many(user, people, limit=limit)


def person_matches_for_user(
    user: User, *, given_names: str, family_name: str, date_of_birth: date | None, limit: int = 5
) -> list[Person]:
    """Likely existing records among the people in cases ``user`` can see.

    Fuzzy (pg_trgm) on names and aliases, boosted by date of birth. A
    referrer is offered records from cases they can already see (for
    example, earlier referrals by their agency); everything else is linked
    by the coordinator, so matching never reveals a record.
    """
    return person_matches_for_user_many(user, [(given_names, family_name, date_of_birth)], limit=limit)[0]


def person_matches_for_user_many(
    user: User, people: Sequence[tuple[str, str, date | None]], *, limit: int = 5
) -> list[list[Person]]:
    """``person_matches_for_user`` for each of several people (given names,
    family name, date of birth), in the same order.

    Two queries whatever the number of people: one ``UNION ALL`` of the
    searches (each the same as for one person, tagged with its position) and
    one for the aliases of the records found.
    """
    visible_people = CaseParty.objects.filter(case__in=cases_for_user(user)).values("person_id")
    searches = []
    for position, (given_names, family_name, _) in enumerate(people):
        if not (given_names or family_name):
            continue
        alias_similarity = PersonAlias.objects.filter(person=OuterRef("pk")).annotate(
            s=TrigramSimilarity("family_name", family_name or "") + TrigramSimilarity("given_names", given_names or "")
        )
        searches.append(
            Person.objects.filter(id__in=visible_people)
            .annotate(
                name_score=(
                    TrigramSimilarity("family_name", family_name or "")
                    + TrigramSimilarity("given_names", given_names or "")
                ),
                alias_score=Coalesce(Subquery(alias_similarity.order_by("-s").values("s")[:1]), 0.0),
            )
            .annotate(
                family_score=TrigramSimilarity("family_name", family_name or ""),
                best=Greatest("name_score", "alias_score"),
                match_for=Value(position, output_field=IntegerField()),
            )
            # A shared first name alone is not a match: the family name must be
            # similar too, unless the person is found through an alias.
            .filter(
                Q(best__gte=MATCH_THRESHOLD)
                & (Q(family_score__gte=FAMILY_THRESHOLD) | Q(alias_score__gte=MATCH_THRESHOLD) | Q(family_name=""))
            )
            .order_by("-best")[: limit * 3]
        )
    if not searches:
        return [[] for _ in people]
    candidates: list[Any] = list(searches[0].union(*searches[1:], all=True) if len(searches) > 1 else searches[0])
    prefetch_related_objects(candidates, "aliases")
    found: list[list[Person]] = [[] for _ in people]
    for person in candidates:
        found[person.match_for].append(person)
    return [_ranked(group, born)[:limit] for group, (_, _, born) in zip(found, people, strict=True)]


def _ranked(candidates: list[Any], date_of_birth: date | None) -> list[Person]:
    """Best name first, boosted by the same date of birth (the better name first among equals)."""

    def score(person: Any) -> tuple[float, float]:
        same_birth = bool(date_of_birth and person.date_of_birth == date_of_birth)
        return person.best + (0.5 if same_birth else 0.0), person.best

    return sorted(candidates, key=score, reverse=True)


def people_in_visible_cases(user: User, person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` named in a case ``user`` may see (one query)."""
    ids = set(person_ids)
    if not ids:
        return set()
    return set(
        CaseParty.objects.filter(case__in=cases_for_user(user), person_id__in=ids).values_list("person_id", flat=True)
    )


def perpetrators_of(case: Case) -> set[int]:
    return set(CaseParty.objects.filter(case=case, role=PartyRole.PERPETRATOR).values_list("person_id", flat=True))
