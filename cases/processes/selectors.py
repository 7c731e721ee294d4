"""Reading a case's links to other processes, and how often it has been heard (a case heard three times or
more in 12 months is flagged for a multi-agency review). The case itself is read through
``cases.selectors.case_get_for_user`` first: these take a case the user may see, or count without naming."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from cases.models import AgendaItem, Case, MeetingStatus, ProcessLink
from marac.models import User
from marac.roles import INVITED_AGENCY_ROLES
from marac.selectors import area_ids_for, user_coordinates

REVIEW_HEARINGS = 3  # heard this many times in 12 months: flag the case for a multi-agency review
YEAR = timedelta(days=365)


def process_links(case: Case) -> QuerySet[ProcessLink]:
    return case.process_links.select_related("agency").order_by("ended_on", "-started_on", "-id")


def may_record_processes(user: User, case: Case) -> bool:
    """The area's coordinators and chairs, and the representatives of agencies in the case's area (who see
    the case: ``case_get_for_user`` first) record and end links."""
    if user_coordinates(user, case.area_id):
        return True
    return user.agency_id is not None and case.area_id in area_ids_for(user, INVITED_AGENCY_ROLES)


def hearings_in_year(case_ids: Iterable[int], on: date) -> dict[int, int]:
    """For each case, the meetings that heard it (or are hearing it) in the 12 months up to ``on``
    (one query)."""
    ids = list(case_ids)
    if not ids:
        return {}
    rows = (
        AgendaItem.objects.filter(case_id__in=ids, meeting__date__gt=on - YEAR, meeting__date__lte=on)
        .filter(Q(meeting__status__in=(MeetingStatus.HELD, MeetingStatus.IN_PROGRESS)))
        .values("case_id")
        .annotate(n=Count("meeting_id", distinct=True))
        .values_list("case_id", "n")
    )
    return dict(rows)


def processes_context(user: User, case: Case, on: date) -> dict[str, Any]:
    """What the case and live pages show: the links, and whether the case is due a multi-agency review."""
    hearings = hearings_in_year([case.pk], on).get(case.pk, 0)
    return {
        "process_links": list(process_links(case)),
        "may_record_processes": may_record_processes(user, case),
        "hearings_this_year": hearings,
        "review_due": hearings >= REVIEW_HEARINGS,
    }


def review_due(case_ids: Iterable[int], on: date) -> set[int]:
    """Those of ``case_ids`` heard ``REVIEW_HEARINGS`` times or more in the 12 months up to ``on``."""
    return {case_id for case_id, n in hearings_in_year(case_ids, on).items() if n >= REVIEW_HEARINGS}
