"""My agency's actions, an action's history and update, exports, and capture in the live meeting."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actions import selectors, services
from actions.forms import ActionUpdateForm
from marac import audit
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb


def _list(request: AuthenticatedHttpRequest) -> tuple[str, Any]:
    name = request.GET.get("show", "outstanding")
    if name not in selectors.FILTERS:
        name = "outstanding"
    actions = selectors.filtered(selectors.actions_for_user(request.user), name).prefetch_related("joint_agencies")
    return name, actions


PAGE_SIZE = 50


@require_GET
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    name, actions = _list(request)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    with transaction.atomic():
        audit.record(
            actor=request.user,
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
def action_export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
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
        actor=request.user,
        verb=AuditVerb.EXPORT,
        object_type="actions.action",
        request=request,
        detail={"format": "csv", "filter": name, "count": count},
    )
    return response


@require_GET
def action_export_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    from weasyprint import HTML

    name, actions = _list(request)
    rows = list(actions[:2000])
    html = render_to_string(
        "actions/pdf/actions.html", {"actions": rows, "title": selectors.FILTERS[name], "user": request.user}
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="marac-actions-{name}.pdf"'
    audit.record(
        actor=request.user,
        verb=AuditVerb.EXPORT,
        object_type="actions.action",
        request=request,
        detail={"format": "pdf", "filter": name, "count": len(rows)},
    )
    return response


@require_http_methods(["GET", "POST"])
def action_detail(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    user = request.user
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


@require_http_methods(["GET", "POST"])
def reminder_preference(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each user chooses a reminder each time, or a weekly digest."""
    from actions.models import ReminderPreference

    user = request.user
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
