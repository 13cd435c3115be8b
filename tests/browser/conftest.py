"""Browser journeys: Playwright for Python drives Debian's Chromium
(/usr/bin/chromium, never a downloaded browser) against a live server.

Each journey runs against pytest-django's live server (PostgreSQL in CI) and
saves a screenshot of its final screen to ``test-artifacts/`` (not committed).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

# CI machines are shared: give assertions the same patience as actions.
expect.set_options(timeout=15_000)

# Playwright's sync API runs an event loop in this thread; the Django ORM
# calls the tests make between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # One live server and one Chromium at a time: keep journeys on one xdist worker.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("EDP_REQUIRE_SERVICES"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    # A person answers "OK" to the confirmations (data-confirm); the journeys
    # can still check what they were asked.
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.dialogs = dialogs
    return page


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"), full_page=True)


@pytest.fixture
def page(chromium, live_server, request):
    page = _new_page(chromium, live_server)
    yield page
    try:
        _screenshot(page, request.node.name)
    finally:
        page.context.close()


@pytest.fixture
def page_as(chromium, live_server, request):
    """``page_as(user)``: another person's browser, already signed in.

    For the people a journey is not about (a representative who approves, a
    coordinator who publishes): the session is made the way Django's test
    client logs in, in the live server's database. The MFA gate still applies,
    so staff and coordinators get an authenticator first. Each such page's
    final screen is saved too.
    """
    from django.conf import settings
    from django.test import Client

    from tests.factories.accounts import give_totp

    pages = []

    def open_as(user):
        from accounts.middleware import user_requires_mfa

        if user_requires_mfa(user):
            give_totp(user)
        client = Client()
        client.force_login(user)
        page = _new_page(chromium, live_server)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        pages.append((user, page))
        return page

    yield open_as
    for i, (user, page) in enumerate(pages):
        try:
            _screenshot(page, f"{request.node.name}-{i}-{user.email.split('@')[0]}")
        finally:
            page.context.close()


def unlabelled_controls(page) -> list[str]:
    """Form controls with no accessible name (label, aria-label, aria-labelledby, title)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('input, select, textarea'))
            .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
            .filter(el => {
                if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title) return false;
                if (el.labels && el.labels.length) return false;
                return !(el.type === 'submit' || el.type === 'button');
            })
            .map(el => el.outerHTML.slice(0, 120))"""
    )
