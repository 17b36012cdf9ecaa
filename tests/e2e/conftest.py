"""Headless Chromium (Debian's) driven by Playwright against the live test server."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "e2e-screenshots"
DEMO_PASSWORD = "Demo-Metro-2026"
STEP_TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # alongside it are ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium tidak ditemukan di {CHROMIUM}; jalankan scripts/system-deps.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _page(browser, request, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="id-ID")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        for index, open_page in enumerate(context.pages):
            open_page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{index}.png"), full_page=True)
    context.close()
    if violations:
        pytest.fail("Pelanggaran Content Security Policy di halaman:\n" + "\n".join(violations))


@pytest.fixture
def phone(browser, request):
    """A 375 px wide phone screen; a screenshot is kept in var/e2e-screenshots/ when the test fails."""
    yield from _page(browser, request, {"width": 375, "height": 740})


@pytest.fixture
def desktop(browser, request):
    yield from _page(browser, request, {"width": 1280, "height": 900})


@pytest.fixture
def demo():
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", "--force", "--password", DEMO_PASSWORD, stdout=devnull)


@pytest.fixture
def login(live_server):
    def do_login(page, username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return do_login
