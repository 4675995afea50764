"""Browser tests: Debian's Chromium driven by Playwright against the live test server,
axe-core run on every page, and a screenshot of each page into test-artifacts/."""

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = (Path(__file__).parent / "axe.min.js").read_text()
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")  # closed, and the variable unset, after these tests
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert executable, "Chromium is missing: `make test` installs Debian's chromium package"
    # Playwright's sync API keeps an event loop running in the test's thread; Django
    # would take the test's own ORM calls for calls from async code. They are not. Set
    # only while the browser runs: the deployment check of a later test must not see it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(transactional_db, secretariat_group, settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=StringIO())


class Visitor:
    """A person at a browser: each page they reach is screenshot and checked by axe."""

    def __init__(self, page: Page, base_url: str, name: str) -> None:
        self.page, self.base_url = page, base_url
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def open(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self) -> None:
        """Screenshot the page as it is now and fail on serious accessibility faults."""
        self.page.wait_for_load_state("networkidle")
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", self.page.url.split("//", 1)[-1].split("/", 1)[-1])
        self.page.screenshot(
            path=self.folder / f"{self.count:02d}-{slug.strip('-') or 'home'}.png", full_page=True
        )
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        self.page.evaluate(AXE)
        results = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{self.page.url}: {serious}"


@pytest.fixture
def visitor(request, browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visitor(page, live_server.url, request.node.name)
    context.close()
