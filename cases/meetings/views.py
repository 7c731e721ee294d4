"""Meeting, agenda and conflict-of-interest pages (thin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import selectors
from cases.meetings import forms as meeting_forms
from cases.meetings import providers, schedule
from cases.meetings import selectors as meeting_selectors
from cases.meetings import services as meeting_services
from cases.meetings.recirculation import services as recirculation
from cases.models import AgendaItem, Meeting
from cases.people.research_details import research_details_for
from cases.referrals import selectors as referral_selectors
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.models import MaracArea
from marac.roles import COORDINATING_ROLES, RESEARCHER_ROLES
from marac.selectors import area_ids_for
from marac.versioning import StaleVersionError

STALE_AGENDA = (
    "Someone else changed this agenda while you were looking at it, so your change was not saved. "
    "The agenda below is the latest version: check it and try again."
)
STALE_ITEM = (
    "Someone else changed this agenda while you were looking at it, so your change was not saved. "
    "This page now shows the latest version: check it and try again."
)


@require_GET
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Reads only: regular meetings are generated ahead by the beat task ``schedule_meetings_ahead``."""
    user = request.user
    coordinated = referral_selectors.referral_areas_for(user).filter(
        memberships__user=user, memberships__role__in=COORDINATING_ROLES
    )
    meetings = meeting_selectors.meetings_for_user(user)
    today = timezone.localdate()
    upcoming = list(
        meetings.filter(date__gte=today).order_by("date", "start_time")[:40]  # cancelled ones show as cancelled
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
    form = meeting_forms.ExtraMeetingForm(
        request.POST or None, areas=areas, initial={"area": areas.first(), "planned_minutes": 180}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = schedule.meeting_add_extra(
                user=user,
                area=form.cleaned_data["area"],
                day=form.cleaned_data["day"],
                start_time=form.cleaned_data["start_time"],
                planned_minutes=form.cleaned_data["planned_minutes"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The extra meeting has been added.")
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render(request, "cases/meeting_add.html", {"form": form}, status=400 if form.errors else 200)


def _agenda_context(request: AuthenticatedHttpRequest, meeting: Meeting, form: Any = None) -> dict[str, Any]:
    """The agenda page; ``form`` is the agenda change that failed, shown with its reason."""
    user = request.user
    coordinator = selectors.user_coordinates(user, meeting.area_id)
    agency_id = user.agency_id
    # Representatives research every case; someone named on a case (and seeing only such cases) theirs.
    can_research = bool(
        agency_id
        and meeting.invited_agencies.filter(pk=agency_id).exists()
        and (
            meeting.area_id in area_ids_for(user, RESEARCHER_ROLES)
            or not meeting_selectors.sees_whole_agenda(user, meeting)
        )
    ) or bool(agency_id and coordinator is False and meeting_selectors.invited_to_a_case_on(user, meeting))
    # (An agency invited to one case alone, a specialist service, researches that case.)
    invited = list(meeting.invited_agencies.order_by("name"))
    invite_form = form if isinstance(form, meeting_forms.InviteForm) else None
    if coordinator and invite_form is None:
        invite_form = meeting_forms.InviteForm(
            agencies=meeting_selectors.invitable_agencies(meeting), initial={"agencies": invited}
        )
    return {
        "can_research": can_research,
        "research_status": providers.research_status(meeting, user.agency_id)
        if can_research and user.agency_id
        else {},
        "meeting": meeting,
        "agenda": meeting_selectors.agenda_for(meeting, user),
        "research_details": research_details_for(user, meeting),
        "is_coordinator": coordinator,
        "agenda_open": meeting.status in schedule.OPEN_STATUSES,  # the order can still change
        "meeting_is_ahead": meeting.date > timezone.localdate(),  # not started before its day
        "agenda_changes": recirculation.agenda_changes(meeting) if coordinator else None,  # since it went out
        "invited": invited,
        "invite_form": invite_form,
        "form": form,
        # A position that could not be used: shown again in its case's input, which the summary links to.
        "moving": form if isinstance(form, meeting_forms.AgendaMoveForm) and form.errors else None,
        "non_field_target": form.position_anchor if isinstance(form, meeting_forms.AgendaMoveForm) else "",
    }


def _agenda_page(
    request: AuthenticatedHttpRequest, meeting: Meeting, form: Any = None, status: int = 200
) -> HttpResponse:
    """The agenda page, its read audited: the meeting, and the cases whose people's details it shows."""
    context = _agenda_context(request, meeting, form)
    cases = [row.item.case_id for row in context["agenda"].rows]
    audit.record_read(request, meeting, page="agenda", detail={"cases": cases})
    return render(request, "cases/meeting_detail.html", context, status=status)


@require_GET
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    return _agenda_page(request, meeting_selectors.meeting_get_for_user(request.user, meeting_id))


def agenda_change(
    request: AuthenticatedHttpRequest, meeting: Meeting, form: forms.Form, change: Callable[[dict[str, Any]], Any]
) -> tuple[HttpResponse | None, Any]:
    """Run ``change`` on the form's cleaned data. On bad input or a stale version
    the agenda is shown again with the reason (and no response means it is done)."""
    status = 400
    if form.is_valid():
        try:
            return None, change(form.cleaned_data)
        except StaleVersionError:
            form.add_error(None, STALE_AGENDA)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
    meeting.refresh_from_db()
    return _agenda_page(request, meeting, form, status), None


def _back_to_item(meeting: Meeting, item: AgendaItem) -> HttpResponse:
    response = redirect("meeting-detail", meeting_id=meeting.pk)
    response["Location"] += f"#item-{item.pk}"
    return response


@require_POST
def agenda_move(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    item = meeting_selectors.agenda_item_get_for_user(meeting, request.user, item_id)
    form = meeting_forms.AgendaMoveForm(request.POST, item_id=item.pk)
    failed, now_at = agenda_change(
        request,
        meeting,
        form,
        lambda data: meeting_services.agenda_move_item(
            user=request.user,
            item=item,
            direction=data["direction"],
            position=data["position"],
            expected_version=data["version"],
        ),
    )
    if failed is not None:
        return failed
    if form.cleaned_data["direction"] == "to":
        messages.success(request, f"Case {item.case.reference} moved to position {now_at}.")
    else:
        messages.success(request, f"Case moved {form.cleaned_data['direction']}.")
    return _back_to_item(meeting, item)


@require_POST
def agenda_circulate(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    failed, told = agenda_change(
        request,
        meeting,
        meeting_forms.CirculateForm(request.POST),
        lambda data: meeting_services.agenda_circulate(
            user=request.user, meeting=meeting, expected_version=data["version"]
        ),
    )
    if failed is not None:
        return failed
    messages.success(request, f"Agenda circulated: {told} representative{'s' if told != 1 else ''} told.")
    return redirect("meeting-detail", meeting_id=meeting.pk)


@require_POST
def meeting_invite(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get_for_user(request.user, meeting_id)
    failed, _ = agenda_change(
        request,
        meeting,
        meeting_forms.InviteForm(request.POST, agencies=meeting_selectors.invitable_agencies(meeting)),
        lambda data: meeting_services.meeting_update_invited(
            user=request.user, meeting=meeting, agencies=data["agencies"], expected_version=data["version"]
        ),
    )
    return failed or redirect("meeting-detail", meeting_id=meeting.pk)


def _changeable_item(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> tuple[Meeting, AgendaItem]:
    """A case on an agenda the user coordinates (never one they declared a conflict on)."""
    user = request.user
    meeting = meeting_selectors.meeting_get_for_user(user, meeting_id)
    item = meeting_selectors.agenda_item_get_for_user(meeting, user, item_id)
    if not selectors.cases_for_user(user).filter(pk=item.case_id).exists():
        raise Http404
    if not selectors.user_coordinates(user, meeting.area_id):
        raise PermissionDenied("Only the MARAC's coordinator can change the agenda.")
    return meeting, item


def _other_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """The next few meetings of the area a case could move to."""
    upcoming = (
        Meeting.objects.filter(
            area_id=meeting.area_id, date__gte=timezone.localdate(), status__in=schedule.OPEN_STATUSES
        )
        .exclude(pk=meeting.pk)
        .order_by("date")
    )
    return Meeting.objects.filter(pk__in=upcoming.values("pk")[:8]).order_by("date")


def _item_page(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, failed: Any = None, status: int = 200
) -> HttpResponse:
    """The page for one case on the agenda; ``failed`` is the form that was refused, keeping what was entered."""
    item_form = failed
    if not isinstance(failed, meeting_forms.AgendaItemForm):
        item_form = meeting_forms.AgendaItemForm(
            meeting=meeting,
            initial={
                "version": meeting.version,
                "minutes": item.minutes,
                "ppmt_mapping": item.ppmt_mapping,
                "mapping_agency": item.mapping_agency_id,
            },
        )
    move_form = failed
    if not isinstance(failed, meeting_forms.AgendaRescheduleForm):
        move_form = meeting_forms.AgendaRescheduleForm(
            meetings=_other_meetings(meeting), initial={"version": meeting.version}
        )
    context = {"meeting": meeting, "item": item, "item_form": item_form, "move_form": move_form, "form": failed}
    # The chair and coordinators see an action persistently not completed (this page is theirs).
    context["not_completed_since"] = providers.persistent_since([item]).get(item.pk)
    audit.record_read(request, item.case, page="agenda-item", area=meeting.area)
    return render(request, "cases/agenda_item.html", context, status=status)


def _stale_item(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, form: forms.Form
) -> HttpResponse:
    meeting.refresh_from_db()
    carry_current_version(form, meeting.version)
    form.add_error(None, STALE_ITEM)
    return _item_page(request, meeting, item, form, status=409)


@require_http_methods(["GET", "POST"])
def agenda_item_update(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """One case on the agenda: its time and full PPMT mapping (a page of its own, linked from the agenda)."""
    meeting, item = _changeable_item(request, meeting_id, item_id)
    if request.method == "GET":
        return _item_page(request, meeting, item)
    form = meeting_forms.AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            meeting_services.agenda_item_update(
                user=request.user,
                item=item,
                minutes=form.cleaned_data["minutes"],
                ppmt_mapping=form.cleaned_data["ppmt_mapping"],
                expected_version=form.cleaned_data["version"],
                mapping_agency=form.cleaned_data["mapping_agency"],
            )
        except StaleVersionError:
            return _stale_item(request, meeting, item, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Case {item.case.reference} updated.")
            return _back_to_item(meeting, item)
    return _item_page(request, meeting, item, form, status=400)


@require_POST
def agenda_reschedule(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Move one case to another meeting of the area."""
    meeting, item = _changeable_item(request, meeting_id, item_id)
    form = meeting_forms.AgendaRescheduleForm(request.POST, meetings=_other_meetings(meeting))
    if form.is_valid():
        target = form.cleaned_data["to_meeting"]
        try:
            meeting_services.agenda_move_to_meeting(
                user=request.user, item=item, to_meeting=target, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError:
            return _stale_item(request, meeting, item, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Case {item.case.reference} moved to the meeting on {target.date:%-d %B %Y}.")
            return _back_to_item(meeting, item)
    return _item_page(request, meeting, item, form, status=400)


@require_http_methods(["GET", "POST"])
def conflict_declare(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = selectors.case_get_for_user(user, case_id)
    meetings = meeting_selectors.meetings_for_user(user)
    link = meeting_forms.MeetingLinkForm(request.POST if request.method == "POST" else request.GET, meetings=meetings)
    if not link.is_valid():
        raise Http404  # not one of the user's meetings
    meeting = link.cleaned_data["meeting"]
    form = meeting_forms.ConflictForm(
        request.POST if request.method == "POST" else None, meetings=meetings, initial={"meeting": meeting}
    )
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
    audit.record_read(request, case, page="conflict")
    return render(
        request,
        "cases/conflict_declare.html",
        {"case": case, "form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )
