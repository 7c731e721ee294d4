"""Read queries for research and the survivor's voice.

A research entry restricted to named agencies is seen only by those
agencies and the agency that wrote it: everywhere (pages, the live meeting,
the pattern page, the API) reads entries through ``visible_entries``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from cases import selectors
from cases.grants.selectors import agency_invited_to_case, holds_grant, invited_agency_ids
from cases.meetings import selectors as meeting_selectors
from cases.models import VOICE_GRANTS, AgendaItem, Meeting, MeetingStatus
from cases.people.research_details import has_children
from marac.http import int_or_404, parse_id
from marac.models import Agency, User
from marac.roles import RESEARCHER_ROLES
from marac.selectors import area_ids_for
from ppmt.models import (
    ResearchEntry,
    ResearchStatus,
    ResearchSubmission,
    SharedInformation,
    SurvivorVoice,
    SurvivorVoiceRevision,
)
from ppmt.stages import PpmtStage

OPEN_FOR_RESEARCH = (MeetingStatus.CIRCULATED,)


def entry_visibility(user: User) -> Q:
    """Current entries the user's agency may read."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    current = Q(superseded_by__isnull=True, withdrawn=False)
    if not user.agency_id:
        return current & Q(restricted=False)  # a user with no agency sees what every agency sees
    restricted_to_me = ResearchEntry.restricted_to.through.objects.filter(
        researchentry_id=OuterRef("pk"), agency_id=user.agency_id
    )
    return Q(superseded_by__isnull=True, withdrawn=False) & (
        Q(restricted=False) | Q(submission__agency_id=user.agency_id) | Q(Exists(restricted_to_me))
    )


def visible_entries(user: User, items: list[AgendaItem] | QuerySet[AgendaItem, Any]) -> QuerySet[ResearchEntry]:
    return (
        ResearchEntry.objects.filter(entry_visibility(user), submission__item__in=items)
        .exclude(submission__status=ResearchStatus.DRAFT)
        .select_related("submission__agency", "submission__item")
        .prefetch_related("restricted_to")
        .order_by("stage", "created_at")
    )


def item_for_researcher(user: User, meeting_id: int, item_id: int) -> AgendaItem:
    """An agenda item the user researches for their invited agency (404 otherwise): its
    representatives research every case on the agenda, a person named on a case (the allocated
    IDAA, a keyworker) that case; an agency invited to one case alone (a specialist service) that case."""
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    if not user.agency_id:
        raise Http404
    if not meeting.invited_agencies.filter(pk=user.agency_id).exists():
        item = item_to_read(user, meeting, item_id)
        if not agency_invited_to_case(user.agency_id, item.case_id):
            raise Http404
        return item
    item = item_to_read(user, meeting, item_id)
    if meeting.area_id not in area_ids_for(user, RESEARCHER_ROLES) and not holds_grant(user, item.case_id):
        raise Http404
    return item


def item_to_read(user: User, meeting: Meeting, item_id: int | str) -> AgendaItem:
    """An item of a meeting the user sees, whose case they may see (404 otherwise: for example a
    case on an agenda they see only in part, or one they declared a conflict of interest on)."""
    try:
        item = (
            meeting_selectors.agenda_items_for_user(meeting, user)
            .select_related("case", "meeting", "meeting__area")
            .get(pk=int_or_404(item_id))
        )
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    if not selectors.cases_for_user(user).filter(pk=item.case_id).exists():
        raise Http404
    return item


def may_record_voice(user: User, item: AgendaItem) -> bool:
    """The survivor's voice is written by the IDAA allocated to the case, or the worker named to
    record it where no IDAA could reach the survivor; nobody else."""
    return holds_grant(user, item.case_id, VOICE_GRANTS)


def voice_revisions(voice: SurvivorVoice | None) -> list[SurvivorVoiceRevision]:
    """The versions of the survivor's voice that later saves replaced, newest first."""
    if voice is None:
        return []
    return list(voice.revisions.select_related("recorded_by", "recorded_by_agency").order_by("-version"))


def agency_research_status(meeting: Meeting, agency_id: int) -> dict[int, str]:
    """Agenda item id -> the agency's research status on it ("draft", "researched", "not known to us")."""
    return {
        s.item_id: s.get_status_display().lower()
        for s in ResearchSubmission.objects.filter(item__meeting=meeting, agency_id=agency_id)
    }


def own_submission(user: User, item: AgendaItem) -> ResearchSubmission | None:
    if user.agency_id is None:
        return None
    return ResearchSubmission.objects.filter(item=item, agency_id=user.agency_id).first()


def own_entry(user: User, item: AgendaItem, entry_id: int | str) -> ResearchEntry | None:
    """One of the user's agency's findings on the item (to amend or withdraw), or None."""
    pk = parse_id(entry_id)
    if user.agency_id is None or pk is None:
        return None
    return ResearchEntry.objects.filter(pk=pk, submission__item=item, submission__agency_id=user.agency_id).first()


def own_entries(submission: ResearchSubmission | None) -> list[ResearchEntry]:
    if submission is None:
        return []
    return list(
        submission.entries.filter(superseded_by__isnull=True, withdrawn=False)
        .prefetch_related("restricted_to")
        .order_by("stage", "created_at")
    )


def entry_history(submission: ResearchSubmission) -> list[ResearchEntry]:
    """Amended and withdrawn entries, kept as history."""
    return list(
        submission.entries.filter(Q(superseded_by__isnull=False) | Q(withdrawn=True))
        .select_related("created_by")
        .order_by("-created_at")
    )


@dataclass
class StageMaterial:
    stage: PpmtStage
    research: list[ResearchEntry]
    shared: list[Any]
    voice_strengths: bool = False
    hidden: int = 0

    @property
    def is_gap(self) -> bool:
        return not self.research and not self.shared and not self.voice_strengths and not self.hidden


def chair_material(user: User, item: AgendaItem) -> dict[str, Any]:
    """Research from every agency by PPMT stage, the survivor's voice, and the gaps."""
    entries = list(visible_entries(user, [item]))
    shared = list(SharedInformation.objects.filter(item=item).select_related("agency").order_by("recorded_at"))
    voice = SurvivorVoice.objects.filter(item=item).select_related("recorded_by", "recorded_by_agency").first()
    stages = [
        StageMaterial(
            stage=stage,
            research=[e for e in entries if e.stage == stage],
            shared=[s for s in shared if s.stage == stage],
        )
        for stage in PpmtStage
    ]
    children = has_children(item.case)
    protective = next(m for m in stages if m.stage == PpmtStage.PROTECTIVE)
    if voice and voice.strengths.strip():
        protective.voice_strengths = True
    gaps = [f"nothing from any agency on “{m.stage.label}”" for m in stages if m.is_gap]
    if not (voice and voice.strengths.strip()) and not protective.research:
        gaps.append("no survivor strengths or protective efforts recorded")
    if children and not (voice and voice.childrens_voice.strip()):
        gaps.append("no children's voice recorded")
    if voice is None:
        gaps.append("no survivor's voice recorded by the IDAA")
    # Say that restricted findings exist, without showing them.
    hidden = (
        ResearchEntry.objects.filter(
            submission__item=item, superseded_by__isnull=True, withdrawn=False, restricted=True
        )
        .exclude(submission__status=ResearchStatus.DRAFT)
        .exclude(pk__in=[e.pk for e in entries])
        .values_list("stage", flat=True)
    )
    for stage_value in hidden:
        material = next(m for m in stages if m.stage == stage_value)
        material.hidden += 1
    return {"stages": stages, "voice": voice, "gaps": gaps}


@dataclass(frozen=True)
class AgencyResearch:
    """One invited agency's research on a case, for the chair: researched, not known, or not researched."""

    agency: str
    status: str  # a ResearchStatus value, or "" when the agency has not started
    label: str


ROLL_CALL_LABELS = {
    ResearchStatus.SUBMITTED: "Researched",
    ResearchStatus.NOT_KNOWN: "Not known to us",
    ResearchStatus.DRAFT: "Started, not submitted",
    "": "Not researched",
}


def research_roll_call(item: AgendaItem) -> list[AgencyResearch]:
    """Every invited agency (to the meeting, or to this case alone: a specialist service) and what it did
    about the case's research (two queries), those that said nothing first: the chair asks them at the meeting."""
    statuses = dict(ResearchSubmission.objects.filter(item=item).values_list("agency_id", "status"))
    invited = Agency.objects.filter(
        Q(pk__in=item.meeting.invited_agencies.values("pk")) | Q(pk__in=invited_agency_ids(item.case_id))
    )
    rows = [
        AgencyResearch(
            agency=agency.name, status=(status := statuses.get(agency.pk, "")), label=ROLL_CALL_LABELS[status]
        )
        for agency in invited.only("id", "name").order_by("name")
    ]
    order = list(ROLL_CALL_LABELS)[::-1]  # not researched, started, not known, researched
    return sorted(rows, key=lambda row: order.index(row.status))
