"""Notification writes: emit an event, fan it out, read state, preferences.

The one function other apps call is :func:`notification_emit`, from inside the
service (and transaction) that causes the event::

    from notifications.services import notification_emit

    @transaction.atomic
    def comment_reply(*, parent: Comment, author: User, body: str) -> Comment:
        reply = Comment.objects.create(item=parent.item, parent=parent, author=author, body=body)
        notification_emit(event="consultations.reply_posted", target=reply, actor=author)
        return reply

What happens then:

1. In the caller's transaction: one ``Event`` row and, for the first chunk of
   recipients, their ``Notification`` rows and email ``Delivery`` rows, all by
   ``bulk_create`` (a fixed handful of queries, whatever the chunk size). If
   the caller's transaction rolls back, all of it vanishes: nothing is sent.
2. On commit (``transaction.on_commit``): Celery tasks are dispatched to send
   the emails of that chunk and, for larger audiences, to fan out the
   remaining recipients chunk by chunk in the worker.
3. If Redis is down at that moment, or a worker dies, the rows stay pending
   and the beat sweeper (``notifications.tasks.sweep_outbox``) dispatches
   them again. Sending is idempotent per notification and channel.

In embedded mode (no Redis, ``CELERY_TASK_ALWAYS_EAGER``) the tasks run in
process right after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError

from . import outbox
from .models import Delivery, DeliveryMode, Event, Notification, Preference
from .payload import freeze, thaw
from .registry import EventType, get_event_type

logger = logging.getLogger(__name__)


def fanout_chunk_size() -> int:
    return getattr(settings, "NOTIFICATIONS_FANOUT_CHUNK", 1000)


def notification_emit(*, event: str, target: models.Model | None, actor: Any = None, **context: Any) -> Event:
    """Notify everyone the event type names, reliably, after the caller's transaction commits.

    Call it inside the transaction of the change that causes the event, so the
    notification exists exactly when the change does. ``context`` is given
    back to the strategy's ``recipients`` and ``render``; it must be JSON data
    or model instances (stored as references). Raises ``ImproperlyConfigured``
    for an unknown event key and ``TypeError`` for a context value that cannot
    be stored, so mistakes surface in the caller's tests.

    Returns the ``Event`` (its ``recipients_done`` / ``progress_percent`` show
    fan-out progress).
    """
    event_type = get_event_type(event)
    actor_id = getattr(actor, "pk", None)
    with transaction.atomic():
        row = Event.objects.create(
            key=event,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=target.pk if target is not None else None,
            actor_id=actor_id,
            context=freeze(context),
        )
        finished = _fan_out_chunk(row, event_type, target, context)
        if not finished:
            row.recipients_total = _audience(event_type, target, context, actor_id).count()
            row.save(update_fields=["recipients_total"])
            transaction.on_commit(lambda: outbox.dispatch_fan_out([row.pk]), robust=True)
    return row


def event_fan_out(*, event_id: int, time_budget: float | None = None) -> bool:
    """Write the remaining notifications of an event, chunk by chunk (run by the worker).

    Each chunk is one transaction that locks the event row and advances its
    cursor, so a retried or duplicated task resumes where the last committed
    chunk stopped and never writes a notification twice. Returns True when
    the fan-out is complete; False when the time budget ran out (the task
    re-queues itself so other work gets a turn).
    """
    budget = time_budget if time_budget is not None else getattr(settings, "NOTIFICATIONS_FANOUT_BUDGET", 50.0)
    started = timezone.now()
    target = context = event_type = None
    while True:
        with transaction.atomic():
            row = Event.objects.select_for_update().filter(pk=event_id).first()
            if row is None or row.fanned_out_at is not None:
                return True
            if event_type is None:
                event_type = get_event_type(row.key)
                target = row.target if row.target_type_id else None
                context = thaw(row.context)
                if row.target_type_id and target is None:
                    # The thing was deleted before anyone was told: nothing to say.
                    row.fanned_out_at = timezone.now()
                    row.save(update_fields=["fanned_out_at"])
                    return True
            finished = _fan_out_chunk(row, event_type, target, context)
        if finished:
            return True
        if (timezone.now() - started).total_seconds() > budget:
            return False


def _audience(event_type: EventType, target: Any, context: dict, actor_id: int | None) -> models.QuerySet:
    qs = event_type.recipients(target, **context).filter(is_active=True, anonymised_at__isnull=True)
    if actor_id and not event_type.notify_actor:
        qs = qs.exclude(pk=actor_id)
    return qs


def _fan_out_chunk(row: Event, event_type: EventType, target: Any, context: dict) -> bool:
    """Write one chunk of notifications and deliveries; True when no recipients remain.

    A fixed number of queries per chunk, whatever its size: on PostgreSQL a
    single ``INSERT ... SELECT`` statement (the rows never travel through
    Python, which is what keeps 100,000 recipients within a minute); on
    other databases one read and two ``bulk_create`` calls. Then one update
    moves the cursor.
    """
    limit = fanout_chunk_size()
    qs = _audience(event_type, target, context, row.actor_id).filter(pk__gt=row.cursor).order_by("pk")
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True, primary=True)
    if event_type.mandatory:
        mode: Any = Value(None, output_field=models.CharField())
    else:
        mode = Subquery(Preference.objects.filter(user=OuterRef("pk"), event=event_type.key).values("mode")[:1])
    chunk = qs.annotate(_mode=mode, _verified=Exists(verified)).values_list("pk", "_mode", "_verified")[:limit]
    now = timezone.now()
    write = _write_chunk_postgresql if connection.vendor == "postgresql" else _write_chunk_orm
    read, last_pk, written, immediate = write(row, event_type, chunk, now)
    if immediate:
        transaction.on_commit(lambda: outbox.dispatch_emails(immediate, premarked=True), robust=True)

    finished = read < limit
    if last_pk:
        row.cursor = last_pk
    row.recipients_done += written
    fields = ["cursor", "recipients_done"]
    if finished:
        row.fanned_out_at = now
        fields.append("fanned_out_at")
    row.save(update_fields=fields)
    return finished


def _write_chunk_orm(row: Event, event_type: EventType, chunk: models.QuerySet, now) -> tuple[int, int, int, list[int]]:
    rows = list(chunk)
    wanted = [(pk, mode or event_type.default_delivery, ok) for pk, mode, ok in rows]
    wanted = [item for item in wanted if item[1] != DeliveryMode.OFF]
    notifications = Notification.objects.bulk_create(
        [Notification(event=row, recipient_id=pk, created_at=now) for pk, _mode, _ok in wanted]
    )
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                notification=notification,
                channel=Delivery.Channel.EMAIL if mode == DeliveryMode.IMMEDIATELY else Delivery.Channel.DIGEST,
                created_at=now,
                dispatched_at=now,
            )
            for notification, (_pk, mode, ok) in zip(notifications, wanted, strict=True)
            if ok
        ]
    )
    immediate = [d.pk for d in deliveries if d.channel == Delivery.Channel.EMAIL]
    return len(rows), (rows[-1][0] if rows else 0), len(notifications), immediate


def _write_chunk_postgresql(
    row: Event, event_type: EventType, chunk: models.QuerySet, now
) -> tuple[int, int, int, list[int]]:
    # The recipients query is the strategy's own queryset, compiled by the
    # ORM (so its parameters stay parameters); the statement around it only
    # adds the two inserts. Table and column names come from the models.
    select_sql, select_params = chunk.query.sql_with_params()
    n, d = Notification._meta, Delivery._meta
    sql = f"""
        WITH chunk (id, _mode, _verified) AS ({select_sql}),
        wanted AS (
            SELECT id, COALESCE(_mode, %s) AS mode, _verified FROM chunk WHERE COALESCE(_mode, %s) <> %s
        ),
        notes AS (
            INSERT INTO {n.db_table} (event_id, recipient_id, created_at)
            SELECT %s, id, %s FROM wanted ORDER BY id
            RETURNING id, recipient_id
        ),
        sent AS (
            INSERT INTO {d.db_table}
                (notification_id, channel, idempotency_key, status, attempts, last_error, created_at, dispatched_at)
            SELECT notes.id, CASE WHEN wanted.mode = %s THEN %s ELSE %s END, gen_random_uuid(), %s, 0, '', %s, %s
            FROM notes JOIN wanted ON wanted.id = notes.recipient_id
            WHERE wanted._verified
            RETURNING id, channel
        )
        SELECT (SELECT count(*) FROM chunk), (SELECT max(id) FROM chunk), (SELECT count(*) FROM notes),
               ARRAY(SELECT id FROM sent WHERE channel = %s ORDER BY id)
    """  # noqa: S608 - only model table names and the ORM-compiled query are interpolated; values are parameters
    default = event_type.default_delivery
    params = (
        *select_params,
        default,
        default,
        DeliveryMode.OFF,
        row.pk,
        now,
        DeliveryMode.IMMEDIATELY,
        Delivery.Channel.EMAIL,
        Delivery.Channel.DIGEST,
        Delivery.Status.PENDING,
        now,
        now,
        Delivery.Channel.EMAIL,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        read, last_pk, written, immediate = cursor.fetchone()
    return read, last_pk or 0, written, list(immediate)


# --- The inbox --------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: Any) -> Notification:
    """Mark one of the person's own notifications read (idempotent)."""
    if notification.recipient_id != user.pk:
        raise DomainError(gettext("This notification is addressed to someone else."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: Any) -> int:
    """Mark everything in the person's inbox read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- Preferences ------------------------------------------------------------


@transaction.atomic
def preference_set(*, user: Any, event: str, mode: str) -> Preference | None:
    """Choose how one event type reaches the person.

    Mandatory event types (invitations and other security-relevant mail)
    cannot be turned off or delayed. Turning an event off also cancels its
    emails still waiting to be sent, so an unsubscribe takes effect at once.
    """
    event_type = get_event_type(event)
    if mode not in DeliveryMode.values:
        raise DomainError(gettext("Choose immediately, daily digest or off."), field=event)
    if event_type.mandatory:
        if mode != DeliveryMode.IMMEDIATELY:
            raise DomainError(
                gettext("“%(label)s” cannot be turned off or delayed: it concerns your access and security.")
                % {"label": event_type.label},
                field=event,
            )
        return None
    preference, _created = Preference.objects.update_or_create(user=user, event=event, defaults={"mode": mode})
    if mode == DeliveryMode.OFF:
        Delivery.objects.filter(
            notification__recipient=user, notification__event__key=event, status=Delivery.Status.PENDING
        ).update(status=Delivery.Status.CANCELLED, last_error=gettext("Unsubscribed"))
    return preference


@transaction.atomic
def recipient_forget(*, user: Any) -> int:
    """Called by account deletion (see ``accounts.deletion``): emails still
    waiting for the person are cancelled, for the digest too, and their
    choices are forgotten. The in-app notifications stay with the anonymised
    account like everything else it did. Returns how many emails were
    cancelled."""
    Preference.objects.filter(user=user).delete()
    return Delivery.objects.filter(notification__recipient=user, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.CANCELLED, last_error=gettext("Account deleted")
    )


@transaction.atomic
def preferences_set(*, user: Any, choices: Iterable[tuple[str, str]]) -> None:
    """Save the whole preferences form at once (all or nothing)."""
    for event, mode in choices:
        if not get_event_type(event).mandatory:
            preference_set(user=user, event=event, mode=mode)


@transaction.atomic
def unsubscribe_with_token(*, token: str) -> tuple[Any, list[str]]:
    """Turn off what a signed unsubscribe link names, without a login.

    Returns the person and the event keys turned off. Raises DomainError for
    a forged, altered or outdated link, or one naming a mandatory event.
    """
    from accounts.models import User

    from .mailer import DIGEST_ALL
    from .selectors import preference_table
    from .tokens import InvalidToken, read_unsubscribe_token

    refused = DomainError(gettext("This unsubscribe link is not valid. Sign in to change your notification settings."))
    try:
        user_id, event = read_unsubscribe_token(token)
    except InvalidToken:
        raise refused
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise refused
    if event == DIGEST_ALL:
        keys = [et.key for et, mode in preference_table(user=user) if mode == DeliveryMode.DIGEST and not et.mandatory]
    else:
        try:
            event_type = get_event_type(event)
        except Exception:
            raise refused
        if event_type.mandatory:
            raise refused
        keys = [event]
    for key in keys:
        preference_set(user=user, event=key, mode=DeliveryMode.OFF)
    return user, keys


@transaction.atomic
def announcement_publish(*, author: Any, region: Any, **texts: str) -> Any:
    """Publish a staff announcement and notify its audience (chunked fan-out)."""
    from .models import Announcement

    if not getattr(author, "is_staff", False):
        raise DomainError(gettext("Only platform staff can publish announcements."))
    if not (texts.get("title_en") or "").strip() or not (texts.get("body_en") or "").strip():
        raise DomainError(gettext("An announcement needs an English title and message."), field="title_en")
    announcement = Announcement.objects.create(author=author, region=region, **texts)
    notification_emit(event="notifications.announcement", target=announcement, actor=author)
    return announcement
