"""Reliable delivery, proven against a real worker and the real broker.

In CI the broker is Redis (``CELERY_BROKER_URL``); locally without one, the
same tests run against kombu's in-memory transport with the same threaded
worker. Nothing here is skipped.
"""

import json
import re
import smtplib
import time

import pytest
from celery.exceptions import Reject
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from notifications import mailer, outbox
from notifications.models import Delivery, Digest, Event, Notification, Preference
from notifications.services import notification_emit
from notifications.tasks import send_daily_digests, send_digest, send_emails, sweep_outbox
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.notifications import AnnouncementFactory

from .live_worker import broker_unreachable, publishing_for_real, running_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.xdist_group("celery-worker"),
    # The worker reads and writes through its own connection, so the test
    # data must really be committed; the seeded regions come back afterwards.
    pytest.mark.django_db(transaction=True),
]

EVENT = "notifications.announcement"


@pytest.fixture(scope="module")
def module_worker():
    with running_worker() as log:
        yield log


@pytest.fixture
def worker(module_worker, settings):
    # The sweeper takes rows at once (no grace period) and retries come fast.
    settings.NOTIFICATIONS_SWEEP_GRACE = 0
    settings.NOTIFICATIONS_SWEEP_STALE = 0
    settings.NOTIFICATIONS_RETRY_BACKOFF = 0.1
    with publishing_for_real(module_worker) as log:
        yield log


def emit_committed(**kwargs):
    with transaction.atomic():
        return notification_emit(event=EVENT, **kwargs)


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


class Rollback(Exception):
    pass


def test_delivery_only_after_commit_and_nothing_after_rollback(worker, residents):
    announcement = AnnouncementFactory(title_en="Rolled back")
    with pytest.raises(Rollback), transaction.atomic():
        notification_emit(event=EVENT, target=announcement)
        raise Rollback

    kept = AnnouncementFactory(title_en="Committed", title_ru="Committed", title_kk="Committed")
    with transaction.atomic():
        notification_emit(event=EVENT, target=kept)
        if connection.vendor == "postgresql":
            # The worker even sweeps the outbox while we are still inside the
            # transaction: it cannot see the rows, so it sends nothing. (SQLite
            # would lock the table instead of isolating; CI runs PostgreSQL.)
            sweep_outbox.delay()
            worker.wait_for(lambda: worker.count("sweep_outbox") == 1, what="the sweep")
        assert mail.outbox == []

    worker.wait_for(lambda: len(mail.outbox) == 3, what="three emails")
    assert sent_to() == sorted(r.email for r in residents)
    assert all("Committed" in message.subject for message in mail.outbox)
    assert not Event.objects.filter(target_id=announcement.pk).exists()
    assert Event.objects.count() == 1


def test_broker_down_at_commit_then_the_sweeper_delivers(worker, residents, caplog):
    with broker_unreachable():
        event = emit_committed(target=AnnouncementFactory())  # the commit itself succeeds
        assert "left for the outbox sweeper" in caplog.text
    pending = Delivery.objects.filter(notification__event=event)
    assert pending.count() == 3
    assert set(pending.values_list("status", flat=True)) == {"pending"}
    assert not pending.filter(dispatched_at__isnull=False).exists()
    assert mail.outbox == []

    # Redis is back: beat's next sweep finds the undispatched rows.
    sweep_outbox.delay()
    worker.wait_for(lambda: len(mail.outbox) == 3, what="the swept emails")
    worker.wait_for(lambda: not pending.exclude(status="sent").exists(), what="rows marked sent")
    assert sent_to() == sorted(r.email for r in residents)


def test_large_fan_out_while_broker_down_is_finished_by_the_sweeper(worker, residents, settings):
    settings.NOTIFICATIONS_FANOUT_CHUNK = 2  # three residents: the rest must go through the worker
    with broker_unreachable():
        event = emit_committed(target=AnnouncementFactory())
    event.refresh_from_db()
    assert event.fanned_out_at is None and event.recipients_done == 2
    sweep_outbox.delay()
    worker.wait_for(lambda: len(mail.outbox) == 3, what="all three emails")
    event.refresh_from_db()
    assert event.fanned_out_at is not None and event.recipients_done == 3


def test_task_killed_after_sending_is_redelivered_and_sends_nothing_twice(worker, residents, monkeypatch):
    """The worker dies after the emails went out, before acknowledging the message.

    With ``acks_late`` and ``reject_on_worker_lost`` Celery rejects the message
    back to the queue (``Request.on_failure``: worker lost → ``reject(requeue=True)``);
    raising ``Reject(requeue=True)`` from the task makes the worker do exactly that.
    The redelivered task finds every row sent: no second email.
    """
    real = mailer.deliveries_send
    runs = []

    def dies_before_ack(*, delivery_ids):
        result = real(delivery_ids=delivery_ids)
        runs.append(delivery_ids)
        if len(runs) == 1:
            raise Reject("worker lost before acknowledging", requeue=True)
        return result

    monkeypatch.setattr(mailer, "deliveries_send", dies_before_ack)
    event = emit_committed(target=AnnouncementFactory())
    worker.wait_for(lambda: len(runs) == 2, what="the redelivered task")
    assert runs[0] == runs[1]  # the same message, delivered twice
    assert sent_to() == sorted(r.email for r in residents)

    # The sweeper or an operator dispatching the same batch again changes nothing either.
    ids = list(Delivery.objects.filter(notification__event=event).values_list("pk", flat=True))
    send_emails.delay(ids)
    worker.wait_for(lambda: len(runs) == 3, what="the duplicate dispatch")
    assert len(mail.outbox) == 3
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}


class KilledMidway(BaseException):
    """Not an Exception: like a dying process it escapes every error handler."""


def test_task_killed_while_sending_rolls_back_and_the_retry_sends_once(worker, residents, monkeypatch):
    from django.core.mail.backends import locmem

    real_send = locmem.EmailBackend.send_messages
    real_task = mailer.deliveries_send
    kills = []

    def send_or_die(self, messages):
        if not kills:
            kills.append(messages[0].to[0])
            raise KilledMidway  # before the mail server accepted anything
        return real_send(self, messages)

    def task_body(*, delivery_ids):
        try:
            return real_task(delivery_ids=delivery_ids)
        except KilledMidway:
            raise Reject("worker lost while sending", requeue=True) from None

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_or_die)
    monkeypatch.setattr(mailer, "deliveries_send", task_body)
    emit_committed(target=AnnouncementFactory())
    worker.wait_for(lambda: len(mail.outbox) == 3, what="three emails after the redelivery")
    worker.wait_for(lambda: worker.count("send_emails") == 2, what="both runs")
    assert kills and sent_to() == sorted(r.email for r in residents)


def test_mail_server_errors_retry_with_backoff_then_send_once(worker, residents, monkeypatch):
    from django.core.mail.backends import locmem

    real_send = locmem.EmailBackend.send_messages
    failures = []

    def flaky(self, messages):
        if len(failures) < 2:
            failures.append(messages[0].to[0])
            raise ConnectionRefusedError("mail server unavailable")
        return real_send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", flaky)
    event = emit_committed(target=AnnouncementFactory())
    worker.wait_for(lambda: len(mail.outbox) == 3, what="emails after retries")
    deliveries = Delivery.objects.filter(notification__event=event)
    worker.wait_for(lambda: not deliveries.exclude(status="sent").exists(), what="all sent")
    retried = deliveries.filter(attempts__gt=1)
    assert retried.exists()
    assert "mail server unavailable" in retried.first().last_error
    assert sent_to() == sorted(r.email for r in residents)


class RefusingBackend(BaseEmailBackend):
    """A mail server that never takes anything."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed by mail.example.kz")


def test_after_the_last_attempt_the_delivery_is_failed_and_shown_to_staff(worker, residents, settings, client):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    event = emit_committed(target=AnnouncementFactory())
    deliveries = Delivery.objects.filter(notification__event=event)
    worker.wait_for(lambda: deliveries.filter(status="failed").count() == 3, timeout=30, what="deliveries given up")

    for delivery in deliveries:
        assert delivery.attempts == 2
        assert delivery.next_attempt_at is None and delivery.sent_at is None
        assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed by mail.example.kz"
    assert mail.outbox == []
    # Nothing more is scheduled: no retry arrives (they come 0.1 s apart here)...
    tasks_so_far = worker.count("send_emails")
    assert tasks_so_far == 2  # the first attempt and the one retry, for the three together
    time.sleep(1.5)
    # ...and the sweeper, which takes pending rows at once in these tests, leaves failed ones alone.
    assert outbox.outbox_sweep()["deliveries"] == 0
    sweep_outbox.delay()
    worker.wait_for(lambda: worker.count("sweep_outbox") == 1, what="the sweep")
    time.sleep(0.5)
    assert worker.count("send_emails") == tasks_so_far
    assert set(deliveries.values_list("status", "attempts")) == {("failed", 2)}

    # Staff see the failures with their error in the admin, filtered on failed.
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    give_totp(staff)
    client.force_login(staff)
    changelist = reverse("admin:notifications_delivery_changelist")
    response = client.get(changelist, {"status__exact": "failed"})
    assert response.status_code == 200
    assert sorted(response.context["cl"].result_list.values_list("pk", flat=True)) == sorted(
        deliveries.values_list("pk", flat=True)
    )
    assert response.content.decode().count("SMTPServerDisconnected: Connection unexpectedly closed") == 3
    assert b"SMTPServerDisconnected" not in client.get(changelist, {"status__exact": "sent"}).content
    # A citizen cannot look.
    client.force_login(residents[0])
    assert client.get(changelist, {"status__exact": "failed"}, follow=True).status_code == 403


def test_digest_groups_everything_into_one_email_and_sends_once(worker, residents):
    en, ru, kk = residents
    for person in (en, ru):
        Preference.objects.create(user=person, event=EVENT, mode="digest")
    emit_committed(target=AnnouncementFactory(title_en="First news", title_ru="Первая новость"))
    emit_committed(target=AnnouncementFactory(title_en="Second news", title_ru="Вторая новость"))
    worker.wait_for(lambda: len(mail.outbox) == 2, what="kk's two immediate emails")
    assert sent_to() == [kk.email, kk.email]
    mail.outbox.clear()

    send_daily_digests.delay()
    worker.wait_for(lambda: worker.count("send_digest") == 2, what="two digests")
    assert sent_to() == sorted([en.email, ru.email])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "First news" in by_address[en.email].body and "Second news" in by_address[en.email].body
    assert "Первая новость" in by_address[ru.email].body and "Вторая новость" in by_address[ru.email].body
    assert "List-Unsubscribe" in by_address[en.email].extra_headers
    assert not Delivery.objects.filter(channel="digest").exclude(status="sent").exists()

    # Beat firing twice, or a digest task redelivered: nothing more goes out.
    send_daily_digests.delay()
    for digest in Digest.objects.all():
        send_digest.delay(digest.pk)
    worker.wait_for(lambda: worker.count("send_digest") == 4, what="the repeated digest tasks")
    worker.wait_for(lambda: worker.count("send_daily_digests") == 2, what="the second daily run")
    assert len(mail.outbox) == 2
    assert Digest.objects.count() == 2


def test_unsubscribe_link_from_a_delivered_email_works_without_login_and_cannot_be_forged(worker, residents):
    en = residents[0]
    emit_committed(target=AnnouncementFactory())
    worker.wait_for(lambda: len(mail.outbox) == 3, what="three emails")
    message = next(m for m in mail.outbox if m.to == [en.email])
    header_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header_url in message.body  # the same link is in the text
    path = re.sub(r"^https?://[^/]+", "", header_url)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    anonymous = Client(enforce_csrf_checks=True)

    # Forged: another person's id under this signature, a tampered signature,
    # a token signed for another purpose, garbage.
    other = residents[1]
    payload, signature = token.rsplit(":", 1)
    other_payload = signing.b64_encode(json.dumps([other.pk, EVENT], separators=(",", ":")).encode()).decode()
    forgeries = [
        f"{other_payload}:{signature}",
        f"{payload}:{signature[:-2]}{'AA' if not signature.endswith('AA') else 'BB'}",
        signing.dumps([other.pk, EVENT], salt="something.else"),
        "not-a-token",
    ]
    assert other_payload != payload
    for bad in forgeries:
        response = anonymous.post(f"/notifications/unsubscribe/{bad}/", {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
    assert not Preference.objects.exists()

    # The real one: RFC 8058 one-click POST, no session, no CSRF token.
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(user=en, event=EVENT).mode == "off"

    mail.outbox.clear()
    emit_committed(target=AnnouncementFactory())
    worker.wait_for(lambda: len(mail.outbox) == 2, what="emails to the two still subscribed")
    assert en.email not in sent_to()
    assert not Notification.objects.filter(recipient=en, event=Event.objects.latest("pk")).exists()
