"""The portal read in French, as a French-speaking officer reads it: every page and email
of the demo, with no English left in it and none of the French mistakes readers met."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from awards.models import Nomination as AwardNomination
from confed.emails import render_email
from delegations import services as delegations
from delegations.models import Delegation, DelegationStatus
from elections.models import Call, Candidature
from elections.models import Nomination as ElectionNomination
from events.models import Event, EventKind
from governance import services as governance
from governance.models import CouncilDecision, MembershipApplication, Term
from governance.selectors import current_vice_president
from members.models import Confederation, NationalAssociation, Person
from members.services import invite
from reminders.messages import render
from reminders.models import Reminder, ReminderKind

pytestmark = pytest.mark.django_db

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ENGLISH = [
    "Delegation", " of ", "Member nations", "Leadership", "Upcoming", "Log in", "submitted",
    "draft", "Draft", "Previous", "Next", "Changes are", "the secretariat", "Welcome,",
    "holds the presidency", "on joining NATO", "Waiting for", *MONTHS, *WEEKDAYS,
]  # fmt: skip
# Patterns: "Pologne exerce" without its article, "Pays-Bas exerce" without the plural.
FRENCH_MISTAKES = [
    r"(?<!La )Pologne exerce", r"Pays-Bas exerce\b", r"(?<!Les )Pays-Bas exercent",
    "Délégation de Estonie", " de E", " de É", "Référence:", " de Pays-Bas", " de Canada",
    "tous · CIOR", "Candidater", "déposée", "Interalliée", "Lieutenant-Colonel", "Brussels",
    "NATO Headquarters",
]  # fmt: skip
FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# "1 février": Django's French; the first of the month is "1er février".
FIRST_WITHOUT_ER = re.compile(r"(?<![\d.])1 (" + "|".join(FRENCH_MONTHS) + r")\b")
# A colon, semicolon, question or exclamation mark with an ordinary space before it, or
# none (times such as 14:30 and addresses aside): French puts a no-break space there.
SPACE_BEFORE_PUNCTUATION = re.compile(r"(?:[^\s\u00a0\d]|^)[:;?!](?=\s|$)| [:;?!](?=\s|$)")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def data_written_as_it_is() -> list[str]:
    """Names the portal shows as their owners write them, in any language: associations'
    names, people's names (a British association is "... Association of ...")."""
    names = set()
    for association in NationalAssociation.objects.all():
        names.update({association.name, association.display_name})
    names.update(MembershipApplication.objects.values_list("association_name", flat=True))
    # A council decision's summary is written once, in the language of whoever recorded it.
    names.update(CouncilDecision.objects.values_list("summary", flat=True))
    # So is a nomination's statement, in the language of the head of delegation.
    names.update(ElectionNomination.objects.values_list("statement", flat=True))
    return sorted(names, key=len, reverse=True)


def mistakes(text: str, names: list[str], *, check_spacing: bool = True) -> list[str]:
    text = re.sub(r"https?://\S+", " ", text)
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"[ \t]+", " ", text)
    found = [f"English {word!r}" for word in ENGLISH if re.search(_word(word), text)]
    found += [f"wrong French {wrong!r}" for wrong in FRENCH_MISTAKES if re.search(wrong, text)]
    found += [f"date {m.group(0)!r}" for m in FIRST_WITHOUT_ER.finditer(text)]
    if check_spacing:
        for line in text.splitlines():
            if SPACE_BEFORE_PUNCTUATION.search(line):
                found.append(f"no no-break space before the punctuation in {line.strip()!r}")
    return found


def _word(word: str) -> str:
    escaped = re.escape(word)
    return rf"\b{escaped}\b" if word[:1].isalpha() and word[-1:].isalpha() else escaped


@pytest.fixture
def demo(demo_loaded):
    """The demo's data (tests/demo_data.py)."""


def test_every_french_page_reads_as_french(demo, client):
    estonia = NationalAssociation.objects.get(confederation__code="cior", nation__country="EE")
    meeting = (
        Event.objects.filter(kind=EventKind.MID_WINTER_MEETING, starts_on__gte=timezone.now())
        .order_by("starts_on")
        .first()
    )
    public = [
        "/fr/",
        "/fr/nations/",
        "/fr/nations/est/",
        "/fr/nations/nld/",
        "/fr/nations/usa/",
        "/fr/leadership/",
        "/fr/committees/",
        "/fr/committees/yro-c/",
        "/fr/events/",
        "/fr/events/?kind=summer-congress",
        meeting.get_absolute_url().replace("/events/", "/fr/events/", 1),
        f"/fr/events/month/{meeting.starts_on.year}/{meeting.starts_on.month}/",
        "/fr/apply/",
        "/fr/accounts/login/",
        "/fr/accounts/password_reset/",
        "/fr/about/",
        "/fr/about/cior/",
        "/fr/about/ciomr/",
        "/fr/contact/",
        "/fr/privacy/",
        "/fr/documents/",
        "/fr/awards/",
        "/fr/awards/cior-medal-of-merit/",
    ]
    call = Call.objects.get()
    nomination = call.nominations.first()
    public.append(f"/fr/elections/answer/{nomination.token}/")
    pages = {url: client.get(url) for url in public}
    client.force_login(get_user_model().objects.get(username="vp-cior-est"))
    for url in [
        "/fr/accounts/",
        "/fr/delegations/",
        f"/fr/delegations/{estonia.pk}/{meeting.slug}/",
        "/fr/elections/candidatures/",
    ]:
        pages[url] = client.get(url)
    # The call is CIOMR's: one of its heads of delegation sees it.
    client.force_login(nomination.nominated_by)
    for url in ["/fr/elections/", f"/fr/elections/{call.pk}/"]:
        pages[url] = client.get(url)
    client.force_login(get_user_model().objects.get(username="secretariat"))
    pages["/admin/"] = client.get("/admin/", headers={"accept-language": "fr"})

    names = data_written_as_it_is()
    found = {}
    for url, response in pages.items():
        assert response.status_code == 200, url
        # The admin's own pages are Django's French, which spaces its colons its own way.
        text = visible_text(response.content.decode())
        if problems := mistakes(text, names, check_spacing=not url.startswith("/admin/")):
            found[url] = problems
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_french_pages_name_nations_with_their_articles(demo, client):
    leadership = visible_text(client.get("/fr/leadership/").content.decode())
    assert "La Pologne exerce la présidence" in leadership
    assert "Les Pays-Bas exercent la présidence" in leadership
    assert "approuvée par le conseil le 1er février" in leadership
    # "Next" as a heading is the next presidency; as a link, the next page of a list.
    assert "Prochaine présidence" in leadership
    estonia = NationalAssociation.objects.get(confederation__code="cior", nation__country="EE")
    meeting = Event.objects.filter(kind=EventKind.MID_WINTER_MEETING).last()
    client.force_login(get_user_model().objects.get(username="vp-cior-est"))
    page = visible_text(
        client.get(f"/fr/delegations/{estonia.pk}/{meeting.slug}/").content.decode()
    )
    assert "Délégation de l'Estonie" in page


def test_the_calendar_filters_agree_with_their_nouns(demo, client):
    text = visible_text(client.get("/fr/events/").content.decode())
    assert "Confédération toutes · CIOR" in " ".join(text.split())
    assert "Type tous ·" in " ".join(text.split())
    assert "Commission toutes ·" in " ".join(text.split())
    assert "Nation hôte toutes ·" in " ".join(text.split())


def french_emails(django_capture_on_commit_callbacks) -> list:
    """Every email the portal sends, to people who read French."""
    cior = Confederation.objects.get(code="cior")
    today = timezone.localdate()
    emails = []
    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.filter(nation__country="FR", user=None).first()
        person.language = "fr"
        person.save()
        invite(person=person)
        for number, outcome in enumerate(["approve", "reject", None]):
            application = governance.submit_application(
                confederation=cior,
                country=["MT", "AE", "CY"][number],
                association_name=f"Association {number}",
                contact_name="Jeanne Martin",
                contact_email=f"jm{number}@example.org",
                category="associate",
                statement="Nous souhaitons adhérer.",
                language="fr",
            )
            if outcome == "approve":
                governance.approve_application(application=application, decided_on=today)
            elif outcome == "reject":
                governance.reject_application(
                    application=application, decided_on=today, reason="Dossier incomplet."
                )
        netherlands = NationalAssociation.objects.get(confederation=cior, nation__country="NL")
        head = current_vice_president(netherlands).person
        head.language = "fr"
        head.save()
        meeting = Event.objects.filter(
            kind=EventKind.MID_WINTER_MEETING, delegation_deadline__gte=today
        ).first()
        delegations.add_member(association=netherlands, event=meeting, person=head, role="head")
        delegation = Delegation.objects.get(association=netherlands, event=meeting)
        delegations.submit(delegation=delegation)
        delegations.return_to_draft(delegation=delegation, comment="Il manque un délégué.")
        delegations.submit(delegation=delegation)
        delegations.approve(delegation=delegation)
    # The secretariat's copies are in English; their French is read here.
    secretariat = cior.secretariat_email
    emails += [(m.subject, m.body) for m in mail.outbox if m.to != [secretariat]]
    mail.outbox.clear()
    # The elections' and the awards' emails, as their French readers get them.
    call = Call.objects.get()
    nomination = call.nominations.first()
    candidature = Candidature.objects.first()
    candidature.decision = CouncilDecision.objects.first()
    award = AwardNomination.objects.filter(decision__isnull=False).first()
    for status in ("accepted", "declined", "elected", "not-elected"):
        nomination.status = status
        for template, context in [
            ("elections/emails/call_opened", {"call": call, "office": call.office}),
            ("elections/emails/nominated", {"nomination": nomination, "call": call,
                                             "office": call.office}),
            ("elections/emails/answered", {"nomination": nomination, "call": call}),
            ("elections/emails/result", {"nomination": nomination, "call": call,
                                          "winner": nomination}),
        ]:  # fmt: skip
            emails.append(render_email(template=template, context=context, language="fr"))
    for status in ("approved", "rejected"):
        candidature.status = status
        emails.append(
            render_email(
                template="elections/emails/candidature_decided",
                context={"candidature": candidature},
                language="fr",
            )
        )
    emails.append(
        render_email(
            template="awards/emails/decided",
            context={"nomination": award, "award": award.award},
            language="fr",
        )
    )
    for application in MembershipApplication.objects.filter(association_name__startswith="Assoc"):
        template = {"submitted": "received"}.get(application.status, application.status)
        emails.append(
            render_email(
                template=f"governance/emails/secretariat_application_{template}",
                context={"application": application, "confederation": cior},
                language="fr",
            )
        )
    return emails


def reminder_emails() -> list:
    today = timezone.localdate()
    cior = Confederation.objects.get(code="cior")
    term = Term.objects.filter(ends_on__gt=today, office__confederation=cior).first()
    application = MembershipApplication.objects.filter(status="submitted").first()
    meeting = Event.objects.filter(
        kind=EventKind.MID_WINTER_MEETING, delegation_deadline__gte=today
    ).first()
    united_states = NationalAssociation.objects.get(confederation=cior, nation__country="US")
    draft = Delegation.objects.filter(event=meeting, status=DelegationStatus.DRAFT).first()
    subjects = {
        ReminderKind.TERM_ENDING: (f"term:{term.pk}", term.ends_on),
        ReminderKind.APPLICATION_WAITING: (f"application:{application.pk}", today),
        ReminderKind.APPLICATIONS_BEFORE_MEETING: (
            f"meeting:{meeting.pk}:{cior.pk}",
            meeting.starts_on,
        ),
        ReminderKind.DELEGATION_DEADLINE: (
            f"delegation:{united_states.pk}:{meeting.pk}",
            meeting.delegation_deadline,
        ),
        ReminderKind.VACANT_OFFICES: (f"vacancies:{cior.pk}", today),
    }
    messages = []
    for kind, (subject, target_on) in subjects.items():
        reminder = Reminder(
            kind=kind, subject=subject, recipient="x@example.org", language="fr",
            target_on=target_on, lead_days=7, due_on=today,
        )  # fmt: skip
        message = render(reminder)
        assert message is not None, kind
        messages.append((message.subject, message.text))
    if draft is not None:
        reminder = Reminder(
            kind=ReminderKind.DELEGATION_DEADLINE,
            subject=f"delegation:{draft.association_id}:{meeting.pk}",
            recipient="x@example.org", language="fr", target_on=meeting.delegation_deadline,
            lead_days=7, due_on=today,
        )  # fmt: skip
        message = render(reminder)
        messages.append((message.subject, message.text))
    return messages


def test_every_french_email_reads_as_french(demo, client, django_capture_on_commit_callbacks):
    emails = french_emails(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # through the outbox
        client.post("/fr/accounts/password_reset/", {"email": "vp-cior-est@example.org"})
    emails += [(m.subject, m.body) for m in mail.outbox]
    emails += reminder_emails()
    subjects = [subject for subject, _body in emails]
    assert len(emails) >= 20, subjects
    names = data_written_as_it_is()
    found = {
        subject: problems
        for subject, body in emails
        if (problems := mistakes(f"{subject}\n{body}", names))
    }
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert "Délégation des Pays-Bas (Réunion d'hiver" in " ".join(subjects)
    bodies = [body.strip() for _subject, body in emails]
    assert any(b.startswith("Les États-Unis d'Amérique n'ont pas encore de") for b in bodies)
    received = next(body for subject, body in emails if "bien été reçue" in subject)
    assert "Référence\u00a0: CIOR-" in received


def test_the_english_pages_are_as_they_were(demo, client):
    leadership = visible_text(client.get("/leadership/").content.decode())
    assert "Poland holds the presidency" in leadership
    assert "Netherlands holds the presidency" in leadership
    assert "approved by the council on Feb. 1," in leadership
