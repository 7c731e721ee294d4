"""A case's needs and the specialist services invited to it (thin views: the services decide)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import selectors as case_selectors
from cases.meetings import selectors as meeting_selectors
from cases.models import Case, NeedKind
from cases.needs import contacts, selectors, services
from cases.needs.forms import InterpretedContactForm, NeedForm, RefusalForm
from marac import audit
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest, parse_id
from marac.versioning import StaleVersionError

STALE_NEED = (
    "Someone else changed this need while you were looking at it, so your change was not saved. "
    "The page now shows the need as it is: check it and try again."
)


def _versions(needs: list[Any]) -> dict[str, int]:
    return {need.kind: need.version for need in needs}


def _render(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: NeedForm | None = None,
    status: int = 200,
    refusal: str = "",
    contact_form: InterpretedContactForm | None = None,
) -> HttpResponse:
    needs = selectors.needs_on(case)
    may_set = selectors.may_set_needs(request.user, case)
    if form is None and may_set:
        form = NeedForm(versions=_versions(needs))
    coordinating = selectors.may_invite(request.user, case)
    context = {
        "case": case,
        "needs": needs,
        "need_form": form,
        # What the error summary and the title read: the need form's errors, or a refusal of no field.
        "form": RefusalForm(refusal) if refusal else (contact_form or form),
        **_contacts_context(request, case, needs, contact_form),
        "may_set": may_set,
        "coordinating": coordinating,
        "invitations": selectors.invitations_on(case),
        "suggested": selectors.suggestions(case.area_id, [case.pk]).get(case.pk, []) if coordinating else [],
    }
    return render(request, "cases/case_needs.html", context, status=status)


def _contacts_context(
    request: AuthenticatedHttpRequest, case: Case, needs: list[Any], bound: InterpretedContactForm | None
) -> dict[str, Any]:
    """Who interpreted at each contact: shown while an interpreter is needed, or once one is recorded."""
    interpreter = any(need.kind == NeedKind.INTERPRETER and need.ended_at is None for need in needs)
    may_record = interpreter and contacts.may_record_contact(request.user, case)
    return {
        "contacts": contacts.contacts_on(case),
        "contact_form": bound or (InterpretedContactForm() if may_record else None),
    }


def _contact(request: AuthenticatedHttpRequest, case: Case) -> HttpResponse:
    if not contacts.may_record_contact(request.user, case):
        raise PermissionDenied("Only the agencies at the case and the people named on it record its contacts.")
    form = InterpretedContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contacts.interpreted_contact_record(
                actor=request.user,
                case=case,
                contact_on=data["contact_on"],
                language=data["language"],
                interpreted_by=data["interpreted_by"],
                reference=data["reference"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The interpreted contact is recorded.")
            return redirect("case-needs", case_id=case.pk)
    return _render(request, case, status=400, contact_form=form)


@require_http_methods(["GET", "POST"])
def case_needs(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_get_for_user(request.user, case_id)
    if request.method == "GET":
        response = _render(request, case)
        audit.record_read(request, case, page="needs")
        return response
    action = request.POST.get("action", "set")
    if action == "invite":
        return _invite(request, case)
    if action == "withdraw":
        return _withdraw(request, case)
    if action == "contact":
        return _contact(request, case)
    if not selectors.may_set_needs(request.user, case):
        raise PermissionDenied("Only the MARAC's coordinator, or a representative of an agency at the case, can.")
    if action == "end":
        return _end(request, case)
    form = NeedForm(request.POST, versions=_versions(selectors.needs_on(case)))
    if not form.is_valid():
        return _render(request, case, form, status=400)
    kind = form.cleaned_data["kind"]
    try:
        services.need_set(
            actor=request.user,
            case=case,
            kind=kind,
            detail=form.cleaned_data["detail"],
            harm_by_carer=form.cleaned_data["harm_by_carer"],
            version=form.version_of(kind),
        )
    except StaleVersionError:
        # What they typed, carrying the current version: saving again, having checked, can succeed.
        data = request.POST.copy()
        data[f"version_{kind}"] = str(_versions(selectors.needs_on(case)).get(kind, 0))
        form = NeedForm(data, versions={})
        form.is_valid()
        form.add_error(None, STALE_NEED)
        return _render(request, case, form, status=409)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render(request, case, form, status=400)
    messages.success(request, f"{NeedKind(kind).label}: recorded on this case.")
    return redirect("case-needs", case_id=case.pk)


def _end(request: AuthenticatedHttpRequest, case: Case) -> HttpResponse:
    kind = request.POST.get("kind", "")
    try:
        services.need_end(actor=request.user, case=case, kind=kind, version=parse_id(request.POST.get("version")))
    except StaleVersionError:
        return _render(request, case, status=409, refusal=STALE_NEED)
    except ValidationError:
        message = "That need is not recorded on this case: check the list and try again"
        return _render(request, case, status=400, refusal=message)
    messages.success(request, f"{NeedKind(kind).label}: no longer recorded as a need on this case.")
    return redirect("case-needs", case_id=case.pk)


def _withdraw(request: AuthenticatedHttpRequest, case: Case) -> HttpResponse:
    try:
        invitation = services.case_invitation_withdraw(
            actor=request.user, case=case, invitation_id=parse_id(request.POST.get("invitation")) or 0
        )
    except ValidationError:
        return _render(request, case, status=400, refusal="That invitation was already withdrawn: check the list")
    messages.success(request, f"{invitation.agency.name} is no longer invited to case {case.reference}.")
    return redirect("case-needs", case_id=case.pk)


def _invite(request: AuthenticatedHttpRequest, case: Case) -> HttpResponse:
    agency_id = parse_id(request.POST.get("agency"))
    try:
        invitation = services.case_invite(
            actor=request.user, case=case, agency_id=agency_id or 0, for_need=request.POST.get("need", "")
        )
    except ValidationError:
        return _render(request, case, status=400, refusal="Select an agency of this MARAC to invite")
    messages.success(request, f"{invitation.agency.name} is invited to case {case.reference}.")
    meeting_id = parse_id(request.POST.get("meeting"))
    if meeting_id is not None and meeting_selectors.meetings_for_user(request.user).filter(pk=meeting_id).exists():
        return redirect("meeting-detail", meeting_id=meeting_id)
    return redirect("case-needs", case_id=case.pk)
