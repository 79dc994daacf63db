"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked `browser` (select them with `-m browser`). Without
/usr/bin/chromium they are skipped, loudly; with CI=true a missing Chromium is an error.
Each test gets a fresh browser context whose page blocks the NHS.UK web fonts (their host
is unreachable from these machines) and fails the test on any console error, page error
or failed request that the blocked fonts did not cause.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread, so without this Django's ORM
# refuses to run in a test body (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_REASON = f"Chromium not found at {CHROMIUM}: browser and accessibility tests NOT run"
# The Frutiger web fonts load from here; these machines cannot reach it, so it is blocked.
BLOCKED_HOST = "https://assets.nhs.uk/"


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_missing():
    return not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK))


def pytest_collection_modifyitems(config, items):
    if not chromium_missing() or running_in_ci():
        # In CI the `browser` fixture fails each test instead: a missing browser must
        # not pass quietly there.
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


def report_browser_tests_not_run(terminalreporter):
    """Said loudly at the end of the run (tests/conftest.py calls this: under pytest-xdist the
    process printing the summary collects no tests, so it never loads this conftest). Counted
    from the reports, which the workers send back."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if SKIP_REASON in str(report.longrepr)
    ]
    if not skipped:
        return
    terminalreporter.section("browser tests NOT run", sep="!", red=True, bold=True)
    terminalreporter.write_line(
        f"{len(skipped)} browser tests SKIPPED. {SKIP_REASON}.",
        red=True,
        bold=True,
    )
    terminalreporter.write_line(
        "Install it with `apt-get update && apt-get install -y chromium`.", red=True
    )


class SharedChromium:
    """One Chromium for all the browser tests, started when the first needs it.

    It is stopped as soon as the next test does not use it (pytest-django runs the
    live-server tests together), so that other tests in the session can start Playwright's
    sync API themselves: two of them cannot run at once in one thread.
    """

    def __init__(self):
        self.playwright = None
        self.browser = None

    def start(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        return self.browser

    def stop(self):
        browser, playwright = self.browser, self.playwright
        self.browser = self.playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


_chromium = SharedChromium()


@pytest.fixture
def browser():
    """The shared Chromium (a Playwright Browser)."""
    if chromium_missing():
        if running_in_ci():
            pytest.fail(f"{SKIP_REASON} (CI=true: a missing Chromium is an error)", pytrace=False)
        pytest.skip(SKIP_REASON)
    return _chromium.start()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
            _chromium.stop()


def pytest_sessionfinish(session):
    _chromium.stop()


@dataclass
class BrowserProblems:
    """What went wrong in the page while a test ran, other than the blocked fonts."""

    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.console_errors or self.page_errors or self.failed_requests)

    def report(self):
        lines = ["The browser reported problems:"]
        lines += [f"  console error: {text}" for text in self.console_errors]
        lines += [f"  page error: {text}" for text in self.page_errors]
        lines += [f"  failed request: {text}" for text in self.failed_requests]
        return "\n".join(lines)


def _from_blocked_host(url):
    return (url or "").startswith(BLOCKED_HOST)


@pytest.fixture
def page(request, browser, live_server):
    """A page in a fresh context on the live server, watched for errors."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.route(f"{BLOCKED_HOST}**", lambda route: route.abort())
    problems = BrowserProblems()

    def on_console(message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if _from_blocked_host(url):
            return
        where = f" ({url}:{message.location.get('lineNumber')})" if url else ""
        problems.console_errors.append(f"{message.text}{where}")

    def on_request_failed(failed):
        # ERR_ABORTED is a load that a navigation cut short (or an error response,
        # which on_response records); neither is a failure of its own.
        if _from_blocked_host(failed.url) or failed.failure == "net::ERR_ABORTED":
            return
        problems.failed_requests.append(f"{failed.method} {failed.url}: {failed.failure}")

    def on_response(response):
        if response.status >= 400 and not _from_blocked_host(response.url):
            problems.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    request.node.browser_problems = problems
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test whose page logged errors, even if its own assertions passed."""
    result = yield
    problems = getattr(item, "browser_problems", None)
    if problems:
        raise AssertionError(problems.report())
    return result


@pytest.fixture
def phone_page(page):
    page.set_viewport_size({"width": 375, "height": 812})
    return page
