"""A real Celery worker for the delivery tests.

The worker runs in a thread of the test process (``celery.contrib.testing``),
consuming from the configured broker: Redis in CI, or kombu's in-memory
transport when no broker is configured (local SQLite runs). Tasks are
published for real (eager mode is switched off for the test) and the tests
wait on the worker's ``task_postrun`` signal, never on a fixed sleep.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

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
