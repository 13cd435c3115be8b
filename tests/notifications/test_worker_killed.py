"""A Celery worker process killed (SIGKILL) in the middle of sending an email.

Real processes, no simulation: a worker subprocess (``celery -A config
worker``) consumes from Redis against the test PostgreSQL database; the
``send_emails`` task stops at a chosen point (see ``kill_hooks.py``), the
test kills the process there with SIGKILL, starts a new worker, and reads
what the mail backend received (files, across processes) and what the
outbox row says.

A second test kills only the prefork pool process running the task: its
parent rejects the message back to the queue (``task_reject_on_worker_lost``)
and a fresh pool process runs it again.

Tasks acknowledge late, so the killed worker's message stays unacknowledged
in Redis and goes to the next worker (kombu's visibility timeout, lowered to
3 seconds for the worker processes). What makes the retry safe depends on
where the worker died:

- before the email reached the backend: the database rolled the open
  transaction back and released the row lock, so the retry sends it, once;
- after the row was committed as sent but before the acknowledgement: the
  retry finds the row sent and sends nothing;
- in between (the backend has the email, the row is not yet committed): no
  database can know whether the mail server got it, so the retry hands it
  over again *with the same Message-ID*, the delivery's idempotency key,
  by which a mail relay or client recognises the second copy. That is the
  case the idempotency key covers; the test checks both copies carry it.

Needs PostgreSQL and Redis (SQLite cannot be shared with another process
the way the worker needs, and the in-memory broker lives in one process):
skipped without them, and required in CI (``EDP_REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from config.celery_app import app
from notifications.models import Delivery
from notifications.services import notification_emit
from tests.factories.accounts import UserFactory
from tests.factories.notifications import AnnouncementFactory
from tests.factories.stakeholders import region

from .live_worker import _database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
EVENT = "notifications.announcement"


@pytest.fixture
def services_or_skip():
    real = connection.vendor == "postgresql" and settings.CELERY_BROKER_URL.startswith("redis")
    if not real:
        if os.environ.get("EDP_REQUIRE_SERVICES"):
            pytest.fail("CI must run the worker-kill test on PostgreSQL and Redis")
        pytest.skip("a worker process needs PostgreSQL and Redis (DATABASE_URL, CELERY_BROKER_URL)")


class Worker:
    """One ``celery worker`` subprocess in its own process group."""

    def __init__(self, folder: Path, name: str, kill_at: str | None, pool: str = "solo"):
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.notifications.kill_settings",
            DATABASE_URL=_database_url(connection.settings_dict),  # the test database, not the configured one
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,  # already this xdist process's own
            EDP_KILL_TEST_DIR=str(folder),
        )
        env.pop("EDP_KILL_AT", None)
        if kill_at:
            env["EDP_KILL_AT"] = kill_at
        self.log = open(folder / f"{name}.log", "wb")  # noqa: SIM115 - closed by kill()/stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                "-n",
                f"{name}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def _wait(predicate, *, what: str, folder: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in folder.glob("*.log"))
            raise AssertionError(f"Timed out waiting for {what}.\n{logs}")
        time.sleep(0.2)


def _emails(folder: Path) -> list:
    return [message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def _send_emails_runs(folder: Path, pid: int | None = None) -> int:
    """How many send_emails runs finished (in process ``pid``, or in any)."""
    log = folder / "tasks.log"
    if not log.exists():
        return 0
    return sum(
        1
        for line in log.read_text().splitlines()
        if line.endswith(" notifications.tasks.send_emails") and (pid is None or line.split()[0] == str(pid))
    )


def _delivery() -> Delivery | None:
    return Delivery.objects.filter(channel=Delivery.Channel.EMAIL).first()


@pytest.fixture
def broker():
    """An empty broker database, and tasks published for real from this process."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()  # this xdist process's own broker database (config.settings.test)
    app.conf.task_always_eager = False
    yield client
    app.conf.task_always_eager = True
    client.flushdb()
    client.close()


@pytest.mark.parametrize("kill_at", ["before_send", "after_commit", "after_send"])
def test_worker_killed_mid_task_then_another_worker_finishes_with_one_email(
    services_or_skip, broker, tmp_path, kill_at
):
    resident = UserFactory(region=region(), email="resident@example.kz", preferred_language="en")
    first = Worker(tmp_path, "first", kill_at)
    second = None
    try:
        with transaction.atomic():
            notification_emit(event=EVENT, target=AnnouncementFactory(title_en="Water tariffs"))
        _wait(lambda: (tmp_path / f"reached-{kill_at}").exists(), what=f"the worker at {kill_at}", folder=tmp_path)
        first.kill()  # SIGKILL: no cleanup, no acknowledgement, the connection just drops

        # The state the dead worker left behind.
        delivery = _delivery()
        handed_over = len(_emails(tmp_path))
        if kill_at == "before_send":
            assert (delivery.status, handed_over) == (Delivery.Status.PENDING, 0)
        elif kill_at == "after_send":
            assert (delivery.status, handed_over) == (Delivery.Status.PENDING, 1)
        else:
            assert (delivery.status, handed_over) == (Delivery.Status.SENT, 1)

        second = Worker(tmp_path, "second", None)
        _wait(
            lambda: _send_emails_runs(tmp_path, second.process.pid) >= 1,
            what="the second worker to run the redelivered task",
            folder=tmp_path,
        )
        # The message was acknowledged this time: nothing waits in Redis.
        _wait(lambda: not broker.hlen("unacked"), what="the acknowledgement", folder=tmp_path, timeout=30)
    finally:
        first.kill()
        if second is not None:
            second.stop()

    delivery = _delivery()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1 and delivery.sent_at is not None
    emails = _emails(tmp_path)
    assert {e["To"] for e in emails} == {resident.email}
    assert {e["Message-ID"] for e in emails} == {f"<{delivery.idempotency_key}@{_domain()}>"}
    if kill_at == "after_send":
        # Handed over twice, as one message: the same Message-ID both times.
        assert len(emails) == 2
    else:
        assert len(emails) == 1


def _domain() -> str:
    from notifications.mailer import _mail_domain

    return _mail_domain()


@pytest.mark.parametrize("kill_at", ["before_send", "after_commit"])
def test_pool_process_killed_mid_task_is_rejected_back_and_retried_with_one_email(
    services_or_skip, broker, tmp_path, kill_at
):
    """The other way a worker dies: the prefork pool process running the task
    is killed (out of memory, a segfault), its parent survives. With
    ``task_reject_on_worker_lost`` the parent puts the message straight back
    on the queue and a fresh pool process runs it again."""
    resident = UserFactory(region=region(), email="resident@example.kz", preferred_language="en")
    worker = Worker(tmp_path, "prefork", kill_at, pool="prefork")
    try:
        with transaction.atomic():
            notification_emit(event=EVENT, target=AnnouncementFactory(title_en="Heating season"))
        marker = tmp_path / f"reached-{kill_at}"
        _wait(marker.exists, what=f"the pool process at {kill_at}", folder=tmp_path)
        child = int(marker.read_text())
        assert child != worker.process.pid
        marker.unlink()
        # The retry runs in a new pool process with the same environment, so
        # it would stop at the same point: tell it not to.
        (tmp_path / "no-more-kills").write_text("")
        os.kill(child, signal.SIGKILL)
        _wait(
            lambda: _send_emails_runs(tmp_path) - _send_emails_runs(tmp_path, child) >= 1,
            what="the retried task in a new pool process",
            folder=tmp_path,
        )
        _wait(lambda: not broker.hlen("unacked"), what="the acknowledgement", folder=tmp_path, timeout=30)
    finally:
        worker.stop()

    # The parent saw its pool process die of the SIGKILL (and rejected the message back).
    assert "signal 9" in (tmp_path / "prefork.log").read_text(errors="replace")
    delivery = _delivery()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1
    emails = _emails(tmp_path)
    assert len(emails) == 1 and emails[0]["To"] == resident.email
    assert emails[0]["Message-ID"] == f"<{delivery.idempotency_key}@{_domain()}>"
