"""The secretariat's desk: the admin's first page shows the work waiting, each line a
link to the list that holds it. It reads from every app, so it sits with the project's
wiring, above the apps (pyproject.toml's import contracts)."""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext, ngettext_lazy

from awards import selectors as award_selectors
from awards.models import Nomination
from confed.i18n import format_date
from confed.models import Email, EmailStatus
from council import selectors as council_selectors
from council.models import Motion, Session
from delegations.models import Delegation
from delegations.selectors import awaiting_approval, outstanding_for_next_meetings
from elections import selectors as election_selectors
from elections.models import Call, Candidature
from governance.models import (
    PENDING_APPLICATION_STATUSES,
    MembershipApplication,
    Office,
    Term,
)
from governance.selectors import (
    TERMS_ENDING_SOON_DAYS,
    applications_waiting,
    leadership,
    terms_ending_soon,
)
from members.two_factor import owes_a_code
from reminders.models import Reminder, ReminderStatus
from subscriptions.models import Invoice
from subscriptions.selectors import arrears as subscription_arrears


@dataclass
class Work:
    """One line of the desk: what waits, and where to find it."""

    text: str
    url: str
    count: int
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, link)


def _changelist(model, **filters) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _may_view(request: HttpRequest, model) -> bool:
    return request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def work_waiting(request: HttpRequest) -> list[Work]:
    """Every line of work the secretariat may see, busiest kinds first in the order a
    working day takes them; a kind with nothing waiting is left out."""
    today = timezone.localdate()
    lines: list[Work] = []
    if _may_view(request, MembershipApplication):
        waiting = applications_waiting()
        if waiting.count:
            days = (today - timezone.localdate(waiting.oldest_submitted_at)).days
            lines.append(
                Work(
                    ngettext(
                        "%(n)s application waits for a decision, the oldest for %(days)s days",
                        "%(n)s applications wait for a decision, the oldest for %(days)s days",
                        waiting.count,
                    )
                    % {"n": waiting.count, "days": days},
                    _changelist(
                        MembershipApplication, status__in=",".join(PENDING_APPLICATION_STATUSES)
                    ),
                    waiting.count,
                )
            )
    if _may_view(request, Delegation):
        submitted = awaiting_approval().count()
        if submitted:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s delegation is submitted and waits for approval",
                        "%(n)s delegations are submitted and wait for approval",
                        submitted,
                    )
                    % {"n": submitted},
                    _changelist(Delegation, status__exact="submitted"),
                    submitted,
                )
            )
        for outstanding in outstanding_for_next_meetings():
            if not outstanding.associations:
                continue
            count = len(outstanding.associations)
            lines.append(
                Work(
                    ngettext(
                        "%(n)s %(confederation)s member has not submitted its delegation to "
                        "%(meeting)s (deadline %(date)s)",
                        "%(n)s %(confederation)s members have not submitted their delegation "
                        "to %(meeting)s (deadline %(date)s)",
                        count,
                    )
                    % {
                        "n": count,
                        "confederation": outstanding.confederation,
                        "meeting": outstanding.meeting.title,
                        "date": format_date(outstanding.meeting.last_day_for_delegations),
                    },
                    _changelist(Delegation, event__id__exact=outstanding.meeting.pk),
                    count,
                    [(str(a.nation), _admin_url(a)) for a in outstanding.associations],
                )
            )
    if _may_view(request, Motion):
        motions = council_selectors.motions_waiting().count()
        if motions:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s motion waits to be put on an agenda or returned",
                        "%(n)s motions wait to be put on an agenda or returned",
                        motions,
                    )
                    % {"n": motions},
                    _changelist(Motion, status__exact="submitted"),
                    motions,
                )
            )
    if _may_view(request, Nomination):
        nominations = award_selectors.waiting_for_a_decision().count()
        if nominations:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s award nomination waits for a decision",
                        "%(n)s award nominations wait for a decision",
                        nominations,
                    )
                    % {"n": nominations},
                    _changelist(Nomination, status__exact="nominated"),
                    nominations,
                )
            )
    if _may_view(request, Call):
        to_close = election_selectors.calls_to_close(today).count()
        if to_close:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s call for nominations is past its last day: close it",
                        "%(n)s calls for nominations are past their last day: close them",
                        to_close,
                    )
                    % {"n": to_close},
                    _changelist(Call, state="to-close"),
                    to_close,
                )
            )
    if _may_view(request, Call):
        pending = election_selectors.elected_without_a_term().count()
        if pending:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s election is decided, but the term is not opened: the seat "
                        "was held at that time",
                        "%(n)s elections are decided, but their terms are not opened: the "
                        "seats were held at that time",
                        pending,
                    )
                    % {"n": pending},
                    _changelist(Call, state="term-pending"),
                    pending,
                )
            )
    if _may_view(request, Candidature):
        waiting = election_selectors.candidatures_waiting().count()
        if waiting:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s candidature waits to be put on a session's agenda",
                        "%(n)s candidatures wait to be put on a session's agenda",
                        waiting,
                    )
                    % {"n": waiting},
                    _changelist(Candidature, status__exact="submitted"),
                    waiting,
                )
            )
    if _may_view(request, Session):
        late = council_selectors.agendas_due(today)
        if late:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s session's agenda is due to the heads of delegation",
                        "%(n)s sessions' agendas are due to the heads of delegation",
                        len(late),
                    )
                    % {"n": len(late)},
                    _changelist(Session, agenda_to_delegations_at__isnull="True"),
                    len(late),
                    [(str(session), _admin_url(session)) for session in late],
                )
            )
    if _may_view(request, Invoice):
        in_arrears = subscription_arrears(today)
        if in_arrears:
            voteless = sum(1 for entry in in_arrears if entry.costs_the_vote)
            text = ngettext(
                "%(n)s association is in arrears with its subscription",
                "%(n)s associations are in arrears with their subscriptions",
                len(in_arrears),
            ) % {"n": len(in_arrears)}
            if voteless:
                text += ngettext(
                    "; %(n)s has lost its vote until it pays",
                    "; %(n)s have lost their vote until they pay",
                    voteless,
                ) % {"n": voteless}
            lines.append(
                Work(
                    text,
                    reverse("admin:subscriptions_arrears"),
                    len(in_arrears),
                    [
                        ((gettext("%(member)s, without a vote") if entry.costs_the_vote
                          else "%(member)s") % {"member": f"{entry.association.nation} "
                                                          f"({entry.association.confederation})"},
                         _admin_url(entry.association))
                        for entry in in_arrears
                    ],
                )
            )  # fmt: skip
    if _may_view(request, Office):
        vacancies = [
            (office, entry.confederation)
            for entry in leadership(today)
            for office in entry.vacancies
        ]
        if vacancies:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s office has no holder",
                        "%(n)s offices have no holder",
                        len(vacancies),
                    )
                    % {"n": len(vacancies)},
                    _changelist(Office),
                    len(vacancies),
                    [
                        (f"{office.title} ({confederation})", _admin_url(office))
                        for office, confederation in vacancies
                    ],
                )
            )
    if _may_view(request, Term):
        ending = terms_ending_soon(today).count()
        if ending:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s term ends within %(days)s days",
                        "%(n)s terms end within %(days)s days",
                        ending,
                    )
                    % {"n": ending, "days": TERMS_ENDING_SOON_DAYS},
                    _changelist(Term, when="ending"),
                    ending,
                )
            )
    if _may_view(request, AccessAttempt):
        locked = locked_out().count()
        if locked:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s login is locked out after failed attempts",
                        "%(n)s logins are locked out after failed attempts",
                        locked,
                    )
                    % {"n": locked},
                    _changelist(AccessAttempt),
                    locked,
                )
            )
    if _may_view(request, Email):
        for status, text in [
            (EmailStatus.FAILED, ngettext_lazy(
                "%(n)s email could not be sent", "%(n)s emails could not be sent", "n")),
            (EmailStatus.PENDING, ngettext_lazy(
                "%(n)s email waits to be sent", "%(n)s emails wait to be sent", "n")),
        ]:  # fmt: skip
            count = Email.objects.filter(status=status).count()
            if count:
                lines.append(
                    Work(text % {"n": count}, _changelist(Email, status__exact=status), count)
                )
    if _may_view(request, Reminder):
        failed = Reminder.objects.filter(status=ReminderStatus.FAILED).count()
        if failed:
            lines.append(
                Work(
                    ngettext(
                        "%(n)s reminder could not be sent",
                        "%(n)s reminders could not be sent",
                        failed,
                    )
                    % {"n": failed},
                    _changelist(Reminder, status__exact=ReminderStatus.FAILED),
                    failed,
                )
            )
    return lines


def locked_out():
    """The (account, address) pairs django-axes refuses a login now."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )


def _admin_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# Tables for those who run the servers: not on the secretariat's first page.
TECHNICAL_APPS = frozenset({"axes", "django_celery_beat", "otp_totp", "otp_static", "otp_email"})


class SecretariatSite(admin.AdminSite):
    """Django's admin, with the desk on its first page."""

    index_template = "admin/desk.html"

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff, and where staff must give a second factor, one given (the middleware
        sends them to give it; this holds even without it)."""
        return super().has_permission(request) and not owes_a_code(request.user)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list:
        apps = super().get_app_list(request, app_label)
        if request.user.is_superuser:
            return apps
        return [app for app in apps if app["app_label"] not in TECHNICAL_APPS]

    def index(self, request: HttpRequest, extra_context: dict | None = None):
        return super().index(
            request, {"work_waiting": work_waiting(request), **(extra_context or {})}
        )
