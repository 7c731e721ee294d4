"""The live meeting, minutes and the agenda and minutes PDFs (thin views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marac import audit
from marac.models import Agency, AuditVerb
from ppmt.language import language_prompts_for
from ppmt.models import SharedInformation
from ppmt.stages import STAGE_PROMPTS, PpmtStage

from . import meeting_selectors, minutes_services, selectors
from .models import AgendaItem, Meeting, MinutesRead, MinutesStatus


def _user(request: HttpRequest) -> Any:
    return request.user


def _coordinated_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = meeting_selectors.meeting_get_for_user(_user(request), meeting_id)
    if not selectors.user_coordinates(_user(request), meeting.area_id):
        raise Http404
    return meeting


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    try:
        return meeting.items.select_related("meeting", "meeting__area", "case", "case__victim").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def live_start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Start (or rejoin) the live meeting at the first case not yet finished."""
    meeting = _coordinated_meeting(request, meeting_id)
    if request.method == "POST":
        try:
            minutes_services.meeting_start(user=_user(request), meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("meeting-detail", meeting_id=meeting.pk)
    agenda = meeting_selectors.agenda_for(meeting, _user(request))
    current = next((row.item for row in agenda.rows if row.item.finished_at is None), None)
    if current is None and agenda.rows:
        current = agenda.rows[-1].item
    if current is None:
        raise Http404
    return redirect("live-item", meeting_id=meeting.pk, item_id=current.pk)


@require_GET
def live_item(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = _coordinated_meeting(request, meeting_id)
    item = _item(meeting, item_id)
    if not selectors.cases_for_user(_user(request)).filter(pk=item.case_id).exists():
        raise Http404  # a conflict of interest
    return render(request, "cases/live_item.html", _live_context(request, meeting, item))


def _live_context(request: HttpRequest, meeting: Meeting, item: AgendaItem, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    item = minutes_services.item_open(user=user, item=item)
    agenda = meeting_selectors.agenda_for(meeting, user)
    row = next((r for r in agenda.rows if r.item.pk == item.pk), None)
    shared = list(SharedInformation.objects.filter(item=item).select_related("agency").order_by("recorded_at"))
    referrals = list(selectors.case_history(item.case))
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
        "next_item": minutes_services.next_item(item),
        **extra,
    }


def _actions_context(user: Any, meeting: Meeting, item: AgendaItem, form: Any = None) -> dict[str, Any]:
    from actions import selectors as action_selectors
    from actions.forms import ActionForm
    from actions.models import Action

    return {
        "item_actions": list(Action.objects.filter(item=item).select_related("owner_agency").order_by("id")),
        "earlier_actions": list(action_selectors.outstanding_for_case(item.case, exclude_item=item)),
        "needs_perpetrator_action": action_selectors.plan_needs_perpetrator_action(item),
        "action_form": form or ActionForm(agencies=meeting.invited_agencies.order_by("name"), prefix="action"),
    }


@require_POST
def live_share(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = _coordinated_meeting(request, meeting_id)
    item = _item(meeting, item_id)
    agency = Agency.objects.filter(pk=request.POST.get("agency") or 0).first()
    text = request.POST.get("text", "")
    try:
        if agency is None:
            raise ValidationError({"agency": "Select the agency that shared the information"})
        minutes_services.shared_add(
            user=_user(request), item=item, agency=agency, stage=request.POST.get("stage", ""), text=text
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
def live_decisions(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = _coordinated_meeting(request, meeting_id)
    item = _item(meeting, item_id)
    action = request.POST.get("action")
    if action == "close" and request.POST.get("confirmed") != "1":
        # Closing drafts the minutes and tells referrers: ask once more.
        item = minutes_services.item_save_decisions(
            user=_user(request), item=item, decisions=request.POST.get("decisions", ""), finish=False
        )
        return render(request, "cases/live_item.html", _live_context(request, meeting, item, confirm_close=True))
    finish = action in ("next", "close")
    minutes_services.item_save_decisions(
        user=_user(request), item=item, decisions=request.POST.get("decisions", ""), finish=finish
    )
    if request.POST.get("action") == "close":
        minutes_services.meeting_close(user=_user(request), meeting=meeting)
        messages.success(request, "The meeting is closed. Draft minutes have been made from what was recorded.")
        return redirect("meeting-minutes", meeting_id=meeting.pk)
    if request.POST.get("action") == "next":
        following = minutes_services.next_item(item)
        if following is not None:
            return redirect("live-item", meeting_id=meeting.pk, item_id=following.pk)
    messages.success(request, "Saved.")
    return redirect("live-item", meeting_id=meeting.pk, item_id=item.pk)


# --- Minutes ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    minutes, cases = meeting_selectors.minutes_for_user(user, meeting)
    coordinating = selectors.user_coordinates(user, meeting.area_id)
    error = ""
    status = 200
    if request.method == "POST":
        if not coordinating:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "save":
                texts = {c.item_id: request.POST.get(f"case-{c.item_id}", c.text) for c in cases}
                version = request.POST.get("version", "")
                minutes_services.minutes_update(
                    user=user,
                    minutes=minutes,
                    general=request.POST.get("general", ""),
                    case_texts=texts,
                    expected_version=int(version) if version.isdigit() else None,
                )
                messages.success(request, "Minutes saved.")
            elif action == "approve":
                minutes_services.minutes_approve(user=user, minutes=minutes)
                messages.success(request, "Minutes approved.")
            elif action == "distribute":
                told = minutes_services.minutes_distribute(user=user, minutes=minutes)
                messages.success(request, f"Minutes distributed: {told} representatives told.")
            return redirect("meeting-minutes", meeting_id=meeting.pk)
        except minutes_services.StaleMinutesError:
            error = (
                "Someone else saved these minutes while you were editing them, so your changes were not "
                "saved. The latest version is below."
            )
            status = 409
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        minutes, cases = meeting_selectors.minutes_for_user(user, meeting)
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.VIEW,
            obj=minutes,
            area=meeting.area,
            request=request,
            detail={"cases": len(cases)},
        )
    if minutes.status == MinutesStatus.DISTRIBUTED and not coordinating:
        MinutesRead.objects.get_or_create(minutes=minutes, user=user)
    return render(
        request,
        "cases/meeting_minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "cases": cases,
            "coordinating": coordinating,
            "editable": coordinating and minutes.status == MinutesStatus.DRAFT,
            "is_chair": minutes_services._is_chair(user, meeting),
            "error": error,
        },
        status=status,
    )


# --- PDFs -----------------------------------------------------------------------------------------


def _pdf(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def agenda_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    agenda = meeting_selectors.agenda_for(meeting, user)
    html = render_to_string("cases/pdf/agenda.html", {"meeting": meeting, "agenda": agenda})
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.EXPORT,
            obj=meeting,
            request=request,
            detail={"format": "pdf", "document": "agenda", "cases": len(agenda.rows)},
        )
    return _pdf(html, f"marac-agenda-{meeting.date:%Y-%m-%d}.pdf")


@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    minutes, cases = meeting_selectors.minutes_for_user(user, meeting)
    html = render_to_string("cases/pdf/minutes.html", {"meeting": meeting, "minutes": minutes, "cases": cases})
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=AuditVerb.EXPORT,
            obj=minutes,
            area=meeting.area,
            request=request,
            detail={"format": "pdf", "document": "minutes", "cases": len(cases)},
        )
    return _pdf(html, f"marac-minutes-{meeting.date:%Y-%m-%d}.pdf")
