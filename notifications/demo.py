"""Demo notifications: the bell of the demo people shows unread news.

Runs last in ``load_demo``, after every other app has built its part, and
tells the demo people about real things in that data, through
``notification_emit`` like the services do: a staff announcement to
Pavlodar, decisions on their ideas, replies to their comments, the ideas
they were given to evaluate, Kyzylorda's open consultation, and whatever
the hourly reminder run finds due. Some of them get the daily digest for one event
type, so the preferences page and the digest have something to show.

It reads whatever the other demos built (they change as the demo grows) and
emits an event only if that very event (type, target, and for assignments
the evaluator) has none yet, so a second run changes nothing.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .models import Announcement, DeliveryMode, Event, Notification, Preference
from .reminders import reminders_send
from .services import announcement_publish, notification_emit, notification_mark_read, preference_set

ANNOUNCEMENT = {
    "title_en": "Pavlodar's action plan: the first progress figures are out",
    "title_ru": "План действий Павлодара: опубликованы первые данные о ходе выполнения",
    "title_kk": "Павлодардың іс-қимыл жоспары: орындалуы туралы алғашқы деректер жарияланды",
    "body_en": (
        "The akimat has published the first measurements of the action plan's indicators. "
        "See how each priority is progressing on the plan's monitoring page."
    ),
    "body_ru": (
        "Акимат опубликовал первые измерения индикаторов плана действий. "
        "Посмотрите, как продвигается каждый приоритет, на странице мониторинга плана."
    ),
    "body_kk": (
        "Әкімдік іс-қимыл жоспары индикаторларының алғашқы өлшемдерін жариялады. "
        "Әр басымдықтың қалай орындалып жатқанын жоспарды мониторингтеу бетінен қараңыз."
    ),
}

# Who reads some of their mail in the daily digest (demo person, event type).
DIGEST_CHOICES = [
    ("citizen1", "consultations.reply_posted"),
    ("researcher", "evaluations.idea_decided"),
    ("evaluator2", "notifications.announcement"),
]

MAX_PER_KIND = 6  # enough to fill a bell, not to flood the console with emails


def _already(key: str, target, **context) -> bool:
    events = Event.objects.filter(key=key, target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    for name, value in context.items():
        events = events.filter(**{f"context__{name}": value})
    return events.exists()


def _digest_preferences(people: dict) -> None:
    for person_key, event in DIGEST_CHOICES:
        person = people.get(person_key)
        if person is not None and not Preference.objects.filter(user=person, event=event).exists():
            preference_set(user=person, event=event, mode=DeliveryMode.DIGEST)


def _announcement(ctx, people: dict) -> None:
    staff, region = people.get("staff"), ctx.get("region")
    if staff is None or region is None or Announcement.objects.filter(title_en=ANNOUNCEMENT["title_en"]).exists():
        return
    announcement_publish(author=staff, region=region, **ANNOUNCEMENT)


def _idea_decisions(person_ids: set[int]) -> None:
    from evaluations.models import IdeaDecision

    decisions = (
        IdeaDecision.objects.filter(Q(idea__submitter_id__in=person_ids) | Q(idea__co_authors__in=person_ids))
        .select_related("idea")
        .distinct()
        .order_by("decided_at", "pk")
    )
    for decision in decisions[:MAX_PER_KIND]:
        if not _already("evaluations.idea_decided", decision):
            notification_emit(event="evaluations.idea_decided", target=decision, actor=decision.decided_by)


def _comment_replies(person_ids: set[int]) -> None:
    from consultations.models import Comment

    replies = (
        Comment.objects.filter(parent__author_id__in=person_ids, status=Comment.Status.VISIBLE)
        .select_related("parent")
        .order_by("created_at", "pk")
    )
    emitted = 0
    for reply in replies:
        if emitted >= MAX_PER_KIND:
            break
        if reply.author_id == reply.parent.author_id:
            continue
        emitted += 1
        if not _already("consultations.reply_posted", reply):
            notification_emit(event="consultations.reply_posted", target=reply, actor=reply.author)


def _assignments(person_ids: set[int]) -> None:
    from edp.models import EDP
    from evaluations.models import Assignment

    loads = (
        Assignment.objects.filter(evaluator_id__in=person_ids, status=Assignment.Status.ACTIVE)
        .values("edp_id", "evaluator_id")
        .annotate(count=Count("pk"))
        .order_by("edp_id", "evaluator_id")
    )
    edps = EDP.objects.in_bulk({row["edp_id"] for row in loads})
    for row in loads:
        edp = edps[row["edp_id"]]
        if not _already("evaluations.assigned", edp, evaluator_id=row["evaluator_id"]):
            notification_emit(
                event="evaluations.assigned", target=edp, evaluator_id=row["evaluator_id"], count=row["count"]
            )


def _due_reminders() -> None:
    """The hourly reminder run, once, as Celery beat would do it (e.g.
    monitoring reports due). Each reminder is recorded as sent, so a rerun
    repeats nothing."""
    reminders_send()


def _open_consultations() -> None:
    """Residents hear that a consultation in their region is open (the demo
    opened Kyzylorda's days ago, before anyone could be told). One that
    opened in the last two days was already announced by the reminder run
    above, which is why this runs after it."""
    from django.utils import timezone

    from consultations.models import Consultation

    now = timezone.now()
    open_now = Consultation.objects.filter(
        opens_at__lte=now, closes_at__gt=now, closed_early_at__isnull=True, report_published_at__isnull=True
    ).order_by("pk")
    for consultation in open_now:
        if not _already("consultations.consultation_opened", consultation):
            notification_emit(event="consultations.consultation_opened", target=consultation)


def _some_read(person_ids: set[int]) -> None:
    """A bell where everything is unread looks untouched: each demo person
    who has two or more notifications and has read none has read the oldest."""
    untouched = (
        Notification.objects.filter(recipient_id__in=person_ids)
        .values("recipient_id")
        .annotate(total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)))
        .filter(total__gte=2, read=0)
        .values_list("recipient_id", flat=True)
    )
    for recipient_id in list(untouched):
        oldest = (
            Notification.objects.filter(recipient_id=recipient_id)
            .select_related("recipient")
            .order_by("created_at", "pk")
            .first()
        )
        notification_mark_read(notification=oldest, user=oldest.recipient)


def load(ctx) -> None:
    people = ctx.get("users") or {}
    if not people:
        return
    person_ids = {person.pk for person in people.values()}
    _digest_preferences(people)
    _announcement(ctx, people)
    _idea_decisions(person_ids)
    _comment_replies(person_ids)
    _assignments(person_ids)
    _due_reminders()
    _open_consultations()
    _some_read(person_ids)
