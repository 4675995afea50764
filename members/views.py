from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_otp import user_has_device

from confed import outbox
from confed.cache import not_kept, public_page
from confed.emails import one_line
from confed.http import client_address, posted_email, too_many

from . import selectors
from .forms import DirectoryFilterForm
from .invitations import user_for_token
from .models import Confederation


@public_page(parameters=DirectoryFilterForm.base_fields)
@require_safe
def nation_list(request: HttpRequest) -> HttpResponse:
    confederations = list(Confederation.objects.all())
    form = DirectoryFilterForm(request.GET, confederations)
    form.is_valid()  # the valid filters apply; the errors are shown, with status 400
    response = render(
        request,
        "members/nation_list.html",
        {
            "directory": selectors.member_directory(form.filters, confederations),
            "filter_form": form,
            "filtered": bool(form.active),
        },
        status=400 if form.errors else 200,
    )
    # A search is any text at all, and a value may be spelt otherwise than the links
    # spell it: such answers are right, and not kept.
    if "q" in form.active or request.GET.dict() != form.active:
        return not_kept(response)
    return response


@public_page
@require_safe
def nation_detail(request: HttpRequest, code: str) -> HttpResponse:
    nation = selectors.nation_by_code(code)
    response = render(
        request,
        "members/nation_detail.html",
        {"nation": nation, "associations": selectors.nation_associations(nation)},
    )
    # /nations/EST/ is Estonia's page too, but only /nations/est/ is linked and kept.
    return response if code == nation.code.lower() else not_kept(response)


@never_cache
@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    """The page of whoever is logged in: who they are, what they may open, and the log-out
    button. The public pages link to it alike for everyone, so they stay the same for
    every visitor; what is personal is here."""
    return render(
        request, "registration/account.html", {"has_second_factor": user_has_device(request.user)}
    )


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password from an invitation link, then log in."""
    user = user_for_token(token)
    if user is None:
        return render(request, "registration/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your password is set. Welcome."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/invitation.html", {"form": form, "invited": user})


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, its email written into the outbox (sent by a worker,
    once, and never lost to a Redis outage) rather than sent from the web process."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        # The link leads to the portal's own address, not to whatever host the request
        # named.
        context = {**context, "portal_url": settings.PORTAL_URL}
        subject = one_line(render_to_string(subject_template_name, context))
        outbox.owe(
            to=[to_email],
            subject=subject,
            text=render_to_string(email_template_name, context),
            template="registration/password_reset_email",
            language=get_language() or settings.LANGUAGE_CODE,
            holds_a_secret=True,
        )


_reset = PasswordResetView.as_view(form_class=OutboxPasswordResetForm)


def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a link to set a new password: throttled per address asked for and per
    client, like the login, so that nobody floods a vice president's mailbox."""
    limited = request.method == "POST" and (
        too_many(request, group="password-reset-client", key=client_address,
                 rate=settings.PASSWORD_RESET_RATE)
        or too_many(request, group="password-reset-address", key=posted_email,
                    rate=settings.PASSWORD_RESET_RATE)
    )  # fmt: skip
    if limited:
        form = OutboxPasswordResetForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _("Too many requests for a new password. Please try again in an hour."),
        )
        return render(request, "registration/password_reset_form.html", {"form": form}, status=429)
    return _reset(request)
