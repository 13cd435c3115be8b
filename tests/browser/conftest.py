"""Browser journeys: Playwright for Python drives Debian's Chromium
(/usr/bin/chromium, never a downloaded browser) against a live server.

Each journey runs against pytest-django's live server (PostgreSQL in CI) and
saves a screenshot of its final screen to ``test-artifacts/`` (not committed).

With a Redis broker (CI) the journeys run as production does: the live
server publishes its tasks to Redis and a real Celery worker process
(``celery -A config worker``, started once per session) consumes them,
writing to the same test database and sending email into files that the
``mailbox`` fixture reads. Without a broker (SQLite, locally) tasks run in
process after commit (eager mode) and ``mailbox`` reads Django's test outbox.
"""

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
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


# Before the hooks that read the group into the test's id (xdist's, tests/conftest.py).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # One live server and one Chromium at a time: keep journeys on one xdist worker.
            item.add_marker(pytest.mark.xdist_group("browser"))


@dataclass
class WorkerProcess:
    broker_url: str
    email_dir: Path
    log_path: Path
    process: subprocess.Popen | None = None


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory):
    """The journeys' Celery worker, one process for the session; None without Redis.

    Requesting ``django_db_setup`` makes the test database exist before the
    worker connects and outlive it (the worker stops first)."""
    from django.conf import settings

    from tests.notifications.live_worker import separate_broker_url, worker_process

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        yield None
        return
    base = tmp_path_factory.mktemp("celery-worker")
    worker = WorkerProcess(separate_broker_url(settings.CELERY_BROKER_URL), base / "mail", base / "worker.log")
    with worker_process(broker_url=worker.broker_url, email_dir=worker.email_dir, log_path=worker.log_path) as process:
        worker.process = process
        yield worker


@pytest.fixture(autouse=True)
def _tasks_through_the_worker(request, celery_worker_process):
    """Each journey's tasks go through Redis to the worker process (when there is one)."""
    if celery_worker_process is None:
        yield
        return
    from tests.notifications.live_worker import publishing_to

    if celery_worker_process.process.poll() is not None:
        pytest.fail(
            f"The Celery worker process has died:\n{celery_worker_process.log_path.read_text(errors='replace')}"
        )
    for old in celery_worker_process.email_dir.glob("*.log"):
        old.unlink()
    with publishing_to(celery_worker_process.broker_url):
        yield


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str
    sent_by: str  # "server" (the live server's request) or "worker" (the Celery worker process)


class Mailbox:
    """What the journeys' people receive by email: sent by the live server
    itself (Django's test outbox) or by the worker process (its files)."""

    def __init__(self, worker: WorkerProcess | None):
        self.worker = worker

    def all(self) -> list[Mail]:
        from django.core import mail

        messages = [Mail(list(m.to), str(m.subject), m.body, "server") for m in mail.outbox]
        if self.worker is not None:
            from tests.notifications.live_worker import sent_emails

            for m in sent_emails(self.worker.email_dir):
                to = [address.strip() for address in str(m["To"]).split(",")]
                body = m.get_body(preferencelist=("plain",)).get_content()
                messages.append(Mail(to, str(m["Subject"]), body, "worker"))
        return messages

    def wait_for(self, *, to: str, subject: str | re.Pattern, timeout: float = 30.0) -> Mail:
        """The first email to ``to`` whose subject matches, once it has been sent."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.all() if to in m.to and re.search(subject, m.subject)]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                log = self.worker.log_path.read_text(errors="replace")[-3000:] if self.worker else ""
                seen = [(m.to, m.subject) for m in self.all()]
                raise AssertionError(f"No email to {to} matching {subject!r}; sent: {seen}\n{log}")
            time.sleep(0.1)


@pytest.fixture
def mailbox(celery_worker_process):
    return Mailbox(celery_worker_process)


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
