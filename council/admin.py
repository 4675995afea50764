"""The secretariat's side of the council's business: the rules, the sessions and their
agendas, the roll and attendance, motions, proxies from letters, polls (opened,
recorded by show of hands, closed) and the minutes. Every change of state goes
through council.services; what is voted is read-only here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from confed.admin import (
    ConfedAdmin,
    RefusalsAsMessages,
    RowsReadOnce,
    confirm_action,
    perform_each,
)
from confed.i18n import format_date

from . import selectors, services
from .models import (
    AgendaItem,
    Ballot,
    Candidate,
    Choice,
    CouncilRules,
    Minutes,
    Motion,
    Poll,
    PollCandidate,
    PollMethod,
    Proxy,
    Session,
    VotingRule,
)


@admin.register(CouncilRules)
class CouncilRulesAdmin(ConfedAdmin):
    list_display = ["confederation", "quorum_percent", "proxies_per_holder"]


@admin.register(VotingRule)
class VotingRuleAdmin(ConfedAdmin):
    list_display = ["business", "confederation", "majority", "associates_vote"]
    list_filter = ["confederation"]


class AgendaItemInline(RowsReadOnce, admin.StackedInline):
    """The agenda's items, each on three lines: a table of seven fields a row would
    not fit a 1280 px screen beside the admin's menu."""

    model = AgendaItem
    fk_name = "session"
    extra = 1
    fields = [("position", "parent"), ("kind", "business", "is_public"), ("title_en", "title_fr")]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Under a first-level item of the same agenda: 1.1, never 1.1.1.
            session_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(
                session_id=session_id or 0, parent__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _opened(self, obj) -> bool:
        # Once the session has opened, its agenda is the record of what it took.
        return obj is not None and obj.opened_at is not None

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._opened(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._opened(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._opened(obj) and super().has_delete_permission(request, obj)


class OpenPollForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=PollMethod.choices)
    closes_at = forms.DateTimeField(
        label=_("A written vote closes at"),
        required=False,
        help_text=_("For a session by correspondence only, e.g. 2027-03-15 18:00."),
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.register(Session)
class SessionAdmin(RefusalsAsMessages, ConfedAdmin):
    list_display = ["__str__", "held_on", "state"]
    list_filter = ["confederation"]
    date_hierarchy = "held_on"
    search_fields = ["event__title_en", "event__title_fr"]
    autocomplete_fields = ["event"]
    inlines = [AgendaItemInline]
    readonly_fields = [
        "agenda_to_delegations_at",
        "agenda_to_public_at",
        "opened_at",
        "closed_at",
        "the_roll",
    ]
    actions = [
        "send_agenda",
        "publish_agenda",
        "open_sessions",
        "close_sessions",
        "draft_the_minutes",
        *ConfedAdmin.actions,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("confederation", "event")

    @admin.display(description=_("state"))
    def state(self, session: Session) -> str:
        if session.closed_at:
            return gettext("closed")
        if session.opened_at:
            return gettext("in session")
        if session.agenda_to_public_at:
            return gettext("agenda published")
        if session.agenda_to_delegations_at:
            return gettext("agenda sent")
        return gettext("agenda in preparation")

    @admin.display(description=_("roll and votes"))
    def the_roll(self, session: Session) -> str:
        if session.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:council_session_roll", args=[session.pk]),
            gettext("The roll, attendance and the votes"),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.opened_at is not None:
            fields += ["confederation", "event", "held_on"]
        return fields

    @admin.action(description=_("Send the agenda to the heads of delegation"))
    def send_agenda(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda s: services.publish_agenda(session=s, by=request.user),
            done=gettext("%(object)s: the agenda is sent to the heads of delegation."),
            already=gettext("%(object)s: the agenda was sent already."),
        )  # fmt: skip

    @admin.action(description=_("Publish the agenda's public items"))
    def publish_agenda(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda s: services.publish_agenda(session=s, to_public=True, by=request.user),
            done=gettext("%(object)s: the public agenda is published."),
            already=gettext("%(object)s: the public agenda was published already."),
        )  # fmt: skip

    @admin.action(description=_("Open the session (keep the roll)"))
    def open_sessions(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda s: services.open_session(session=s, by=request.user),
            done=gettext("%(object)s is open: mark who is present."),
            already=gettext("%(object)s was open already."),
        )  # fmt: skip

    @admin.action(description=_("Close the session"))
    def close_sessions(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda s: services.close_session(session=s, by=request.user),
            done=gettext("%(object)s is closed."),
            already=gettext("%(object)s was closed already."),
        )  # fmt: skip

    @admin.action(description=_("Draft the minutes from the session"))
    def draft_the_minutes(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda s: bool(services.draft_minutes(session=s, by=request.user)),
            done=gettext("%(object)s: the minutes are drafted."),
            already="",
        )  # fmt: skip

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/roll/", view(self.roll_view), name="council_session_roll"),
            *super().get_urls(),
        ]

    def roll_view(self, request: HttpRequest, pk: int) -> TemplateResponse:
        """The roll: who sits in each seat, its vote; attendance to mark while the
        session is open; each item's polls, to open, record and close."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(
            Session.objects.select_related("confederation", "event"), pk=pk
        )
        rows = selectors.roll(session)
        form = AttendanceForm(
            request.POST or None,
            initial={"present": [str(r.seat.pk) for r in rows if r.present]},
        )
        form.fields["present"].choices = [
            (str(r.seat.pk), str(r.association.nation)) for r in rows if r.seat is not None
        ]
        if request.method == "POST":
            if not self.has_change_permission(request, session):
                raise PermissionDenied
            if form.is_valid():
                try:
                    changed = services.mark_attendance(
                        session=session,
                        present={int(pk) for pk in form.cleaned_data["present"]},
                        by=request.user,
                    )
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                else:
                    self.message_user(
                        request,
                        gettext("Attendance saved: %(count)s seats changed.") % {"count": changed},
                    )
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("The roll: %(session)s") % {"session": session},
            "opts": self.model._meta,
            "original": session,
            "session": session,
            "rows": rows,
            "form": form,
            "present": sum(1 for r in rows if r.present),
            "has_proxies": any(r.proxy_to or r.proxies_held for r in rows),
            "agenda": [(n, i) for n, i in selectors.agenda(session) if i.is_voted],
        }
        return TemplateResponse(request, "admin/council/roll.html", context)


def put_to_the_vote(item: AgendaItem) -> bool:
    """Whether a poll was opened on the item, asked once for the page: Django asks the
    permissions of the item's form and of its candidates' inline a dozen times while it
    draws one page."""
    if not hasattr(item, "_put_to_the_vote"):
        item._put_to_the_vote = item.polls.exists()
    return item._put_to_the_vote


class CandidateInline(RowsReadOnce, admin.TabularInline):
    """Who stands in an election item: the elections app writes them from a call;
    the secretariat may type them for an election held without one."""

    model = Candidate
    extra = 0
    fields = ["position", "name"]

    def _voted(self, obj) -> bool:
        return obj is not None and put_to_the_vote(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._voted(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._voted(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._voted(obj) and super().has_delete_permission(request, obj)


class TallyInline(RowsReadOnce, admin.TabularInline):
    """An election's candidates in a round and their votes, once the round is closed."""

    model = PollCandidate
    extra = 0
    fields = ["candidate", "votes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_fields(self, request, obj=None):
        # A secret round's counts are told at the close, not as each ballot comes.
        return ["candidate"] if obj is not None and obj.is_open else self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("candidate")


@admin.register(AgendaItem)
class AgendaItemAdmin(RefusalsAsMessages, ConfedAdmin):
    # The session and the decision as text, not as their foreign keys: Django keeps a
    # foreign key's cell to one line, and the two would not fit beside the title.
    list_display = ["title_en", "of_session", "kind", "decided"]
    list_filter = ["session__confederation", "kind"]
    search_fields = ["title_en", "title_fr"]
    list_select_related = ["session__confederation", "session__event", "decision"]
    autocomplete_fields = ["papers"]
    raw_id_fields = ["motion", "minutes_of", "parent"]
    readonly_fields = ["session", "decision"]
    inlines = [CandidateInline]
    actions = ["open_poll", *ConfedAdmin.actions]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and put_to_the_vote(obj):
            # Put to the vote: what was voted on stays as it was voted.
            fields += [
                "kind",
                "business",
                "majority",
                "parent",
                "minutes_of",
                "motion",
                "is_public",
            ]
        return fields

    def has_add_permission(self, request) -> bool:
        return False  # items are added on their session's agenda

    @admin.display(description=_("session"), ordering="session__held_on")
    def of_session(self, item: AgendaItem) -> str:
        return str(item.session)

    @admin.display(description=_("decision"))
    def decided(self, item: AgendaItem) -> str:
        return item.decision.get_outcome_display() if item.decision else "—"

    @admin.action(description=_("Open a poll on the item"))
    def open_poll(self, request, queryset):
        def perform(item, data):
            poll = services.open_poll(
                item=item, method=data["method"], closes_at=data["closes_at"], by=request.user
            )
            return poll is not None

        return confirm_action(
            self, request, queryset, form_class=OpenPollForm,
            title=gettext("Open a poll"), perform=perform,
            done=gettext("%(object)s: the poll is open."), already="",
        )  # fmt: skip


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why it is returned"), widget=forms.Textarea)


@admin.register(Motion)
class MotionAdmin(ConfedAdmin):
    list_display = ["title", "session", "association", "status"]
    list_filter = ["status", "session__confederation"]
    search_fields = ["title", "text"]
    list_select_related = [
        "session__confederation",
        "session__event",
        "association__nation",
        "association__confederation",
    ]
    readonly_fields = [
        "session", "association", "amends", "title", "text", "reasons", "language",
        "papers", "status", "return_reason", "submitted_by", "submitted_at",
    ]  # fmt: skip
    actions = ["accept", "return_to_mover", *ConfedAdmin.actions]

    def has_add_permission(self, request) -> bool:
        return False  # submitted by the heads of delegation and the presidency

    @admin.action(description=_("Accept onto the agenda"))
    def accept(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda m: bool(services.accept_motion(motion=m, by=request.user)),
            done=gettext("%(object)s is on the agenda."), already="",
        )  # fmt: skip

    @admin.action(description=_("Return to the mover, saying why"))
    def return_to_mover(self, request, queryset):
        return confirm_action(
            self, request, queryset, form_class=ReturnForm,
            title=gettext("Return the motion"),
            perform=lambda m, data: services.return_motion(
                motion=m, reason=data["reason"], by=request.user
            ),
            done=gettext("%(object)s is returned."),
            already=gettext("%(object)s was returned already."),
        )  # fmt: skip


@admin.register(Proxy)
class ProxyAdmin(RefusalsAsMessages, ConfedAdmin):
    list_display = ["__str__", "session", "from_letter", "revoked_at"]
    list_filter = ["session__confederation", "from_letter"]
    list_select_related = [
        "giver__nation",
        "giver__confederation",
        "holder__nation",
        "holder__confederation",
        "session__confederation",
        "session__event",
    ]
    autocomplete_fields = ["session", "giver", "holder"]
    actions = ["revoke", *ConfedAdmin.actions]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # given: revoked by the action, never edited
            return [
                "session",
                "giver",
                "holder",
                "from_letter",
                "given_by",
                "given_at",
                "revoked_at",
            ]
        return ["given_by"]

    def save_model(self, request, obj, form, change):
        if change:
            return
        made = services.give_proxy(
            session=obj.session,
            giver=obj.giver,
            holder=obj.holder,
            by=request.user,
            from_letter=obj.from_letter,
        )
        obj.pk = made.pk

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda p: services.revoke_proxy(proxy=p, by=request.user),
            done=gettext("%(object)s is revoked."),
            already=gettext("%(object)s was revoked already."),
        )  # fmt: skip


class BallotInline(RowsReadOnce, admin.TabularInline):
    model = Ballot
    extra = 0
    can_delete = False
    fields = ["seat", "choice", "candidate", "by_proxy", "recorded_by_secretariat", "cast_at"]
    readonly_fields = fields

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_secret:
            # When each seat voted, beside the counts as they rose, would tell how.
            return ["seat", "by_proxy"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "seat__association__nation",
                "seat__association__confederation",
                "seat__session__confederation",
                "seat__session__event",
                "candidate",
            )
            .order_by("seat__association__nation__country")
        )


class NoHistory:
    """For the models that keep no history (a poll's counts, the ballots): their
    history page would tell nothing, and is not found."""

    def history_view(self, request, object_id, extra_context=None):
        raise Http404


@admin.register(Poll)
class PollAdmin(NoHistory, ConfedAdmin):
    list_display = ["__str__", "method", "opened_at", "outcome"]
    list_filter = ["outcome", "method"]
    list_select_related = ["item"]
    inlines = [TallyInline, BallotInline]
    actions = ["close", *ConfedAdmin.actions]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Poll._meta.fields] + ["show_of_hands"]

    def get_fields(self, request, obj=None):
        fields = self.get_readonly_fields(request, obj)
        if obj is not None and obj.is_secret and obj.is_open:
            # A secret poll's counts are told at the close, not as each ballot comes.
            fields = [f for f in fields if f not in ("yes", "no", "abstain")]
        return fields

    @admin.display(description=_("show of hands"))
    def show_of_hands(self, poll: Poll) -> str:
        if not poll.is_open or poll.is_secret:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:council_poll_hands", args=[poll.pk]),
            gettext("Record the votes seat by seat"),
        )

    def has_add_permission(self, request) -> bool:
        return False  # opened from its agenda item

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            raise PermissionDenied  # a poll changes only by its services
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Close the poll and state the result"))
    def close(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda p: services.close_poll(poll=p, by=request.user),
            done=gettext("%(object)s is closed."),
            already=gettext("%(object)s was closed already."),
        )  # fmt: skip

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/hands/", view(self.hands_view), name="council_poll_hands"),
            *super().get_urls(),
        ]

    def hands_view(self, request: HttpRequest, pk: int) -> TemplateResponse:
        """A roll call by show of hands: the secretariat records each seat's vote."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        poll = get_object_or_404(Poll.objects.select_related("item__session"), pk=pk)
        standing = selectors.poll_standing(poll)
        # An election between several: each seat shows its hand for a candidate.
        options = [(str(row.candidate_id), row.candidate.name) for row in selectors.tally(poll)]
        if options:
            options.append((Choice.ABSTAIN, Choice.ABSTAIN.label))
        options = options or Choice.choices
        allowed = {value for value, _label in options}
        choices = {}
        if request.method == "POST":
            if not self.has_change_permission(request, poll):
                raise PermissionDenied
            for seat in standing.seats_with_a_vote:
                value = request.POST.get(f"seat-{seat.pk}", "")
                if value in allowed:
                    choices[seat.pk] = value
            try:
                recorded = services.record_show_of_hands(
                    poll=poll, choices=choices, by=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, gettext("%(count)s votes recorded.") % {"count": recorded}
                )
                return HttpResponseRedirect(reverse("admin:council_poll_change", args=[poll.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Show of hands: %(poll)s") % {"poll": poll},
            "opts": self.model._meta,
            "original": poll,
            "poll": poll,
            "standing": standing,
            "choices": options,
        }
        return TemplateResponse(request, "admin/council/hands.html", context)


@admin.register(Ballot)
class BallotAdmin(NoHistory, ConfedAdmin):
    # No time of casting: for a secret poll it would tell, beside the counts, how.
    list_display = ["__str__", "choice", "by_proxy"]

    def get_fields(self, request, obj=None):
        fields = [f.name for f in Ballot._meta.fields if f.name != "id"]
        if obj is not None and obj.poll.is_secret:
            fields.remove("cast_at")
        return fields

    list_filter = ["recorded_by_secretariat", "by_proxy"]
    list_select_related = [
        "poll__item",
        "seat__association__nation",
        "seat__association__confederation",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Minutes)
class MinutesAdmin(RefusalsAsMessages, ConfedAdmin):
    list_display = ["__str__", "circulated", "approved"]
    list_select_related = ["session__confederation", "session__event"]
    readonly_fields = ["session", "circulated_at", "approved_at", "document"]
    actions = ["circulate", *ConfedAdmin.actions]

    @admin.display(description=_("sent to the heads of delegation"))
    def circulated(self, minutes: Minutes) -> str:
        return format_date(minutes.circulated_at) if minutes.circulated_at else "—"

    @admin.display(description=_("approved"))
    def approved(self, minutes: Minutes) -> str:
        return format_date(minutes.approved_at) if minutes.approved_at else "—"

    def has_add_permission(self, request) -> bool:
        return False  # drafted from the session

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and not obj.is_approved

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_approved:
            return False  # frozen: kept in the library as approved
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Send the draft to the heads of delegation"))
    def circulate(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda m: services.circulate_minutes(minutes=m, by=request.user),
            done=gettext("%(object)s: sent to the heads of delegation."),
            already=gettext("%(object)s: sent already, unchanged since."),
        )  # fmt: skip
