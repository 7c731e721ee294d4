"""The live meeting, minutes and the agenda and minutes PDFs (thin views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions import selectors as action_selectors
from actions import services as action_services
from actions.forms import ActionForm
from actions.models import Action
from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings.live import services as live_services
from cases.models import AgendaItem, Meeting
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.language import language_prompts_for
from marac.models import Agency, AuditVerb
from ppmt.models import SharedInformation
from ppmt.stages import STAGE_PROMPTS, PpmtStage


def _coordinated_meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    if not case_selectors.user_coordinates(request.user, meeting.area_id):
        raise Http404
    return meeting


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    try:
        return meeting.items.select_related("meeting", "meeting__area", "case", "case__victim").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def live_start(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Start (or rejoin) the live meeting at the first case not yet finished."""
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
    return redirect("live-item", meeting_id=meeting.pk, item_id=current.pk)


@require_GET
def live_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = _coordinated_meeting(request, meeting_id)
    item = _item(meeting, item_id)
    if not case_selectors.cases_for_user(request.user).filter(pk=item.case_id).exists():
        raise Http404  # a conflict of interest
    return render(request, "cases/live_item.html", _live_context(request, meeting, item))


def _live_context(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, **extra: Any
) -> dict[str, Any]:
    user = request.user
    item = live_services.item_open(user=user, item=item)
    agenda = meeting_selectors.agenda_for(meeting, user)
    row = next((r for r in agenda.rows if r.item.pk == item.pk), None)
    shared = list(SharedInformation.objects.filter(item=item).select_related("agency").order_by("recorded_at"))
    referrals = list(case_selectors.case_history(item.case))
    latest = referrals[0] if referrals else None
    from ppmt.selectors import chair_material

    material = chair_material(user, item)
    research = {m.stage: m.research for m in material["stages"]}
    material_by_stage = {m.stage: m for m in material["stages"]}
    stages = [
        {
            "value": stage.value,
            "label": stage.label,
            "prompt": STAGE_PROMPTS[stage],
            "entries": [s for s in shared if s.stage == stage],
            "research": research[stage],
            "is_gap": material_by_stage[stage].is_gap and not [s for s in shared if s.stage == stage],
            "hidden": material_by_stage[stage].hidden,
        }
        for stage in PpmtStage
    ]
    with transaction.atomic():
        audit.record(actor=user, verb=AuditVerb.VIEW, obj=item.case, request=request, detail={"page": "live"})
    return {
        "meeting": meeting,
        "item": item,
        "row": row,
        "agenda": agenda,
        "stages": stages,
        "latest_referral": latest,
        "referrals": referrals,
        "parties": item.case.parties.select_related("person").order_by("role", "id"),
        "agencies": list(meeting.invited_agencies.order_by("name")),
        "stage_choices": PpmtStage.choices,
        "voice": material["voice"],
        "gaps": material["gaps"],
        **_actions_context(user, meeting, item, extra.get("action_form")),
        "language_events": list(
            item.case.language_prompts.select_related("agency").order_by("-raised_at")[:30]  # type: ignore[attr-defined]
        ),
        "researched_by": material["researched_by"],
        "next_item": live_services.next_item(item),
        **extra,
    }


def _actions_context(user: Any, meeting: Meeting, item: AgendaItem, form: Any = None) -> dict[str, Any]:
    return {
        "item_actions": list(Action.objects.filter(item=item).select_related("owner_agency").order_by("id")),
        "earlier_actions": list(action_selectors.outstanding_for_case(item.case, exclude_item=item)),
        "needs_perpetrator_action": action_selectors.plan_needs_perpetrator_action(item),
        "action_form": form or ActionForm(agencies=meeting.invited_agencies.order_by("name"), prefix="action"),
    }


@require_POST
def live_share(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = _coordinated_meeting(request, meeting_id)
    item = _item(meeting, item_id)
    agency = Agency.objects.filter(pk=request.POST.get("agency") or 0).first()
    text = request.POST.get("text", "")
    try:
        if agency is None:
            raise ValidationError({"agency": "Select the agency that shared the information"})
        live_services.shared_add(
            user=request.user, item=item, agency=agency, stage=request.POST.get("stage", ""), text=text
        )
    except ValidationError as exc:
        context = _live_context(
            request,
            meeting,
            item,
            share_errors=exc.message_dict,
            share_text=text,
            share_stage=request.POST.get("stage", ""),
            share_agency=request.POST.get("agency", ""),
        )
        return render(request, "cases/live_item.html", context, status=400)
    prompts = language_prompts_for({"text": text})
    if not prompts:
        messages.success(request, f"Added: {agency.name}, {PpmtStage(request.POST.get('stage')).label}.")
    else:
        messages.info(
            request,
            f"Saved. Check the wording: you wrote ‘{prompts['text'][0].matched}’. {prompts['text'][0].suggestion}",
        )
    anchor = request.POST.get("stage", "") if request.POST.get("stage", "") in PpmtStage.values else ""
    return redirect(reverse("live-item", args=[meeting.pk, item.pk]) + (f"#stage-{anchor}" if anchor else ""))


@require_POST
def live_decisions(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = _coordinated_meeting(request, meeting_id)
    item = _item(meeting, item_id)
    action = request.POST.get("action")
    if action == "close" and request.POST.get("confirmed") != "1":
        # Closing drafts the minutes and tells referrers: ask once more.
        item = live_services.item_save_decisions(
            user=request.user, item=item, decisions=request.POST.get("decisions", ""), finish=False
        )
        return render(request, "cases/live_item.html", _live_context(request, meeting, item, confirm_close=True))
    finish = action in ("next", "close")
    live_services.item_save_decisions(
        user=request.user, item=item, decisions=request.POST.get("decisions", ""), finish=finish
    )
    if request.POST.get("action") == "close":
        live_services.meeting_close(user=request.user, meeting=meeting)
        messages.success(request, "The meeting is closed. Draft minutes have been made from what was recorded.")
        return redirect("meeting-minutes", meeting_id=meeting.pk)
    if request.POST.get("action") == "next":
        following = live_services.next_item(item)
        if following is not None:
            return redirect("live-item", meeting_id=meeting.pk, item_id=following.pk)
    messages.success(request, "Saved.")
    return redirect("live-item", meeting_id=meeting.pk, item_id=item.pk)


@require_POST
def live_action_add(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Capture an action in place in the live meeting (or afterwards, by the coordinator)."""
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    if not case_selectors.user_coordinates(user, meeting.area_id):
        raise Http404
    item = meeting.items.filter(pk=item_id).select_related("case", "case__area").first()
    if item is None:
        raise Http404
    form = ActionForm(request.POST, agencies=meeting.invited_agencies.order_by("name"), prefix="action")
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = action_services.action_create(
                user=user,
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
            )
        except ValidationError as exc:
            for key, message in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            flags = action_selectors.smart_flags(action)
            if flags:
                messages.info(request, f"Action {action.reference} recorded. To make it SMART: {'; '.join(flags)}.")
            else:
                messages.success(request, f"Action {action.reference} recorded.")
            return redirect(reverse("live-item", args=[meeting.pk, item.pk]) + "#actions")
    return render(request, "cases/live_item.html", _live_context(request, meeting, item, action_form=form), status=400)
