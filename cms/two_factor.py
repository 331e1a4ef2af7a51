"""Two-factor sign-in for the admin: a code from an authenticator app (TOTP, django-otp)
as well as the password, required of everyone who can reach the admin when
``settings.TWO_FACTOR_REQUIRED`` is on.

After the password, someone without an app yet is sent to set one up (a QR code, or the
key to type in) and confirms it with a first code; someone with one is asked for a code.
Until then every admin page sends them back there. Wrong codes slow further attempts
(django-otp's throttling).
"""

from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

import segno
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

ADMIN_PREFIX = "/admin/"
SETUP, VERIFY = "two_factor_setup", "two_factor_verify"
# What a signed-in, unverified user may still reach.
OPEN_URL_NAMES = {
    SETUP,
    VERIFY,
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}
DEVICE_NAME = "Authenticator app"


def must_verify(request) -> bool:
    user = request.user
    if not (
        settings.TWO_FACTOR_REQUIRED
        and request.path.startswith(ADMIN_PREFIX)
        and user.is_authenticated
        and not user.is_verified()
        and user.has_perm("wagtailadmin.access_admin")
    ):
        return False
    try:
        return resolve(request.path_info).url_name not in OPEN_URL_NAMES
    except Resolver404:
        return False


def require_two_factor(get_response):
    """Middleware, after django-otp's: admin pages wait for the second factor."""

    def middleware(request):
        if must_verify(request):
            step = VERIFY if user_has_device(request.user, confirmed=True) else SETUP
            return redirect_to_login(request.get_full_path(), login_url=reverse(step))
        return get_response(request)

    return middleware


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


WRONG_CODE = "That code is not right, or has expired: try the one your app shows now."


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse("wagtailadmin_home")


def _signed_in(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
    return None


def setup(request):
    """Set up an authenticator app: scan or type the key, then confirm with a code."""
    if refused := _signed_in(request):
        return refused
    if user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse(VERIFY)}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", WRONG_CODE)
    return TemplateResponse(
        request,
        "cms/two_factor/setup.html",
        {
            "form": form,
            "next": _next(request),
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
            "key": _spaced(parse_qs(urlsplit(device.config_url).query)["secret"][0]),
        },
    )


def verify(request):
    """The second step of signing in: a code from the app set up before."""
    if refused := _signed_in(request):
        return refused
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", WRONG_CODE)
    return TemplateResponse(
        request, "cms/two_factor/verify.html", {"form": form, "next": _next(request)}
    )


def _spaced(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


urlpatterns = [
    path("2fa/setup/", setup, name=SETUP),
    path("2fa/verify/", verify, name=VERIFY),
]
