"""Read queries for actions. An agency's representatives see the actions it
owns or shares, and someone named on a case (the allocated IDAA, a keyworker)
those on that case; coordinators and chairs see their areas' actions; a
conflict of interest removes the case's actions too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone

from actions import checks
from actions.models import OUTSTANDING, Action, ActionFocus
from cases.caselist.providers import per_case
from cases.grants.selectors import granted_area_ids, granted_case_ids
from cases.meetings.minutes.providers import MinutesAction
from cases.models import AgendaItem, Case, CaseTransfer, ConflictOfInterest, Meeting, TransferStatus
from cases.selectors import case_still_with_agencies
from cases.status.providers import OpenAction
from marac.http import int_or_404
from marac.models import User
from marac.roles import COORDINATING_ROLES, INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for


def action_visibility(user: User) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    coordinated = area_ids_for(user, COORDINATING_ROLES)
    rule = Q(area_id__in=coordinated)
    areas = set(coordinated)
    if user.agency_id:
        joint = Action.joint_agencies.through.objects.filter(action_id=OuterRef("pk"), agency_id=user.agency_id)
        agencys = Q(owner_agency_id=user.agency_id) | Q(Exists(joint))
        # Representatives follow all their agency's actions; someone named on a case, those on that case.
        member = area_ids_for(user, INVITED_AGENCY_ROLES)
        # ... until the case has been closed for the access period (ADR 0005); coordinators and chairs keep it.
        rule |= (Q(area_id__in=member) | Q(case_id__in=granted_case_ids(user))) & agencys & case_still_with_agencies()
        areas |= {*member, *granted_area_ids(user)}
    conflicted = ConflictOfInterest.objects.active().filter(user=user, case_id=OuterRef("case_id"))
    # Every action the rule lets through is in one of these areas: said first, as constants, so PostgreSQL reads
    # the (area, status, due) index for those areas rather than the country's open actions (measured at
    # 1,000,000 cases: "My agency's actions" read 212,000 open actions to keep 802, in 300 ms).
    return Q(area_id__in=sorted(areas)) & rule & ~Q(Exists(conflicted))


def actions_for_user(user: User) -> QuerySet[Action]:
    return Action.objects.filter(action_visibility(user)).select_related("case", "owner_agency", "item__meeting")


def action_get_for_user(user: User, action_id: int | str) -> Action:
    try:
        return actions_for_user(user).prefetch_related("joint_agencies").get(pk=int_or_404(action_id))
    except Action.DoesNotExist as exc:
        raise Http404 from exc


FILTERS = {
    "outstanding": "Outstanding",
    "due": "Due in the next 14 days",
    "overdue": "Overdue",
    "completed": "Completed",
    "all": "All",
}


def filtered(actions: QuerySet[Action], name: str) -> QuerySet[Action]:
    today = timezone.localdate()
    if name == "due":
        return actions.filter(status__in=OUTSTANDING, due_date__gte=today, due_date__lte=today + timedelta(days=14))
    if name == "overdue":
        return actions.filter(status__in=OUTSTANDING, due_date__lt=today)
    if name == "completed":
        return actions.filter(status="completed").order_by("-closed_at")
    if name == "all":
        return actions
    return actions.filter(status__in=OUTSTANDING)


def _sent_here(case_ids: QuerySet[Case, int] | list[int]) -> QuerySet[CaseTransfer]:
    """Accepted transfers whose new case is one of ``case_ids``: a case's actions from the sending MARAC
    follow it (its agenda counts them, its hearing lists them)."""
    return CaseTransfer.objects.filter(new_case_id__in=case_ids, status=TransferStatus.ACCEPTED)


def outstanding_counts(items: list[AgendaItem]) -> dict[int, int]:
    """Agenda item id -> outstanding actions on the case from EARLIER meetings, including those of the
    MARAC that transferred it here (two index-backed queries: the transfers, then the actions)."""
    if not items:
        return {}
    by_case = {item.case_id: item for item in items}
    sent = dict(_sent_here(list(by_case)).values_list("case_id", "new_case_id"))
    here = {case_id: case_id for case_id in by_case} | sent
    rows = (
        Action.objects.filter(case_id__in=list(here), status__in=OUTSTANDING)
        .exclude(item__meeting_id=items[0].meeting_id)
        .values("case_id")
        .annotate(n=Count("id"))
    )
    counts: dict[int, int] = {}
    for row in rows:
        item = by_case[here[row["case_id"]]]
        counts[item.pk] = counts.get(item.pk, 0) + row["n"]
    return counts


def case_has_outstanding() -> Q:
    """For the case list: the case (``OuterRef("pk")``) has an outstanding action (index action_case_status)."""
    return per_case(Action.objects.filter(case_id=OuterRef("pk"), status__in=OUTSTANDING))


def outstanding_counts_by_case(case_ids: list[int]) -> dict[int, int]:
    """For the case list: case id -> its outstanding actions (one query)."""
    rows = (
        Action.objects.filter(case_id__in=case_ids, status__in=OUTSTANDING)
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"))
    )
    return {row["case_id"]: row["n"] for row in rows}


def outstanding_for_case(case: Case, *, exclude_item: AgendaItem | None = None) -> QuerySet[Action]:
    """The case's outstanding actions, and those of the MARAC that transferred it here (the chair sees them
    at the hearing)."""
    sent = list(_sent_here([case.pk]).values_list("case_id", flat=True))
    actions = Action.objects.filter(case_id__in=[case.pk, *sent], status__in=OUTSTANDING).select_related("owner_agency")
    if exclude_item is not None:
        actions = actions.exclude(item=exclude_item)
    return actions.order_by("due_date")


def smart_flags(action: Action | dict[str, Any]) -> list[str]:
    """Prompts when a recorded action is not SMART (actions recorded before the checks of
    ``actions.checks``, or recorded as written after the vague-wording prompt)."""
    get = action.get if isinstance(action, dict) else (lambda key, default=None: getattr(action, key, default))
    flags = []
    if problem := checks.description_problem(str(get("description", "") or ""), vague_ok=False):
        flags.append(problem.split(", or tick")[0])
    if not get("owner_agency_id", None) and not get("owner_agency", None):
        flags.append("Name the one agency that owns this action")
    if not get("due_date", None):
        flags.append("Give a due date")
    return flags


def plan_needs_perpetrator_action(item: AgendaItem) -> bool:
    """True when the case's plan at this meeting has no action addressing the person causing harm."""
    return not Action.objects.filter(item=item, focus=ActionFocus.PERPETRATOR).exclude(status="superseded").exists()


def open_actions_for_case(case: Case) -> list[OpenAction]:
    """The case's open and in-progress actions, for "Close this case" (registered in ``actions.apps``):
    one query, however many there are. Shown only to the area's coordinators and chairs, who see them all."""
    rows = Action.objects.filter(case=case, status__in=OUTSTANDING).select_related("owner_agency")
    return [
        OpenAction(
            reference=action.reference,
            owner=action.owner_agency.name,
            description=action.description,
            due_date=action.due_date,
            status=action.get_status_display(),
        )
        for action in rows.order_by("due_date", "id")
    ]


def agency_actions_on_hearing(case: Case, meeting: Meeting, agency_id: int) -> list[Action]:
    """The actions agreed for ``case`` at ``meeting`` that the agency owns or shares, each with
    ``is_owner``, for the outcome page (registered in ``actions.apps``): one query, however many.
    The caller has checked the viewer may see the case."""
    joint = Action.joint_agencies.through.objects.filter(action_id=OuterRef("pk"), agency_id=agency_id)
    owner = Q(owner_agency_id=agency_id)
    return list(
        Action.objects.filter(case=case, item__meeting=meeting)
        .filter(owner | Q(Exists(joint)))
        .annotate(is_owner=ExpressionWrapper(owner, output_field=BooleanField()))
        .select_related("owner_agency")
        .order_by("due_date", "id")
    )


def actions_agreed_at(meeting: Meeting) -> list[MinutesAction]:
    """Every action agreed at ``meeting``, for its minutes (registered in ``actions.apps``): one query for
    the whole meeting, joint agencies gathered into arrays. Who may read which is decided by the minutes."""

    def joint(name: str) -> ArrayAgg:
        joint_only = Q(joint_agencies__isnull=False)
        return ArrayAgg(name, filter=joint_only, order_by="joint_agencies__name", default=Value([]))

    rows = (
        Action.objects.filter(item__meeting_id=meeting.pk, withdrawn_at__isnull=True)  # not removed as a mistake
        .select_related("owner_agency")
        .annotate(
            joint_ids=joint("joint_agencies__id"),
            joint_names=joint("joint_agencies__name"),
        )
        .order_by("item_id", "due_date", "id")
    )
    return [
        MinutesAction(
            item_id=action.item_id or 0,  # never 0: only actions agreed on an agenda item are read
            reference=action.reference,
            owner_agency_id=action.owner_agency_id,
            owner=action.owner_agency.name,
            joint_agency_ids=tuple(action.joint_ids),
            joint=tuple(action.joint_names),
            description=action.description,
            due_date=action.due_date,
            status=action.get_status_display(),
        )
        for action in rows
    ]
