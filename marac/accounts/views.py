"""Account pages: the accounts a user manages, invitations, closing an account,
the quarterly review; and the invitee's first sign-in and recovery codes.

These pages show no case data, so they write no read events; every change
goes through ``marac.accounts.services``, which audits it.
"""

from __future__ import annotations

from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marac.accounts import recovery, selectors, services
from marac.accounts.forms import AccountReviewForm, DeactivateForm, FirstPasswordForm, InviteForm
from marac.accounts.models import AccountReview, Invitation
from marac.forms import add_service_errors
from marac.http import AuthenticatedHttpRequest, int_or_404
from marac.models import Agency, MaracArea, Role

ROLE_LABELS = dict(Role.choices)


def _scope_or_404(request: AuthenticatedHttpRequest) -> selectors.Scope:
    scope = selectors.scope_for(request.user)
    if not scope.manages_anything:
        raise Http404
    return scope


@require_GET
def account_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    accounts = list(selectors.managed_users(scope))
    invitations = list(selectors.invitations_for(scope))
    context = {
        "accounts": accounts,
        "closable": selectors.closable_ids(scope, request.user, accounts),
        "invitations": invitations,
        "now": timezone.now(),
        "role_labels": ROLE_LABELS,
        "reviews": selectors.reviews_for(scope, request.user, selectors.quarter_of(timezone.localdate())),
        "quarter": selectors.quarter_of(timezone.localdate()),
    }
    return render(request, "marac/accounts/account_list.html", context)


@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    form = InviteForm(request.POST if request.method == "POST" else None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_user(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                agency=data["agency"],
                area=data["area"],
                role=data["role"],
                request=request,
            )
        except PermissionDenied:
            form.add_error(None, services.NOT_YOURS)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The invitation is on its way. The link in it works for one use.")
            return redirect("account-list")
    context = {"form": form, "valid_days": services.invitation_valid_days()}
    return render(request, "marac/accounts/invite.html", context, status=400 if form.errors else 200)


def _invitation_or_404(request: AuthenticatedHttpRequest, invitation_id: int) -> Invitation:
    scope = _scope_or_404(request)
    return get_object_or_404(selectors.invitations_for(scope), pk=int_or_404(invitation_id))


@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation_or_404(request, invitation_id)
    try:
        services.resend_invitation(actor=request.user, invitation=invitation, request=request)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, "A new invitation is on its way. The earlier link no longer works.")
    return redirect("account-list")


@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation_or_404(request, invitation_id)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation, request=request)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, "The invitation is withdrawn. Its link no longer works.")
    return redirect("account-list")


@require_http_methods(["GET", "POST"])
def deactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    scope = _scope_or_404(request)
    person = get_object_or_404(selectors.managed_users(scope), pk=int_or_404(user_id))
    if not selectors.may_deactivate(scope, request.user, person):
        raise Http404
    form = DeactivateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deactivate_user(
                actor=request.user, user=person, reason=form.cleaned_data["reason"], request=request
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, f"{person.full_name}'s account is closed. They have been signed out.")
        return redirect("account-list")
    context = {"form": form, "person": person, "role_labels": ROLE_LABELS}
    return render(request, "marac/accounts/deactivate.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def account_review(request: AuthenticatedHttpRequest, area_id: int, agency_id: int) -> HttpResponse:
    scope = _scope_or_404(request)
    area = get_object_or_404(MaracArea, pk=int_or_404(area_id), is_active=True)
    agency = get_object_or_404(Agency, pk=int_or_404(agency_id))
    if not selectors.may_review(scope, agency=agency, area=area):
        raise Http404
    quarter = selectors.quarter_of(timezone.localdate())
    done = AccountReview.objects.filter(agency=agency, area=area, quarter=quarter).select_related("confirmed_by")
    review = done.first()
    accounts = list(selectors.review_accounts(agency=agency, area=area))
    form = AccountReviewForm(request.POST if request.method == "POST" and review is None else None, accounts=accounts)
    if form.is_bound and form.is_valid():
        try:
            services.confirm_accounts(
                actor=request.user,
                agency=agency,
                area=area,
                quarter=quarter,
                decisions=form.decisions(),
                request=request,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Thank you: the accounts for {quarter} are confirmed.")
            return redirect("account-list")
    context = {
        "form": form,
        "area": area,
        "agency": agency,
        "quarter": quarter,
        "review": review,
        "rows": [(user, form[f"account_{user.pk}"]) for user in accounts],
        "role_labels": ROLE_LABELS,
    }
    return render(request, "marac/accounts/review.html", context, status=400 if form.errors else 200)


INVALID_LINK = "marac/accounts/invitation_invalid.html"


def _no_referrer(response: HttpResponse) -> HttpResponse:
    """The link's secret is in the address: no page it leads to may learn it."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@sensitive_variables("secret")
@sensitive_post_parameters("new_password", "confirm_password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    """First sign-in: choose a password, then set up two-factor authentication."""
    invitation = selectors.valid_invitation(secret)
    if invitation is None:
        return _no_referrer(render(request, INVALID_LINK, status=404))
    form = FirstPasswordForm(request.POST if request.method == "POST" else None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                secret=secret, password=form.cleaned_data["new_password"], request=request
            )
        except services.InvitationInvalidError:
            return _no_referrer(render(request, INVALID_LINK, status=404))
        except ValidationError as exc:
            form.add_error("new_password", exc)
        else:
            auth.login(request, user, backend="marac.backends.PeopleOnlyBackend")
            # After the authenticator is set up, offer recovery codes.
            request.session["after_two_factor"] = reverse("recovery-codes")
            return _no_referrer(redirect("two-factor-set-up"))
    context = {"form": form, "invitation": invitation, "role_label": ROLE_LABELS.get(invitation.role, "")}
    response = render(request, "marac/accounts/invitation_accept.html", context, status=400 if form.errors else 200)
    return _no_referrer(response)


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Offer recovery codes (GET); make a new set and show it once (POST)."""
    if request.method == "POST":
        codes = recovery.create_recovery_codes(user=request.user, request=request)
        return render(request, "marac/accounts/recovery_codes_shown.html", {"codes": codes})
    context = {"has_codes": recovery.has_recovery_codes(request.user)}
    return render(request, "marac/accounts/recovery_codes.html", context)
