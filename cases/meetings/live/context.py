"""What the live page shows, whole or one region at a time.

The page (``cases/live_item.html``) includes one partial per region that saves in place
(``cases/live/_shared.html``, ``_actions.html``, ``_decisions.html``); after an htmx POST a view
renders just that partial, from the same context builder, so one template serves both ways and a
region never shows what the page would not. Only the page's GET records the read.
"""

from __future__ import annotations

from typing import Any

from actions import selectors as action_selectors
from actions import services as action_services
from actions.forms import ActionForm
from actions.models import Action
from actions.plan import selectors as plan_selectors
from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.live import services as live_services
from cases.meetings.live.forms import DecisionsForm, SharedInformationForm
from cases.models import AgendaItem, Meeting
from cases.people.counter_allegations import counter_allegations
from cases.processes.selectors import processes_context
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.models import User
from marac.versioning import fingerprint
from ppmt.between.selectors import shared_agency_actions
from ppmt.models import SharedInformation
from ppmt.selectors import chair_material, research_roll_call
from ppmt.stages import STAGE_PROMPTS, PpmtStage


def _stages(item: AgendaItem, material: dict[str, Any]) -> list[dict[str, Any]]:
    """Research and what was shared at the meeting, stage by stage."""
    shared = list(SharedInformation.objects.filter(item=item).select_related("agency").order_by("recorded_at"))
    by_stage = {m.stage: m for m in material["stages"]}
    return [
        {
            "value": stage.value,
            "label": stage.label,
            "prompt": STAGE_PROMPTS[stage],
            "entries": [s for s in shared if s.stage == stage],
            "research": by_stage[stage].research,
            "is_gap": by_stage[stage].is_gap and not [s for s in shared if s.stage == stage],
            "hidden": by_stage[stage].hidden,
        }
        for stage in PpmtStage
    ]


def _agencies(meeting: Meeting) -> Any:
    return meeting.invited_agencies.order_by("name")


def share_form(meeting: Meeting, data: Any = None) -> SharedInformationForm:
    return SharedInformationForm(data, agencies=_agencies(meeting))


def action_form(
    meeting: Meeting, item: AgendaItem, data: Any = None, *, form_class: type[ActionForm] = ActionForm, **kwargs: Any
) -> Any:
    """A new action's form (prefix ``action``), or ``form_class`` (a correction's, prefix ``edit``)."""
    kwargs.setdefault("prefix", "action")
    window = action_services.due_window(item.case, item)
    return form_class(data, agencies=_agencies(meeting), window=window, **kwargs)


def decisions_form(item: AgendaItem, confirm_close: bool = False) -> DecisionsForm:
    return DecisionsForm(
        initial={"decisions": item.decisions, "confirmed": confirm_close, "version": fingerprint(item.decisions)}
    )


def shared_region(
    user: User, meeting: Meeting, item: AgendaItem, form: Any = None, material: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The stages with what was shared, and the form to record more (``form``: one refused, as typed)."""
    return {
        "meeting": meeting,
        "item": item,
        "stages": _stages(item, material if material is not None else chair_material(user, item)),
        "share_form": form if form is not None else share_form(meeting),
    }


def item_actions(item: AgendaItem) -> list[Action]:
    """The actions agreed at this case of the meeting, less those removed as recorded by mistake."""
    return list(
        Action.objects.filter(item=item, withdrawn_at__isnull=True).select_related("owner_agency").order_by("id")
    )


def actions_region(meeting: Meeting, item: AgendaItem, form: Any = None) -> dict[str, Any]:
    """The actions agreed at this case, and the form to record one (``form``: one refused, as typed)."""
    return {
        "meeting": meeting,
        "item": item,
        "item_actions": item_actions(item),
        # Change and Remove are offered until the minutes are approved (actions.services.require_correctable).
        "correctable": action_services.meeting_correctable(meeting),
        "needs_perpetrator_action": action_selectors.plan_needs_perpetrator_action(item),
        "action_form": form if form is not None else action_form(meeting, item),
    }


def decisions_region(
    meeting: Meeting, item: AgendaItem, form: Any = None, *, confirm_close: bool = False
) -> dict[str, Any]:
    """The decisions and their buttons (``form``: one refused, as typed)."""
    return {
        "meeting": meeting,
        "item": item,
        "next_item": live_services.next_item(item),
        "confirm_close": confirm_close,
        "decisions_form": form if form is not None else decisions_form(item, confirm_close),
    }


def live_context(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    item: AgendaItem,
    failed: Any = None,
    *,
    confirm_close: bool = False,
) -> dict[str, Any]:
    """The whole page (its read audited); ``failed`` is the one form refused, which keeps what was entered."""
    user = request.user
    agenda = meeting_selectors.agenda_for(meeting, user)
    referrals = list(case_selectors.case_history(item.case))
    material = chair_material(user, item)
    audit.record_read(request, item.case, page="live")
    row = next((r for r in agenda.rows if r.item.pk == item.pk), None)
    return {
        **shared_region(user, meeting, item, failed if isinstance(failed, SharedInformationForm) else None, material),
        **actions_region(meeting, item, failed if isinstance(failed, ActionForm) else None),
        **decisions_region(
            meeting, item, failed if isinstance(failed, DecisionsForm) else None, confirm_close=confirm_close
        ),
        "row": row,
        "agenda": agenda,
        "previous_item": _beside(agenda, item, -1),
        "following_item": _beside(agenda, item, 1),
        "latest_referral": referrals[0] if referrals else None,
        "referrals": referrals,
        "parties": item.case.parties.select_related("person").order_by("role", "id"),
        "counter_allegations": counter_allegations(user, [item.case_id]).get(item.case_id, []),
        **processes_context(user, item.case, meeting.date),
        # Work between meetings: the coordinator's interim measures, and what agencies took or propose.
        "interim_measures": list(item.interim_measures.prefetch_related("agencies")),
        "agency_actions": shared_agency_actions(item),
        "voice": material["voice"],
        "gaps": material["gaps"],
        "earlier_actions": plan_selectors.earlier_outstanding(item.case, exclude_item=item),
        "language_events": list(item.case.language_prompts.select_related("agency").order_by("-raised_at")[:30]),
        # Who researched, who said "not known", who said nothing; and the conflicts declared on the case.
        "roll_call": research_roll_call(item),
        "conflicts": list(meeting_selectors.conflicts_to_review(user, meeting).filter(case_id=item.case_id)),
        "form": failed,
    }


def _beside(agenda: Any, item: AgendaItem, step: int) -> AgendaItem | None:
    """The case before (``step`` -1) or after (1) this one in the agenda's order, if any."""
    items: list[AgendaItem] = [r.item for r in agenda.rows]
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None or not 0 <= index + step < len(items):
        return None
    return items[index + step]
