"""Counter-allegations: the survivor of one case named as the person causing harm in another.

A person causing harm often presents as the victim: they report the survivor, or are referred as a victim
themselves. The source reports name it among what MARACs miss. When the survivor of a case is named as a person
causing harm elsewhere (and, the strongest sign, the two people appear with their roles reversed), the coordinator
and the chair are told so it is assessed as part of the pattern of behaviour, never taken at face value.

Only cases the user may see are ever named (``cases_for_user``): a case they may not see is not hinted at either.
Governance counts such cases over every case (a suppressed figure, no one named).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet

from cases.models import Case, CaseParty, PartyRole
from cases.selectors import cases_for_user
from marac.models import Role, User
from marac.selectors import area_ids_for

REVERSED = "both people are named in this case with their roles reversed"
SURVIVOR_CAUSING_HARM = "the survivor is named in this case as a person causing harm"
TOLD = (Role.COORDINATOR, Role.CHAIR)


@dataclass(frozen=True)
class CounterAllegation:
    """Another case (one the user may see) where this case's survivor is named as causing harm."""

    case_id: int
    reference: str
    reversed: bool

    @property
    def reason(self) -> str:
        return REVERSED if self.reversed else SURVIVOR_CAUSING_HARM


def counter_allegations(user: User, case_ids: Iterable[int]) -> dict[int, list[CounterAllegation]]:
    """For each of ``case_ids``: the other cases ``user`` may see where its survivor is named as causing harm
    (one query, whatever the number of cases). Only a coordinator or chair of the case's area is told."""
    ids = list(case_ids)
    if not ids or not may_be_told(user):
        return {}
    survivors = CaseParty.objects.filter(role=PartyRole.VICTIM, case_id__in=ids)
    # The other case's survivor is named as causing harm in the survivor's case: the roles reversed.
    other_survivors = CaseParty.objects.filter(case_id=OuterRef(OuterRef("case_id")), role=PartyRole.VICTIM)
    reversed_roles = CaseParty.objects.filter(
        case_id=OuterRef("survivor_case"), role=PartyRole.PERPETRATOR, person_id__in=other_survivors.values("person_id")
    )
    rows = (
        CaseParty.objects.filter(role=PartyRole.PERPETRATOR, case__in=cases_for_user(user))
        .filter(person__case_parties__in=survivors)
        .annotate(survivor_case=F("person__case_parties__case_id"))
        .exclude(case_id=F("survivor_case"))
        .filter(survivor_case__in=_told_about(user, ids))
        .annotate(reversed=Exists(reversed_roles))
        .values_list("survivor_case", "case_id", "case__reference", "reversed")
        .distinct()
        .order_by("survivor_case", "-reversed", "case__reference")
    )
    found: dict[int, list[CounterAllegation]] = {}
    for survivor_case, other, reference, is_reversed in rows:
        known = found.setdefault(survivor_case, [])
        if all(c.case_id != other for c in known):
            known.append(CounterAllegation(other, reference, is_reversed))
    return found


def may_be_told(user: User) -> bool:
    """Only a coordinator or chair is told (the people who assess the pattern before and at the meeting)."""
    return bool(area_ids_for(user, roles=TOLD))


def _told_about(user: User, case_ids: list[int]) -> QuerySet[Case]:
    """Those of ``case_ids`` in an area where ``user`` coordinates or chairs."""
    return Case.objects.filter(pk__in=case_ids, area_id__in=area_ids_for(user, roles=TOLD))


def counter_allegation_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Those of ``cases`` whose survivor is named as causing harm in another case (any case: for counting,
    never for naming)."""
    named_elsewhere = CaseParty.objects.filter(
        role=PartyRole.PERPETRATOR,
        person__case_parties__case_id=OuterRef("pk"),
        person__case_parties__role=PartyRole.VICTIM,
    ).exclude(case_id=OuterRef("pk"))
    return cases.filter(Exists(named_elsewhere))
