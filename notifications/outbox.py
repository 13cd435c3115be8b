"""Dispatching outbox rows to Celery, and the sweeper that dispatches them again.

A row is "dispatched" once its task message reached the broker; only then is
``dispatched_at`` set. When Redis is unreachable the publish fails fast
(``CELERY_BROKER_TRANSPORT_OPTIONS``), is logged, and the row simply stays
undispatched: the sweeper, run by beat every minute, finds it. Messages lost
after reaching the broker (a Redis restart without persistence, a worker
killed past its visibility timeout) are found the same way once their
dispatch is older than ``NOTIFICATIONS_SWEEP_STALE`` seconds. Sending twice is
harmless: every send task locks its row and skips rows already sent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from config.celery_app import app

from .models import Delivery, Digest, Event

logger = logging.getLogger(__name__)

BATCH = 200  # deliveries per send task: small enough that a retry redoes little
# A request must not hang on a dead broker: try twice, quickly, then leave it
# to the sweeper.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _publish(task, *args, countdown: float | None = None) -> bool:
    """Send one task message; False (logged) when the broker cannot be reached.

    In eager mode the task runs here and its errors propagate, as they should
    in tests; with a broker, an error can only be the broker's.
    """
    if app.conf.task_always_eager:
        task.apply(args=args, throw=True)
        return True
    try:
        task.apply_async(args=args, countdown=countdown, retry=True, retry_policy=PUBLISH_RETRY)
    except Exception:
        logger.warning("Broker unreachable: %s%r left for the outbox sweeper.", task.name, args, exc_info=True)
        return False
    return True


def dispatch_fan_out(event_ids: list[int]) -> int:
    from .tasks import fan_out

    sent = [pk for pk in event_ids if _publish(fan_out, pk)]
    if sent:
        Event.objects.filter(pk__in=sent).update(dispatched_at=timezone.now())
    return len(sent)


def dispatch_emails(delivery_ids: list[int], *, countdown: float | None = None, premarked: bool = False) -> int:
    """Queue send tasks for these deliveries, in batches.

    ``premarked``: the rows were written with ``dispatched_at`` already set
    (the fan-out does that, saving an update of every row on the happy
    path); then only the batches the broker refused are unmarked, so the
    sweeper takes them after its grace period.
    """
    from .tasks import send_emails

    sent: list[int] = []
    refused: list[int] = []
    for start in range(0, len(delivery_ids), BATCH):
        batch = delivery_ids[start : start + BATCH]
        (sent if _publish(send_emails, batch, countdown=countdown) else refused).extend(batch)
    if premarked and refused:
        Delivery.objects.filter(pk__in=refused).update(dispatched_at=None)
    elif not premarked and sent:
        Delivery.objects.filter(pk__in=sent).update(dispatched_at=timezone.now())
    return len(sent)


def dispatch_digests(digest_ids: list[int], *, countdown: float | None = None) -> int:
    from .tasks import send_digest

    sent = [pk for pk in digest_ids if _publish(send_digest, pk, countdown=countdown)]
    if sent:
        Digest.objects.filter(pk__in=sent).update(dispatched_at=timezone.now())
    return len(sent)


def _due(now, *, grace: float, stale: float) -> Q:
    """Rows old enough that their on-commit dispatch had its chance, and never or long ago dispatched."""
    return Q(created_at__lte=now - timedelta(seconds=grace)) & (
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=now - timedelta(seconds=stale))
    )


def outbox_sweep(*, now=None, limit: int | None = None) -> dict[str, int]:
    """Dispatch again every outbox row that should have been handled by now.

    Bounded per run (``limit`` rows of each kind) so one sweep after a long
    outage cannot flood the broker; the next minute's sweep takes the rest.
    """
    now = now or timezone.now()
    grace = getattr(settings, "NOTIFICATIONS_SWEEP_GRACE", 60)
    stale = getattr(settings, "NOTIFICATIONS_SWEEP_STALE", 15 * 60)
    limit = limit or getattr(settings, "NOTIFICATIONS_SWEEP_LIMIT", 20_000)
    due = _due(now, grace=grace, stale=stale)

    events = list(
        Event.objects.filter(due, fanned_out_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    deliveries = list(
        Delivery.objects.filter(due, status=Delivery.Status.PENDING, channel=Delivery.Channel.EMAIL)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    digests = list(
        Digest.objects.filter(due, sent_at__isnull=True, failed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {
        "events": dispatch_fan_out(events) if events else 0,
        "deliveries": dispatch_emails(deliveries) if deliveries else 0,
        "digests": dispatch_digests(digests) if digests else 0,
    }
    if any(counts.values()):
        logger.info("Outbox sweep re-dispatched %s", counts)
    return counts
