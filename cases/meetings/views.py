"""Meeting, agenda, attendance and conflict-of-interest pages (thin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.meetings.forms import AttendanceForm, ConflictForm, ExtraMeetingForm
from cases.models import AgendaItem, Meeting, MeetingStatus
from cases.referrals import selectors as referral_selectors
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb, MaracArea
from marac.roles import COORDINATING_ROLES, RESEARCHER_ROLES

STALE_AGENDA = (
    "Someone else changed this agenda while you were looking at it, so your change was not saved. "
    "The agenda below is the latest version: check it and try again."
)


STALE_ITEM = (
    "Someone else changed this agenda while you were looking at it, so your change was not saved. "
    "This page now shows the latest version: check it and try again."
)


def _version(request: AuthenticatedHttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@require_GET
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    coordinated = (
        referral_selectors.referral_areas_for(user)
        .filter(memberships__user=user, memberships__role__in=COORDINATING_ROLES)
        .distinct()
    )
    meeting_services.meetings_schedule_ahead_for(coordinated)
    meetings = meeting_selectors.meetings_for_user(user)
    today = timezone.localdate()
    upcoming = list(
        meetings.filter(date__gte=today).exclude(status=MeetingStatus.CANCELLED).order_by("date", "start_time")[:40]
    )
    past = list(meetings.filter(date__lt=today).order_by("-date")[:20])
    counts = dict(
        AgendaItem.objects.filter(meeting__in=[*upcoming, *past])
        .values("meeting_id")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "n")
    )
    return render(
        request,
        "cases/meeting_list.html",
        {"upcoming": upcoming, "past": past, "counts": counts, "can_add": coordinated.exists()},
    )


@require_http_methods(["GET", "POST"])
def meeting_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    areas = MaracArea.objects.filter(
        memberships__user=user, memberships__role__in=COORDINATING_ROLES, is_active=True
    ).distinct()
    if not areas.exists():
        raise Http404
    form = ExtraMeetingForm(request.POST or None, areas=areas, initial={"area": areas.first(), "planned_minutes": 180})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_add_extra(
                user=user,
                area=form.cleaned_data["area"],
                day=form.cleaned_data["day"],
                start_time=form.cleaned_data["start_time"],
                planned_minutes=form.cleaned_data["planned_minutes"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            for key, message in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, "The extra meeting has been added.")
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render(request, "cases/meeting_add.html", {"form": form}, status=400 if form.errors else 200)


def _agenda_context(request: AuthenticatedHttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    user = request.user
    agenda = meeting_selectors.agenda_for(meeting, user)
    coordinator = selectors.user_coordinates(user, meeting.area_id)
    from ppmt.models import ResearchSubmission

    can_research = bool(
        user.agency_id
        and meeting.invited_agencies.filter(pk=user.agency_id).exists()
        and user.memberships.filter(area_id=meeting.area_id, role__in=RESEARCHER_ROLES, is_active=True).exists()
    )
    research_status = (
        {
            s.item_id: s.get_status_display().lower()
            for s in ResearchSubmission.objects.filter(item__meeting=meeting, agency_id=user.agency_id)
        }
        if can_research
        else {}
    )
    return {
        "can_research": can_research,
        "research_status": research_status,
        "meeting": meeting,
        "agenda": agenda,
        "is_coordinator": coordinator,
        "invited": list(meeting.invited_agencies.order_by("name")),
        "all_agencies": list(meeting_selectors.invitable_agencies(meeting).order_by("name")) if coordinator else [],
        **extra,
    }


@require_GET
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    context = _agenda_context(request, meeting)
    with transaction.atomic():
        audit.record(
            actor=request.user,
            verb=AuditVerb.VIEW,
            obj=meeting,
            request=request,
            detail={"cases": len(context["agenda"].rows)},
        )
    return render(request, "cases/meeting_detail.html", context)


def _agenda_action(request: AuthenticatedHttpRequest, meeting_id: int, action: Any) -> HttpResponse:
    """Run an agenda change; a stale version or bad input re-shows the agenda with the reason."""
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    try:
        action(meeting)
    except meeting_services.StaleAgendaError:
        meeting.refresh_from_db()
        return render(
            request, "cases/meeting_detail.html", _agenda_context(request, meeting, error=STALE_AGENDA), status=409
        )
    except ValidationError as exc:
        meeting.refresh_from_db()
        message = " ".join(exc.messages)
        return render(
            request, "cases/meeting_detail.html", _agenda_context(request, meeting, error=message), status=400
        )
    return redirect("meeting-detail", meeting_id=meeting.pk)


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    try:
        return meeting.items.select_related("meeting").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
def agenda_move(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    direction = "up" if request.POST.get("direction") == "up" else "down"
    response = _agenda_action(
        request,
        meeting_id,
        lambda m: meeting_services.agenda_move_item(
            user=request.user, item=_item(m, item_id), direction=direction, expected_version=_version(request)
        ),
    )
    if response.status_code == 302:
        messages.success(request, f"Case moved {direction}.")
        response["Location"] += f"#item-{item_id}"
    return response


def _changeable_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> tuple[Meeting, AgendaItem]:
    """A case on an agenda the user coordinates (never one they declared a conflict on)."""
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    try:
        item = meeting.items.select_related("case", "case__victim", "mapping_agency").get(pk=item_id)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    if not selectors.cases_for_user(user).filter(pk=item.case_id).exists():
        raise Http404
    if not selectors.user_coordinates(user, meeting.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can change the agenda.")
    return meeting, item


def _item_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    item: AgendaItem,
    *,
    error: str = "",
    field: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page for one case on the agenda; after an error it keeps what was entered."""
    posted = request.POST if request.method == "POST" and error else None
    other_meetings = list(
        Meeting.objects.filter(
            area_id=meeting.area_id, date__gte=timezone.localdate(), status__in=meeting_services.OPEN_STATUSES
        )
        .exclude(pk=meeting.pk)
        .order_by("date")[:8]
    )
    context = {
        "meeting": meeting,
        "item": item,
        "error": error,
        "error_field": field,
        "invited": list(meeting.invited_agencies.order_by("name")),
        "other_meetings": other_meetings,
        "minutes_value": posted.get("minutes", "") if posted else (item.minutes or ""),
        "ppmt_value": (posted.get("ppmt_mapping") == "on") if posted else item.ppmt_mapping,
        "mapping_value": posted.get("mapping_agency", "") if posted else str(item.mapping_agency_id or ""),
        "move_value": posted.get("to_meeting", "") if posted else "",
    }
    return render(request, "cases/agenda_item.html", context, status=status)


def _changed(request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, message: str) -> HttpResponse:
    messages.success(request, message)
    response = redirect("meeting-detail", meeting_id=meeting.pk)
    response["Location"] += f"#item-{item.pk}"
    return response


@require_http_methods(["GET", "POST"])
def agenda_item_update(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """One case on the agenda: its time and full PPMT mapping (a page of its own, linked from the agenda)."""
    meeting, item = _changeable_item(request, meeting_id, item_id)
    if request.method == "GET":
        return _item_page(request, meeting, item)
    minutes_text = request.POST.get("minutes", "").strip()
    try:
        if minutes_text and not minutes_text.isdigit():
            raise ValidationError({"minutes": "Enter the minutes for the case as a number from 7 to 12"})
        agency_id = request.POST.get("mapping_agency", "")
        mapping_agency = meeting.invited_agencies.filter(pk=agency_id).first() if agency_id.isdigit() else None
        meeting_services.agenda_item_update(
            user=request.user,
            item=item,
            minutes=int(minutes_text) if minutes_text else None,
            ppmt_mapping=request.POST.get("ppmt_mapping") == "on",
            expected_version=_version(request),
            mapping_agency=mapping_agency,
        )
    except meeting_services.StaleAgendaError:
        meeting.refresh_from_db()
        return _item_page(request, meeting, item, error=STALE_ITEM, field="minutes", status=409)
    except ValidationError as exc:
        return _item_page(request, meeting, item, error=" ".join(exc.messages), field="minutes", status=400)
    return _changed(request, meeting, item, f"Case {item.case.reference} updated.")


@require_POST
def agenda_reschedule(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Move one case to another meeting of the area."""
    meeting, item = _changeable_item(request, meeting_id, item_id)
    try:
        target_id = request.POST.get("to_meeting", "")
        if not target_id.isdigit():
            raise ValidationError({"to_meeting": "Choose the meeting to move the case to"})
        target = meeting_selectors.meeting_get_for_user(request.user, int(target_id))
        meeting_services.agenda_move_to_meeting(
            user=request.user, item=item, to_meeting=target, expected_version=_version(request)
        )
    except meeting_services.StaleAgendaError:
        meeting.refresh_from_db()
        return _item_page(request, meeting, item, error=STALE_ITEM, field="move", status=409)
    except ValidationError as exc:
        return _item_page(request, meeting, item, error=" ".join(exc.messages), field="move", status=400)
    return _changed(
        request, meeting, item, f"Case {item.case.reference} moved to the meeting on {target.date:%-d %B %Y}."
    )


@require_POST
def agenda_circulate(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    told: list[int] = []

    def run(meeting: Meeting) -> None:
        told.append(
            meeting_services.agenda_circulate(user=request.user, meeting=meeting, expected_version=_version(request))
        )

    response = _agenda_action(request, meeting_id, run)
    if told:
        messages.success(request, f"Agenda circulated: {told[0]} representative{'s' if told[0] != 1 else ''} told.")
    return response


@require_POST
def meeting_invite(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("agencies") if v.isdigit()]

    def run(meeting: Meeting) -> None:
        agencies = meeting_selectors.invitable_agencies(meeting).filter(pk__in=ids)
        if not agencies.exists():
            raise ValidationError({"agencies": "Invite at least one agency"})
        meeting_services.meeting_update_invited(user=request.user, meeting=meeting, agencies=agencies)

    return _agenda_action(request, meeting_id, run)


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    if not selectors.user_coordinates(user, meeting.area_id):
        raise Http404
    agencies = list(meeting.invited_agencies.order_by("name"))
    existing = {a.agency_id: a for a in meeting.attendance.prefetch_related("cases_attended")}
    items = list(meeting.items.select_related("case").order_by("position"))
    rows = []
    errors: list[tuple[str, str]] = []
    for agency in agencies:
        record = existing.get(agency.pk)
        form = AttendanceForm(
            request.POST or None,
            prefix=f"a{agency.pk}",
            initial={
                "status": record.status if record else "",
                "attendee_names": record.attendee_names if record else "",
            },
        )
        attended = {i.pk for i in record.cases_attended.all()} if record else set()
        rows.append((agency, form, attended))
    if request.method == "POST":
        for agency, form, _ in rows:
            if not form.is_valid() or not form.cleaned_data["status"]:
                continue
            chosen = [i for i in items if request.POST.get(f"a{agency.pk}-case-{i.pk}") == "on"]
            try:
                meeting_services.attendance_record(
                    user=user,
                    meeting=meeting,
                    agency=agency,
                    status=form.cleaned_data["status"],
                    attendee_names=form.cleaned_data["attendee_names"],
                    cases_attended=chosen,
                )
            except ValidationError as exc:
                errors.append((f"id_a{agency.pk}-status", f"{agency.name}: {' '.join(exc.messages)}"))
                form.add_error("status", " ".join(exc.messages))
        if not errors:
            messages.success(request, "Attendance saved.")
            return redirect("meeting-attendance", meeting_id=meeting.pk)
    return render(
        request,
        "cases/meeting_attendance.html",
        {"meeting": meeting, "rows": rows, "items": items, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def conflict_declare(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = selectors.case_get_for_user(user, case_id)
    meeting_id = request.GET.get("meeting") or request.POST.get("meeting")
    meeting = None
    if meeting_id and str(meeting_id).isdigit():
        meeting = meeting_selectors.meeting_get_for_user(user, int(meeting_id))
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_services.conflict_declare(
            user=user, case=case, connection=form.cleaned_data["connection"], meeting=meeting
        )
        messages.success(
            request,
            "Thank you. Your conflict of interest is recorded: you will no longer see this case, "
            "and the chair will ask your agency for another representative for it.",
        )
        if meeting is not None:
            return redirect("meeting-detail", meeting_id=meeting.pk)
        return redirect("home")
    return render(
        request,
        "cases/conflict_declare.html",
        {"case": case, "form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )
