"""A person causing harm's pattern across cases (the Safe & Together view).

Perpetrators appear in several cases, with aliases; seeing one person's
pattern across partners protects new partners and children who have not
reported. The page lists, within the viewer's access only, every case
where the person is named as causing harm, the behaviours agencies
recorded against them over time, and warnings for professionals.

Visibility: cases come only from ``selectors.case_visibility`` (so another
area's case, or one with a declared conflict of interest, never appears);
research entries only through ``ppmt.selectors.visible_entries`` (restricted
entries reach only the listed agencies and the author's agency); what was shared
at a meeting only under the minutes' rule (``minuted_items_for_user``: the area's
coordinators and chairs, or the agencies that attended the case once the minutes
are distributed, unless they went out as actions only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import Http404
from django.utils import timezone

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.models import (
    AgendaItem,
    Case,
    CaseParty,
    PartyRole,
    Person,
    PersonAlias,
    Referral,
    ReferralStatus,
)
from marac.http import int_or_404
from marac.models import User
from ppmt.models import SharedInformation
from ppmt.selectors import visible_entries
from ppmt.stages import PpmtStage

PATTERN_STAGES = (PpmtStage.PATTERN, PpmtStage.PROFESSIONALS)


@dataclass(frozen=True)
class PatternCase:
    """One visible case where the person is named as causing harm."""

    case_id: int
    reference: str
    area_name: str
    victim_name: str
    relationship: str
    opened: date


@dataclass(frozen=True)
class PatternEntry:
    """A dated record about the person: shared at a meeting, found in research, or given on a referral."""

    when: date
    agency: str
    case_id: int
    case_reference: str
    text: str
    source: str  # "meeting", "research" or "referral"
    sort_key: datetime = field(repr=False, compare=False)


@dataclass
class PersonPattern:
    person: Person
    aliases: list[PersonAlias]
    cases: list[PatternCase]
    behaviours: list[PatternEntry]
    warnings: list[PatternEntry]

    @property
    def name(self) -> str:
        return str(self.person)


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime(value.year, value.month, value.day))


def _newest_first(entries: list[PatternEntry]) -> list[PatternEntry]:
    return sorted(entries, key=lambda e: (e.when, e.sort_key), reverse=True)


def person_pattern_for_user(user: User, person_id: int | str) -> PersonPattern:
    """The person's pattern across the cases ``user`` may see.

    404 unless the person is named as causing harm in at least one such
    case: the page never confirms that anyone else exists. Five queries,
    whatever the number of cases.
    """
    pk = int_or_404(person_id)
    visible = Case.objects.filter(selectors.case_visibility(user)).values("pk")
    parties = list(
        CaseParty.objects.filter(person_id=pk, role=PartyRole.PERPETRATOR, case_id__in=visible)
        .select_related("person", "case__area", "case__victim")
        .order_by("-case__created_at", "-case_id")
    )
    if not parties:
        raise Http404
    cases = [_pattern_case(party) for party in parties]
    case_ids = [c.case_id for c in cases]
    aliases = list(PersonAlias.objects.filter(person_id=pk).order_by("family_name", "given_names", "id"))
    found: dict[str, list[PatternEntry]] = {stage: [] for stage in PATTERN_STAGES}
    for stage, entry in [*_shared(user, case_ids), *_researched(user, case_ids), *_referral_warnings(case_ids)]:
        found[stage].append(entry)
    return PersonPattern(
        person=parties[0].person,
        aliases=aliases,
        cases=cases,
        behaviours=_newest_first(found[PpmtStage.PATTERN]),
        warnings=_newest_first(found[PpmtStage.PROFESSIONALS]),
    )


def _pattern_case(party: CaseParty) -> PatternCase:
    return PatternCase(
        case_id=party.case_id,
        reference=party.case.reference,
        area_name=party.case.area.name,
        victim_name=str(party.case.victim),
        relationship=party.relationship_to_victim,
        opened=timezone.localdate(party.case.created_at),
    )


def _shared(user: User, case_ids: list[int]) -> list[tuple[str, PatternEntry]]:
    """What agencies shared at meetings about the pattern, and for professionals (by stage), where
    the minutes' rule lets ``user`` read it."""
    items = meeting_selectors.minuted_items_for_user(user, shared=True).filter(case_id__in=case_ids)
    shared = (
        SharedInformation.objects.filter(item__in=items.values("pk"), stage__in=PATTERN_STAGES)
        .select_related("agency", "item__case")
        .order_by("recorded_at", "id")
    )
    return [
        (
            info.stage,
            PatternEntry(
                when=timezone.localdate(info.recorded_at),
                agency=info.agency.name,
                case_id=info.item.case_id,
                case_reference=info.item.case.reference,
                text=info.text,
                source="meeting",
                sort_key=info.recorded_at,
            ),
        )
        for info in shared
    ]


def _researched(user: User, case_ids: list[int]) -> list[tuple[str, PatternEntry]]:
    """The research findings ``user`` may see at those stages (by stage)."""
    items = AgendaItem.objects.filter(case_id__in=case_ids)
    research = (
        visible_entries(user, items)
        .filter(stage__in=PATTERN_STAGES)
        .select_related("submission__agency", "submission__item__case")
        .prefetch_related(None)  # restricted_to is not shown here: no extra query
    )
    return [
        (
            entry.stage,
            PatternEntry(
                when=entry.information_date or timezone.localdate(entry.created_at),
                agency=entry.submission.agency.name,
                case_id=entry.submission.item.case_id,
                case_reference=entry.submission.item.case.reference,
                text=entry.text,
                source="research",
                sort_key=_as_datetime(entry.information_date or entry.created_at),
            ),
        )
        for entry in research
    ]


def _referral_warnings(case_ids: list[int]) -> list[tuple[str, PatternEntry]]:
    """The risks to professionals given on the cases' received referrals."""
    referrals = (
        Referral.objects.filter(case_id__in=case_ids, status=ReferralStatus.RECEIVED)
        .exclude(risks_to_professionals="")
        .select_related("referring_agency", "case")
    )
    warnings: list[tuple[str, PatternEntry]] = []
    for referral in referrals:
        if not referral.risks_to_professionals.strip() or referral.case is None:
            continue
        when = referral.submitted_at or referral.received_at or referral.created_at
        entry = PatternEntry(
            when=timezone.localdate(when),
            agency=referral.referring_agency.name,
            case_id=referral.case.pk,
            case_reference=referral.case.reference,
            text=referral.risks_to_professionals,
            source="referral",
            sort_key=when,
        )
        warnings.append((PpmtStage.PROFESSIONALS, entry))
    return warnings
