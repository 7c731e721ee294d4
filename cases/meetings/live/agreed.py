"""The actions agreed at a case of the live meeting: recording one, and correcting or removing one
recorded by mistake (thin views; ``actions.services`` checks, saves and audits).

With htmx (``request.htmx``) each answers with the page's actions region alone
(``cases/live/_actions.html``), so what is typed elsewhere on the page stays;
without it, the whole page, or a redirect back to it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from actions import selectors as action_selectors
from actions import services as action_services
from actions.forms import ActionEditForm
from actions.models import Action
from cases.meetings.live import context as live_context
from cases.meetings.live.views import live_item_of, page, region, to_item
from cases.models import AgendaItem, Meeting
from marac import audit
from marac.forms import add_service_errors, carry_current_version
from marac.http import AuthenticatedHttpRequest
from marac.versioning import StaleVersionError, parse_version

STALE_ACTION = (
    "Someone else changed this action while you were editing it, so your change was not saved. "
    "What you entered is below, with the action as it is now listed above: save again to replace it."
)

STALE_REMOVAL = (
    "Someone else changed this action since you loaded the page, so it was not removed. "
    "It is listed below as it is now: remove it again if it should go."
)


def _form_data(form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "description": data["description"],
        "owner_agency": data["owner_agency"],
        "focus": data["focus"],
        "due_date": data["due_date"],
        "stage": data["stage"],
        "priority": data["priority"],
        "joint_agencies": data["joint_agencies"],
        "assignee_name": data["assignee_name"],
        "vague_ok": data["vague_ok"],
    }


def _refused(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    item: AgendaItem,
    *,
    status: int = 400,
    failed: Any = None,
    editing: Action | None = None,
    edit_form: Any = None,
    removal_error: str = "",
    focus: str = "",
) -> HttpResponse:
    """The actions region (htmx) or a whole page again, with the form refused as typed, or why a removal
    was refused (``removal_error``, shown in the region's error summary)."""
    context = live_context.actions_region(meeting, item, failed)
    context.update(
        editing=editing,
        edit_form=edit_form,
        removal_errors=[("actions-agreed", removal_error)] if removal_error else [],
    )
    if request.htmx:
        return region(request, "actions", context, status=status, focus=focus)
    if edit_form is not None:
        return render(request, "cases/live_action_edit.html", {**context, "form": edit_form}, status=status)
    if removal_error:
        messages.error(request, removal_error)
        return to_item(item, "actions")
    return page(request, meeting, item, failed, status=status)


def _done(request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, message: str) -> HttpResponse:
    if request.htmx:
        context = live_context.actions_region(meeting, item)
        return region(request, "actions", context, message=message, focus="actions-agreed")
    messages.success(request, message)
    return to_item(item, "actions")


@require_POST
def live_action_add(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Capture an action in place in the live meeting (or afterwards, by the coordinator)."""
    meeting, item = live_item_of(request, meeting_id, item_id)
    form = live_context.action_form(meeting, item, request.POST)
    if form.is_valid():
        try:
            action = action_services.action_create(user=request.user, case=item.case, item=item, **_form_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flags = action_selectors.smart_flags(action)
            if flags:
                message = f"Action {action.reference} recorded. To make it SMART: {'; '.join(flags)}."
                if not request.htmx:
                    messages.info(request, message)
                    return to_item(item, "actions")
                return _done(request, meeting, item, message)
            return _done(request, meeting, item, f"Action {action.reference} recorded.")
    return _refused(request, meeting, item, failed=form)


def _agreed_action(item: AgendaItem, action_id: int) -> Action:
    try:
        return Action.objects.select_related("case", "case__area", "item", "item__meeting").get(pk=action_id, item=item)
    except Action.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def live_action_edit(request: AuthenticatedHttpRequest, meeting_id: int, item_id: int, action_id: int) -> HttpResponse:
    """Correct an action agreed at this case: in the actions region with htmx, else on its own page."""
    meeting, item = live_item_of(request, meeting_id, item_id)
    action = _agreed_action(item, action_id)
    action_services.require_correctable(request.user, action)
    if request.method == "GET":
        form = live_context.action_form(
            meeting, item, form_class=ActionEditForm, prefix="edit", initial=ActionEditForm.initial_for(action)
        )
        audit.record_read(request, item.case, page="live-action-edit")
        return _refused(request, meeting, item, status=200, editing=action, edit_form=form, focus="action-edit-heading")
    form = live_context.action_form(meeting, item, request.POST, form_class=ActionEditForm, prefix="edit")
    if form.is_valid():
        data = _form_data(form)
        try:
            action = action_services.action_edit(
                user=request.user, action=action, expected_version=form.cleaned_data["version"], **data
            )
        except StaleVersionError:
            action.refresh_from_db()
            carry_current_version(form, action.version)
            form.add_error(None, STALE_ACTION)
            return _refused(request, meeting, item, status=409, editing=action, edit_form=form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, meeting, item, f"Action {action.reference} changed.")
    return _refused(request, meeting, item, editing=action, edit_form=form)


@require_POST
def live_action_remove(
    request: AuthenticatedHttpRequest, meeting_id: int, item_id: int, action_id: int
) -> HttpResponse:
    """Remove an action recorded by mistake (it is superseded, its history kept)."""
    meeting, item = live_item_of(request, meeting_id, item_id)
    action = _agreed_action(item, action_id)
    action_services.require_correctable(request.user, action)
    try:
        action_services.action_withdraw(
            user=request.user, action=action, expected_version=parse_version(request.POST.get("version"))
        )
    except StaleVersionError:
        return _refused(request, meeting, item, status=409, removal_error=STALE_REMOVAL)
    except ValidationError as exc:
        return _refused(request, meeting, item, removal_error=" ".join(exc.messages))
    return _done(request, meeting, item, f"Action {action.reference} removed.")
