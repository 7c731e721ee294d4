"""The API tokens pages: a person's own tokens, and a representative's tokens for their agency's service
accounts. Thin: the selectors decide what may be seen (404 otherwise), the services what may be done.
These pages show no case data, so they write no read events; every change writes its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from marac.http import AuthenticatedHttpRequest, int_or_404
from marac.models import User
from marac.tokens import selectors, services
from marac.tokens.forms import TokenForm
from marac.tokens.models import ApiToken


def _verified(request: AuthenticatedHttpRequest) -> bool:
    """Whether this session passed two-factor authentication (django-otp's ``is_verified``)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


@require_GET
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    accounts = list(
        selectors.service_accounts_for(user).prefetch_related(
            Prefetch("api_tokens", queryset=ApiToken.objects.order_by("-created_at", "-pk"))
        )
    )
    context = {"tokens": list(selectors.tokens_owned_by(user)), "accounts": accounts}
    return render(request, "marac/tokens/list.html", context)


def _issue(request: AuthenticatedHttpRequest, owner: User) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.issue_token(
                actor=request.user,
                owner=owner,
                name=data["name"],
                scopes=data["scopes"],
                days=data["days"],
                verified=_verified(request),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "marac/tokens/created.html", {"token": token, "secret": secret, "owner": owner})
    context = {"form": form, "owner": owner, "for_someone_else": owner.pk != request.user.pk}
    return render(request, "marac/tokens/create.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _issue(request, request.user)


@require_http_methods(["GET", "POST"])
def service_token_create(request: AuthenticatedHttpRequest, account_id: int) -> HttpResponse:
    account = selectors.service_account_get_for_user(request.user, int_or_404(account_id))
    return _issue(request, account)


@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_get_for_user(request.user, int_or_404(token_id))
    if request.method == "POST":
        try:
            services.revoke_token(actor=request.user, token=token, request=request)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The token is revoked: it no longer works.")
        return redirect("token-list")
    return render(request, "marac/tokens/revoke.html", {"token": token})
