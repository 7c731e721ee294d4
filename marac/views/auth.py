"""Sign-in, two-factor authentication and sign-out.

Password first, then a TOTP code (django-otp). A user without a confirmed
authenticator is taken to set one up. Wrong passwords and wrong codes both
count toward the sign-in throttle (``marac.sign_in_throttle``: a progressive
delay per account and per address), and neither message says which part was
wrong. The account's count is cleared only when both factors have passed.
"""

from __future__ import annotations

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from marac import audit, sign_in_throttle
from marac.accounts import recovery
from marac.forms import SecondFactorForm, SignInForm, TwoFactorCodeForm
from marac.http import AuthenticatedHttpRequest
from marac.middleware import two_factor_exempt, two_factor_satisfied
from marac.models import AuditVerb, User

SIGN_IN_ERROR = (
    "Enter the email address and password for your account. "
    "If you have forgotten your password, ask your MARAC's system administrator to reset it."
)
CODE_ERROR = "The security code is not right or has expired. Enter the current code from your authenticator app"
RECOVERY_CODE_ERROR = "That recovery code is not right or has already been used. Check it, or use another"


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home" if two_factor_satisfied(request.user) else "two-factor")
    form = SignInForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = sign_in_throttle.seconds_to_wait(request, email)
        if wait:
            sign_in_throttle.refuse(request, email, wait)
            form.add_error(None, sign_in_throttle.wait_message(wait))
        else:
            user = auth.authenticate(request, email=email, username=email, password=form.cleaned_data["password"])
            if user is not None:
                return _signed_in(request, user)
            sign_in_throttle.record_failure(request, email)
            form.add_error(None, SIGN_IN_ERROR)
    return render(
        request,
        "marac/sign_in.html",
        # Sent here by the page's script when the idle timeout ran out: say so (no detail of the page).
        {"form": form, "next": _safe_next(request) or "", "timed_out": request.GET.get("timeout") == "1"},
        status=_form_status(form, bool(wait)),
    )


def _signed_in(request: HttpRequest, user: User) -> HttpResponse:
    auth.login(request, user)
    target = _safe_next(request)
    if two_factor_satisfied(user):
        sign_in_throttle.record_success(user.email)
        return redirect(target or settings.LOGIN_REDIRECT_URL)
    response = redirect("two-factor")
    if target:
        request.session["after_two_factor"] = target
    return response


def _record_code_failure(request: AuthenticatedHttpRequest) -> None:
    user = request.user
    sign_in_throttle.record_failure(request, user.email)
    # The signal reaches the audit receiver.
    user_login_failed.send(
        sender=__name__,
        credentials={"email": user.email, "username": user.email, "second_factor": True},
        request=request,
    )


def _code_attempt_too_soon(request: AuthenticatedHttpRequest, form: TwoFactorCodeForm) -> bool:
    """Refuse a code sent before the throttle's wait is over (with the wait as the error)."""
    wait = sign_in_throttle.seconds_to_wait(request, request.user.email)
    if wait:
        sign_in_throttle.refuse(request, request.user.email, wait)
        form.add_error("code", sign_in_throttle.wait_message(wait))
    return bool(wait)


def _finish_two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    sign_in_throttle.record_success(request.user.email)
    target = request.session.pop("after_two_factor", None)
    if target and not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = None
    return redirect(target or settings.LOGIN_REDIRECT_URL)


def _verified_device(user: User, device: TOTPDevice, code: str) -> tuple[Device | None, dict[str, str | int]]:
    """The device that accepts ``code`` (the app, or a recovery code, which is then used up), and audit detail."""
    if recovery.looks_like_recovery_code(code):
        static = recovery.use_recovery_code(user, code)
        if static is None:
            return None, {}
        return static, {"method": "recovery_code", "recovery_codes_left": recovery.codes_left(static)}
    return (device, {"method": "app"}) if device.verify_token(code) else (None, {})


@two_factor_exempt
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for the current TOTP code (or a recovery code), or send the user to set one up."""
    user = request.user
    if two_factor_satisfied(user):
        return redirect("home")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("two-factor-set-up")
    form = SecondFactorForm(request.POST or None)
    too_soon = request.method == "POST" and form.is_valid() and _code_attempt_too_soon(request, form)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        verified, detail = _verified_device(user, device, code)
        if verified is not None:
            with transaction.atomic():
                otp_login(request, verified)
                audit.record(actor=user, verb=AuditVerb.TWO_FACTOR_VERIFIED, detail=detail, request=request)
            return _finish_two_factor(request)
        _record_code_failure(request)
        form.add_error("code", RECOVERY_CODE_ERROR if recovery.looks_like_recovery_code(code) else CODE_ERROR)
    return render(request, "marac/two_factor.html", {"form": form}, status=_form_status(form, too_soon))


def _form_status(form: forms.Form, too_soon: bool) -> int:
    if too_soon:
        return 429
    return 400 if form.errors else 200


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=5, title="QR code to add this service to your authenticator app")


@two_factor_exempt
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First sign-in: link an authenticator app by scanning a QR code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("two-factor")
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "Authenticator app"})
    form = TwoFactorCodeForm(request.POST or None)
    too_soon = request.method == "POST" and form.is_valid() and _code_attempt_too_soon(request, form)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                otp_login(request, device)
                audit.record(actor=user, verb=AuditVerb.TWO_FACTOR_SET_UP, request=request)
            return _finish_two_factor(request)
        _record_code_failure(request)
        form.add_error("code", CODE_ERROR)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "marac/two_factor_set_up.html", context, status=_form_status(form, too_soon))


@two_factor_exempt
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("sign-in")
