"""My agency's actions, an action's history and update, exports, and capture in the live meeting."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import meeting_selectors
from cases import selectors as case_selectors
from marac import audit
from marac.models import AuditVerb

from . import selectors, services
from .forms import ActionForm, ActionUpdateForm


def _user(request: HttpRequest) -> Any:
    return request.user


def _list(request: HttpRequest) -> tuple[str, Any]:
    name = request.GET.get("show", "outstanding")
    if name not in selectors.FILTERS:
        name = "outstanding"
    actions = selectors.filtered(selectors.actions_for_user(_user(request)), name).prefetch_related("joint_agencies")
    return name, actions


PAGE_SIZE = 50


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    name, actions = _list(request)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    with transaction.atomic():
        audit.record(
            actor=_user(request),
            verb=AuditVerb.LIST,
            object_type="actions.action",
            request=request,
            detail={"filter": name, "page": page.number, "count": len(page.object_list)},
        )
    return render(
        request,
        "actions/action_list.html",
        {
            "actions": page.object_list,
            "page": page,
            "query": urlencode({"show": name}),
            "show": name,
            "filters": selectors.FILTERS,
            "today": timezone.localdate(),
        },
    )


@require_GET
def action_export_csv(request: HttpRequest) -> HttpResponse:
    name, actions = _list(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="marac-actions-{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Reference", "Case", "Action", "Owning agency", "For", "Due", "Priority", "Status"])
    count = 0
    for action in actions.iterator(chunk_size=2000):
        writer.writerow(
            [
                action.reference,
                action.case.reference,
                action.description,
                action.owner_agency.name,
                action.get_focus_display(),
                action.due_date.isoformat(),
                action.get_priority_display(),
                action.get_status_display(),
            ]
        )
        count += 1
    audit.record(
        actor=_user(request),
        verb=AuditVerb.EXPORT,
        object_type="actions.action",
        request=request,
        detail={"format": "csv", "filter": name, "count": count},
    )
    return response


@require_GET
def action_export_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    name, actions = _list(request)
    rows = list(actions[:2000])
    html = render_to_string(
        "actions/pdf/actions.html", {"actions": rows, "title": selectors.FILTERS[name], "user": _user(request)}
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="marac-actions-{name}.pdf"'
    audit.record(
        actor=_user(request),
        verb=AuditVerb.EXPORT,
        object_type="actions.action",
        request=request,
        detail={"format": "pdf", "filter": name, "count": len(rows)},
    )
    return response


@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = selectors.action_get_for_user(user, action_id)
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status})
    status = 200
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        try:
            services.action_update(
                user=user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=int(version) if version.isdigit() else None,
            )
        except services.StaleActionError:
            form.add_error(
                None, "Someone else updated this action while you were writing. Check the history below and save again."
            )
            action.refresh_from_db()
        except ValidationError as exc:
            for key, message in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, f"Action {action.reference} updated.")
            return redirect("action-detail", action_id=action.pk)
    if form.errors:
        status = 400
    with transaction.atomic():
        audit.record(actor=user, verb=AuditVerb.VIEW, obj=action, area=action.case.area, request=request)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "form": form,
            "updates": action.updates.select_related("author"),
            "smart_flags": selectors.smart_flags(action),
        },
        status=status,
    )


@require_POST
def live_action_add(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Capture an action in place in the live meeting (or afterwards, by the coordinator)."""
    user = _user(request)
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
            action = services.action_create(
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
            flags = selectors.smart_flags(action)
            if flags:
                messages.info(request, f"Action {action.reference} recorded. To make it SMART: {'; '.join(flags)}.")
            else:
                messages.success(request, f"Action {action.reference} recorded.")
            return redirect(reverse("live-item", args=[meeting.pk, item.pk]) + "#actions")
    from cases.live_views import _live_context

    return render(request, "cases/live_item.html", _live_context(request, meeting, item, action_form=form), status=400)


@require_http_methods(["GET", "POST"])
def reminder_preference(request: HttpRequest) -> HttpResponse:
    """Each user chooses a reminder each time, or a weekly digest."""
    from .models import ReminderPreference

    user = _user(request)
    preference, _ = ReminderPreference.objects.get_or_create(user=user)
    if request.method == "POST":
        choice = request.POST.get("mode")
        if choice not in ("immediate", "digest"):
            return render(
                request,
                "actions/reminder_preference.html",
                {"preference": preference, "error": "Select how you want to be reminded"},
                status=400,
            )
        preference.digest_only = choice == "digest"
        preference.save(update_fields=["digest_only"])
        audit.record(actor=user, verb=AuditVerb.CHANGE, obj=preference, detail={"digest_only": preference.digest_only})
        messages.success(request, "Your reminder choice is saved.")
        return redirect("action-list")
    return render(request, "actions/reminder_preference.html", {"preference": preference})
