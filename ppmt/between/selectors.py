"""Reading the actions agencies have taken or propose: one's own agency's (the research page), and every
agency's submitted ones (the chair, on the live page), as findings are shared."""

from __future__ import annotations

from cases.models import AgendaItem
from ppmt.models import AgencyAction, ResearchStatus, ResearchSubmission


def own_agency_actions(submission: ResearchSubmission | None) -> list[AgencyAction]:
    if submission is None:
        return []
    return list(submission.agency_actions.filter(withdrawn=False).order_by("kind", "created_at", "id"))


def shared_agency_actions(item: AgendaItem) -> list[AgencyAction]:
    """Every agency's actions on ``item`` from submitted research, by agency then kind (one query)."""
    return list(
        AgencyAction.objects.filter(submission__item=item, withdrawn=False)
        .exclude(submission__status=ResearchStatus.DRAFT)
        .select_related("submission__agency")
        .order_by("submission__agency__name", "kind", "created_at", "id")
    )
