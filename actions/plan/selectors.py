"""The action plan of a case: which of its actions a user sees, and which are persistently not completed.

Who sees the plan (docs/adr/0005-access-model.md): the area's coordinators and chairs, every action;
the representatives of an agency that attended a held meeting where actions on the case were agreed,
every agency's actions from the meetings (or, when present for some cases, the cases) it attended;
and, as on "My agency's actions", their own agency's actions (owned or shared) wherever agreed. A
conflict of interest removes the case's actions. Only the owning and joint agencies (and the
coordinators) update an action, on its own page; others read it here.

Persistent non-completion: an action still outstanding after its due date at a later held meeting of
the case, or marked not completed, or still outstanding after two or more later held meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404

from actions.models import OUTSTANDING, Action, ActionStatus, ActionUpdate
from actions.selectors import action_visibility, outstanding_for_case
from cases.models import AgendaItem, Attendance, AttendanceStatus, Case, ConflictOfInterest, Meeting, MeetingStatus
from cases.selectors import case_get_for_user, user_coordinates
from marac.models import User
from marac.roles import INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for

# The statuses an action can be persistently not completed in.
UNFINISHED = (*OUTSTANDING, ActionStatus.NOT_COMPLETED)

# The action is persistently not completed (on a queryset annotated by ``with_persistence``).
PERSISTENT = Q(status=ActionStatus.NOT_COMPLETED) | Q(
    Q(overdue_at_later=True) | Q(later_meetings__gte=2), status__in=OUTSTANDING
)


def _attended_where_agreed(user: User) -> Q:
    """Actions agreed at a held meeting the user's agency attended (for the case agreed on, when the
    agency was present for some cases only), in an area where the user represents their agency."""
    representing = area_ids_for(user, INVITED_AGENCY_ROLES)
    if not user.agency_id or not representing:
        return Q(pk__in=[])
    attended = Attendance.objects.filter(
        meeting_id=OuterRef("item__meeting_id"), agency_id=user.agency_id, meeting__status=MeetingStatus.HELD
    )
    whole = attended.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY])
    some = attended.filter(status=AttendanceStatus.PARTIAL, cases_attended=OuterRef("item_id"))
    conflicted = ConflictOfInterest.objects.active().filter(user=user, case_id=OuterRef("case_id"))
    return Q(area_id__in=representing) & (Q(Exists(whole)) | Q(Exists(some))) & ~Q(Exists(conflicted))


def plan_visibility(user: User) -> Q:
    """The actions a user sees on a case's plan (one rule for the page and the case page's link)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return action_visibility(user) | _attended_where_agreed(user)


def with_persistence(actions: QuerySet[Action]) -> QuerySet[Action]:
    """``actions`` annotated with the date each was agreed (its meeting's, else the day it was recorded),
    how many held meetings of its case came after, and whether one was held after it was due."""
    later = AgendaItem.objects.filter(
        case_id=OuterRef("case_id"), meeting__status=MeetingStatus.HELD, meeting__date__gt=OuterRef("agreed_on")
    )
    count = later.order_by().values("case_id").annotate(n=Count("meeting_id", distinct=True)).values("n")[:1]
    return actions.annotate(agreed_on=Coalesce(F("item__meeting__date"), TruncDate("created_at"))).annotate(
        later_meetings=Coalesce(Subquery(count), Value(0)),
        overdue_at_later=Exists(later.filter(meeting__date__gt=OuterRef("due_date"))),
    )


def persistent_since(action: Action) -> date | None:
    """When an action (from ``with_persistence``) persistently not completed was agreed; None if it is not."""
    if action.status == ActionStatus.NOT_COMPLETED or (
        action.status in OUTSTANDING
        and (getattr(action, "overdue_at_later", False) or getattr(action, "later_meetings", 0) >= 2)
    ):
        return getattr(action, "agreed_on", None)
    return None


def persistent_counts(items: list[AgendaItem]) -> dict[int, date]:
    """Agenda item id -> the earliest date an action on its case from an earlier meeting has been
    persistently not completed since (one query; registered for the agenda in ``actions.apps``)."""
    if not items:
        return {}
    by_case = {item.case_id: item for item in items}
    rows = (
        with_persistence(Action.objects.filter(case_id__in=list(by_case), status__in=UNFINISHED))
        .exclude(item__meeting_id=items[0].meeting_id)
        .filter(PERSISTENT)
        .values("case_id")
        .annotate(since=Min("agreed_on"))
    )
    return {by_case[row["case_id"]].pk: row["since"] for row in rows}


def earlier_outstanding(case: Case, *, exclude_item: AgendaItem | None) -> list[tuple[Action, date | None]]:
    """For the live meeting: the case's outstanding actions from earlier meetings, each with since when it
    has persistently not been completed (None if it has not), in one query."""
    actions = with_persistence(outstanding_for_case(case, exclude_item=exclude_item))
    return [(action, persistent_since(action)) for action in actions]


@dataclass(frozen=True)
class LastUpdate:
    """When an action was last updated, by whom and for which agency."""

    at: datetime
    by: str
    agency: str


@dataclass
class PlanAction:
    """One action as the plan shows it to one user."""

    action: Action
    last_update: LastUpdate | None
    may_update: bool
    overdue: bool
    since: date | None  # persistently not completed since (the date it was agreed)


@dataclass
class PlanMeeting:
    """The actions agreed at one meeting (``meeting`` None: recorded outside a meeting)."""

    meeting: Meeting | None
    actions: list[PlanAction] = field(default_factory=list)


@dataclass
class Plan:
    case: Case
    meetings: list[PlanMeeting]
    persistent: list[PlanAction]
    coordinating: bool

    @property
    def count(self) -> int:
        return sum(len(group.actions) for group in self.meetings)


def plan_actions(user: User, case: Case) -> QuerySet[Action]:
    """The case's actions the user sees on its plan, with what the page shows of each (its last update's
    time, author and author's agency among them), in one query and one for the joint agencies."""
    last = ActionUpdate.objects.filter(action_id=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        with_persistence(Action.objects.filter(case=case).filter(plan_visibility(user)))
        .annotate(
            last_update_at=Subquery(last.values("created_at")[:1]),
            last_update_by=Subquery(last.values("author__full_name")[:1]),
            last_update_agency=Subquery(last.values("author__agency__name")[:1]),
        )
        .select_related("owner_agency", "item__meeting")
        .prefetch_related("joint_agencies")
        .order_by(F("item__meeting__date").asc(nulls_last=True), "item__meeting_id", "due_date", "id")
    )


def plan_exists_for_user(user: User, case: Case) -> bool:
    """Does the user see the case's plan? (For the case page's link: one query.)"""
    return (
        user_coordinates(user, case.area_id) or Action.objects.filter(case=case).filter(plan_visibility(user)).exists()
    )


def _last_update(action: Action) -> LastUpdate | None:
    at = getattr(action, "last_update_at", None)
    if at is None:
        return None
    return LastUpdate(
        at=at, by=getattr(action, "last_update_by", "") or "", agency=getattr(action, "last_update_agency", "") or ""
    )


def plan_for_user(user: User, case_id: int | str, *, today: date) -> Plan:
    """The plan of the case the user sees: 404 if they cannot see the case, or see no action on it
    (the area's coordinators and chairs see it even before any action is agreed)."""
    case = case_get_for_user(user, case_id)
    coordinating = user_coordinates(user, case.area_id)
    actions = list(plan_actions(user, case))
    if not actions and not coordinating:
        raise Http404
    groups: list[PlanMeeting] = []
    persistent: list[PlanAction] = []
    for action in actions:
        meeting = action.item.meeting if action.item else None
        if not groups or groups[-1].meeting != meeting:
            groups.append(PlanMeeting(meeting))
        ours = {action.owner_agency_id, *(a.pk for a in action.joint_agencies.all())}
        row = PlanAction(
            action=action,
            last_update=_last_update(action),
            may_update=coordinating or (user.agency_id is not None and user.agency_id in ours),
            overdue=action.is_overdue(today),
            since=persistent_since(action),
        )
        groups[-1].actions.append(row)
        if row.since is not None:
            persistent.append(row)
    persistent.sort(key=lambda row: (row.since or today, row.action.pk))
    return Plan(case=case, meetings=groups, persistent=persistent, coordinating=coordinating)
