"""The hand-off inside the referring agency (thin): the representative returns a referral to the practitioner
with a note; the practitioner deletes a draft, after a confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases.referrals import selectors
from cases.referrals.handoff import forms, services
from cases.referrals.summary import record_view
from marac.http import AuthenticatedHttpRequest
from marac.versioning import StaleVersionError, parse_version

STALE_RETURN = (
    "The practitioner or a colleague changed this referral while you were writing your note. "
    "Your note is shown below: check the referral again before returning it."
)
STALE_DELETE = "This referral changed since you opened this page. Check it again before deleting it."


@require_http_methods(["GET", "POST"])
def referral_return_to_drafter(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    if not services.may_return_to_drafter(request.user, referral):
        raise PermissionDenied(services.NOT_WAITING)
    form = forms.ReturnToDrafterForm(request.POST or None, initial={"version": referral.version})
    status = 200
    if request.method == "GET":
        record_view(request, referral, "return-to-practitioner")
    elif form.is_valid():
        try:
            services.referral_return_to_drafter(
                user=request.user,
                referral=referral,
                note=form.cleaned_data["note"],
                expected_version=parse_version(request.POST.get("version")),
            )
        except StaleVersionError:
            form.add_error(None, STALE_RETURN)
            status = 409
        except ValidationError as exc:
            for message in exc.message_dict.get("note", []):
                form.add_error("note", message)
            status = 400
        else:
            messages.success(request, f"The referral has been returned to {referral.drafted_by.full_name}.")
            return redirect("referral-list")
    else:
        status = 400
    context = {"referral": referral, "form": form}
    return render(request, "cases/referral_return_to_drafter.html", context, status=status)


@require_http_methods(["GET", "POST"])
def referral_delete(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(request.user, public_id)
    if not services.may_delete(request.user, referral):
        raise PermissionDenied(services.NOT_DELETABLE)
    stale = False
    if request.method == "GET":
        record_view(request, referral, "delete")
    else:
        try:
            services.referral_delete(
                user=request.user, referral=referral, expected_version=parse_version(request.POST.get("version"))
            )
        except StaleVersionError:
            stale = True
            referral = selectors.referral_get_for_user(request.user, public_id)
        else:
            messages.success(request, "The draft referral has been deleted.")
            return redirect("referral-list")
    context = {"referral": referral, "stale_errors": [("main-content", STALE_DELETE)] if stale else []}
    return render(request, "cases/referral_delete.html", context, status=409 if stale else 200)
