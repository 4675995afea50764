"""The council's own business: its sessions and their agendas, the motions put to it,
the roll of national seats, the proxies between them, the polls and their ballots,
and the minutes.

The voter is a national seat, one per member association, never a person: the head
of delegation (or the delegate the vice president names) casts it, or the head of
another association holding its proxy. What a seat may vote on, the quorum and the
majority each kind of business needs are data per confederation (CouncilRules,
VotingRule), read by council.selectors alone.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from confed.i18n import format_date, localized
from documents.models import Document
from events.models import Event
from governance.models import CouncilDecision, Majority
from members.models import Confederation, NationalAssociation, Person
from subscriptions.selectors import SeatVote

Business = CouncilDecision.Kind


# Where a confederation has no VotingRule for a kind of business: two thirds of votes
# cast for the constitution, admissions and exclusions, a simple majority for the rest.
DEFAULT_MAJORITY = {
    Business.CONSTITUTION: Majority.TWO_THIRDS,
    Business.ADMISSION: Majority.TWO_THIRDS,
    Business.EXCLUSION: Majority.TWO_THIRDS,
}


class CouncilRules(models.Model):
    """A confederation's rules of procedure for its council, as its constitution and
    by-laws give them. Where a confederation has none recorded, the defaults hold."""

    confederation = models.OneToOneField(
        Confederation,
        on_delete=models.CASCADE,
        related_name="council_rules",
        verbose_name=_("confederation"),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum: more than this share of the seats with a vote (%)"),
        default=50,
        validators=[MaxValueValidator(99)],
        help_text=_("Present or represented; 50 means more than half."),
    )
    proxies_count_towards_quorum = models.BooleanField(
        _("proxies count towards the quorum"), default=True
    )
    proxies_per_holder = models.PositiveSmallIntegerField(
        _("proxies one head of delegation may hold"), default=1, validators=[MaxValueValidator(10)]
    )
    motion_deadline_days = models.PositiveSmallIntegerField(
        _("motions due, days before a session"), default=45
    )
    agenda_to_delegations_days = models.PositiveSmallIntegerField(
        _("agenda to the heads of delegation, days before"), default=30
    )
    agenda_to_public_days = models.PositiveSmallIntegerField(
        _("agenda's public items to the public, days before"), default=14
    )
    written_vote_reminder_days = models.PositiveSmallIntegerField(
        _("written votes: remind the seats that have not voted, days before the close"),
        default=2,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council's rules")
        verbose_name_plural = _("councils' rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=99), name="quorum_percent_below_a_hundred"
            ),
            models.CheckConstraint(
                condition=Q(agenda_to_public_days__lte=F("agenda_to_delegations_days")),
                name="agenda_to_delegations_before_the_public",
                violation_error_message=_(
                    "The agenda goes to the heads of delegation before it goes to the public."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Rules of the council of %(confederation)s")) % {
            "confederation": self.confederation
        }


class VotingRule(models.Model):
    """What one kind of business needs in a confederation's council: its majority, and
    whether associates' seats vote on it (their limited vote)."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.CASCADE,
        related_name="voting_rules",
        verbose_name=_("confederation"),
    )
    business = models.CharField(_("kind of business"), max_length=20, choices=Business.choices)
    majority = models.CharField(_("majority"), max_length=12, choices=Majority.choices)
    associates_vote = models.BooleanField(
        _("associates vote on it"),
        default=False,
        help_text=_("Otherwise an associate member's seat is advisory on it."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation", "business"]
        verbose_name = _("voting rule")
        verbose_name_plural = _("voting rules")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "business"],
                name="one_voting_rule_per_business",
                violation_error_message=_(
                    "This confederation has a rule for this kind of business already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(majority__in=Majority.values), name="voting_rule_majority_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.confederation}: {self.get_business_display()}"


class Session(models.Model):
    """A session of a confederation's council: at a meeting (CIOR's council and
    CIOMR's committee at one Mid-Winter Meeting are two sessions), or by
    correspondence, a written vote between meetings."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="council_sessions",
        verbose_name=_("confederation"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_sessions",
        verbose_name=_("meeting"),
        help_text=_("Empty for a decision by correspondence."),
    )
    held_on = models.DateField(
        _("held on"), help_text=_("By correspondence: the day the written vote opens.")
    )
    place = models.CharField(_("room"), max_length=200, blank=True)
    agenda_to_delegations_at = models.DateTimeField(
        _("agenda sent to the heads of delegation"), null=True, blank=True, editable=False
    )
    agenda_to_public_at = models.DateTimeField(
        _("agenda published"), null=True, blank=True, editable=False
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "confederation"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "event"],
                condition=Q(event__isnull=False),
                name="one_session_per_confederation_and_meeting",
                violation_error_message=_(
                    "This confederation's council has a session at this meeting already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(agenda_to_public_at__isnull=True)
                | Q(agenda_to_delegations_at__isnull=False),
                name="session_agenda_to_delegations_first",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(opened_at__isnull=False),
                name="session_closed_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["held_on"], name="session_held_on")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:session", kwargs={"pk": self.pk})

    @property
    def by_correspondence(self) -> bool:
        return self.event_id is None

    @property
    def title(self) -> str:
        body = localized(
            self.confederation.governing_body_en, self.confederation.governing_body_fr
        )
        if self.event_id is None:
            what = _("by correspondence, %(date)s") % {"date": format_date(self.held_on)}
        else:
            what = self.event.title
        return _("%(acronym)s %(body)s: %(what)s") % {
            "acronym": self.confederation.acronym,
            "body": body,
            "what": what,
        }

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class ItemKind(models.TextChoices):
    INFORMATION = "information", _("for information")
    DISCUSSION = "discussion", _("for discussion")
    DECISION = "decision", _("for decision")
    ELECTION = "election", _("election")


# The kinds of item a poll decides.
VOTED_KINDS = (ItemKind.DECISION, ItemKind.ELECTION)


class AgendaItem(models.Model):
    """An item of a session's agenda, numbered 1, 2, … and under one of them 1.1, 1.2."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="items", verbose_name=_("session")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under the item"),
    )
    position = models.PositiveSmallIntegerField(_("order"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    business = models.CharField(
        _("kind of business"),
        max_length=20,
        choices=Business.choices,
        blank=True,
        help_text=_("For a decision or an election: what majority it needs, who votes."),
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    presenter = models.CharField(
        _("presented by"), max_length=200, blank=True, help_text=_("e.g. the Secretary General")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public agenda once it is published.")
    )
    papers = models.ManyToManyField(
        Document, blank=True, related_name="agenda_items", verbose_name=_("papers")
    )
    motion = models.OneToOneField(
        "Motion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("motion"),
    )
    minutes_of = models.OneToOneField(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved_at",
        verbose_name=_("approves the minutes of"),
    )
    majority = models.CharField(
        _("majority"),
        max_length=12,
        choices=Majority.choices,
        blank=True,
        help_text=_("For an election: the office's. Empty: the rule of its kind of business."),
    )
    outcome_en = models.TextField(_("outcome for the minutes (English)"), blank=True)
    outcome_fr = models.TextField(_("outcome for the minutes (French)"), blank=True)
    decision = models.OneToOneField(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="agenda_item",
        verbose_name=_("decision"),
    )

    history = HistoricalRecords(m2m_fields=[papers])

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "parent", "position"],
                nulls_distinct=False,
                name="one_agenda_item_per_place",
                violation_error_message=_("Another item of this agenda has this place."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=VOTED_KINDS) | ~Q(business=""),
                name="a_voted_item_names_its_business",
                violation_error_message=_(
                    "An item for decision or election names its kind of business."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values), name="agenda_item_kind_valid"
            ),
            # Each kind of business has its one majority (VotingRule); an election
            # alone takes its office's.
            models.CheckConstraint(
                condition=Q(majority="") | Q(kind=ItemKind.ELECTION),
                name="only_an_election_has_a_majority_of_its_own",
                violation_error_message=_(
                    "Only an election has a majority of its own: a decision takes the "
                    "rule of its kind of business."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    def clean(self) -> None:
        """An item sits under a first-level item of its own agenda (1.1, never 1.1.1);
        minutes approved are of an earlier session of the same council."""
        errors = {}
        parent = self.parent
        if parent is not None and (
            parent.session_id != self.session_id
            or parent.parent_id is not None
            or (self.pk is not None and parent.pk == self.pk)
        ):
            errors["parent"] = _("An item sits under a first-level item of the same agenda.")
        minutes_of = self.minutes_of
        if (
            minutes_of is not None
            and self.session_id is not None
            and (
                minutes_of.confederation_id != self.session.confederation_id
                or minutes_of.held_on >= self.session.held_on
            )
        ):
            errors["minutes_of"] = _(
                "Minutes are approved at a later session of the same council."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_fr)

    @property
    def notes(self) -> str:
        return localized(self.notes_en, self.notes_fr)

    @property
    def outcome(self) -> str:
        return localized(self.outcome_en, self.outcome_fr)

    @property
    def is_voted(self) -> bool:
        return self.kind in VOTED_KINDS


class MotionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("on the agenda")
    RETURNED = "returned", _("returned")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Motion(models.Model):
    """A motion put to a session by a head of delegation or the presidency; an
    amendment names the motion it changes."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="motions", verbose_name=_("session")
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("moved by the association"),
        help_text=_("Empty for a motion of the presidency."),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends the motion"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("the motion"))
    reasons = models.TextField(_("reasons"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    papers = models.ManyToManyField(
        Document, blank=True, related_name="motions", verbose_name=_("papers")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MotionStatus.choices, default=MotionStatus.SUBMITTED
    )
    return_reason = models.TextField(_("why it was returned"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "submitted_at"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MotionStatus.values), name="motion_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=MotionStatus.RETURNED) | ~Q(return_reason=""),
                name="a_returned_motion_says_why",
                violation_error_message=_("Say why the motion is returned."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Seat(models.Model):
    """A member association's seat in a session. Before the session opens it records
    whom the vice president names to sit instead of them; at the opening, its vote
    and who sits are kept as they were, and the secretariat marks who is present."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="seats", verbose_name=_("session")
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("association"),
    )
    delegate = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delegate sitting instead of the head"),
    )
    sitting = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("sits in it"),
    )
    vote = models.CharField(_("vote"), max_length=10, blank=True)
    arrears_since = models.DateField(
        _("in arrears since"), null=True, blank=True, help_text=_("When arrears took its vote.")
    )
    present = models.BooleanField(_("present"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "association__nation__country"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "association"], name="one_seat_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association} ({self.session})"

    @property
    def seat_vote(self) -> SeatVote:
        """Its vote as the opening kept it, and why, in the reader's language."""
        return SeatVote(self.vote, self.arrears_since)


class Proxy(models.Model):
    """An association's vote for one session, given to another association's head of
    delegation: in the portal by its vice president, or recorded by the secretariat
    from a letter. Revocable until the session opens."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="proxies", verbose_name=_("session")
    )
    giver = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="proxies_given",
        verbose_name=_("given by"),
    )
    holder = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="proxies_held",
        verbose_name=_("held by the head of delegation of"),
    )
    from_letter = models.BooleanField(_("recorded from a letter"), default=False)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "given_at"]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "giver"],
                condition=Q(revoked_at__isnull=True),
                name="one_proxy_per_association_and_session",
                violation_error_message=_(
                    "This association has given its proxy for this session already."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(giver=F("holder")),
                name="a_proxy_goes_to_another_association",
                violation_error_message=_("A proxy goes to another association."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class PollMethod(models.TextChoices):
    ROLL_CALL = "roll-call", _("by roll call")
    SECRET = "secret", _("by secret ballot")


class Candidate(models.Model):
    """Who stands in an election item: one candidate is approved or not; between
    several, each seat chooses one. The elections app writes them from the
    nominations accepted; the secretariat may type them."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("item")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "position", "name"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "name"],
                name="one_candidate_of_a_name_per_item",
                violation_error_message=_("This candidate stands in this election already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PollOutcome(models.TextChoices):
    CARRIED = "carried", _("carried")
    NOT_CARRIED = "not-carried", _("not carried")
    NO_QUORUM = "no-quorum", _("no quorum")
    # Between several candidates, none reached the majority: a second round follows.
    NO_MAJORITY = "no-majority", _("no majority: a second round")


# A poll with one of these results decides nothing: its item may be voted on again.
UNDECIDED = (PollOutcome.NO_QUORUM, PollOutcome.NO_MAJORITY)


class Choice(models.TextChoices):
    YES = "yes", pgettext_lazy("a vote", "yes")
    NO = "no", pgettext_lazy("a vote", "no")
    ABSTAIN = "abstain", pgettext_lazy("a vote", "abstain")


class Poll(models.Model):
    """A vote on a decision item: opened and closed by the secretariat (a written vote
    closes at its time). Its rule is kept as it was at the opening.

    No history is kept of a poll: for a secret one its counts change with each ballot,
    and a history of them would tell, by its times, who voted what."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="polls", verbose_name=_("item")
    )
    method = models.CharField(_("method"), max_length=10, choices=PollMethod.choices)
    business = models.CharField(
        _("kind of business"), max_length=20, choices=Business.choices, editable=False
    )
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, editable=False
    )
    associates_vote = models.BooleanField(_("associates vote"), editable=False)
    # An election between several candidates: each seat chooses one (or abstains).
    candidates = models.ManyToManyField(
        Candidate, through="PollCandidate", related_name="polls", verbose_name=_("candidates")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1, editable=False)
    elected = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("elected"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("A written vote closes by itself.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # A secret poll counts its ballots as they come (no ballot says what it was); a
    # roll call counts its ballots at the close. Shown only once it is closed.
    yes = models.PositiveSmallIntegerField(pgettext_lazy("a vote", "yes"), default=0)
    no = models.PositiveSmallIntegerField(pgettext_lazy("a vote", "no"), default=0)
    abstain = models.PositiveSmallIntegerField(pgettext_lazy("a vote", "abstain"), default=0)
    # At the close: the seats with a vote on it, those present or represented, and
    # how many of them the quorum needed.
    seats_with_a_vote = models.PositiveSmallIntegerField(
        _("seats with a vote"), null=True, editable=False
    )
    present = models.PositiveSmallIntegerField(
        _("present or represented"), null=True, editable=False
    )
    quorum = models.PositiveSmallIntegerField(_("quorum"), null=True, editable=False)
    outcome = models.CharField(
        _("result"), max_length=12, choices=PollOutcome.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["item", "opened_at"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=~Q(outcome__in=UNDECIDED),
                name="one_poll_decides_an_item",
                violation_error_message=_("This item has a poll open or decided already."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, outcome="")
                | Q(closed_at__isnull=False, outcome__in=PollOutcome.values),
                name="a_closed_poll_has_its_result",
            ),
            models.CheckConstraint(
                condition=Q(method__in=PollMethod.values), name="poll_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.item)

    def get_absolute_url(self) -> str:
        return reverse("council:poll", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_secret(self) -> bool:
        return self.method == PollMethod.SECRET

    def closes_by_itself(self, now: datetime.datetime) -> bool:
        return self.closes_at is not None and self.closes_at <= now


class PollCandidate(models.Model):
    """A candidate in one round of an election, and its votes: counted as they come in
    a secret ballot (no ballot says whom it chose), at the close in a roll call."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="tally", verbose_name=_("poll")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    votes = models.PositiveSmallIntegerField(_("votes"), default=0)

    class Meta:
        ordering = ["poll", "candidate__position", "candidate__name"]
        verbose_name = _("candidate in a round")
        verbose_name_plural = _("candidates in a round")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "candidate"], name="a_candidate_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return str(self.candidate)


class Ballot(models.Model):
    """That a seat voted in a poll, by whom and how; what it voted only by roll call.
    A secret poll's ballot keeps no choice: the poll counts it, and nothing links
    the two."""

    poll = models.ForeignKey(
        Poll, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("poll")
    )
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("seat")
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices, blank=True)
    # By roll call in an election between several: whom the seat chose.
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidate"),
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cast by"),
    )
    by_proxy = models.BooleanField(_("by proxy"), default=False)
    recorded_by_secretariat = models.BooleanField(_("recorded by the secretariat"), default=False)
    cast_at = models.DateTimeField(_("cast at"), auto_now_add=True)

    class Meta:
        ordering = ["poll", "seat__association__nation__country"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "seat"],
                name="one_vote_per_seat_per_poll",
                violation_error_message=_("This seat has voted in this poll already."),
            ),
            models.CheckConstraint(
                condition=Q(choice="") | Q(choice__in=Choice.values), name="ballot_choice_valid"
            ),
            # A vote for a candidate is a yes to them, by roll call only.
            models.CheckConstraint(
                condition=Q(candidate__isnull=True) | Q(choice=Choice.YES),
                name="a_vote_for_a_candidate_is_a_yes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat.association} in {self.poll}"


class Minutes(models.Model):
    """The minutes of a session: drafted from it, edited in both languages, sent to
    the heads of delegation, approved at the next session and then frozen, kept in
    the library as a document."""

    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("session")
    )
    text_en = models.TextField(_("minutes (English)"), help_text=_("Markdown."))
    text_fr = models.TextField(_("minutes (French)"), blank=True, help_text=_("Markdown."))
    circulated_at = models.DateTimeField(
        _("sent to the heads of delegation"), null=True, blank=True, editable=False
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="minutes_of_session",
        verbose_name=_("kept in the library as"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(document__isnull=False),
                name="approved_minutes_are_kept",
            )
        ]

    def __str__(self) -> str:
        return str(_("Minutes: %(session)s")) % {"session": self.session}

    @property
    def text(self) -> str:
        return localized(self.text_en, self.text_fr)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None
