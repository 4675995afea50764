"""Sixty seats vote in the same second, through the real server: each is counted once,
a second vote and a vote after the close are refused with a message."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from council import services
from council.models import Ballot
from tests.council.conftest import decision_item, meeting_session, members_with_heads, opened

CSRF = "c" * 32  # the same token in the cookie and the form, as a browser sends them


def post(url: str, cookie: str, data: dict) -> tuple[int, str]:
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode()
    request = urllib.request.Request(  # noqa: S310 (the test's own server, over http)
        url, data=body, headers={"Cookie": f"sessionid={cookie}; csrftoken={CSRF}"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class RoomyServer(ThreadedWSGIServer):
    # socketserver's default backlog is 5: sixty connections at once would be reset
    # before the server saw them, as a production server's larger backlog would not.
    request_queue_size = 128


class RoomyServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def server():
    """The portal on a real threaded server, each request on its own connection."""
    thread = RoomyServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def logged_in(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True)
def test_sixty_seats_voting_in_the_same_second_are_each_counted_once(cior, server):
    heads = members_with_heads(cior, 60)
    session = meeting_session(cior)
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item, method="secret")
    seats = {seat.association_id: seat.pk for seat in session.seats.all()}
    votes = [
        (logged_in(user), seats[association.pk], ("yes", "no", "abstain")[n % 3])
        for n, (association, user) in enumerate(heads.items())
    ]
    url = server + poll.get_absolute_url()
    start = threading.Barrier(len(votes))

    def vote(cookie_seat_choice):
        cookie, seat, choice = cookie_seat_choice
        start.wait()  # all sixty reach the server together
        return post(url, cookie, {"seat": seat, "choice": choice})

    with ThreadPoolExecutor(max_workers=len(votes)) as pool:
        answers = list(pool.map(vote, votes))

    assert [status for status, _ in answers] == [302] * 60
    assert Ballot.objects.filter(poll=poll).count() == 60
    poll.refresh_from_db()
    assert (poll.yes, poll.no, poll.abstain) == (20, 20, 20)

    # A second vote from a seat, then a vote after the close.
    cookie, seat, _choice = votes[0]
    status, page = post(url, cookie, {"seat": seat, "choice": "no"})
    assert status == 400
    assert "has voted in this poll already" in page
    services.close_poll(poll=poll)
    cookie, seat, _choice = votes[1]
    status, page = post(url, cookie, {"seat": seat, "choice": "yes"})
    assert status == 400
    assert "This poll has closed: the vote was not counted." in page
    poll.refresh_from_db()
    assert (poll.yes, poll.no, poll.abstain, poll.outcome) == (20, 20, 20, "not-carried")
