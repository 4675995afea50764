"""`make bench`: the portal's speed at the demo size and at a large size, in one run.

1. A database of its own (confed_bench, on this clone's PostgreSQL), migrated and
   loaded with the demo data: the query count of each measured page (the secretariat's
   subscription pages in the admin among them) and the daily reminder scan's time and
   queries, at the demo size.
2. The large data set (bench/large.py) on top: the same counts at the large size, and
   every admin page of the secretariat one request at a time (each model's list, a
   search, its add form, the change form and history of its busiest row).
3. gunicorn serving the portal as in production (bench/settings.py: the production
   settings on loopback), twice: with the public page cache on, each public page asked
   by an anonymous visitor and by a logged-in one (the vice president's session cookie:
   the page cache serves both the same page), and the vice president's own pages (the
   council's session page and poll page among them); and with the page cache off,
   every public page rendered from nothing, as the first request after an edit is,
   beside the layout alone. wrk, on loopback, measures each page and a bare Django
   view, one after another, in each.
4. A table of it all, printed, written to bench/results.md and put into README.md.

Throughput is reported beside the bare view's from the same server in the same run:
the ratio is the figure that carries from one machine to another.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import signal
import socket
import statistics
import string
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
README = ROOT / "README.md"
BENCH_DATABASE = "confed_bench"
BARE = "/bench/bare"
LAYOUT = "/bench/layout"  # the layout alone: what every page's template costs at least
VICE_PRESIDENT = "vp-cior-est"
SECRETARIAT = "secretariat"  # the demo's staff account (members.demo.load_secretariat)
FEED = "/events/calendar.ics"
DELEGATIONS = "/delegations/"
# (path, public): public pages are the same for everyone and cached for everyone; the
# vice president's page is their own and never is.
PAGES = [
    ("/", True),
    ("/nations/", True),
    ("/leadership/", True),
    ("/committees/", True),
    ("/events/", True),
    (FEED, True),
    ("/documents/", True),
    ("/about/cior/", True),
    ("/awards/cior-medal-of-merit/", True),
    (DELEGATIONS, False),
    ("/subscriptions/", False),
    ("/elections/candidatures/", False),
]
# And the council's (council_pages): the session page with its roll and the poll page
# for the vice president, the register of decisions for everyone.
TRANSACTION_STATEMENTS = {"BEGIN", "COMMIT", "ROLLBACK"}
# Who asks: an anonymous visitor, or the vice president with their session cookie.
ANONYMOUS, LOGGED_IN = "anonymous", "logged in"
VISITORS = (ANONYMOUS, LOGGED_IN)
TARGET_CACHED, TARGET_SCAN_SECONDS = 0.5, 5.0
# Rendered from nothing, one request at a time at the large size, in times the layout
# alone: what every page costs at least, on the same machine in the same run. The feed
# carries every coming event, so it is allowed more.
TARGET_ALONE_PUBLIC, TARGET_ALONE_FEED, TARGET_ALONE_VICE_PRESIDENT = 15, 60, 15
# The vice president's list of delegations under load, logged in, against the bare view.
TARGET_DELEGATIONS_LOADED = 0.15
# Every admin page of the secretariat, one request at a time at the large size.
TARGET_ADMIN, TARGET_ADMIN_QUERIES = 100, 30
# Django's own group form lists every permission of every model in its widget: not ours
# to make faster.
ADMIN_TARGET_EXEMPT = frozenset({("auth.Group", "change form"), ("auth.Group", "add form")})
ADMIN_REPEAT = 5  # requests timed of each admin page: there are about two hundred
# An admin page that has not answered in this many seconds is stopped and not asked
# again (an office's change form with its twenty years of terms whole took minutes):
# no secretary waits that long, and it is far past the target anyway.
ADMIN_PATIENCE_SECONDS = 10
GUNICORN = ["--workers", "2", "--threads", "4"]  # as in the Procfile


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


# -- the benchmark's database ----------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")


def set_up_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


# -- what a page asks of the database --------------------------------------------------


@dataclass
class SizeFigures:
    counts: dict[str, int]
    queries: dict[str, int] = field(default_factory=dict)
    # One request at a time, rendered from nothing (page cache off): the median time,
    # and the bytes sent.
    alone_ms: dict[str, float] = field(default_factory=dict)
    sent_bytes: dict[str, int] = field(default_factory=dict)
    scan_seconds: float = 0.0
    scan_queries: int = 0
    scan_due: int = 0


def vice_president_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=VICE_PRESIDENT))
    return client


def secretariat_client():
    """The demo's secretariat account, logged in and past its second factor, as a staff
    session is where staff must give one (TWO_FACTOR_FOR_STAFF, set in production and
    so here): a confirmed authenticator app, made once, and the session that gave its
    code (what django_otp.login keeps in it)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=SECRETARIAT)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="authenticator app (bench)", defaults={"confirmed": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def council_pages() -> list[tuple[str, bool]]:
    """The council's pages, as (path, public) like PAGES: the session the demo held
    (CIOR's council at the Summer Congress), with its roll, and its poll by roll call,
    both the vice president's; the register of CIOR's decisions of that year, public.
    Found once, in the demo data: the large data set adds sessions around it."""
    from django.urls import reverse

    from council.models import Poll, PollMethod, Session

    session = (
        Session.objects.filter(confederation__code="cior", closed_at__isnull=False)
        .order_by("-held_on")
        .first()
    )
    poll = (
        Poll.objects.filter(
            item__session=session, method=PollMethod.ROLL_CALL, closed_at__isnull=False
        ).first()
        if session
        else None
    )
    if poll is None:
        raise SystemExit("the demo has no council session held with a roll call (council/demo.py)")
    return [
        (session.get_absolute_url(), False),
        (poll.get_absolute_url(), False),
        (reverse("council:register", args=["cior", session.held_on.year]), True),
    ]


def secretariat_pages() -> list[str]:
    """The secretariat's subscription pages: the associations in arrears, the
    treasurer's report of CIOR's current year, the list of invoices; and the
    elections' calls. Measured one request at a time, not under load: a few people
    use them."""
    from django.urls import reverse
    from django.utils import timezone

    from elections.models import Call

    report = reverse("admin:subscriptions_report")
    # The elections' pages, which the secretariat sees for every council: the calls,
    # and the demo's open call with its nominations (the large size adds thirty).
    call = Call.objects.filter(closed_at__isnull=True).order_by("pk").first()
    return [
        reverse("admin:subscriptions_arrears"),
        f"{report}?confederation=cior&year={timezone.localdate().year}",
        reverse("admin:subscriptions_invoice_changelist"),
        reverse("elections:calls"),
        *([call.get_absolute_url()] if call else []),
    ]


def count_queries(path: str, client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return questions(captured)


def questions(captured) -> int:
    # Django logs the transaction's own statements too; they are not questions asked.
    return sum(1 for query in captured if query["sql"] not in TRANSACTION_STATEMENTS)


def time_alone(path: str, client, repeat: int = 15) -> tuple[float, int]:
    """The page asked for as a browser asks, one request after another, in this process:
    the median time in ms and the size of the (compressed) answer."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, headers={"accept-encoding": "gzip"})
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return statistics.median(timings) * 1000, len(response.content)


def measure_size(label: str, pages: list[tuple[str, bool]]) -> SizeFigures:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from council.models import Ballot, Session
    from delegations.models import Delegation
    from events.models import Event
    from governance.models import Term
    from members.models import Confederation, NationalAssociation, Person
    from reminders import services
    from subscriptions.models import Invoice, Payment

    figures = SizeFigures(
        counts={
            "confederations": Confederation.objects.count(),
            "associations": NationalAssociation.objects.count(),
            "people": Person.objects.count(),
            "terms": Term.objects.count(),
            "events": Event.objects.count(),
            "delegations": Delegation.objects.count(),
            "invoices": Invoice.objects.count(),
            "payments": Payment.objects.count(),
            "council sessions": Session.objects.count(),
            "ballots": Ballot.objects.count(),
        }
    )
    say(f"{label} size: {figures.counts}")
    anonymous, vice_president = Client(HTTP_HOST="127.0.0.1"), vice_president_client()
    # What rendering a page from nothing costs: neither the public page cache nor the
    # vice president's personal one (confed/personal_cache.py) answers.
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, PERSONAL_PAGE_CACHE_SECONDS=0):
        for path, public in pages:
            client = anonymous if public else vice_president
            count_queries(path, client)  # the first request fills per-process caches
            figures.queries[path] = count_queries(path, client)
        for path, public in [(BARE, True), (LAYOUT, True), *pages]:
            client = anonymous if public else vice_president
            figures.alone_ms[path], figures.sent_bytes[path] = time_alone(path, client)
        # Timed with the rest of the admin, at the large size (measure_secretariat).
        secretariat = secretariat_client()
        for path in secretariat_pages():
            count_queries(path, secretariat)
            figures.queries[path] = count_queries(path, secretariat)
    # The daily scan as beat runs it, on a ledger that owes nothing yet; rolled back,
    # so the large size starts from the same ledger.
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = services.scan()
            figures.scan_seconds = time.perf_counter() - started
        asked = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        figures.scan_queries, figures.scan_due = len(asked), len(result.due)
        transaction.set_rollback(True)
    return figures


# -- the secretariat's admin ----------------------------------------------------------


@dataclass
class AdminPage:
    """One page of the secretariat's, to ask for: its address, the model's label (empty
    for the secretariat's own views) and what kind of page it is."""

    path: str
    model: str
    kind: str
    ms: float = 0.0
    queries: int = 0
    stopped: bool = False  # after ADMIN_PATIENCE_SECONDS: ms and queries are so far
    # The layout alone, timed between the page's requests (time_beside_layout).
    layout_ms: float = 0.0

    @property
    def times_layout(self) -> float:
        return self.ms / self.layout_ms

    @property
    def exempt(self) -> bool:
        return (self.model, self.kind) in ADMIN_TARGET_EXEMPT


@dataclass
class SecretariatFigures:
    pages: list[AdminPage]
    # What the secretariat may not open after all (403) or what is not there (404: a
    # model that keeps no history), as "path (status)".
    skipped: list[str]


def secretariat_request():
    """A request carrying the secretariat's account, for the admins' permission checks:
    only the pages it may open are measured."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import reverse

    request = RequestFactory().get(reverse("admin:index"))
    request.user = get_user_model().objects.get(username=SECRETARIAT)
    return request


def search_term(model_admin, request) -> str | None:
    """What a secretary would type in the list's search box: the first word of the
    latest row's first search field that has one (a given name, an association's name,
    an invoice's number), so that the search finds rows, as a real one does; not a
    single letter, which would find every row. None when the admin has no search or
    there is nothing to find."""
    latest = model_admin.get_queryset(request).order_by("-pk")
    for searched in model_admin.get_search_fields(request):
        value = latest.values_list(searched.lstrip("^=@"), flat=True).first()
        words = (word.strip(string.punctuation) for word in str(value or "").split())
        if term := next((word for word in words if len(word) > 1), None):
            return term
    return None


def inline_foreign_key(inline, parent):
    """The inline's key to the parent row, as Django's inline formset finds it."""
    if inline.fk_name:
        return inline.model._meta.get_field(inline.fk_name)
    return next(
        key for key in inline.model._meta.fields if key.is_relation and key.related_model is parent
    )


def busiest_row(model_admin, request):
    """The row whose change form shows the most inline rows, the form a secretary waits
    longest for (a person with twenty years of terms); the latest row when the admin has
    no inlines or no inline has rows; None when there is no row. Each inline counted in
    a subquery of its own: joining them all would multiply their rows."""
    from django.db.models import Count, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    rows = Value(0)
    for inline in model_admin.inlines:
        key = inline_foreign_key(inline, model_admin.model).name
        counted = (
            inline.model._default_manager.filter(**{key: OuterRef("pk")})
            .order_by()
            .values(key)
            .annotate(rows=Count("pk"))
            .values("rows")
        )
        rows = rows + Coalesce(Subquery(counted), 0)
    return (
        model_admin.get_queryset(request)
        .annotate(inline_rows=rows)
        .order_by("-inline_rows", "-pk")
        .first()
    )


def model_admin_pages(model_admin, request) -> list[AdminPage]:
    """A model's admin pages the secretariat may open: its list, a search, its add form,
    and the change form and history of its busiest row."""
    from django.urls import reverse
    from django.utils.http import urlencode

    meta = model_admin.model._meta
    name, label = f"admin:{meta.app_label}_{meta.model_name}", meta.label
    if not model_admin.has_view_or_change_permission(request):
        return []
    changelist = reverse(f"{name}_changelist")
    pages = [AdminPage(changelist, label, "changelist")]
    if term := search_term(model_admin, request):
        pages.append(AdminPage(f"{changelist}?{urlencode({'q': term})}", label, "search"))
    if model_admin.has_add_permission(request):
        pages.append(AdminPage(reverse(f"{name}_add"), label, "add form"))
    row = busiest_row(model_admin, request)
    if row is not None and model_admin.has_view_or_change_permission(request, row):
        pages.append(AdminPage(reverse(f"{name}_change", args=[row.pk]), label, "change form"))
        pages.append(AdminPage(reverse(f"{name}_history", args=[row.pk]), label, "history"))
    return pages


def admin_pages() -> list[AdminPage]:
    """Every model admin's pages but those of the tables for who runs the servers
    (confed.desk.TECHNICAL_APPS), then the secretariat's own views not among them (the
    list of invoices is both)."""
    from django.contrib import admin

    from confed.desk import TECHNICAL_APPS

    request = secretariat_request()
    pages = [
        page
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label not in TECHNICAL_APPS
        for page in model_admin_pages(model_admin, request)
    ]
    listed = {page.path for page in pages}
    return pages + [
        AdminPage(path, "", "own view") for path in secretariat_pages() if path not in listed
    ]


def time_beside_layout(path: str, client, anonymous) -> tuple[float, float]:
    """The page's median time and the layout alone's, in ms, each request of the page
    just after one of the layout: the two are timed over the same stretch of a shared
    machine's changing speed (the admin takes minutes), as a page's turns under load are
    against the bare view's."""
    page, layout = [], []
    for _ in range(ADMIN_REPEAT):
        layout.append(time_alone(LAYOUT, anonymous, repeat=1)[0])
        page.append(time_alone(path, client, repeat=1)[0])
    return statistics.median(page), statistics.median(layout)


class OutOfPatience(KeyboardInterrupt):
    """A page stopped for taking too long. Not an Exception, which Django would answer
    with a 500, but an interrupt, as Ctrl-C is: the view's transaction rolls back, and
    psycopg cancels a query it interrupts and keeps the connection usable."""


@contextlib.contextmanager
def patience(seconds: int) -> Iterator[None]:
    """OutOfPatience raised in what runs within, once it has run for seconds: an alarm
    signal, the one way to stop a page rendering in this very thread."""

    def give_up(signal_number, frame):
        raise OutOfPatience

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def measure_secretariat() -> SecretariatFigures:
    """Each admin page one request at a time, as the secretariat past its second factor:
    its queries and the median time of a few requests, beside the layout alone's. The
    first request aside: it fills per-process caches and says whether the page is there
    to measure; a page that has not answered it within ADMIN_PATIENCE_SECONDS is stopped
    and not asked again."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, anonymous = secretariat_client(), Client(HTTP_HOST="127.0.0.1")
    measured, skipped = [], []
    started = time.perf_counter()
    for page in admin_pages():
        try:
            with patience(ADMIN_PATIENCE_SECONDS), CaptureQueriesContext(connection) as first:
                status = client.get(page.path).status_code
        except OutOfPatience:
            page.ms, page.queries = ADMIN_PATIENCE_SECONDS * 1000, questions(first)
            page.layout_ms, page.stopped = time_alone(LAYOUT, anonymous)[0], True
            measured.append(page)
            say(f"  {page.path} stopped after {ADMIN_PATIENCE_SECONDS} s")
            continue
        if status in (403, 404):
            skipped.append(f"`{page.path}` ({status})")
            continue
        page.queries = count_queries(page.path, client)
        page.ms, page.layout_ms = time_beside_layout(page.path, client, anonymous)
        measured.append(page)
    say(f"{len(measured)} admin pages measured in {time.perf_counter() - started:.0f} s")
    return SecretariatFigures(measured, skipped)


# -- load on loopback ------------------------------------------------------------------


@dataclass
class Load:
    rps: float
    p50_ms: float
    p95_ms: float
    failures: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before it served a page")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310 (http on loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # still booting
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def fetch(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """The address a request ends at (after redirects) and the answer's ETag."""
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        url, headers={"Cookie": cookie} if cookie else {}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()
        return response.url, response.headers.get("ETag")


def check_logged_in(base: str, cookie: str, *, page_cache: bool) -> None:
    """wrk counts a redirect to the login page as an answer; make sure there is none. And
    with the page cache on, that the vice president is served the page everyone is, from
    the cache: the same ETag, which only a kept page carries."""
    if "/accounts/login/" in fetch(base + "/delegations/", cookie)[0]:
        raise SystemExit("the vice president's session does not open /delegations/")
    if page_cache:
        anyones, theirs = fetch(base + "/")[1], fetch(base + "/", cookie)[1]
        if anyones is None or theirs != anyones:
            raise SystemExit("the vice president is not served the page everyone is")


def wrk(url: str, seconds: int, cookie: str | None) -> Load:
    command = ["wrk", "--threads", "2", "--connections", "16", "--duration", f"{seconds}s"]
    # A slow page's answers are counted, not dropped after wrk's default 2 s.
    command += ["--timeout", "60s"]
    command += ["--script", str(ROOT / "bench" / "wrk.lua")]
    # As every browser and calendar app asks: the pages go compressed.
    command += ["--header", "Accept-Encoding: gzip"]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    run = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    output = run.stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return Load(
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        failures=figures["socket_errors"] + figures["non_2xx"],
    )


@dataclass
class Pair:
    """A page's load and the bare view's, measured in alternating slices."""

    page: Load
    bare: Load
    # Each page slice against the bare slice just before it: the two ran on the machine
    # at the same speed, so their ratio holds even when the speed changes between turns.
    turn_ratios: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.turn_ratios)


SLICE = 2  # seconds


def wait_until_idle(base: str, turn: Load) -> None:
    """wrk stops sending when its time is up, but the server still answers the requests
    it holds (16 of the feed, uncached, are seconds of work): give them twice the turn's
    p95 latency, then wait until the bare view is answered at once, a few times in a row.
    (The probes alone are not enough: one busy worker does not take them, the other
    answers them at once.)"""
    time.sleep(max(0.2, 2 * turn.p95_ms / 1000))
    deadline, quick = time.monotonic() + 120, 0
    while quick < 5:
        if time.monotonic() > deadline:
            raise SystemExit("the server was still busy two minutes after a turn")
        started = time.perf_counter()
        with urllib.request.urlopen(base + BARE, timeout=120) as response:  # noqa: S310
            response.read()
        quick = quick + 1 if time.perf_counter() - started < 0.02 else 0


def combined(slices: list[Load]) -> Load:
    """Slices of equal length: their mean throughput, the median of their latencies."""
    middle = len(slices) // 2
    return Load(
        rps=sum(s.rps for s in slices) / len(slices),
        p50_ms=sorted(s.p50_ms for s in slices)[middle],
        p95_ms=sorted(s.p95_ms for s in slices)[middle],
        failures=sum(s.failures for s in slices),
    )


def serve_and_measure(
    pages: list[tuple[str, str]], seconds: int, cookie: str, *, page_cache: bool
) -> dict[tuple[str, str], Pair]:
    """Each (path, who asks) under load, keyed so; who asks is ANONYMOUS or LOGGED_IN."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "PUBLIC_PAGE_CACHE_SECONDS": "3600" if page_cache else "0"}
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "confed.wsgi", "--bind"]
    command += [f"127.0.0.1:{port}", *GUNICORN, "--no-control-socket"]
    say(f"gunicorn on {base}, page cache {'on' if page_cache else 'off'}")
    process = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
    try:
        wait_until_up(base, process)
        check_logged_in(base, cookie, page_cache=page_cache)
        results = {}
        for path, visitor in pages:
            login = cookie if visitor == LOGGED_IN else None
            wrk(base + BARE, SLICE, None)
            wait_until_idle(base, wrk(base + path, SLICE, login))  # warm up, fill the cache
            # The bare view and the page in turns: a machine shared with others does
            # not run at one speed for minutes, and the ratio is what is compared.
            bare, page = [], []
            for _ in range(max(1, seconds // SLICE)):
                bare.append(wrk(base + BARE, SLICE, None))
                page.append(wrk(base + path, SLICE, login))
                wait_until_idle(base, page[-1])
            ratios = [p.rps / b.rps for p, b in zip(page, bare, strict=True)]
            results[path, visitor] = pair = Pair(combined(page), combined(bare), ratios)
            say(f"  {path}, {visitor}: {pair.page.rps:.0f} req/s, × bare {pair.ratio:.2f}")
        return results
    finally:
        process.terminate()
        process.wait(timeout=30)


# -- the report ------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()}, Python {platform.python_version()}"
    )


def check(ok: bool) -> str:
    return "yes" if ok else "**no**"


def figures(run: Pair | None) -> str:
    """req/s, the ratio to the bare view, p50 and p95 ms, as table cells; dashes for what
    is not measured."""
    if run is None:
        return "| — | — | — | — "
    return (
        f"| {run.page.rps:,.0f} | {run.ratio:.2f} | {run.page.p50_ms:.1f} | {run.page.p95_ms:.1f} "
    )


def alone_target(path: str, public: bool) -> tuple[str, float]:
    """The target a page rendered from nothing is held to, named as the report's
    "Missed" lines name it, and its most times the layout alone."""
    if path == FEED:
        return f"{TARGET_ALONE_FEED}× the layout alone (the feed)", TARGET_ALONE_FEED
    if public:
        return f"{TARGET_ALONE_PUBLIC}× the layout alone (public)", TARGET_ALONE_PUBLIC
    return (
        f"{TARGET_ALONE_VICE_PRESIDENT}× the layout alone (vice president)",
        TARGET_ALONE_VICE_PRESIDENT,
    )


def alone_table(
    demo: SizeFigures,
    large: SizeFigures,
    pages: list[tuple[str, bool]],
    missed: dict[str, list[str]],
) -> list[str]:
    """Each page rendered from nothing, one request at a time, against the layout alone
    at the large size; a target missed is added to missed."""
    layout = large.alone_ms[LAYOUT]
    lines = [
        "| one request at a time, rendered from nothing (page cache off) | sent (gzip) "
        "| ms, demo size | ms, large size | × layout | target | target met |",
        "|---|--:|--:|--:|--:|--:|---|",
    ]
    for path, public in [(BARE, True), (LAYOUT, True), *pages]:
        times = large.alone_ms[path] / layout
        if path in (BARE, LAYOUT):
            target = "| — | — |"
        else:
            name, most = alone_target(path, public)
            if times > most:
                missed.setdefault(name, []).append(path)
            target = f"| ≤ {most}× | {check(times <= most)} |"
        lines.append(
            f"| `{path}` | {large.sent_bytes[path] / 1024:,.1f} KB "
            f"| {demo.alone_ms[path]:.1f} | {large.alone_ms[path]:.1f} | {times:.1f} {target}"
        )
    return lines


def secretariat_table(secretariat: SecretariatFigures, missed: dict[str, list[str]]) -> list[str]:
    """Every admin page measured, slowest first, against the layout alone timed between
    its requests; a target missed is added to missed."""
    lines = [
        "| the secretariat's pages, one request at a time, large size | what | ms "
        "| × layout | queries | target met |",
        "|---|---|--:|--:|--:|---|",
    ]
    for page in sorted(secretariat.pages, key=lambda page: (page.stopped, page.ms), reverse=True):
        targets = {
            f"{TARGET_ADMIN}× the layout alone (secretariat)": page.times_layout <= TARGET_ADMIN,
            f"{TARGET_ADMIN_QUERIES} queries (secretariat)": page.queries <= TARGET_ADMIN_QUERIES,
        }
        if page.exempt:
            met = "not held to it (the permissions widget)"
        else:
            met = check(all(targets.values()))
            for target in (name for name, ok in targets.items() if not ok):
                missed.setdefault(target, []).append(page.path)
        what = f"`{page.model}` {page.kind}" if page.model else page.kind
        so_far = "> " if page.stopped else ""  # stopped: the figures are a floor
        lines.append(
            f"| `{page.path}` | {what} | {so_far}{page.ms:,.1f} "
            f"| {so_far}{page.times_layout:,.1f} | {so_far}{page.queries} | {met} |"
        )
    if secretariat.skipped:
        lines += [
            "",
            "Not measured (403: the account may not open it after all; 404: a model that "
            f"keeps no history): {', '.join(secretariat.skipped)}.",
        ]
    return lines


def report(
    demo: SizeFigures,
    large: SizeFigures,
    secretariat: SecretariatFigures,
    cached: dict[tuple[str, str], Pair],
    uncached: dict[tuple[str, str], Pair],
    seconds: int,
    pages: list[tuple[str, bool]],
) -> str:
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    runs = [*cached.values(), *uncached.values()]
    bare = sorted(run.bare.rps for run in runs)
    lines = [
        f"Measured {now} on {machine()}.",
        f"gunicorn {' '.join(GUNICORN)}; wrk, 2 threads, 16 connections, on loopback on the "
        "same machine, asking for gzip as browsers and calendar apps do; after a warm-up, "
        f"{seconds} s of each page and {seconds} s of the bare view, in turns of {SLICE} s. "
        "× bare is the median of the turns' ratios, each page turn against the "
        "bare turn before it; req/s are the turns' mean, latencies the median turn's. "
        f"The bare view made {bare[0]:,.0f}–{bare[-1]:,.0f} req/s over the run.",
        f"Demo size: {', '.join(f'{v:,} {k}' for k, v in demo.counts.items())}.",
        f"Large size: {', '.join(f'{v:,} {k}' for k, v in large.counts.items())}.",
        "",
        "| page | queries demo | queries large "
        "| anonymous req/s | × bare | p50 ms | p95 ms "
        "| logged in req/s | × bare | p50 ms | p95 ms "
        "| page cache off req/s | × bare | p50 ms | p95 ms "
        "| failed requests | targets met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    missed: dict[str, list[str]] = {}  # target: the pages that missed it
    for path, public in pages:
        anyone, logged_in = cached.get((path, ANONYMOUS)), cached[path, LOGGED_IN]
        cold = uncached.get((path, ANONYMOUS))
        queries = (demo.queries[path], large.queries[path])
        measured = [run for run in (anyone, logged_in, cold) if run is not None]
        failures = sum(run.page.failures + run.bare.failures for run in measured)
        targets = {"equal queries": queries[0] == queries[1], "no failure": failures == 0}
        if public:
            targets[f"{TARGET_CACHED} anonymous"] = anyone.ratio >= TARGET_CACHED
            targets[f"{TARGET_CACHED} logged in"] = logged_in.ratio >= TARGET_CACHED
        if path == DELEGATIONS:
            loaded = logged_in.ratio >= TARGET_DELEGATIONS_LOADED
            targets[f"{TARGET_DELEGATIONS_LOADED} logged in"] = loaded
        for target in (name for name, met in targets.items() if not met):
            missed.setdefault(target, []).append(path)
        lines.append(
            f"| `{path}` | {queries[0]} | {queries[1]} "
            f"{figures(anyone)}{figures(logged_in)}{figures(cold)}"
            f"| {failures} | {check(all(targets.values()))} |"
        )
    for path in secretariat_pages():  # one request at a time only: no load, no failure
        queries = (demo.queries[path], large.queries[path])
        if queries[0] != queries[1]:
            missed.setdefault("equal queries", []).append(path)
        lines.append(
            f"| `{path}` | {queries[0]} | {queries[1]} "
            f"{figures(None)}{figures(None)}{figures(None)}"
            f"| — | {check(queries[0] == queries[1])} |"
        )
    empty = uncached[LAYOUT, ANONYMOUS]
    lines += [
        "",
        "Anonymous and logged in: the page cache on, the page asked without a cookie and "
        "with the vice president's session cookie; a public page is the same for both, "
        "from the same cache. Page cache off: every request goes through the whole "
        "middleware stack and its view, and the page is rendered from nothing, as the "
        "first request after an edit is. The vice president's pages are theirs alone, "
        "measured once, logged in, as they are served: a personal page "
        "(confed/personal_cache.py) is kept for their session after its first request, "
        "until any edit; one request at a time, below, neither cache answers. The "
        "secretariat's pages (the admin, as the "
        "demo's secretariat account past its second factor) are measured one request at "
        "a time, not under load: their times are in the last table.",
        f"The layout alone (`{LAYOUT}`: base.html with nothing in it, no query), page cache "
        f"off: {empty.page.rps:,.0f} req/s, × bare {empty.ratio:.2f}. No page rendered in "
        "it can do better.",
        "",
        *alone_table(demo, large, pages, missed),
        "",
        "| daily reminder scan | reminders due | seconds | queries |",
        "|---|--:|--:|--:|",
        f"| demo size | {demo.scan_due:,} | {demo.scan_seconds:.2f} | {demo.scan_queries} |",
        f"| large size | {large.scan_due:,} | {large.scan_seconds:.2f} | {large.scan_queries} |",
        "",
        "Every admin page the secretariat may open, at the large size: each model's list, "
        "a search for the first word of its latest row's first search field, its add form, "
        "and the change form and history of the row with the most inline rows (else the "
        f"latest), and the secretariat's own views; the median of {ADMIN_REPEAT} requests "
        "after a first one, against the median of the layout alone asked just before each "
        "of them: a shared machine's speed changes within the minutes this takes. A page "
        f"that has not answered within {ADMIN_PATIENCE_SECONDS} s is stopped there, its "
        "figures marked > (what it had reached by then).",
        "",
        *secretariat_table(secretariat, missed),
        "",
        f"Targets: public pages at least {TARGET_CACHED} of the bare view's throughput from "
        "the page cache, for a logged-in visitor as for an anonymous one; the vice "
        f"president's `{DELEGATIONS}` at least {TARGET_DELEGATIONS_LOADED} of it; the same "
        "number of queries at both sizes; no failed request. Rendered from nothing, one "
        "request at a time at the large size: a public page in at most "
        f"{TARGET_ALONE_PUBLIC}× the layout alone, the feed in {TARGET_ALONE_FEED}×, the "
        f"vice president's pages in {TARGET_ALONE_VICE_PRESIDENT}×; every admin page of the "
        f"secretariat in {TARGET_ADMIN}× with at most {TARGET_ADMIN_QUERIES} queries "
        "(Django's own group form aside: its permissions widget lists every permission). "
        f"The scan under {TARGET_SCAN_SECONDS:.0f} s at the large size "
        f"({check(large.scan_seconds < TARGET_SCAN_SECONDS)}). The scan's queries are one per "
        "rule, not one per row: a rule with nothing to find at one size skips some.",
    ]
    for target, paths in missed.items():
        lines.append(f"Missed {target}: {', '.join(paths)}.")
    return "\n".join(lines) + "\n"


def put_into_readme(table: str) -> None:
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = README.read_text()
    if start in text and end in text:
        before, rest = text.split(start, 1)
        README.write_text(f"{before}{start}\n{table}{end}{rest.split(end, 1)[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=16, help="load per page (default 16)")
    arguments = parser.parse_args()

    database_url = with_database(os.environ["DATABASE_URL"], BENCH_DATABASE)
    say(f"a fresh database {BENCH_DATABASE}")
    recreate_database(os.environ["DATABASE_URL"])
    set_up_django(database_url)
    from django.core.management import call_command
    from django.db import connections

    from bench.large import load_large_data_set
    from confed import cache

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    pages = [*PAGES, *council_pages()]
    demo = measure_size("demo", pages)
    started = time.perf_counter()
    load_large_data_set(sys.stderr)
    say(f"large data set loaded in {time.perf_counter() - started:.0f} s")
    with connections["default"].cursor() as cursor:
        # What autovacuum would do after a bulk load, done now rather than under load.
        cursor.execute("VACUUM ANALYZE")
    large = measure_size("large", pages)
    secretariat = measure_secretariat()
    cache.invalidate()  # bulk loading sent no signals
    client = vice_president_client()
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    connections.close_all()
    # Every public page for both visitors, the vice president's own page for them.
    visits = [
        (path, who) for path, public in pages for who in VISITORS if public or who == LOGGED_IN
    ]
    cached = serve_and_measure(visits, arguments.seconds, cookie, page_cache=True)
    # Rendered from nothing: the same for either visitor, so asked anonymously; the
    # layout is measured here, as its line says. The vice president's page is never
    # cached, so it is not measured again.
    uncached = serve_and_measure(
        [(path, ANONYMOUS) for path, public in [*pages, (LAYOUT, True)] if public],
        arguments.seconds,
        cookie,
        page_cache=False,
    )
    table = report(demo, large, secretariat, cached, uncached, arguments.seconds, pages)
    RESULTS.write_text("# make bench: the latest run\n\n" + table)
    put_into_readme(table)
    print(table)
    say(f"written to {RESULTS.relative_to(ROOT)} and README.md")


if __name__ == "__main__":
    main()
