"""My agency's actions, an action's history and update, exports, and the reminder choice."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actions import selectors, services
from actions.forms import ActionUpdateForm, ReminderPreferenceForm
from actions.preferences import reminder_preference_for, reminder_preference_set
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.models import AuditVerb
from marac.pdf import pdf_response
from marac.spreadsheet import csv_writer
from marac.versioning import StaleVersionError

STALE_ACTION = "Someone else updated this action while you were writing. Check the history below and save again."


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
    audit.record_read(
        request,
        verb=AuditVerb.LIST,
        object_type="actions.action",
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
    writer = csv_writer(response)
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
    audit.record_read(
        request,
        verb=AuditVerb.EXPORT,
        object_type="actions.action",
        detail={"format": "csv", "filter": name, "count": count},
    )
    return response


@require_GET
def action_export_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    name, actions = _list(request)
    rows = list(actions[:2000])
    audit.record_read(
        request,
        verb=AuditVerb.EXPORT,
        object_type="actions.action",
        detail={"format": "pdf", "filter": name, "count": len(rows)},
    )
    return pdf_response(
        request,
        "actions/pdf/actions.html",
        {"actions": rows, "title": selectors.FILTERS[name], "user": request.user},
        f"marac-actions-{name}.pdf",
    )


@require_http_methods(["GET", "POST"])
def action_detail(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    user = request.user
    action = selectors.action_get_for_user(user, action_id)
    form = ActionUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={"status": action.status, "version": action.version},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                user=user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError:
            action.refresh_from_db()
            carry_current_version(form, action.version)
            form.add_error(None, STALE_ACTION)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Action {action.reference} updated.")
            return redirect("action-detail", action_id=action.pk)
    audit.record_read(request, action, page="action", area=action.case.area)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "form": form,
            "updates": action.updates.select_related("author"),
            "smart_flags": selectors.smart_flags(action),
        },
        status=400 if form.errors and status == 200 else status,
    )


@require_http_methods(["GET", "POST"])
def reminder_preference(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each user chooses a reminder each time, or a weekly digest."""
    preference = reminder_preference_for(request.user)
    form = ReminderPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"mode": "digest" if preference.digest_only else "immediate"},
    )
    if request.method == "POST" and form.is_valid():
        reminder_preference_set(user=request.user, digest_only=form.cleaned_data["mode"] == "digest")
        messages.success(request, "Your reminder choice is saved.")
        return redirect("action-list")
    return render(request, "actions/reminder_preference.html", {"form": form}, status=400 if form.errors else 200)
