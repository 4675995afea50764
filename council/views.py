"""The council's pages: for its members (the heads of delegation, the presidency, the
honorary delegates) and the secretariat, a session's agenda, roll, polls and minutes,
a motion's form, a seat's delegate and proxy, and the vote from a phone; for the
public, a session's public agenda and the register of decisions.

Someone outside a session's council is answered as if it did not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from confed.cache import public_page
from confed.i18n import nation_in_sentence
from confed.markdown import render as markdown
from governance.selectors import associations_led_by, councils, councils_of
from members.models import Confederation

from . import pdf, selectors, services
from .forms import DelegateForm, MotionForm, ProxyForm, VoteForm, WrittenVoteForm
from .models import Minutes, Poll, Proxy, Session
from .rules import of_its_presidency


def _session(request: HttpRequest, pk: int, perm: str = "council.see_session") -> Session:
    session = get_object_or_404(
        # The rules with it, which the motion deadline reads, and whether it has minutes.
        Session.objects.select_related("confederation__council_rules", "event").annotate(
            has_minutes=Exists(Minutes.objects.filter(session=OuterRef("pk")))
        ),
        pk=pk,
    )
    if not request.user.has_perm(perm, session):
        raise Http404
    return session


def _my_associations(request: HttpRequest, session: Session) -> list:
    return [
        a
        for a in associations_led_by(request.user)
        if a.confederation_id == session.confederation_id
    ]


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_safe
def sessions(request: HttpRequest) -> HttpResponse:
    """The sessions of the councils the visitor sits in, coming and past."""
    if not request.user.has_perm("council.see_sessions"):
        raise Http404
    sessions = Session.objects.all()
    if not request.user.has_perm("council.view_session"):
        person_id = getattr(getattr(request.user, "person", None), "pk", None)
        # Its councils' sessions, and those whose seat it was named to sit in.
        sessions = sessions.filter(
            Q(confederation__in=councils_of(person_id))
            | Q(seats__delegate=person_id, closed_at__isnull=True)
        ).distinct()
    found = list(sessions.select_related("confederation", "event").order_by("-held_on", "pk")[:60])
    today = timezone.localdate()
    return render(
        request,
        "council/sessions.html",
        {
            "coming": [s for s in reversed(found) if s.held_on >= today],
            "past": [s for s in found if s.held_on < today],
            "may_put_to_written_vote": bool(_presided(request)),
        },
    )


def _seat_forms(request, session, associations, posted=None):
    """For each association the visitor leads, the delegate and proxy forms; `posted`,
    (form name, association pk), is the one bound to the request's data."""
    forms = []
    for association in associations:
        entry = {"association": association}
        for name, form_class in (("delegate", DelegateForm), ("proxy", ProxyForm)):
            bound = posted == (name, association.pk)
            entry[name] = form_class(
                request.POST if bound else None,
                session=session,
                association=association,
                prefix=f"{name}-{association.pk}",
            )
        forms.append(entry)
    return forms


def _render_session(request, session, *, seat_forms=None, status=200) -> HttpResponse:
    user = request.user
    sees_agenda = user.has_perm("council.see_agenda", session)
    associations = _my_associations(request, session)
    # The seats and proxies once, for the roll, the proxies given and who casts what.
    seats, proxies = selectors.seats_of(session), selectors.proxies_of(session)
    roll = selectors.roll(session, seats=seats, proxies=proxies)
    agenda = selectors.agenda(session) if sees_agenda else []
    mine = {a.pk for a in associations}
    context = {
        "session": session,
        "sees_agenda": sees_agenda,
        "agenda": agenda,
        "roll": roll,
        "my_rows": [row for row in roll if row.association.pk in mine],
        # Until the opening: the page shows them only then.
        "seat_forms": seat_forms
        or (_seat_forms(request, session, associations) if session.opened_at is None else []),
        "proxies": [proxy for proxy in proxies if proxy.giver_id in mine],
        "motions": selectors.motions_of(session, associations),
        "motion_deadline": services.motion_deadline(session),
        "may_move": user.has_perm("council.submit_motion", session),
        "open_polls": selectors.open_polls(session, agenda) if sees_agenda else [],
        "castable": selectors.castable_seats(user, session, seats=seats, proxies=proxies),
        "minutes": session.has_minutes,
        # The presidency team and the honorary delegates attend, advisory.
        "council": councils([session.confederation], seats=False)[session.confederation_id]
        if sees_agenda
        else None,
    }
    return render(request, "council/session.html", context, status=status)


@login_required
@require_safe
@transaction.non_atomic_requests  # it only reads, as the public pages do
def session(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_session(request, _session(request, pk))


def _association_of(request, session, pk) -> object:
    for association in _my_associations(request, session):
        if str(association.pk) == str(pk):
            return association
    raise Http404


@login_required
def name_delegate(request: HttpRequest, pk: int, association: int) -> HttpResponse:
    session = _session(request, pk)
    association = _association_of(request, session, association)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    forms = _seat_forms(request, session, [association], ("delegate", association.pk))
    form = forms[0]["delegate"]
    if form.is_valid():
        try:
            changed = services.name_delegate(
                session=session,
                association=association,
                person=form.cleaned_data["person"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            person = form.cleaned_data["person"]
            if not changed:
                messages.info(request, _("Nothing changed."))
            elif person is None:
                messages.success(request, _("You sit in your seat yourself."))
            else:
                messages.success(
                    request, _("%(person)s sits in your seat.") % {"person": person.name_with_rank}
                )
            return redirect(session.get_absolute_url())
    return _render_session(request, session, seat_forms=forms, status=400)


@login_required
def give_proxy(request: HttpRequest, pk: int, association: int) -> HttpResponse:
    session = _session(request, pk)
    association = _association_of(request, session, association)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    forms = _seat_forms(request, session, [association], ("proxy", association.pk))
    form = forms[0]["proxy"]
    if form.is_valid():
        try:
            services.give_proxy(
                session=session,
                giver=association,
                holder=form.cleaned_data["holder"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)  # a refusal naming the holder lands beside it
        else:
            messages.success(
                request,
                _("Your vote goes to the head of delegation of %(nation)s for this session.")
                % {"nation": nation_in_sentence(form.cleaned_data["holder"].nation, "de")},
            )
            return redirect(session.get_absolute_url())
    return _render_session(request, session, seat_forms=forms, status=400)


@login_required
def revoke_proxy(request: HttpRequest, pk: int, proxy: int) -> HttpResponse:
    session = _session(request, pk)
    mine = [a.pk for a in _my_associations(request, session)]
    proxy = get_object_or_404(Proxy, pk=proxy, session=session, giver__in=mine)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.revoke_proxy(proxy=proxy, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your proxy is revoked: your seat votes for itself."))
    return redirect(session.get_absolute_url())


@login_required
def motion(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not request.user.has_perm("council.submit_motion", session):
        raise Http404
    associations = _my_associations(request, session)
    form = MotionForm(
        request.POST or None,
        request.FILES or None,
        session=session,
        associations=associations,
        presidency=of_its_presidency(request.user, session),
        initial={"language": get_language()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_motion(
                    session=session,
                    association=data["association"],
                    title=data["title"],
                    text=data["text"],
                    reasons=data["reasons"],
                    amends=data["amends"],
                    upload=data["paper"],
                    language=data["language"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error("paper" if error.code in _UPLOAD_CODES else None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your motion is submitted: the secretariat will put it on the "
                        "agenda or return it to you."
                    ),
                )
                return redirect(session.get_absolute_url())
    return render(
        request,
        "council/motion.html",
        {"session": session, "form": form, "deadline": services.motion_deadline(session)},
        status=status,
    )


_UPLOAD_CODES = {"too_large", "not_accepted", "wrong_name"}


@login_required
def poll(request: HttpRequest, pk: int) -> HttpResponse:
    polls = Poll.objects.select_related(
        # The council's rules with it: the quorum reads them.
        "item__session__confederation__council_rules",
        "item__session__event",
        "elected",
    )
    found = get_object_or_404(polls, pk=pk)
    session = found.item.session
    if not request.user.has_perm("council.see_agenda", session):
        raise Http404
    # The seats and proxies once, for who casts what, the poll's standing and its
    # roll call (the proxies' ends are the seats' associations: not joined again).
    seats, proxies = selectors.seats_of(session), list(selectors.live_proxies(session).order_by())
    castable = selectors.castable_seats(request.user, session, seats=seats, proxies=proxies)
    status = 200
    form = None
    if request.method == "POST":
        form = VoteForm(request.POST)
        status = 400
        if form.is_valid():
            seat = next((s for s, _proxy in castable if s.pk == form.cleaned_data["seat"]), None)
            if seat is None:
                form.add_error(None, _("You do not hold this seat's vote."))
            else:
                try:
                    services.cast_vote(
                        poll=found,
                        seat=seat,
                        choice=form.cleaned_data["choice"],
                        candidate=form.cleaned_data["candidate"],
                        by=request.user,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    # A secret ballot's choice is not repeated back, not even here.
                    messages.success(
                        request,
                        _("%(nation)s: the vote is cast.") % {"nation": seat.association.nation},
                    )
                    return redirect(found.get_absolute_url())
        # The vote refused: the poll as it stands now (closed meanwhile, perhaps), its
        # item and session with it (a refresh_from_db would fetch them again, one by one).
        found = polls.get(pk=pk)
    # A roll call's ballots once closed: shown, and who voted is read from them.
    closed_roll_call = not found.is_open and not found.is_secret
    ballots = selectors.roll_call(found, seats=seats) if closed_roll_call else None
    standing = selectors.poll_standing(found, seats=seats, proxies=proxies, ballots=ballots)
    return render(
        request,
        "council/poll.html",
        {
            "poll": found,
            "session": session,
            "standing": standing,
            "seats": [
                (seat, by_proxy, seat.pk in standing.voted)
                for seat, by_proxy in castable
                if selectors.votes_on(seat.vote, associates_vote=found.associates_vote)
            ],
            "form": form,
            "ballots": ballots or [],
            "tally": selectors.tally(found),
        },
        status=status,
    )


@login_required
@require_safe
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, "council.see_agenda")
    found = Minutes.objects.filter(session=session).select_related("document").first()
    sees_draft = request.user.has_perm("council.view_minutes")
    if found is None or not (found.circulated_at or found.is_approved or sees_draft):
        raise Http404
    return render(
        request,
        "council/minutes.html",
        {"session": session, "minutes": found, "text": markdown(found.text)},
    )


@login_required
@require_safe
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, "council.see_agenda")
    response = HttpResponse(
        pdf.agenda_pdf(session, selectors.agenda(session), get_language()),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="agenda-{session.confederation.code}-{session.held_on:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@public_page
@require_safe
def public_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's public items, once the secretariat has published them."""
    session = get_object_or_404(
        Session.objects.select_related("confederation", "event"),
        pk=pk,
        agenda_to_public_at__isnull=False,
    )
    return render(
        request,
        "council/public_agenda.html",
        {"session": session, "agenda": selectors.agenda(session, public_only=True)},
    )


@public_page
@require_safe
def register(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The register of a confederation's public decisions in a year."""
    confederation = get_object_or_404(Confederation, code=code)
    if not 1900 <= year <= 2200:
        raise Http404
    return render(
        request,
        "council/register.html",
        {
            "confederation": confederation,
            "year": year,
            "decisions": list(selectors.register(confederation, year)),
            "years": selectors.register_years(confederation),
        },
    )


def _presided(request: HttpRequest) -> list[Confederation]:
    """The confederations whose presidency the visitor is of."""
    return [
        confederation
        for confederation in Confederation.objects.all()
        if request.user.has_perm("council.put_to_written_vote", confederation)
    ]


@login_required
def written_vote(request: HttpRequest) -> HttpResponse:
    """The presidency puts a motion to a written vote of the heads of delegation."""
    confederations = [
        c
        for c in Confederation.objects.all()
        if request.user.has_perm("council.put_to_written_vote", c)
    ]
    if not confederations:
        raise Http404
    form = WrittenVoteForm(request.POST or None, confederations=confederations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                poll = services.put_to_written_vote(by=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The motion is put to a written vote; the heads of delegation are told."),
                )
                return redirect(poll.get_absolute_url())
    return render(request, "council/written_vote.html", {"form": form}, status=status)
