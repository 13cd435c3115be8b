"""Hooks inside the worker subprocess of test_worker_killed.py.

``EDP_KILL_AT`` (set only in the worker that is to die) names the point
where the ``send_emails`` task stops and waits to be killed:

- ``before_send``: the delivery row is locked, the email not yet handed to
  the mail backend;
- ``after_send``: the backend has the email, the row is not yet marked sent
  (the transaction is still open);
- ``after_commit``: the row is committed as sent, the task has not returned,
  so the broker message is not acknowledged.

On reaching it the worker writes ``reached-<point>`` (holding its process
id) into ``EDP_KILL_TEST_DIR`` and sleeps until the test kills it with
SIGKILL; once the test has written ``no-more-kills`` there, it goes on. Every email the backend
accepts is written as one ``.eml`` file there (fsync'ed, so a kill right
after cannot lose it), and every finished task appends a line to
``tasks.log``.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from celery.signals import task_postrun
from django.core.mail.backends.base import BaseEmailBackend

SEND_EMAILS = "notifications.tasks.send_emails"


def _folder() -> Path:
    return Path(os.environ["EDP_KILL_TEST_DIR"])


def _write(path: Path, data: bytes, mode: str = "wb") -> None:
    with open(path, mode) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _stop_if(point: str) -> None:
    if os.environ.get("EDP_KILL_AT") != point or (_folder() / "no-more-kills").exists():
        return
    _write(_folder() / f"reached-{point}", str(os.getpid()).encode())
    time.sleep(600)  # the test kills us long before


class RecordingBackend(BaseEmailBackend):
    """Writes each message to its own file, as a mail relay would receive it."""

    def send_messages(self, email_messages) -> int:
        _stop_if("before_send")
        for message in email_messages:
            _write(_folder() / f"{uuid.uuid4().hex}.eml", message.message().as_bytes())
        _stop_if("after_send")
        return len(email_messages)


@task_postrun.connect(weak=False)
def _after_task(sender=None, task=None, **kwargs) -> None:
    name = getattr(task, "name", "")
    _write(_folder() / "tasks.log", f"{os.getpid()} {name}\n".encode(), mode="ab")
    if name == SEND_EMAILS:
        _stop_if("after_commit")
