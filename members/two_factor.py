"""Two factors: a password, and a one-time code from an authenticator app (django-otp).

The secretariat's accounts can change every record and see thousands of people's
contact data: where TWO_FACTOR_FOR_STAFF is set (production), a staff account cannot
open anything but the pages to set up or give its code. A vice president may set it up
too; once they have, their login asks for the code as well. Ten recovery codes, shown
once, stand in for a lost phone; django-otp slows down a run of wrong codes, as
django-axes does wrong passwords.

Setting up an app first takes a code sent to the account's email address (django-otp's
email device, unconfirmed, so that it never stands in for the app at login): whoever has
only learned a password cannot bind their own phone to an account that has none yet.
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_otp import device_classes, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from confed import outbox
from confed.emails import one_line

RECOVERY_CODES = 10
# The pages a logged-in visitor still owing a code may open.
OPEN_WITHOUT_A_CODE = frozenset(
    {"two_factor_setup", "two_factor_verify", "logout", "admin:logout"}
)
# How long the code sent to the account's address to set up an app works.
EMAIL_CODE_SECONDS = 15 * 60
EMAIL_PROVED = "two_factor_email_proved"


def has_an_app(user) -> bool:
    """Whether the account has set up an app (django-otp's user_has_device: a confirmed
    device of any kind): asked once per request, the answer kept on the request's user.
    One query for every kind of device, where user_has_device asks each kind in turn:
    every page a logged-in visitor opens asks it."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_an_app"):
        first, *others = (
            model.objects.devices_for_user(user, confirmed=True).values("pk")
            for model in device_classes()
        )
        user._has_an_app = first.union(*others, all=True).exists()
    return user._has_an_app


def required_for(user) -> bool:
    """Whether this account must give a code: it is staff where staff must, or it has
    set up an app."""
    return (user.is_staff and settings.TWO_FACTOR_FOR_STAFF) or has_an_app(user)


def owes_a_code(user) -> bool:
    """Logged in, bound to give a code, and none given in this session. An account
    met outside a request (no django-otp middleware to tell) has given none."""
    gave_one = getattr(user, "is_verified", None)
    return user.is_authenticated and required_for(user) and not (gave_one and gave_one())


class SecondFactorMiddleware:
    """Sends a logged-in visitor who owes a code to the page that asks for it (or sets
    it up), whatever they open. Public pages are the same for everyone and need none.
    After django_otp's OTPMiddleware, which tells whether the session gave one."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs):
        user = request.user
        if getattr(view, "public_parameters", None) is not None:
            return None  # a public page (confed.cache.public_page)
        if request.resolver_match.view_name in OPEN_WITHOUT_A_CODE:
            return None
        if not owes_a_code(user):
            return None
        page = "two_factor_verify" if has_an_app(user) else "two_factor_setup"
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("account")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _qr_code(url: str) -> str:
    """The app's setup address as an SVG image, drawn here: no image leaves the portal."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode().split("?>", 1)[-1]  # in HTML, without its XML prologue
    return mark_safe(svg)  # noqa: S308 (drawn by qrcode from our own address, not typed)


def _recovery_codes(user) -> list[str]:
    """Ten new recovery codes in place of any old ones."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _email_device(user) -> EmailDevice:
    device, _created = EmailDevice.objects.get_or_create(
        user=user, name="setting up an app", defaults={"confirmed": False}
    )
    return device


def _send_email_code(request: HttpRequest, device: EmailDevice) -> None:
    allowed, _why = device.generate_is_allowed()
    if not allowed:  # django-otp's cooldown between two codes
        messages.warning(request, _("A code was sent a moment ago: wait a minute for it."))
        return
    device.cooldown_set(commit=False)
    device.generate_token(valid_secs=EMAIL_CODE_SECONDS, commit=True)
    context = {"user": device.user, "code": device.token, "minutes": EMAIL_CODE_SECONDS // 60}
    outbox.owe(
        to=[device.user.email],
        subject=one_line(render_to_string("registration/two_factor_email_subject.txt", context)),
        text=render_to_string("registration/two_factor_email.txt", context),
        template="registration/two_factor_email",
        language=get_language() or settings.LANGUAGE_CODE,
        holds_a_secret=True,
    )
    messages.success(
        request, _("The code is on its way to %(email)s.") % {"email": device.user.email}
    )


def _prove_email(request: HttpRequest) -> HttpResponse:
    """The step before the app: a code sent to the account's own address."""
    user = request.user
    if not user.email:
        return render(request, "registration/two_factor_email.html", {"no_email": True})
    device = _email_device(user)
    if request.method == "POST" and request.POST.get("action") == "send-code":
        _send_email_code(request, device)
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            request.session[EMAIL_PROVED] = user.pk
            return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
        form.add_error(
            "code",
            _("This code is not the one sent, is no longer valid, or too many were tried: "
              "wait a moment, or send a new one."),
        )  # fmt: skip
    return render(
        request,
        "registration/two_factor_email.html",
        {"form": form, "email": user.email, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
@transaction.atomic
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a code sent by email, its QR code, then one code
    from the app to confirm."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "new-codes":
        if not user.is_verified():
            return redirect("two_factor_verify")
        return render(
            request, "registration/two_factor_codes.html", {"codes": _recovery_codes(user)}
        )
    if user_has_device(user) and user.is_verified():
        return render(request, "registration/two_factor_on.html")
    if user_has_device(user):
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request)})}")
    if request.session.get(EMAIL_PROVED) != user.pk:
        return _prove_email(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or (
        TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    )
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = _recovery_codes(user)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", _("This code is not the one the app shows now. Try the next."))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": _qr_code(device.config_url),
            "key": base64.b32encode(device.bin_key).decode(),
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Give the code of the app, or a recovery code, to finish logging in."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not user_has_device(request.user):  # nothing to give a code from: set it up
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            _("This code is not right, or too many were tried: wait a moment and try again."),
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )
