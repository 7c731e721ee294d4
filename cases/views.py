"""Case pages: the case, its transfer between areas, and notifications (thin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import forms, selectors, services
from cases.feedback import selectors as feedback_selectors
from cases.grants import selectors as grant_selectors
from cases.models import CaseStatus, CaseTransfer, GrantKind
from cases.needs import selectors as needs_selectors
from cases.notifications import notifications_for, notifications_mark_read, unread_notifications
from cases.people.counter_allegations import counter_allegations
from cases.processes.selectors import processes_context
from cases.providers import sees_plan
from cases.status import selectors as status_selectors
from cases.status.views import may_close
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest


def _case_context(request: AuthenticatedHttpRequest, case: Any) -> dict[str, Any]:
    parties = case.parties.select_related("person").prefetch_related("person__aliases").order_by("role", "id")
    history = list(selectors.case_history(case))
    return {
        "case": case,
        "parties": parties,
        "referrals": history,
        "repeats": [r for r in history if r.is_repeat],
        "transfers_out": list(case.transfers_out.select_related("to_area", "new_case")),
        "transferred_from": CaseTransfer.objects.filter(new_case=case).select_related("case", "from_area").first(),
        "can_transfer": _can_transfer(request, case),
        "coordinating": selectors.user_coordinates(request.user, case.area_id),
        "named": [(grant, grant_selectors.kind_of(grant).label) for grant in grant_selectors.grants_on(case)],
        "can_name": any(grant_selectors.may_name(request.user, case, kind) for kind in GrantKind),
        "status_history": list(status_selectors.status_history(case)),
        "can_close": may_close(request.user, case),
        "sees_plan": sees_plan(request.user, case),
        "hearings": feedback_selectors.hearings_of(case),
        "listed_meeting": selectors.listed_meeting(case),
        "counter_allegations": counter_allegations(request.user, [case.pk]).get(case.pk, []),
        **processes_context(request.user, case, timezone.localdate()),
        **_needs_context(request, case),
    }


def _needs_context(request: AuthenticatedHttpRequest, case: Any) -> dict[str, Any]:
    coordinating = needs_selectors.may_invite(request.user, case)
    return {
        "needs": needs_selectors.active_flags([case.pk]).get(case.pk, []),
        "can_set_needs": needs_selectors.may_set_needs(request.user, case),
        "suggested": needs_selectors.suggestions(case.area_id, [case.pk]).get(case.pk, []) if coordinating else [],
        "invitations": needs_selectors.invitations_on(case),
    }


def _can_transfer(request: AuthenticatedHttpRequest, case: Any) -> bool:
    coordinator = selectors.user_coordinates(request.user, case.area_id)
    return coordinator and case.status != CaseStatus.TRANSFERRED_OUT


@require_GET
def case_detail(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, case_id)
    audit.record_read(request, case, page="case")
    return render(request, "cases/case_detail.html", _case_context(request, case))


@require_http_methods(["GET", "POST"])
def case_transfer(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The coordinator sends the case to another MARAC (its own page: the
    choice of area is long at national scale)."""
    case = selectors.case_get_for_user(request.user, case_id)
    form = forms.TransferForm(request.POST or None, current_area=case.area)
    if request.method == "GET":
        if not _can_transfer(request, case):
            raise PermissionDenied("Only the MARAC's coordinator can transfer a case, and only once.")
        audit.record_read(request, case, page="transfer-send")
        return render(request, "cases/case_transfer.html", {"case": case, "form": form})
    if form.is_valid():
        try:
            services.case_transfer_request(
                user=request.user,
                case=case,
                to_area=form.cleaned_data["to_area"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The transfer has been sent. The receiving MARAC's coordinator will accept it.")
            return redirect("case-detail", case_id=case.pk)
    return render(request, "cases/case_transfer.html", {"case": case, "form": form}, status=400)


@require_GET
def transfer_detail(request: AuthenticatedHttpRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, transfer_id)
    receiving = selectors.user_coordinates(request.user, transfer.to_area_id)
    audit.record_read(request, transfer, page="transfer", area=transfer.to_area)
    return render(
        request,
        "cases/transfer_detail.html",
        {"transfer": transfer, "receiving": receiving, "history": list(selectors.case_history(transfer.case))},
    )


@require_POST
def transfer_accept(request: AuthenticatedHttpRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, transfer_id)
    case = services.case_transfer_accept(user=request.user, transfer=transfer)
    messages.success(request, f"Transfer accepted: the case is now {case.reference} in {case.area.name}.")
    return redirect("case-detail", case_id=case.pk)


@require_http_methods(["GET", "POST"])
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notices, the unread ones marked "New". Reading them changes nothing: "Mark all as read" does."""
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        messages.success(request, "All your notifications are marked as read.")
        return redirect("notification-list")
    audit.record_read(request, object_type="cases.notification", page="notifications")
    return render(
        request,
        "cases/notification_list.html",
        {
            "notifications": notifications_for(request.user),
            "any_unread": unread_notifications(request.user).exists(),
        },
    )
