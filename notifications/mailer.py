"""Email delivery: immediate emails and the daily digest, each sent exactly once.

Exactly once, as far as our side can know: a send task locks its outbox row
(``SELECT ... FOR UPDATE SKIP LOCKED``), skips it unless still pending, hands
the message to the mail server and marks it sent in the same transaction.
A duplicated, redelivered or retried task therefore finds the row sent (or
locked by the task sending it right now) and sends nothing. The one window
left is a worker dying between the mail server accepting the message and the
commit; the message then carries the same ``Message-ID`` (the idempotency
key) both times, which is what mail relays deduplicate on.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from .models import Delivery, Digest, Notification
from .registry import get_event_type
from .rendering import absolute_url, one_line, render_message_strict
from .tokens import unsubscribe_token

logger = logging.getLogger(__name__)

# The token event that turns off everything a person receives in digests.
DIGEST_ALL = "*digest*"


def max_attempts() -> int:
    return getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5)


def backoff(attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: 1, 2, 4, 8... base units, capped at an hour."""
    base = getattr(settings, "NOTIFICATIONS_RETRY_BACKOFF", 60)
    return min(base * 2 ** max(attempts - 1, 0), 3600)


def _language(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "edp.localhost"


def _unsubscribe_url(user_id: int, event: str) -> str:
    return absolute_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id, event=event)]))


def _email(*, recipient, subject: str, template: str, context: dict, key, unsubscribe: str | None, connection):
    headers = {
        # Fixed per delivery, not random: a resend carries the same id.
        "Message-ID": f"<{key}@{_mail_domain()}>",
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    if unsubscribe:
        # RFC 8058 one-click: the mail client POSTs to this URL, no login needed.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context = {
        **context,
        "recipient": recipient,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "site_url": settings.SITE_URL,
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject), body=text, to=[recipient.email], headers=headers, connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def build_notification_email(delivery: Delivery, *, connection=None) -> EmailMultiAlternatives:
    notification = delivery.notification
    recipient = notification.recipient
    event_type = get_event_type(notification.event.key)
    with translation.override(_language(recipient)):
        message = render_message_strict(notification)
        unsubscribe = None if event_type.mandatory else _unsubscribe_url(recipient.pk, event_type.key)
        return _email(
            recipient=recipient,
            subject=message.subject,
            template="notification",
            context={"message": message, "url": absolute_url(message.url), "event_type": event_type},
            key=delivery.idempotency_key,
            unsubscribe=unsubscribe,
            connection=connection,
        )


def _fail(model, pk: int, exc: BaseException) -> float | None:
    """Record a failed attempt; returns the backoff before the next one, or None when given up."""
    with transaction.atomic():
        row = model.objects.select_for_update().get(pk=pk)
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:4000]
        now = timezone.now()
        if row.attempts >= max_attempts():
            if model is Delivery:
                row.status = Delivery.Status.FAILED
            else:
                row.failed_at = now
            row.next_attempt_at = None
            delay = None
            logger.error("Giving up on %s %s after %s attempts: %s", model.__name__, pk, row.attempts, row.last_error)
        else:
            delay = backoff(row.attempts)
            row.next_attempt_at = now + timedelta(seconds=delay)
        row.save(
            update_fields=["attempts", "last_error", "next_attempt_at", "status" if model is Delivery else "failed_at"]
        )
    return delay


def deliveries_send(*, delivery_ids: list[int]) -> tuple[list[int], float | None]:
    """Send the immediate emails of these deliveries, each at most once.

    Returns the ids to retry and the backoff before retrying them. Each email
    is its own transaction, so one bad address never holds back the rest.
    """
    retry: list[int] = []
    delay: float | None = None
    connection = get_connection()
    try:
        for pk in delivery_ids:
            try:
                with transaction.atomic():
                    delivery = (
                        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("notification__event", "notification__recipient")
                        .filter(pk=pk, status=Delivery.Status.PENDING, channel=Delivery.Channel.EMAIL)
                        .first()
                    )
                    if delivery is None:
                        continue  # sent or cancelled already, or another worker is sending it now
                    recipient = delivery.notification.recipient
                    if not recipient.is_active or recipient.anonymised_at:
                        delivery.status = Delivery.Status.CANCELLED
                        delivery.save(update_fields=["status"])
                        continue
                    build_notification_email(delivery, connection=connection).send()
                    delivery.status = Delivery.Status.SENT
                    delivery.sent_at = timezone.now()
                    delivery.attempts += 1
                    delivery.save(update_fields=["status", "sent_at", "attempts"])
            except Exception as exc:
                logger.warning("Email delivery %s failed", pk, exc_info=True)
                wait = _fail(Delivery, pk, exc)
                if wait is not None:
                    retry.append(pk)
                    delay = wait if delay is None else min(delay, wait)
    finally:
        connection.close()
    return retry, delay


# --- Daily digest -----------------------------------------------------------


def digests_prepare(*, now=None) -> list[int]:
    """Open today's digest for everyone with digest items waiting; returns the digests to send.

    One digest per person and day (a unique constraint), so running this
    twice on the same day opens nothing new.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    chunk = getattr(settings, "NOTIFICATIONS_FANOUT_CHUNK", 1000)
    waiting = (
        Delivery.objects.filter(channel=Delivery.Channel.DIGEST, status=Delivery.Status.PENDING, created_at__lte=now)
        .values_list("notification__recipient_id", flat=True)
        .order_by("notification__recipient_id")
        .distinct()
    )
    cursor = 0
    while True:
        user_ids = list(waiting.filter(notification__recipient_id__gt=cursor)[:chunk])
        if not user_ids:
            break
        Digest.objects.bulk_create(
            [Digest(recipient_id=uid, day=day, created_at=now) for uid in user_ids], ignore_conflicts=True
        )
        cursor = user_ids[-1]
    return list(
        Digest.objects.filter(day=day, sent_at__isnull=True, failed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def build_digest_email(digest: Digest, notifications: list[Notification], *, connection=None):
    recipient = digest.recipient
    with translation.override(_language(recipient)):
        items = []
        for notification in notifications:
            event_type = get_event_type(notification.event.key)
            message = render_message_strict(notification)
            items.append({"event_type": event_type, "message": message, "url": absolute_url(message.url)})
        items.sort(key=lambda item: str(item["event_type"].group))
        groups = [
            {"title": title, "items": list(group)}
            for title, group in groupby(items, key=lambda i: str(i["event_type"].group))
        ]
        count = len(items)
        subject = ngettext("Your daily digest: %(count)s update", "Your daily digest: %(count)s updates", count) % {
            "count": count
        }
        return _email(
            recipient=recipient,
            subject=subject,
            template="digest",
            context={"groups": groups, "count": count, "day": digest.day, "title": gettext("Your daily digest")},
            key=digest.idempotency_key,
            unsubscribe=_unsubscribe_url(recipient.pk, DIGEST_ALL),
            connection=connection,
        )


def digest_send(*, digest_id: int) -> float | None:
    """Send one person's digest once: every digest item pending when it was opened.

    Returns a backoff in seconds when it should be retried, else None.
    """
    try:
        with transaction.atomic():
            digest = (
                Digest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=digest_id, sent_at__isnull=True, failed_at__isnull=True)
                .first()
            )
            if digest is None:
                return None
            deliveries = list(
                Delivery.objects.select_for_update(of=("self",))
                .filter(
                    channel=Delivery.Channel.DIGEST,
                    status=Delivery.Status.PENDING,
                    notification__recipient_id=digest.recipient_id,
                    created_at__lte=digest.created_at,
                )
                .select_related("notification__event")
                .order_by("created_at", "pk")
            )
            recipient = digest.recipient
            if deliveries and recipient.is_active and not recipient.anonymised_at:
                notifications = [d.notification for d in deliveries]
                for notification in notifications:
                    notification.recipient = recipient
                build_digest_email(digest, notifications).send()
            now = timezone.now()
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
                status=Delivery.Status.SENT, sent_at=now, digest=digest
            )
            digest.sent_at = now
            digest.attempts += 1
            digest.save(update_fields=["sent_at", "attempts"])
    except Exception as exc:
        logger.warning("Digest %s failed", digest_id, exc_info=True)
        return _fail(Digest, digest_id, exc)
    return None
