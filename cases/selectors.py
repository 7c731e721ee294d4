"""Read queries for referrals, cases and people.

Visibility is decided here and nowhere else. Anything a user may not see
answers 404 (``Http404``), never 403, so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case as SqlCase
from django.db.models import Count, Exists, FloatField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, Greatest, Lower
from django.http import Http404

from marac.models import Membership, Role, User

from .models import (
    AgendaItem,
    Case,
    CaseParty,
    CaseStatus,
    CaseTransfer,
    ConflictOfInterest,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralPerson,
    ReferralStatus,
    TransferStatus,
)

# Who may start a referral to an area (any agency user with a role there).
REFERRER_ROLES = (Role.PRACTITIONER, Role.REPRESENTATIVE, Role.IDAA, Role.COORDINATOR, Role.CHAIR)
# Who checks and submits their agency's referrals.
QUALITY_ASSURER_ROLES = (Role.REPRESENTATIVE, Role.IDAA)
COORDINATING_ROLES = (Role.COORDINATOR, Role.CHAIR)
# Roles whose agency sees the cases on agendas it is invited to (meeting_selectors.AGENCY_ROLES).
AGENCY_CASE_ROLES = (Role.REPRESENTATIVE, Role.IDAA, Role.PRACTITIONER, Role.COORDINATOR, Role.CHAIR)
# Statuses the MARAC (coordinator, chair) sees: not the agency's drafts.
SENT_STATUSES = (ReferralStatus.SUBMITTED, ReferralStatus.RETURNED, ReferralStatus.RECEIVED)


def _area_ids(user: User, roles: Iterable[str]) -> list[int]:
    from marac.selectors import area_ids_for

    return area_ids_for(user, roles)


def case_counts_by_area(*, area_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Aggregate counts per area (no personal data): open cases and all cases."""
    ids = list(area_ids)
    if not ids:
        return {}
    open_statuses = [CaseStatus.REFERRED, CaseStatus.LISTED, CaseStatus.HEARD]
    rows = (
        Case.objects.filter(area_id__in=ids)
        .values("area_id")
        .annotate(total=Count("id"), open=Count("id", filter=Q(status__in=open_statuses)))
    )
    return {row["area_id"]: {"total": row["total"], "open": row["open"]} for row in rows}


# --- Referrals ------------------------------------------------------------------


def referral_visibility(user: User) -> Q:
    """Referrals the user may see.

    - the practitioner who drafted it;
    - their agency's representatives in that area (they check and submit it);
    - the area's coordinators and chairs, once it has been submitted.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    rule = Q(drafted_by=user)
    if user.agency_id:
        rule |= Q(referring_agency_id=user.agency_id, area_id__in=_area_ids(user, QUALITY_ASSURER_ROLES))
    rule |= Q(status__in=SENT_STATUSES, area_id__in=_area_ids(user, COORDINATING_ROLES))
    conflicted = ConflictOfInterest.objects.filter(user=user, case=OuterRef("case_id"))
    return rule & ~Q(Exists(conflicted))


def referrals_for_user(user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(referral_visibility(user)).select_related(
        "area", "referring_agency", "drafted_by", "case"
    )


def referral_get_for_user(user: User, public_id: UUID | str) -> Referral:
    try:
        return referrals_for_user(user).prefetch_related("people").get(public_id=public_id)
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def referral_lists_for_user(user: User) -> dict[str, QuerySet[Referral]]:
    """The referral lists a user's home and referrals page show."""
    visible = referrals_for_user(user).prefetch_related("people")
    lists: dict[str, QuerySet[Referral]] = {
        "my_drafts": visible.filter(
            drafted_by=user, status__in=[ReferralStatus.DRAFT, ReferralStatus.RETURNED]
        ).order_by("-updated_at"),
        "to_check": visible.filter(
            status=ReferralStatus.READY_FOR_CHECK,
            referring_agency_id=user.agency_id,
            area_id__in=_area_ids(user, QUALITY_ASSURER_ROLES),
        ).order_by("updated_at"),
        "to_receive": visible.filter(
            status=ReferralStatus.SUBMITTED, area_id__in=_area_ids(user, COORDINATING_ROLES)
        ).order_by("submitted_at"),
        "sent": visible.filter(
            referring_agency_id=user.agency_id,
            status__in=SENT_STATUSES,
        ).order_by("-submitted_at")[:20],
    }
    return lists


def user_can_check(user: User, referral: Referral) -> bool:
    """May this user quality-assure and submit the referral?"""
    if referral.referring_agency_id != user.agency_id:
        return False
    return referral.area_id in _area_ids(user, QUALITY_ASSURER_ROLES)


def user_coordinates(user: User, area_id: int) -> bool:
    """Is the user a coordinator or chair of the area? (No query within a request.)"""
    return area_id in _area_ids(user, COORDINATING_ROLES)


def referral_areas_for(user: User) -> QuerySet[Any, Any]:
    from marac.models import MaracArea

    return MaracArea.objects.filter(is_active=True, id__in=_area_ids(user, REFERRER_ROLES)).order_by("name")


# --- Cases -----------------------------------------------------------------------


def case_visibility(user: User) -> Q:
    """Cases the user may see (this grows with meetings and actions).

    - coordinators and chairs of the case's area, and of an area it is being
      (or was) transferred to;
    - the practitioner who drafted a referral on it, and the referring
      agency's representatives in the case's area;
    - agencies invited to a circulated meeting of the case's area where it is
      listed.

    A referral is filed on a case of its own area and an agenda lists only its
    own area's cases, so the agency rules are bounded by the case's area
    first: PostgreSQL then tests the EXISTS only for cases in the user's areas,
    not for every case in the country.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    coordinated = _area_ids(user, COORDINATING_ROLES)
    rule = Q(area_id__in=coordinated)
    if coordinated:
        # A case transferred (or being transferred) to an area stays readable there.
        transferred = CaseTransfer.objects.filter(
            case=OuterRef("pk"),
            to_area_id__in=coordinated,
            status__in=[TransferStatus.PENDING, TransferStatus.ACCEPTED],
        )
        rule |= Q(Exists(transferred))
    drafted = Referral.objects.filter(case=OuterRef("pk"), status=ReferralStatus.RECEIVED, drafted_by=user)
    rule |= Q(Exists(drafted))
    checked = _area_ids(user, QUALITY_ASSURER_ROLES) if user.agency_id else []
    if checked:
        referred = Referral.objects.filter(
            case=OuterRef("pk"), status=ReferralStatus.RECEIVED, referring_agency_id=user.agency_id
        )
        rule |= Q(area_id__in=checked) & Q(Exists(referred))
    if user.agency_id:
        # Agencies invited to a circulated meeting where the case is listed.
        from .meeting_selectors import AGENCY_ROLES, VISIBLE_TO_AGENCIES

        member = _area_ids(user, AGENCY_ROLES)
        if member:
            listed = AgendaItem.objects.filter(
                case=OuterRef("pk"),
                meeting__status__in=VISIBLE_TO_AGENCIES,
                meeting__invited_agencies=user.agency_id,
            )
            rule |= Q(area_id__in=member) & Q(Exists(listed))
    # A declared conflict of interest removes access everywhere.
    conflicted = ConflictOfInterest.objects.filter(user=user, case=OuterRef("pk"))
    return rule & ~Q(Exists(conflicted))


def cases_for_user(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(user)).select_related("area", "victim")


def case_get_for_user(user: User, case_id: int | str) -> Case:
    try:
        return cases_for_user(user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def case_history(case: Case) -> QuerySet[Referral]:
    return (
        case.referrals.filter(status=ReferralStatus.RECEIVED)
        .select_related("referring_agency", "checklist__instrument")
        .order_by("-submitted_at")
    )


def incoming_transfers(user: User) -> QuerySet[CaseTransfer]:
    return (
        CaseTransfer.objects.filter(status=TransferStatus.PENDING, to_area_id__in=_area_ids(user, COORDINATING_ROLES))
        .select_related("case", "from_area", "to_area", "requested_by")
        .order_by("requested_at")
    )


def transfer_get_for_user(user: User, transfer_id: int | str) -> CaseTransfer:
    """The sending or receiving coordinators may see a transfer."""
    areas = _area_ids(user, COORDINATING_ROLES)
    try:
        return (
            CaseTransfer.objects.filter(Q(to_area_id__in=areas) | Q(from_area_id__in=areas))
            .select_related("case", "from_area", "to_area", "new_case")
            .get(pk=transfer_id)
        )
    except (CaseTransfer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- People: matching ------------------------------------------------------------

MATCH_THRESHOLD = 0.45
FAMILY_THRESHOLD = 0.3


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def strong_matches(*, given_names: str, family_name: str, date_of_birth: date | None) -> QuerySet[Person]:
    """Records that are surely the same person: same names (or alias) and
    date of birth. Used by the system itself (repeat detection, linking);
    never shown to a user who may not see the records."""
    if not (given_names and family_name and date_of_birth):
        return Person.objects.none()
    given, family = _normal(given_names), _normal(family_name)
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
    from django.db.models import IntegerField, prefetch_related_objects

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


def last_referral_of(person: Person, *, exclude: Referral | None = None) -> Referral | None:
    """The victim's most recent referral to any MARAC on this system."""
    referrals = Referral.objects.filter(
        status__in=[ReferralStatus.SUBMITTED, ReferralStatus.RECEIVED],
        case__isnull=False,
        case__victim=person,
        submitted_at__isnull=False,
    )
    if exclude is not None:
        referrals = referrals.exclude(pk=exclude.pk)
    return referrals.select_related("case").order_by("-submitted_at").first()


def perpetrators_of(case: Case) -> set[int]:
    return set(CaseParty.objects.filter(case=case, role=PartyRole.PERPETRATOR).values_list("person_id", flat=True))


def referral_people(referral: Referral, role: str) -> list[ReferralPerson]:
    return [p for p in referral.people.all() if p.role == role]


# --- People: search ("Find a person") ------------------------------------------------

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
    areas = set(_area_ids(user, [*COORDINATING_ROLES, *QUALITY_ASSURER_ROLES, *AGENCY_CASE_ROLES]))
    coordinated = _area_ids(user, COORDINATING_ROLES)
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
    given, family = _normal(given_names), _normal(family_name)
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
    searched_cases = visible_cases
    if typed_reference:
        searched_cases = visible_cases.filter(reference__in=sorted({typed_reference.upper(), typed_reference}))
    people = Person.objects.filter(
        pk__in=CaseParty.objects.filter(case_id__in=searched_cases.values("pk")).values("person_id")
    )

    name_score: Expression = Value(0.0)
    alias_score: Expression = Value(0.0)
    if given or family:
        if not typed_reference:
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
            people = people.filter(pk__in=candidates)
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

    visible_parts = (
        CaseParty.objects.filter(case_id__in=visible_cases.values("pk"))
        .select_related("case__area")
        .order_by("-case__created_at", "case_id", "role")
    )
    rows = list(
        # Only the score is selected: the alias subquery runs once a row.
        people.alias(name_score=name_score, alias_score=alias_score)
        .annotate(score=Greatest("name_score", "alias_score") + dob_score)
        .order_by("-score", "family_name", "given_names", "pk")
        .prefetch_related(
            Prefetch("case_parties", queryset=visible_parts, to_attr="visible_parts"),
            Prefetch("aliases", queryset=PersonAlias.objects.order_by("family_name", "given_names", "pk")),
        )[: limit + 1]
    )
    found = [
        FoundPerson(
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
        for person in rows[:limit]
    ]
    return PeopleSearch(people=found, more=len(rows) > limit, by=by)
