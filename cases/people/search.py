"""Find a person: names, aliases and case references across the cases the user can see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case as SqlCase
from django.db.models import FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, Greatest

from cases.models import (
    Case,
    CaseParty,
    CaseTransfer,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralStatus,
    TransferStatus,
)
from cases.people.matching import normal_name
from cases.selectors import case_visibility
from marac.models import Membership, User
from marac.roles import AGENCY_CASE_ROLES, COORDINATING_ROLES, QUALITY_ASSURER_ROLES, REFERRER_ROLES
from marac.selectors import area_ids_for

# Everyone who may see case content: the same roles as referrers, so the
# header's "Find a person" link (shown alongside "Referrals") and the page agree.
# Governance members and administrators never see case content.
PEOPLE_SEARCH_ROLES = REFERRER_ROLES


PEOPLE_SEARCH_LIMIT = 50


# An exact date of birth outweighs a small difference in the spelling of a name.
DOB_BOOST = 1.0


@dataclass(frozen=True)
class FoundPart:
    """One visible case a found person is in, and their part in it."""

    case_id: int
    reference: str
    area_name: str
    role: str
    role_label: str


@dataclass(frozen=True)
class FoundPerson:
    """What the search page may show about a person: no contact details, ever."""

    person_id: int
    name: str
    date_of_birth: date | None
    aliases: tuple[str, ...]
    parts: tuple[FoundPart, ...]

    @property
    def causes_harm(self) -> bool:
        return any(part.role == PartyRole.PERPETRATOR for part in self.parts)


@dataclass(frozen=True)
class PeopleSearch:
    people: list[FoundPerson]
    more: bool  # more people matched than are shown
    by: tuple[str, ...]  # which fields were used (names of fields, never their values)


def visible_area_ids(user: User) -> list[int]:
    """Every area holding a case ``user`` may see (a superset: the visibility
    rule still decides). Follows ``case_visibility``: the areas of the user's
    roles, the areas cases were transferred from into an area they
    coordinate, and the areas of the referrals they drafted."""
    if not user.is_authenticated:
        return []
    areas = set(area_ids_for(user, [*COORDINATING_ROLES, *QUALITY_ASSURER_ROLES, *AGENCY_CASE_ROLES]))
    coordinated = area_ids_for(user, COORDINATING_ROLES)
    if coordinated:
        areas |= set(
            CaseTransfer.objects.filter(
                to_area_id__in=coordinated, status__in=[TransferStatus.PENDING, TransferStatus.ACCEPTED]
            ).values_list("from_area_id", flat=True)
        )
    areas |= set(
        Referral.objects.filter(drafted_by=user, status=ReferralStatus.RECEIVED)
        .values_list("area_id", flat=True)
        .distinct()
    )
    return sorted(areas)


def people_search_allowed(user: User) -> bool:
    """May ``user`` use "Find a person"? Only roles that see case content, in an active area."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, is_active=True, role__in=PEOPLE_SEARCH_ROLES, area__is_active=True
    ).exists()


def _name_similarity(*, given: str, family: str) -> Expression:
    """Trigram similarity of the typed names to a row's names (for ranking only)."""
    parts: list[Expression] = [TrigramSimilarity("family_name", family)] if family else []
    if given:
        parts.append(TrigramSimilarity("given_names", given))
    if not parts:
        return Value(0.0)
    score = parts[0]
    for part in parts[1:]:
        score = score + part
    return score


def _name_filter(*, given: str, family: str) -> Q:
    """The indexable filter: pg_trgm's ``%`` on the family name, else on the given names.

    Both columns have GIN trigram indexes on Person and on PersonAlias. The
    given names, when a family name is typed too, only rank the results.
    """
    if family:
        return Q(family_name__trigram_similar=family)
    return Q(given_names__trigram_similar=given)


def people_search_for_user(
    user: User,
    *,
    given_names: str,
    family_name: str,
    date_of_birth: date | None,
    reference: str,
    limit: int = PEOPLE_SEARCH_LIMIT,
) -> PeopleSearch:
    """People in the cases ``user`` can see who match, closest first.

    - Visibility comes only from ``case_visibility`` (the rule behind
      ``cases_for_user``): a person is found only through a case the user can
      see, and only those cases are listed; a declared conflict of interest
      removes its case.
    - Names match names and aliases fuzzily with pg_trgm's ``%`` operator
      (GIN-indexed), unioned over Person and PersonAlias before intersecting
      with the people in visible cases, so the planner can start from either.
    - A case reference matches exactly, in any case: references are issued in
      capitals, so the typed reference is compared as typed and upper-cased,
      through the unique index (``iexact`` could not use it). With a
      reference, the candidates are that case's people, and any names typed
      rank them.
    - An exact date of birth ranks first; it never finds anyone on its own.

    Three queries, whatever the number of results: the people, their visible
    case parts, their aliases.
    """
    given, family = normal_name(given_names), normal_name(family_name)
    typed_reference = reference.strip()
    by = tuple(
        name
        for name, used in (
            ("given_names", given),
            ("family_name", family),
            ("date_of_birth", date_of_birth),
            ("reference", typed_reference),
        )
        if used
    )
    if not (given or family or typed_reference):
        return PeopleSearch(people=[], more=False, by=by)

    visible_cases = Case.objects.filter(case_visibility(user))
    people = _candidates(user, visible_cases, given=given, family=family, typed_reference=typed_reference)
    visible_parts = (
        CaseParty.objects.filter(case_id__in=visible_cases.values("pk"))
        .select_related("case__area")
        .order_by("-case__created_at", "case_id", "role")
    )
    rows = list(
        # Only the score is selected: the alias subquery runs once a row.
        _ranked(people, given=given, family=family, date_of_birth=date_of_birth).prefetch_related(
            Prefetch("case_parties", queryset=visible_parts, to_attr="visible_parts"),
            Prefetch("aliases", queryset=PersonAlias.objects.order_by("family_name", "given_names", "pk")),
        )[: limit + 1]
    )
    return PeopleSearch(people=[_found(person) for person in rows[:limit]], more=len(rows) > limit, by=by)


def _candidates(
    user: User, visible_cases: QuerySet[Case], *, given: str, family: str, typed_reference: str
) -> QuerySet[Person]:
    """The people of the visible cases (of the typed reference's case, if any)
    who match the typed names (only ranked by them when a reference is typed)."""
    searched_cases = visible_cases
    if typed_reference:
        searched_cases = visible_cases.filter(reference__in=sorted({typed_reference.upper(), typed_reference}))
    people = Person.objects.filter(
        pk__in=CaseParty.objects.filter(case_id__in=searched_cases.values("pk")).values("person_id")
    )
    if typed_reference or not (given or family):
        return people
    by_name = _name_filter(given=given, family=family)
    # Only people named in cases of the areas where the user can see
    # cases: a GIN index on Person.area_ids and the trigram index
    # combine (BitmapAnd) before any row is read.
    areas = visible_area_ids(user)
    candidates = (
        Person.objects.filter(by_name, area_ids__overlap=areas)
        .order_by()
        .values("pk")
        .union(
            PersonAlias.objects.filter(by_name, person__area_ids__overlap=areas).order_by().values("person_id"),
            all=True,
        )
    )
    return people.filter(pk__in=candidates)


def _ranked(people: QuerySet[Person], *, given: str, family: str, date_of_birth: date | None) -> QuerySet[Person]:
    """Closest first: the better of the name's and the best alias's similarity,
    plus :data:`DOB_BOOST` for an exact date of birth."""
    name_score: Expression = Value(0.0)
    alias_score: Expression = Value(0.0)
    if given or family:
        name_score = _name_similarity(given=given, family=family)
        best_alias = (
            PersonAlias.objects.filter(person_id=OuterRef("pk"))
            .annotate(s=_name_similarity(given=given, family=family))
            .order_by("-s")
            .values("s")[:1]
        )
        alias_score = Coalesce(Subquery(best_alias, output_field=FloatField()), Value(0.0))
    dob_score: Expression = Value(0.0)
    if date_of_birth is not None:
        dob_score = SqlCase(
            When(date_of_birth=date_of_birth, then=Value(DOB_BOOST)), default=Value(0.0), output_field=FloatField()
        )
    return (
        people.alias(name_score=name_score, alias_score=alias_score)
        .annotate(score=Greatest("name_score", "alias_score") + dob_score)
        .order_by("-score", "family_name", "given_names", "pk")
    )


def _found(person: Person) -> FoundPerson:
    """What the page shows of a person (their prefetched visible parts and aliases)."""
    return FoundPerson(
        person_id=person.pk,
        name=str(person),
        date_of_birth=person.date_of_birth,
        aliases=tuple(str(alias) for alias in person.aliases.all() if str(alias)),
        parts=tuple(
            FoundPart(
                case_id=part.case_id,
                reference=part.case.reference,
                area_name=part.case.area.name,
                role=part.role,
                role_label=part.get_role_display(),
            )
            for part in person.visible_parts  # type: ignore[attr-defined]
        ),
    )
