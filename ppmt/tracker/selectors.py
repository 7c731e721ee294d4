"""The research tracker: every case on a meeting's agenda by invited agency, for the area's coordinators
and chairs (the view checks that), at 40 cases x 12 agencies.

A case an agency has not touched is "not started" until the research deadline and "missing" after it. The
tracker can be narrowed to one agency and to what is outstanding or done, and sorted by agenda order or by
the cases with most outstanding first. Each agency's totals say when it was last reminded and whether the
coordinator may remind it now (``ppmt.tracker.services.research_remind_now``). Constant queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max
from django.utils import timezone

from cases.meetings import selectors as meeting_selectors
from cases.models import AgendaItem, Meeting, MeetingStatus
from marac.models import Agency, User
from ppmt.models import ResearchReminderSent, ResearchSubmission, SurvivorVoice

NOT_STARTED, MISSING, DRAFT = "not_started", "missing", "draft"
OUTSTANDING = frozenset({NOT_STARTED, MISSING, DRAFT})
LABELS = {
    "submitted": "Researched",
    "voice": "Voice recorded",
    "not_known": "Not known",
    DRAFT: "Draft",
    NOT_STARTED: "Not started",
    MISSING: "Missing",
}
COLOURS = {
    "submitted": "green",
    "voice": "green",
    "not_known": "blue",
    DRAFT: "yellow",
    NOT_STARTED: "grey",
    MISSING: "red",
}
SHOWING = {"all": "Every case", "outstanding": "Research outstanding", "done": "Research done"}
SORTS = {"agenda": "Agenda order", "outstanding": "Most outstanding first"}


@dataclass(frozen=True)
class Cell:
    agency: Agency
    status: str

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def colour(self) -> str:
        return COLOURS[self.status]

    @property
    def outstanding(self) -> bool:
        return self.status in OUTSTANDING


@dataclass
class TrackerRow:
    item: AgendaItem
    cells: list[Cell] = field(default_factory=list)
    voice: bool = False

    @property
    def outstanding(self) -> int:
        return sum(1 for cell in self.cells if cell.outstanding)


@dataclass(frozen=True)
class AgencyTotals:
    """One invited agency across the agenda: what it has done, and its reminders."""

    agency: Agency
    done: int
    outstanding: int
    last_reminded: date | None
    may_remind: bool


@dataclass(frozen=True)
class Tracker:
    agencies: list[Agency]  # the columns shown (one, when narrowed to an agency)
    rows: list[TrackerRow]
    totals: list[AgencyTotals]  # every invited agency
    deadline_passed: bool
    cases: int  # on the agenda, before narrowing


def _status(submitted: str | None, voice_by_agency: bool, deadline_passed: bool) -> str:
    if submitted is not None:
        return submitted
    if voice_by_agency:
        return "voice"  # the IDAA's contribution is the survivor's voice
    return MISSING if deadline_passed else NOT_STARTED


def research_tracker(
    meeting: Meeting, user: User, *, agency: Agency | None = None, showing: str = "all", sort: str = "agenda"
) -> Tracker:
    """The tracker of ``meeting`` as ``user`` (a coordinator or chair of its area) sees it."""
    invited = list(meeting.invited_agencies.order_by("name"))
    items = [row.item for row in meeting_selectors.agenda_for(meeting, user).rows]
    submitted = {
        (s.item_id, s.agency_id): s.status
        for s in ResearchSubmission.objects.filter(item__in=items).only("item_id", "agency_id", "status")
    }
    voice_by = dict(SurvivorVoice.objects.filter(item__in=items).values_list("item_id", "recorded_by_agency_id"))
    passed = timezone.now() > meeting.research_deadline

    def cells(item: AgendaItem) -> list[Cell]:
        voice = voice_by.get(item.pk)
        return [Cell(a, _status(submitted.get((item.pk, a.pk)), voice == a.pk, passed)) for a in invited]

    every = [TrackerRow(item=item, cells=cells(item), voice=item.pk in voice_by) for item in items]
    totals = _totals(meeting, invited, every)
    columns = [agency] if agency is not None else invited
    rows = [_narrowed(row, columns) for row in every]
    if showing == "outstanding":
        rows = [row for row in rows if row.outstanding]
    elif showing == "done":
        rows = [row for row in rows if not row.outstanding]
    if sort == "outstanding":
        rows.sort(key=lambda row: -row.outstanding)  # stable: agenda order within the same count
    return Tracker(agencies=columns, rows=rows, totals=totals, deadline_passed=passed, cases=len(items))


def _narrowed(row: TrackerRow, columns: list[Agency]) -> TrackerRow:
    wanted = {agency.pk for agency in columns}
    return TrackerRow(item=row.item, cells=[c for c in row.cells if c.agency.pk in wanted], voice=row.voice)


def _totals(meeting: Meeting, invited: list[Agency], rows: list[TrackerRow]) -> list[AgencyTotals]:
    last = dict(
        ResearchReminderSent.objects.filter(meeting=meeting)
        .values("agency_id")
        .annotate(last=Max("sent_on"))
        .values_list("agency_id", "last")
    )
    today = timezone.localdate()
    open_for_research = meeting.status == MeetingStatus.CIRCULATED
    totals = []
    for column, agency in enumerate(invited):
        outstanding = sum(1 for row in rows if row.cells[column].outstanding)
        totals.append(
            AgencyTotals(
                agency=agency,
                done=len(rows) - outstanding,
                outstanding=outstanding,
                last_reminded=last.get(agency.pk),
                may_remind=open_for_research and outstanding > 0 and last.get(agency.pk) != today,
            )
        )
    return totals
