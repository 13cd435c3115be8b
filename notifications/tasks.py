"""Celery tasks. They take ids and call a service; every one is safe to run twice.

All acknowledge late and are rejected back to the queue when the worker
process dies (``acks_late``, ``reject_on_worker_lost``; also the global
defaults in settings), which is safe because sending is idempotent.
Failures are retried with exponential backoff kept on the outbox row
(``attempts``, ``next_attempt_at``), so a retry survives a Redis restart: the
sweeper knows when it is due.
"""

from celery import shared_task

from . import mailer, outbox, reminders, services

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="notifications.tasks.fan_out", **RELIABLE)
def fan_out(event_id: int) -> None:
    if not services.event_fan_out(event_id=event_id):
        # Time budget used up: queue the rest behind whatever else is waiting.
        outbox.dispatch_fan_out([event_id])


@shared_task(name="notifications.tasks.send_emails", **RELIABLE)
def send_emails(delivery_ids: list[int]) -> None:
    retry, delay = mailer.deliveries_send(delivery_ids=delivery_ids)
    if retry:
        outbox.dispatch_emails(retry, countdown=delay)


@shared_task(name="notifications.tasks.send_digest", **RELIABLE)
def send_digest(digest_id: int) -> None:
    delay = mailer.digest_send(digest_id=digest_id)
    if delay is not None:
        outbox.dispatch_digests([digest_id], countdown=delay)


@shared_task(name="notifications.tasks.send_daily_digests", **RELIABLE)
def send_daily_digests() -> None:
    outbox.dispatch_digests(mailer.digests_prepare())


@shared_task(name="notifications.tasks.sweep_outbox", **RELIABLE)
def sweep_outbox() -> None:
    outbox.outbox_sweep()


@shared_task(name="notifications.tasks.send_scheduled_reminders", **RELIABLE)
def send_scheduled_reminders() -> None:
    reminders.reminders_send()
