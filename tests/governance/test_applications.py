import datetime
import itertools

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from confed.celery import app
from confed.models import Email, EmailStatus
from governance import services
from governance.models import ApplicationStatus, CouncilDecision, MembershipApplication, Office
from members.models import Nation, NationalAssociation
from members.services import check_membership_rules
from tests.factories import NationalAssociationFactory, NationFactory, NonNatoNationFactory

pytestmark = pytest.mark.django_db

addresses = (f"192.0.2.{n}" for n in itertools.count(1))


@pytest.fixture
def apply_client(client):
    """A visitor from an address of its own, so rate limits of other tests do not count."""
    client.defaults["REMOTE_ADDR"] = next(addresses)
    return client


def form_data(confederation, **changes) -> dict:
    return {
        "confederation": confederation.pk,
        "country": "IS",
        "association_name": "Icelandic Reserve Officers Association",
        "acronym": "IROA",
        "website": "https://iroa.example.org",
        "contact_name": "Guðrún Jónsdóttir",
        "contact_email": "gudrun@example.org",
        "category": "full",
        "statement": "We would like to join.",
        "homepage": "",
        **changes,
    }


@pytest.fixture
def iceland(db):
    return NationFactory(country="IS", nato_member_since=datetime.date(1949, 8, 24))


def test_an_association_applies_and_applicant_and_secretariat_are_emailed(
    apply_client, cior, iceland, django_capture_on_commit_callbacks
):
    cior.secretariat_email = "secretariat@cior.example.org"
    cior.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = apply_client.post("/apply/", form_data(cior))
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert (application.country, application.status) == ("IS", ApplicationStatus.SUBMITTED)
    to_applicant, to_secretariat = mail.outbox
    assert to_applicant.to == ["gudrun@example.org"]
    assert to_applicant.subject == "Your application to CIOR has been received"
    assert "Dear Guðrún Jónsdóttir," in to_applicant.body
    assert to_secretariat.to == ["secretariat@cior.example.org"]
    assert to_secretariat.subject == "CIOR: new membership application from Iceland"


def test_a_french_applicant_is_answered_in_french(
    apply_client, cior, iceland, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply_client.post("/fr/apply/", form_data(cior))
    assert mail.outbox[0].subject == "Votre candidature à la CIOR a bien été reçue"


def test_a_nation_new_to_the_registry_may_apply_as_an_associate(apply_client, cior):
    response = apply_client.post("/apply/", form_data(cior, country="JP", category="associate"))
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.country.name == "Japan"
    # The registry gains Japan only if the association is admitted.
    assert not Nation.objects.filter(country="JP").exists()


def test_the_form_refuses_full_membership_outside_nato_beside_the_category(apply_client, cior):
    NonNatoNationFactory(country="CH")
    response = apply_client.post("/apply/", form_data(cior, country="CH"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "Full membership is only for associations of NATO nations" in form.errors["category"][0]
    assert form["association_name"].value() == "Icelandic Reserve Officers Association"
    assert not MembershipApplication.objects.exists()


@pytest.mark.parametrize("nation", ["outside NATO", "represented already"])
def test_the_form_states_the_membership_rules_as_an_admission_would(apply_client, cior, nation):
    """The application form and the admission in the admin refuse with one statement."""
    if nation == "outside NATO":
        switzerland, data = NonNatoNationFactory(country="CH"), form_data(cior, country="CH")
    else:
        switzerland = NationFactory(country="CH")
        NationalAssociationFactory(confederation=cior, nation=switzerland)
        data = form_data(cior, country="CH")
    with pytest.raises(ValidationError) as admission:
        check_membership_rules(
            confederation=cior,
            nation=switzerland,
            category="full",
            status="active",
            effective_on=timezone.localdate(),
        )
    form = apply_client.post("/apply/", data).context["form"]
    shown = [error for errors in form.errors.values() for error in errors]
    assert shown == admission.value.messages


def test_the_form_says_when_the_nation_is_already_represented(apply_client, cior, iceland):
    NationalAssociationFactory(confederation=cior, nation=iceland, acronym="ROA-IS")
    response = apply_client.post("/apply/", form_data(cior))
    assert (
        "Only one national association per nation may be a member of CIOR; Iceland is "
        "already represented by" in response.context["form"].errors["country"][0]
    )
    assert not MembershipApplication.objects.exists()


def test_the_form_says_when_an_application_is_already_waiting(apply_client, cior, iceland):
    apply_client.post("/apply/", form_data(cior))
    response = apply_client.post("/apply/", form_data(cior, contact_email="other@example.org"))
    assert "already waiting for a decision" in response.context["form"].errors["country"][0]
    assert MembershipApplication.objects.count() == 1


def test_a_filled_honeypot_is_thanked_and_nothing_is_saved(apply_client, cior, iceland):
    response = apply_client.post("/apply/", form_data(cior, homepage="http://spam.example"))
    assert response.status_code == 302
    assert not MembershipApplication.objects.exists()
    assert not mail.outbox


def test_too_many_applications_from_one_address_are_refused(apply_client, cior, settings):
    settings.APPLICATION_RATE = "2/h"
    for country in ["JP", "KR"]:
        response = apply_client.post(
            "/apply/", form_data(cior, country=country, category="associate")
        )
        assert response.status_code == 302
    response = apply_client.post("/apply/", form_data(cior, country="AU", category="associate"))
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert MembershipApplication.objects.count() == 2


def test_an_application_is_taken_while_redis_is_out_of_reach(apply_client, cior, settings):
    # The rate limit's counts are kept in a Redis nobody listens on.
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "confed.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.RATELIMIT_USE_CACHE = "unreachable"
    response = apply_client.post("/apply/", form_data(cior, country="JP", category="associate"))
    assert response.status_code == 302
    assert MembershipApplication.objects.get().country == "JP"


@pytest.fixture
def queue_out_of_reach():
    """Celery publishes for real, to a Redis nobody listens on (its connection pools,
    made for the broker of the settings, are dropped on the way in and out)."""

    def use(broker: str, eager: bool) -> None:
        app.conf.broker_url, app.conf.task_always_eager = broker, eager
        app._pool = app.amqp._producer_pool = None

    broker = app.conf.broker_url
    use("redis://127.0.0.1:1/0", eager=False)
    yield
    use(broker, eager=True)


def test_an_application_is_taken_while_the_email_queue_is_out_of_reach(
    apply_client, cior, queue_out_of_reach, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply_client.post(
            "/apply/", form_data(cior, country="JP", category="associate")
        )
    assert response.status_code == 302
    assert MembershipApplication.objects.get().country == "JP"
    receipt = Email.objects.get(subject="Your application to CIOR has been received")
    assert receipt.status == EmailStatus.PENDING  # the sweep sends it once Redis is back
    assert "waits for the sweep" in caplog.text


def submitted(confederation, country="IS", category="full") -> MembershipApplication:
    return services.submit_application(
        confederation=confederation,
        country=country,
        association_name="Reserve Officers Association",
        contact_name="Contact",
        contact_email="contact@example.org",
        category=category,
        statement="Please.",
    )


def test_approval_admits_the_association_and_records_the_council_decision(
    cior, iceland, django_capture_on_commit_callbacks
):
    application = submitted(cior)
    assert services.start_review(application=application)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(
            application=application,
            decided_on=datetime.date(2026, 2, 5),
            meeting="Mid-Winter Meeting 2026",
        )
    application.refresh_from_db()
    association = application.association
    assert application.status == ApplicationStatus.APPROVED
    assert (association.nation, association.category, association.status) == (
        iceland,
        "full",
        "active",
    )
    assert association.membership_changes.get().effective_on == datetime.date(2026, 2, 5)
    decision = application.decision
    assert (decision.kind, decision.outcome, decision.meeting) == (
        CouncilDecision.Kind.ADMISSION,
        CouncilDecision.Outcome.APPROVED,
        "Mid-Winter Meeting 2026",
    )
    assert Office.objects.filter(association=association, kind="nvp").exists()
    assert [m.subject for m in mail.outbox] == [
        "Welcome to CIOR: your application has been approved"
    ]


def test_approval_is_refused_when_the_nation_has_meanwhile_been_admitted(cior, iceland):
    application = submitted(cior)
    NationalAssociationFactory(confederation=cior, nation=iceland)
    with pytest.raises(ValidationError, match="Only one national association per nation"):
        services.approve_application(application=application, decided_on=timezone.localdate())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not CouncilDecision.objects.exists()
    assert NationalAssociation.objects.count() == 1


def test_approval_is_refused_for_full_membership_when_the_nation_is_outside_nato(cior):
    application = submitted(cior, country="JP", category="associate")
    MembershipApplication.objects.filter(pk=application.pk).update(category="full")
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="Full membership is only for associations of NATO"):
        services.approve_application(application=application, decided_on=timezone.localdate())
    assert not NationalAssociation.objects.exists()


def test_rejection_records_the_reason_and_tells_the_applicant(
    cior, iceland, django_capture_on_commit_callbacks
):
    application = submitted(cior)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(
            application=application,
            decided_on=datetime.date(2026, 2, 5),
            reason="The statutes do not yet allow it.",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision.outcome == CouncilDecision.Outcome.REJECTED
    assert "The statutes do not yet allow it." in mail.outbox[0].body
    assert not NationalAssociation.objects.exists()


def test_a_decided_application_cannot_be_withdrawn_or_decided_again(cior, iceland):
    application = submitted(cior)
    services.reject_application(
        application=application, decided_on=datetime.date(2026, 2, 5), reason="No."
    )
    with pytest.raises(ValidationError, match="no longer waiting for a decision"):
        services.withdraw_application(application=application)
    with pytest.raises(ValidationError, match="no longer waiting for a decision"):
        services.approve_application(application=application, decided_on=timezone.localdate())


def test_a_withdrawn_application_lets_the_nation_apply_again(cior, iceland):
    application = submitted(cior)
    assert services.withdraw_application(application=application)
    assert not services.withdraw_application(application=application)
    again = submitted(cior)
    assert again.status == ApplicationStatus.SUBMITTED
