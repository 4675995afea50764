"""Browser tests: Debian's Chromium driven by Playwright against the live test server.
Every page a test reaches is seen at a desktop's width and at a phone's: axe-core run,
a screenshot taken into test-artifacts/ at each, and the portal's pages (not the
admin's) must not scroll sideways at either."""

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
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
def demo(transactional_db, secretariat_group, settings, demo_data):
    settings.DEBUG = False
    demo_data.load()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # a common phone's viewport, in CSS pixels

# How wide the page lays out against the window, and what makes it wider: the outermost
# elements that reach past the window's right edge, widest first, and any element that
# scrolls sideways inside the page (a table in .table-responsive, say).
SIDEWAYS = """() => {
  const width = window.innerWidth;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].map((c) => '.' + c).join('');
  const all = [...document.body.querySelectorAll('*')];
  const beyond = new Set(all.filter((e) => e.getBoundingClientRect().right > width));
  const widest = [...beyond].filter((e) => !beyond.has(e.parentElement))
    .map((e) => [e, e.getBoundingClientRect()])
    .sort(([, a], [, b]) => b.width - a.width).slice(0, 5)
    .map(([e, r]) => `${name(e)} ${Math.round(r.width)} px wide, to x=${Math.round(r.right)}`);
  const scrolling = all.filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
      && e.scrollWidth > e.clientWidth)
    .map((e) => `${name(e)} scrolls ${e.scrollWidth} px of content in ${e.clientWidth} px`);
  return {scrollWidth: document.documentElement.scrollWidth, width, widest, scrolling};
}"""


def sideways_scroll(page: Page) -> str:
    """What makes the page scroll sideways at its current width; empty if nothing does."""
    found = page.evaluate(SIDEWAYS)
    problems = list(found["scrolling"])
    if found["scrollWidth"] > found["width"]:
        problems.insert(0, f"the page is {found['scrollWidth']} px wide")
    if not problems:
        return ""
    return (
        f"{page.url} scrolls sideways at {found['width']} px: {'; '.join(problems)}. "
        f"Reaching past the window: {found['widest'] or 'nothing'}"
    )


class Visitor:
    """A person at a browser: each page they reach is seen at 1280 and at 390 px wide,
    screenshot, checked by axe, and checked for sideways scrolling."""

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
        """Check the page as it is now at a desktop's width, then (the admin's pages
        apart: the secretariat works at a desk) at a phone's; the visitor goes on at
        the desktop's."""
        self.page.wait_for_load_state("networkidle")
        self.count += 1
        path = self.page.url.split("//", 1)[-1].split("/", 1)[-1]
        # A link's key (a nominee's answer, a private feed) is not written into a name.
        path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "key", path)
        slug = re.sub(r"[^a-z0-9]+", "-", path)
        name = f"{self.count:02d}-{slug.strip('-') or 'home'}"
        is_admin = urlsplit(self.page.url).path.startswith("/admin/")
        self._check_at(DESKTOP, name, sideways=not is_admin)
        if not is_admin:
            with self.phone():
                self._check_at(PHONE, name, sideways=True)

    def sideways_scroll(self) -> str:
        """What makes the page scroll sideways at the current width; empty if nothing."""
        return sideways_scroll(self.page)

    @contextmanager
    def phone(self) -> Iterator[Page]:
        """The page at a phone's width, for as long as the block lasts."""
        self.page.set_viewport_size(PHONE)
        try:
            yield self.page
        finally:
            self.page.set_viewport_size(DESKTOP)

    def _check_at(self, viewport: dict, name: str, *, sideways: bool) -> None:
        """Screenshot the page, fail on serious accessibility faults and, if asked, on
        sideways scrolling."""
        self.page.screenshot(path=self.folder / f"{name}-{viewport['width']}.png", full_page=True)
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        if not self.page.evaluate("() => 'axe' in window"):
            self.page.evaluate(AXE)
        results = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{self.page.url} at {viewport['width']} px: {serious}"
        if sideways:
            problem = sideways_scroll(self.page)
            assert not problem, problem


@pytest.fixture
def visitor(request, browser, live_server, demo):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visitor(page, live_server.url, request.node.name)
    context.close()
