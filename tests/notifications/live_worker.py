"""A real Celery worker for the tests.

Two shapes:

* ``running_worker``: the delivery tests' worker, in a thread of the test
  process (``celery.contrib.testing``), consuming from the configured broker:
  Redis in CI, or kombu's in-memory transport when no broker is configured
  (local SQLite runs). Tasks are published for real (eager mode is switched
  off for the test) and the tests wait on the worker's ``task_postrun``
  signal, never on a fixed sleep.
* ``worker_process``: the browser journeys' worker, ``celery -A config
  worker`` in its own process as in production, consuming from Redis and
  writing to the test database; the emails it sends land as files that
  ``sent_emails`` reads.
"""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from config.celery_app import app

# A port nothing listens on: publishing there fails like a Redis that is down.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/15"


class TaskLog:
    """Which tasks the worker finished, with a condition to wait on."""

    def __init__(self) -> None:
        self.finished: list[tuple[str, str]] = []
        self._changed = threading.Condition()

    def on_postrun(self, sender=None, task=None, state=None, **kwargs) -> None:
        if threading.current_thread() is threading.main_thread():
            return
        # The worker thread's own database connection must not outlive the
        # test (PostgreSQL refuses to drop a test database still in use).
        connections.close_all()
        with self._changed:
            self.finished.append((task.name.rsplit(".", 1)[-1], state))
            self._changed.notify_all()

    def count(self, name: str) -> int:
        return sum(1 for task, _state in self.finished if task == name)

    def wait_for(self, predicate, *, timeout: float = 20.0, what: str = "the worker") -> None:
        """Block until ``predicate()`` holds, re-checking each time a task finishes."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"Timed out waiting for {what}; finished tasks: {self.finished}")
                # Woken by every finished task; the short cap re-checks
                # predicates that change in between (database rows).
                self._changed.wait(min(remaining, 0.25))


def _reset_producers() -> None:
    # Dropped, not closed: kombu shares pools between users of the same URL.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """Point the application's publishers at a closed port, as if Redis were down."""
    app.conf.broker_write_url = UNREACHABLE_BROKER
    _reset_producers()
    try:
        yield
    finally:
        app.conf.broker_write_url = None
        _reset_producers()


@contextmanager
def running_worker():
    """Start one worker (per test module: starting and stopping takes seconds)."""
    log = TaskLog()
    task_postrun.connect(log.on_postrun, weak=False)
    app.control.purge()  # leftovers of an earlier, interrupted run
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield log
    finally:
        task_postrun.disconnect(log.on_postrun)


@contextmanager
def publishing_for_real(log: TaskLog):
    """Within one test: tasks go through the broker to the worker, not eagerly."""
    from celery.worker import state

    app.conf.task_always_eager = False
    log.finished.clear()
    try:
        yield log
    finally:
        # Let retries scheduled a moment ahead finish before the database is
        # flushed, so they cannot leak into the next test.
        log.wait_for(lambda: not state.reserved_requests and not state.active_requests, what="an idle worker")
        app.conf.task_always_eager = True


# --- A worker in its own process (the browser journeys) ---------------------

# What Django's file email backend writes after each message.
_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
BASE_DIR = Path(__file__).resolve().parents[2]


def _database_url(db: dict) -> str:
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def separate_broker_url(url: str, *, offset: int = 6) -> str:
    """The same Redis, another database: the journeys' tasks never reach the
    delivery tests' threaded worker when both run in one pytest process."""
    parts = urlsplit(url)
    db = (int(parts.path.strip("/") or 0) + offset) % 16
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


@contextmanager
def worker_process(*, broker_url: str, email_dir: Path, log_path: Path, timeout: float = 60.0):
    """Run ``celery -A config worker`` against the test database until the block ends.

    The live server publishes to ``broker_url`` (see ``publishing_to``); the
    worker consumes from it, reads and writes the same PostgreSQL test
    database through its own connections, and sends email into ``email_dir``.
    Yields the process; fails with the worker's log when it does not start.
    """
    database = connections["default"].settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("A worker process needs a database other processes can open (PostgreSQL).")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=_database_url(database),
        CELERY_BROKER_URL=broker_url,
        REDIS_URL=broker_url,
        EDP_TEST_WORKER_EMAIL_DIR=str(email_dir),
    )
    env.pop("CACHE_URL", None)
    hostname = f"journeys-{os.getpid()}@%h"
    email_dir.mkdir(parents=True, exist_ok=True)
    _purge(broker_url)  # leftovers of an earlier, interrupted run
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-mingle", "--without-gossip", "--hostname", hostname],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        while b" ready." not in log_path.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The Celery worker did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()  # warm shutdown: the task in hand finishes first
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _purge(broker_url: str) -> None:
    with app.connection_for_write(broker_url) as connection:
        app.control.purge(connection=connection)


@contextmanager
def publishing_to(broker_url: str, *, drain_timeout: float = 10.0):
    """Within one test: every task (from the test or the live server's
    threads) goes to ``broker_url`` for the worker process, not eagerly.

    At the end, waits (up to ``drain_timeout``) until the worker has taken
    and acknowledged every task, so that none runs into the next test."""
    import redis

    app.conf.broker_write_url = broker_url
    app.conf.task_always_eager = False
    _reset_producers()
    try:
        yield
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_write_url = None
        _reset_producers()
        client = redis.Redis.from_url(broker_url)
        try:
            deadline = time.monotonic() + drain_timeout
            # Waiting in the default queue, or taken but not yet acknowledged (acks_late).
            while (client.llen("celery") or client.hlen("unacked")) and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            client.close()


def sent_emails(email_dir: Path) -> list[email.message.EmailMessage]:
    """The emails the worker process has finished writing, oldest file first."""
    messages = []
    for path in sorted(email_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        # A message is complete once its separator is written; a file being
        # written ends with a partial one, which is left for the next look.
        *complete, _rest = path.read_bytes().split(_SEPARATOR)
        messages += [email.message_from_bytes(raw, policy=email.policy.default) for raw in complete]
    return messages
