"""Notifications the consultations app causes (autodiscovered by the
notifications app). Recipients are querysets: the "consultation opened"
fan-out may reach every resident of a region."""

from datetime import timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.registry import EventType, Message, register
from notifications.reminders import Reminder, ReminderProvider, register_reminder

from . import events
from .models import Comment, Consultation

GROUP = _("Public consultations")


def _excerpt(text: str, n: int = 200) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _comment_url(comment) -> str:
    return f"{comment.item.get_absolute_url()}#comment-{comment.pk}" if comment else ""


@register
class ReplyPosted(EventType):
    key = events.REPLY_POSTED
    label = _("Someone replied to my comment")
    group = GROUP

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.parent.author_id)

    def render(self, target, recipient, **context):
        if target is None or not Comment.lifecycle.is_in(target, Comment.Status.VISIBLE):
            return Message(subject=gettext("A reply to your comment was withdrawn"))
        return Message(
            subject=gettext("%(name)s replied to your comment on “%(item)s”")
            % {"name": target.author_label, "item": target.item.title},
            body=_excerpt(target.body),
            url=_comment_url(target),
        )


@register
class CommentHidden(EventType):
    key = events.COMMENT_HIDDEN
    label = _("My comment was hidden by moderation")
    group = GROUP
    notify_actor = True  # a moderator's own comment hidden by another moderator

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.author_id)

    def render(self, target, recipient, **context):
        if context.get("pending_review"):
            body = gettext(
                "Several people flagged it, so it is hidden until a moderator reviews it. "
                "Please read the code of conduct."
            )
        else:
            body = gettext("Public reason: %(reason)s") % {"reason": context.get("reason", "")}
        title = target.item.title if target else ""
        return Message(
            subject=gettext("Your comment on “%(item)s” was hidden") % {"item": title},
            body=body,
            url=_comment_url(target),
        )


@register
class CommentRestored(EventType):
    key = events.COMMENT_RESTORED
    label = _("My comment was restored by a moderator")
    group = GROUP

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.author_id)

    def render(self, target, recipient, **context):
        title = target.item.title if target else ""
        return Message(
            subject=gettext("Your comment on “%(item)s” is shown again") % {"item": title}, url=_comment_url(target)
        )


@register
class CommentAnswered(EventType):
    key = events.COMMENT_ANSWERED
    label = _("The coordinators answered my comment (“you said, we did”)")
    group = GROUP

    def recipients(self, target, **context):
        return User.objects.filter(
            pk__in=Comment.objects.filter(answers=target).exclude(status=Comment.Status.DELETED).values("author_id")
        )

    def render(self, target, recipient, **context):
        if target is None:
            return Message(subject=gettext("An answer to your comment was withdrawn"))
        from django.urls import reverse

        return Message(
            subject=gettext("Your comment on “%(item)s”: %(outcome)s")
            % {"item": target.item.title, "outcome": target.get_outcome_display()},
            body=f"{target.summary}\n\n{_excerpt(target.reason, 600)}",
            url=reverse("consultations:answers", args=[target.consultation_id]) + f"#answer-{target.pk}",
        )


@register
class ConsultationOpened(EventType):
    key = events.CONSULTATION_OPENED
    label = _("A public consultation opens in my region")
    group = GROUP

    def recipients(self, target, **context):
        region_id = target.edp.region_id
        return User.objects.filter(
            Q(region_id=region_id) | Q(memberships__status="active", memberships__organisation__region_id=region_id)
        ).distinct()

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("Public consultation open in %(region)s: “%(title)s”")
            % {"region": target.edp.region.name, "title": target.title},
            body=gettext("You can comment and take a stance until %(date)s.")
            % {"date": formats.date_format(timezone.localtime(target.effective_closes_at), "DATETIME_FORMAT")},
            url=target.get_absolute_url(),
        )


@register_reminder
class ConsultationOpenedReminder(ReminderProvider):
    """A consultation opens at its date, without anyone pressing a button, so
    its announcement is due when the hourly reminder run sees it open. Only
    recently opened ones count: nobody is told late about an old one."""

    key = "consultations.opened"
    event = events.CONSULTATION_OPENED

    def due(self, now):
        recently_open = Consultation.objects.select_related("edp__region").filter(
            opens_at__lte=now,
            opens_at__gt=now - timedelta(days=2),
            closes_at__gt=now,
            closed_early_at__isnull=True,
            report_published_at__isnull=True,
        )
        for consultation in recently_open:
            yield Reminder(target=consultation, occurrence=f"{consultation.pk}:{consultation.opens_at:%Y%m%d%H%M}")
