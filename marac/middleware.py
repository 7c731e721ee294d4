"""Access control that applies to every request.

* ``LoginRequiredMiddleware``: every view needs a signed-in user unless it is
  marked ``@login_not_required`` (sign-in, health).  Django's own middleware,
  with the API answering 401 instead of a redirect.
* ``TwoFactorRequiredMiddleware``: a signed-in user must also have passed
  two-factor authentication (django-otp) before seeing anything but the
  two-factor pages, except seeded demo users while MARAC_DEMO=1.
* ``NoStoreMiddleware``: pages may hold personal data, so browsers and proxies
  must not keep copies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeGuard, TypeVar

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from marac.models import User

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

# The view attribute set by ``two_factor_exempt``.
_TWO_FACTOR_EXEMPT = "two_factor_exempt"


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    def get_login_url(self, view_func: Callable[..., Any]) -> str:
        # One sign-in page for everything, the administration site included
        # (Django's admin would otherwise name its own login page).
        return str(settings.LOGIN_URL)

    # django-stubs says this returns a redirect; the API's answer is a 401 instead.
    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Callable[..., Any]
    ) -> HttpResponseBase:
        if request.path.startswith("/api/"):
            # The API's own authentication (token or session) decides; DRF
            # answers 401 for anonymous requests.
            return JsonResponse(
                {"detail": "Authentication credentials were not provided."},
                status=401,
                headers={"WWW-Authenticate": 'Token realm="api"'},
            )
        return super().handle_no_permission(request, view_func)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META:
            return None  # token authentication happens inside the API view
        return super().process_view(request, view_func, view_args, view_kwargs)


def two_factor_exempt(view: ViewT) -> ViewT:
    """Mark a view reachable by a signed-in user who has not yet passed 2FA."""
    setattr(view, _TWO_FACTOR_EXEMPT, True)
    return view


def two_factor_satisfied(user: AbstractBaseUser | AnonymousUser) -> TypeGuard[User]:
    """Whether ``user`` is signed in and has passed two-factor authentication
    (then it is a ``marac.models.User``)."""
    if not user.is_authenticated:
        return False
    # OTPMiddleware adds is_verified() to request.user; a user object fresh
    # from authenticate() has not passed a second factor.
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    return bool(settings.MARAC_DEMO and getattr(user, "is_demo", False))


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(view_func, _TWO_FACTOR_EXEMPT, False) or getattr(view_func, "login_required", True) is False:
            return None
        if two_factor_satisfied(user):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor authentication is required."}, status=403)
        return redirect("two-factor")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
            response.headers["Cache-Control"] += ", no-store"
        return response
