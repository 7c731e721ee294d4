"""The live meeting (thin views).

Reading a case's page writes nothing but its audit event: a case is opened
(its timer started) by a POST, from "Start the meeting", "Save and go to the
next case" or the page's own "Start the timer" button, each redirecting to
the case's page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest
from marac.language import language_prompts_for
from marac.models import User
from marac.versioning import StaleVersionError, fingerprint
from ppmt.models import SharedInformation
from ppmt.selectors import chair_material, research_roll_call
from ppmt.stages import STAGE_PROMPTS, PpmtStage

STALE_DECISIONS = (
    "Someone else saved decisions for this case while you were writing, so yours were not saved. "
    "What you wrote is below. Open this case in a new tab to see the decisions now saved; "
    "saving again replaces them with what is below."
)


def _coordinated_meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    if not case_selectors.user_coordinates(request.user, meeting.area_id):
        raise Http404
    return meeting


def _live_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> tuple[Meeting, AgendaItem]:
    """A case of a meeting the user coordinates, never one they declared a conflict of interest on."""
    meeting = _coordinated_meeting(request, meeting_id)
    try:
        item = meeting.items.select_related("meeting", "meeting__area", "case", "case__victim", "case__area").get(
            pk=item_id
        )
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    if not case_selectors.cases_for_user(request.user).filter(pk=item.case_id).exists():
        raise Http404  # a conflict of interest
    return meeting, item


def _to_item(item: AgendaItem, anchor: str = "") -> HttpResponse:
    return redirect(reverse("live-item", args=[item.meeting_id, item.pk]) + (f"#{anchor}" if anchor else ""))


@require_http_methods(["GET", "POST"])
def live_start(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Start (or rejoin) the live meeting at the first case not yet finished, and open that case."""
    meeting = _coordinated_meeting(request, meeting_id)
    if request.method == "POST":
        try:
            live_services.meeting_start(user=request.user, meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("meeting-detail", meeting_id=meeting.pk)
    agenda = meeting_selectors.agenda_for(meeting, request.user)
    current = next((row.item for row in agenda.rows if row.item.finished_at is None), None)
    if current is None and agenda.rows:
        current = agenda.rows[-1].item
    if current is None:
        raise Http404
    if request.method == "POST":
        live_services.item_open(user=request.user, item=current)
    return redirect("live-item", meeting_id=meeting.pk, item_id=current.pk)


@require_GET
def live_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _live_item(request, meeting_id, item_id)
    return render(request, "cases/live_item.html", _live_context(request, meeting, item))


@require_POST
def live_open(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Open a case: its timer starts (once: opening it again keeps the first start)."""
    _, item = _live_item(request, meeting_id, item_id)
    live_services.item_open(user=request.user, item=item)
    return _to_item(item)


def _stages(user: User, item: AgendaItem, material: dict[str, Any]) -> list[dict[str, Any]]:
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


def _forms(meeting: Meeting, item: AgendaItem, failed: Any, confirm_close: bool) -> dict[str, Any]:
    """The page's three forms: the one that was refused (``failed``) keeps what was entered."""
    agencies = meeting.invited_agencies.order_by("name")
    return {
        "share_form": failed if isinstance(failed, SharedInformationForm) else SharedInformationForm(agencies=agencies),
        "action_form": failed
        if isinstance(failed, ActionForm)
        else ActionForm(agencies=agencies, prefix="action", window=action_services.due_window(item.case, item)),
        "decisions_form": failed
        if isinstance(failed, DecisionsForm)
        else DecisionsForm(
            initial={"decisions": item.decisions, "confirmed": confirm_close, "version": fingerprint(item.decisions)}
        ),
        "form": failed,
    }


def _live_context(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    item: AgendaItem,
    failed: Any = None,
    *,
    confirm_close: bool = False,
) -> dict[str, Any]:
    user = request.user
    agenda = meeting_selectors.agenda_for(meeting, user)
    referrals = list(case_selectors.case_history(item.case))
    material = chair_material(user, item)
    audit.record_read(request, item.case, page="live")
    return {
        "meeting": meeting,
        "item": item,
        "row": next((r for r in agenda.rows if r.item.pk == item.pk), None),
        "agenda": agenda,
        "stages": _stages(user, item, material),
        "latest_referral": referrals[0] if referrals else None,
        "referrals": referrals,
        "parties": item.case.parties.select_related("person").order_by("role", "id"),
        "voice": material["voice"],
        "gaps": material["gaps"],
        "item_actions": list(Action.objects.filter(item=item).select_related("owner_agency").order_by("id")),
        "earlier_actions": plan_selectors.earlier_outstanding(item.case, exclude_item=item),
        "needs_perpetrator_action": action_selectors.plan_needs_perpetrator_action(item),
        "language_events": list(item.case.language_prompts.select_related("agency").order_by("-raised_at")[:30]),
        "researched_by": material["researched_by"],
        # Who researched, who said "not known", who said nothing; and the conflicts declared on the case.
        "roll_call": research_roll_call(item),
        "conflicts": list(meeting_selectors.conflicts_to_review(user, meeting).filter(case_id=item.case_id)),
        "next_item": live_services.next_item(item),
        "confirm_close": confirm_close,
        **_forms(meeting, item, failed, confirm_close),
    }


@require_POST
def live_share(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _live_item(request, meeting_id, item_id)
    form = SharedInformationForm(request.POST, agencies=meeting.invited_agencies.order_by("name"))
    if form.is_valid():
        agency, stage, text = form.cleaned_data["agency"], form.cleaned_data["stage"], form.cleaned_data["text"]
        try:
            live_services.shared_add(user=request.user, item=item, agency=agency, stage=stage, text=text)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            prompts = language_prompts_for({"text": text})
            if not prompts:
                messages.success(request, f"Added: {agency.name}, {PpmtStage(stage).label}.")
            else:
                first = prompts["text"][0]
                messages.info(request, f"Saved. Check the wording: you wrote ‘{first.matched}’. {first.suggestion}")
            return _to_item(item, f"stage-{stage}")
    return render(request, "cases/live_item.html", _live_context(request, meeting, item, form), status=400)


@require_POST
def live_decisions(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting, item = _live_item(request, meeting_id, item_id)
    form = DecisionsForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/live_item.html", _live_context(request, meeting, item, form), status=400)
    action, decisions = form.cleaned_data["action"] or "save", form.cleaned_data["decisions"]
    closing = action == "close" and not form.cleaned_data["confirmed"]
    try:
        item = live_services.item_save_decisions(
            user=request.user,
            item=item,
            decisions=decisions,
            # Closing drafts the minutes and tells referrers: asked once more, the decisions saved meanwhile.
            finish=action in ("next", "close") and not closing,
            expected=form.cleaned_data["version"] or None,
        )
    except StaleVersionError:
        item.refresh_from_db()
        form.carry_current(item.decisions)
        form.add_error(None, STALE_DECISIONS)
        return render(request, "cases/live_item.html", _live_context(request, meeting, item, form), status=409)
    if closing:
        return render(request, "cases/live_item.html", _live_context(request, meeting, item, confirm_close=True))
    if action == "close":
        live_services.meeting_close(user=request.user, meeting=meeting)
        messages.success(request, "The meeting is closed. Draft minutes have been made from what was recorded.")
        return redirect("meeting-minutes", meeting_id=meeting.pk)
    following = live_services.next_item(item) if action == "next" else None
    if following is not None:
        live_services.item_open(user=request.user, item=following)
        return _to_item(following)
    messages.success(request, "Saved.")
    return _to_item(item)


@require_POST
def live_action_add(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Capture an action in place in the live meeting (or afterwards, by the coordinator)."""
    meeting, item = _live_item(request, meeting_id, item_id)
    form = ActionForm(
        request.POST,
        agencies=meeting.invited_agencies.order_by("name"),
        prefix="action",
        window=action_services.due_window(item.case, item),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = action_services.action_create(
                user=request.user,
                case=item.case,
                item=item,
                description=data["description"],
                owner_agency=data["owner_agency"],
                focus=data["focus"],
                due_date=data["due_date"],
                stage=data["stage"],
                priority=data["priority"],
                joint_agencies=data["joint_agencies"],
                assignee_name=data["assignee_name"],
                vague_ok=data["vague_ok"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flags = action_selectors.smart_flags(action)
            if flags:
                messages.info(request, f"Action {action.reference} recorded. To make it SMART: {'; '.join(flags)}.")
            else:
                messages.success(request, f"Action {action.reference} recorded.")
            return _to_item(item, "actions")
    return render(request, "cases/live_item.html", _live_context(request, meeting, item, form), status=400)
