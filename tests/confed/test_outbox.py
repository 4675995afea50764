"""No email is lost and none is sent twice: written in the transaction that causes it,
handed to a worker after commit, swept if the hand-over was lost, claimed before it is
sent. And no request waits long on a Redis that does not answer."""

import datetime
import os
import shutil
import signal
import subprocess
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from confed import outbox
from confed.celery import app
from confed.models import Email, EmailStatus, PagesToRetire
from confed.redis_cache import BREAKERS
from confed.tasks import retire_owed_pages, sweep_outbox
from delegations import services as delegations
from delegations.models import Delegation
from events.models import EventKind
from governance import services as governance
from tests.factories import (
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    PersonFactory,
    UserFactory,
)
from tests.governance.test_applications import form_data

pytestmark = pytest.mark.django_db


def owe_one(to="vp@example.ee") -> Email:
    return outbox.owe(
        to=[to], subject="Delegation approved", text="It is.", template="test", language="en"
    )


def test_an_email_is_owed_only_once_its_change_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as handed_over:
        email = owe_one()
    assert Email.objects.get() == email
    assert mail.outbox == []  # not before the commit
    for callback in handed_over:
        callback()
    assert [m.subject for m in mail.outbox] == ["Delegation approved"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_an_email_the_smtp_server_refuses_then_accepts_is_delivered_once(
    smtp_server, time_machine, django_capture_on_commit_callbacks
):
    """Through the tasks as a worker runs them: the hand-over after commit, a refusal,
    the sweep a minute later, the sweeps after it."""
    time_machine.move_to(datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC))
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        email = owe_one()
    email.refresh_from_db()
    assert (email.status, email.last_error[:13]) == (EmailStatus.PENDING, "SMTPDataError")
    assert sweep_outbox() == 0  # its retry is not due yet
    smtp_server.refuse = False
    time_machine.shift(datetime.timedelta(minutes=6))
    assert sweep_outbox() == 1
    time_machine.shift(datetime.timedelta(minutes=6))
    assert sweep_outbox() == 0
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert [envelope.rcpt_tos for envelope in smtp_server.received] == [["vp@example.ee"]]


def test_after_the_last_attempt_it_is_failed_and_the_secretariat_sends_it_again(
    smtp_server, secretariat_client, django_capture_on_commit_callbacks, settings
):
    email = owe_one()
    Email.objects.filter(pk=email.pk).update(attempts=settings.SEND_MAX_ATTEMPTS - 1)
    smtp_server.refuse = True
    assert outbox.deliver(email.pk) == outbox.Outcome.FAILED
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    desk = secretariat_client.get(reverse("admin:index")).context["work_waiting"]
    assert "1 email could not be sent" in [work.text for work in desk]
    smtp_server.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            reverse("admin:confed_email_changelist"),
            {"action": "send_again", "_selected_action": [email.pk]},
        )
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(smtp_server.received) == 1


@pytest.fixture
def queue_out_of_reach():
    """Celery publishes for real, to a Redis nobody listens on."""

    def use(broker: str, eager: bool) -> None:
        app.conf.broker_url, app.conf.task_always_eager = broker, eager
        app._pool = app.amqp._producer_pool = None

    broker = app.conf.broker_url
    use("redis://127.0.0.1:1/0", eager=False)
    yield lambda: use(broker, eager=True)
    use(broker, eager=True)


def test_with_the_queue_out_of_reach_the_email_is_sent_later_by_the_sweep(
    apply_client, cior, queue_out_of_reach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply_client.post(
            "/apply/", form_data(cior, country="JP", category="associate")
        )
    assert response.status_code == 302
    assert mail.outbox == []
    [receipt] = Email.objects.all()
    assert receipt.status == EmailStatus.PENDING
    queue_out_of_reach()  # Redis is back
    for guard in BREAKERS.values():
        guard.reset()
    assert outbox.sweep() == [receipt.pk]
    assert [m.to for m in mail.outbox] == [["gudrun@example.org"]]
    assert outbox.sweep() == []
    assert len(mail.outbox) == 1


@pytest.fixture
def apply_client(client):
    return Client(REMOTE_ADDR="192.0.2.77")


# -- a frozen Redis ---------------------------------------------------------------------


@pytest.fixture
def own_redis(tmp_path, settings):
    """A Redis server of the test's own, which the cache, the rate limits and the queue
    use, and which the test can freeze (SIGSTOP: connections open, no answer)."""
    socket_path = tmp_path / "redis.sock"
    server = subprocess.Popen(
        [shutil.which("redis-server"), "--port", "0", "--unixsocket", str(socket_path),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        if socket_path.exists():
            break
        time.sleep(0.1)
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": f"unix://{socket_path}?db=0"},
    }
    broker = app.conf.broker_url

    def use(url: str, eager: bool) -> None:
        app.conf.broker_url, app.conf.task_always_eager = url, eager
        app._pool = app.amqp._producer_pool = None

    use(f"redis+socket://{socket_path}", eager=False)
    yield server
    os.kill(server.pid, signal.SIGCONT)
    server.terminate()
    server.wait(timeout=10)
    use(broker, eager=True)


def timed(request, capture) -> tuple[float, object]:
    """The time a request takes, its emails handed over after its commit included."""
    started = time.perf_counter()
    with capture(execute=True):
        response = request()
    return time.perf_counter() - started, response


@pytest.fixture
def delegation_to_submit(cior):
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    user = UserFactory(username="vp-frozen")
    head = PersonFactory(nation=estonia.nation, association=estonia, user=user,
                         email="vp@example.ee")  # fmt: skip
    governance.appoint(
        office=governance.national_vice_president_office(estonia),
        person=head,
        starts_on=datetime.date(2020, 1, 1),
    )
    meetings = [
        EventFactory(kind=EventKind.MID_WINTER_MEETING, confederations=[cior],
                     starts_on=datetime.date(2099, 2, day),
                     ends_on=datetime.date(2099, 2, day))
        for day in (4, 5)
    ]  # fmt: skip
    for meeting in meetings:
        delegations.add_member(association=estonia, event=meeting, person=head, role="head")
    return user, list(Delegation.objects.order_by("event__starts_on"))


def test_a_frozen_redis_holds_no_request_more_than_a_second(
    own_redis, cior, client, delegation_to_submit, django_capture_on_commit_callbacks
):
    user, (first, second) = delegation_to_submit
    vice_president = client.__class__()
    vice_president.force_login(user)

    def requests(delegation, country):
        args = [delegation.association_id, delegation.event.slug]
        submit = reverse("delegations:submit", args=args)
        applicant = client.__class__(REMOTE_ADDR="192.0.2.78")
        capture = django_capture_on_commit_callbacks
        return {
            "public page": timed(lambda: client.get("/nations/"), capture),
            "delegation submitted": timed(lambda: vice_president.post(submit), capture),
            "application": timed(
                lambda: applicant.post(
                    "/apply/", form_data(cior, country=country, category="associate")
                ),
                capture,
            ),
        }

    with_redis = requests(first, "JP")
    os.kill(own_redis.pid, signal.SIGSTOP)
    try:
        frozen = requests(second, "KR")
    finally:
        os.kill(own_redis.pid, signal.SIGCONT)
    for what, (seconds, response) in frozen.items():
        assert response.status_code in (200, 302), what
        assert seconds < with_redis[what][0] + 1.0, (what, seconds, with_redis[what][0])
    # The emails of the requests made while Redis was frozen: never handed over. (Those
    # of the first requests wait in the queue, for a worker this test does not run.)
    waiting = set(
        Email.objects.filter(status=EmailStatus.PENDING, handed_over_at=None).values_list(
            "pk", flat=True
        )
    )
    assert len(waiting) >= 2  # the second delegation's and the second application's
    # Redis answers again: the sweep sends what waited, once each.
    for guard in BREAKERS.values():
        guard.reset()
    app.conf.task_always_eager = True
    sent_before = len(mail.outbox)
    assert set(outbox.sweep()) == waiting
    assert outbox.sweep() == []
    assert len(mail.outbox) - sent_before == len(waiting)
    assert set(Email.objects.filter(status=EmailStatus.SENT).values_list("pk", flat=True)) == (
        waiting
    )


def test_a_password_link_is_read_by_nobody_in_the_admin_and_not_kept_once_sent(
    secretariat_client, django_capture_on_commit_callbacks
):
    UserFactory(username="someone", email="someone@example.org")
    with django_capture_on_commit_callbacks(execute=False) as hand_overs:
        Client().post("/accounts/password_reset/", {"email": "someone@example.org"})
    email = Email.objects.get()
    page = secretariat_client.get(reverse("admin:confed_email_change", args=[email.pk]))
    assert "/accounts/reset/" not in page.content.decode()
    assert "shown to nobody" in page.content.decode()
    for callback in hand_overs:
        callback()
    assert "/accounts/reset/" in mail.outbox[0].body  # its recipient has it
    email.refresh_from_db()
    assert "/accounts/reset/" not in email.body


def test_an_edit_redis_could_not_be_told_of_retires_the_pages_once_it_answers(cior, client):
    """A call that found Redis out of reach opens the cache's breaker for a few seconds:
    an edit then cannot retire the pages, which Redis still holds once it answers."""
    association = NationalAssociationFactory(confederation=cior, name="Old Name Association")
    assert "Old Name Association" in client.get("/nations/").content.decode()  # kept
    BREAKERS["the cache"]._open_until = time.monotonic() + 60  # as after a timeout
    association.name = "New Name Association"
    association.save()
    BREAKERS["the cache"].reset()  # Redis answers again
    assert PagesToRetire.objects.exists()
    assert "Old Name Association" in client.get("/nations/").content.decode()  # not yet
    assert retire_owed_pages() is True
    assert not PagesToRetire.objects.exists()
    assert "New Name Association" in client.get("/nations/").content.decode()
