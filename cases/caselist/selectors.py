"""Read queries of the coordinator's case list: the cases of the areas the user coordinates or
chairs, filtered, sorted, a page at a time, and what each row of a page shows.

Built for an area of 100,000 cases (1,000,000 in the country). Each filter and sort is served by an
index (migration cases 0014, and the ones before it), so a page costs the rows it reads, not the area:

- sorts: ``case_area_heard`` (area, last heard, id), ``case_area_created`` (area, created_at, id),
  ``case_area_reference`` (area, reference); the status filter is checked on the rows walked in that
  order (most of an area's cases over the years are closed, the default shows the open ones);
- meeting: the agenda's (meeting, case) unique index; children: ``case_party_child`` (a partial index of
  child parties); repeat: ``referral_case_sent`` (case, status, submitted_at, including is_repeat);
  outstanding actions: the actions app's (case, status) index, through ``providers``;
- days since last heard: a range of ``case_area_heard``; reference: ``case_reference_trgm`` (trigrams).

The count behind "page 3 of 40" is capped (``COUNT_CAP``): counting stops after that many cases, so a
wide filter over a large area costs no more than a narrow one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.caselist import providers
from cases.models import (
    AgendaItem,
    Case,
    CaseParty,
    ConflictOfInterest,
    Meeting,
    MeetingStatus,
    PartyRole,
    Referral,
    ReferralStatus,
)
from marac.models import MaracArea, User
from marac.roles import COORDINATING_ROLES
from marac.selectors import area_ids_for

PAGE_SIZE = 50
COUNT_CAP = 1_000  # 20 pages: beyond them, a filter or the other sort order
# The meetings offered in the meeting filter: those planned, and those held in this many days.
MEETINGS_BACK_DAYS = 400

SORTS = ("referred", "last-heard", "reference")


@dataclass(frozen=True)
class CaseListFilters:
    """What the list is narrowed to, and how it is sorted (from ``CaseListForm``)."""

    area_ids: list[int]
    statuses: list[str]
    meeting_id: int | None = None
    repeat: bool | None = None
    children: bool | None = None
    outstanding: bool | None = None
    not_heard_for_days: int | None = None
    reference: str = ""
    sort: str = "referred"
    descending: bool = True


@dataclass(frozen=True)
class CaseRow:
    """One row of the list: the case (with its victim) and what the columns show."""

    case: Case
    next_meeting: Meeting | None
    outstanding: int
    children: bool
    repeat: bool


def caselist_areas(user: User) -> QuerySet[MaracArea]:
    """The areas whose cases the user lists: those they coordinate or chair."""
    return MaracArea.objects.filter(pk__in=area_ids_for(user, COORDINATING_ROLES), is_active=True).order_by("name")


def caselist_meetings(area_ids: list[int]) -> QuerySet[Meeting]:
    """The meetings offered in the meeting filter: the areas' planned meetings and those of the last year."""
    since = timezone.localdate() - timedelta(days=MEETINGS_BACK_DAYS)
    return (
        Meeting.objects.filter(area_id__in=area_ids, date__gte=since)
        .select_related("area")
        .order_by("-date", "-start_time", "-id")
    )


def repeat_condition() -> Q:
    """The case (``OuterRef("pk")``) is a repeat: a received referral flagged as a repeat, or more than one."""
    received = Referral.objects.filter(case_id=OuterRef("pk"), status=ReferralStatus.RECEIVED)
    return providers.per_case(received.filter(is_repeat=True), second=received)


def children_condition() -> Q:
    """The case (``OuterRef("pk")``) names a child."""
    return providers.per_case(CaseParty.objects.filter(case_id=OuterRef("pk"), role=PartyRole.CHILD))


def _ordering(sort: str, descending: bool) -> list[Any]:
    """Each order is one of ``Case``'s indexes read forwards or backwards; the id makes it total."""
    if sort == "last-heard":
        # Most recently heard first, never heard last; or the longest since heard first, never heard first.
        if descending:
            return [F("last_heard_on").desc(nulls_last=True), "-id"]
        return [F("last_heard_on").asc(nulls_first=True), "id"]
    if sort == "reference":
        return ["-reference"] if descending else ["reference"]
    return ["-created_at", "-id"] if descending else ["created_at", "id"]


def _flag(cases: QuerySet[Case], wanted: bool | None, condition: Q) -> QuerySet[Case]:
    if wanted is None:
        return cases
    return cases.filter(condition) if wanted else cases.exclude(condition)


def case_list(user: User, filters: CaseListFilters) -> QuerySet[Case]:
    """The cases of the user's coordinated areas (less those they declared a conflict on), filtered and
    sorted. Areas the user does not coordinate are never listed, whatever ``filters`` names."""
    areas = [pk for pk in filters.area_ids if pk in area_ids_for(user, COORDINATING_ROLES)]
    conflicted = ConflictOfInterest.objects.active().filter(user=user, case_id=OuterRef("pk"))
    cases = Case.objects.filter(area_id__in=areas).exclude(Exists(conflicted))
    if filters.statuses:
        cases = cases.filter(status__in=filters.statuses)
    if filters.meeting_id is not None:
        cases = cases.filter(pk__in=AgendaItem.objects.filter(meeting_id=filters.meeting_id).values("case_id"))
    cases = _flag(cases, filters.repeat, repeat_condition())
    cases = _flag(cases, filters.children, children_condition())
    cases = _flag(cases, filters.outstanding, providers.has_outstanding_actions())
    if filters.not_heard_for_days is not None:
        cases = cases.filter(last_heard_on__lte=timezone.localdate() - timedelta(days=filters.not_heard_for_days))
    if filters.reference:
        cases = cases.filter(reference__icontains=filters.reference)
    return cases.select_related("victim").order_by(*_ordering(filters.sort, filters.descending))


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Pages of a list whose count stops at ``COUNT_CAP``, in two queries however wide the filter: the ids of
    the first ``COUNT_CAP`` + 1 cases in the list's order (PostgreSQL walks the sort's index, or filters the
    area's cases once, and stops at the cap), which give the count and the page; then the page's cases.
    Counting and reading the page separately filtered the area's cases twice (measured at 1,000,000 cases,
    every filter at once: 34 ms for the count, 28 ms for the page)."""

    @cached_property
    def _ids(self) -> list[int]:
        cases: QuerySet[Case] = self.object_list  # type: ignore[assignment]
        return list(cases.values_list("pk", flat=True)[: COUNT_CAP + 1])

    @cached_property
    def count(self) -> int:
        return len(self._ids)

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._ids[bottom : bottom + self.per_page]
        cases: QuerySet[Case] = self.object_list  # type: ignore[assignment]
        by_id = {case.pk: case for case in cases.filter(pk__in=ids).order_by()}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def _next_meetings(case_ids: list[int]) -> dict[int, Meeting]:
    """Case id -> the next meeting it is listed for (today or later, neither held nor cancelled)."""
    items = (
        AgendaItem.objects.filter(case_id__in=case_ids, meeting__date__gte=timezone.localdate())
        .exclude(meeting__status__in=(MeetingStatus.HELD, MeetingStatus.CANCELLED))
        .select_related("meeting")
        .order_by("-meeting__date", "-meeting__start_time")
    )
    return {item.case_id: item.meeting for item in items}  # the earliest wins: it comes last


def case_rows(cases: list[Case]) -> list[CaseRow]:
    """What the list shows for each case of a page: four queries and the provider's one, however many cases."""
    ids = [case.pk for case in cases]
    if not ids:
        return []
    meetings = _next_meetings(ids)
    outstanding = providers.outstanding_counts(ids)
    children = set(CaseParty.objects.filter(case_id__in=ids, role=PartyRole.CHILD).values_list("case_id", flat=True))
    referrals = (
        Referral.objects.filter(case_id__in=ids, status=ReferralStatus.RECEIVED)
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"), flagged=Count("id", filter=Q(is_repeat=True)))
    )
    repeats = {row["case_id"] for row in referrals if row["n"] > 1 or row["flagged"]}
    return [
        CaseRow(
            case=case,
            next_meeting=meetings.get(case.pk),
            outstanding=outstanding.get(case.pk, 0),
            children=case.pk in children,
            repeat=case.pk in repeats,
        )
        for case in cases
    ]
