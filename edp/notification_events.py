"""Notifications the EDP app causes (autodiscovered by the notifications app)."""

from datetime import date, datetime, timedelta

from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.registry import EventType, Message, register
from notifications.reminders import Reminder, ReminderProvider, register_reminder

from .models import EDP, EDPStage, Meeting
from .services import events
from .workflow import STAGE_ORDER, Action, Stage, stage_allows


def _when(meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _edp_people(edp):
    """Everyone taking part in an EDP: role holders, meeting participants, idea authors."""
    # A plain filter on the primary keys (not a DISTINCT over joins), so the
    # fan-out can add its own filters and walk it in chunks.
    return User.objects.filter(
        pk__in=User.objects.filter(
            Q(edp_roles__edp=edp)
            | Q(meeting_registrations__meeting__edp=edp, meeting_registrations__status__in=["confirmed", "waitlisted"])
            | Q(ideas__edp=edp)
        ).values("pk")
    )


@register
class StageOpened(EventType):
    key = events.STAGE_OPENED
    label = _("A process I take part in moves to a new stage")
    group = _("Entrepreneurial discovery")

    def recipients(self, target, **context):
        return _edp_people(target)

    def render(self, target, recipient, **context):
        stage = str(Stage(context["to_stage"]).label)
        if context.get("reopening"):
            subject = gettext("“%(edp)s”: the stage “%(stage)s” was reopened") % {"edp": target.title, "stage": stage}
        else:
            subject = gettext("“%(edp)s” is now in the stage “%(stage)s”") % {"edp": target.title, "stage": stage}
        return Message(subject=subject, url=target.get_absolute_url())


# How long before a stage or the call for ideas closes its participants are reminded.
CLOSING_SOON_DAYS = 3
CALL_FOR_IDEAS = "call_for_ideas"


def _day(value: date) -> str:
    # "E": the month as after a day number ("12 мая", not "12 Май").
    return formats.date_format(value, "j E")


@register
class StageClosingSoon(EventType):
    """ "The call for ideas closes on 12 May": sent by ``StageClosingSoonReminder``.

    Context: ``stage`` (a ``Stage`` value, or ``CALL_FOR_IDEAS``) and ``closes``
    (the ISO date or date-time announced, kept so the notification keeps
    saying what it said even if the date moves later; a moved date is
    announced again).
    """

    key = events.STAGE_CLOSING_SOON
    label = _("A stage of a process I take part in, or its call for ideas, closes soon")
    group = _("Entrepreneurial discovery")

    def recipients(self, target, **context):
        return _edp_people(target)

    def render(self, target, recipient, **context):
        if context["stage"] == CALL_FOR_IDEAS:
            closes = timezone.localtime(datetime.fromisoformat(context["closes"]))
            return Message(
                subject=gettext("“%(edp)s”: the call for ideas closes on %(date)s")
                % {"edp": target.title, "date": _day(closes)},
                body=gettext("Ideas can be submitted until %(date)s.")
                % {"date": formats.date_format(closes, "DATETIME_FORMAT")},
                url=target.get_absolute_url(),
            )
        return Message(
            subject=gettext("“%(edp)s”: the stage “%(stage)s” closes on %(date)s")
            % {
                "edp": target.title,
                "stage": Stage(context["stage"]).label,
                "date": _day(date.fromisoformat(context["closes"])),
            },
            body=gettext("This is the planned end of the stage; the coordinators may still move it."),
            url=target.get_absolute_url(),
        )


@register
class CallForIdeasOpened(EventType):
    key = events.CALL_FOR_IDEAS_OPENED
    label = _("A call for ideas opens in my region")
    group = _("Entrepreneurial discovery")

    def recipients(self, target, **context):
        return User.objects.filter(
            Q(region_id=target.region_id)
            | Q(memberships__status="active", memberships__organisation__region_id=target.region_id)
        ).distinct()

    def render(self, target, recipient, **context):
        body = ""
        if target.ideas_close_at:
            body = gettext("Ideas can be submitted until %(date)s.") % {
                "date": formats.date_format(timezone.localtime(target.ideas_close_at), "DATETIME_FORMAT")
            }
        return Message(
            subject=gettext("Call for ideas open in %(region)s: “%(edp)s”")
            % {"region": target.region.name, "edp": target.title},
            body=body,
            url=target.get_absolute_url(),
        )


@register
class IdeaSubmitted(EventType):
    key = events.IDEA_SUBMITTED
    label = _("An idea I (co-)authored is submitted, or one to a process I coordinate")
    group = _("Entrepreneurial discovery")
    # The submitter caused the event and is told too: the confirmation that it arrived.
    notify_actor = True

    def recipients(self, target, **context):
        return User.objects.filter(
            Q(pk=target.submitter_id)
            | Q(coauthored_ideas=target)
            | Q(edp_roles__edp_id=target.edp_id, edp_roles__role="coordinator")
        ).distinct()

    def render(self, target, recipient, **context):
        if recipient.pk == target.submitter_id or target.co_authors.filter(pk=recipient.pk).exists():
            subject = gettext("Your idea “%(title)s” was submitted") % {"title": target.title}
            body = gettext("The coordinators of “%(edp)s” received it. You can follow it on its page.") % {
                "edp": target.edp.title
            }
        else:
            subject = gettext("New idea submitted: “%(title)s”") % {"title": target.title}
            body = target.summary
        return Message(subject=subject, body=body, url=target.get_absolute_url())


def _registrants(meeting, statuses=("confirmed", "waitlisted")):
    return User.objects.filter(meeting_registrations__meeting=meeting, meeting_registrations__status__in=statuses)


@register
class MeetingChanged(EventType):
    key = events.MEETING_CHANGED
    label = _("A meeting I registered for changes")
    group = _("Meetings")

    def recipients(self, target, **context):
        return _registrants(target)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("Changed: “%(title)s” on %(when)s") % {"title": target.title, "when": _when(target)},
            body="\n".join(context.get("changes") or []),
            url=target.get_absolute_url(),
        )


@register
class MeetingCancelled(EventType):
    key = events.MEETING_CANCELLED
    label = _("A meeting I registered for is cancelled")
    group = _("Meetings")

    def recipients(self, target, **context):
        return _registrants(target)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("Cancelled: “%(title)s” on %(when)s") % {"title": target.title, "when": _when(target)},
            body=target.cancellation_reason,
            url=target.get_absolute_url(),
        )


@register
class MeetingTomorrow(EventType):
    key = events.MEETING_TOMORROW
    label = _("Reminder the day before a meeting I registered for")
    group = _("Meetings")

    def recipients(self, target, **context):
        return _registrants(target, statuses=("confirmed",))

    def render(self, target, recipient, **context):
        place = target.venue or target.online_url
        return Message(
            subject=gettext("Tomorrow: “%(title)s” at %(when)s") % {"title": target.title, "when": _when(target)},
            body=place,
            url=target.get_absolute_url(),
        )


@register
class WaitlistPromoted(EventType):
    key = events.WAITLIST_PROMOTED
    label = _("A seat frees up for me at a meeting")
    group = _("Meetings")

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.user_id)

    def render(self, target, recipient, **context):
        meeting = target.meeting
        return Message(
            subject=gettext("You have a seat at “%(title)s” on %(when)s")
            % {"title": meeting.title, "when": _when(meeting)},
            body=gettext("Someone cancelled, so you moved from the waitlist to a confirmed seat."),
            url=meeting.get_absolute_url(),
        )


@register
class RoleInvitation(EventType):
    key = events.ROLE_INVITATION
    label = _("I am invited to take a role in a process")
    group = _("Entrepreneurial discovery")
    mandatory = True

    def recipients(self, target, **context):
        return User.objects.filter(emailaddress__email__iexact=target.email, emailaddress__verified=True)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("You are invited to be %(role)s in “%(edp)s”")
            % {"role": target.get_role_display().lower(), "edp": target.edp.title},
            body=gettext("Open the link to accept the invitation."),
            url=target.get_absolute_url(),
        )


@register_reminder
class MeetingTomorrowReminder(ReminderProvider):
    key = "edp.meeting_tomorrow"
    event = events.MEETING_TOMORROW

    def due(self, now):
        window = Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
        )
        for meeting in window:
            # A moved meeting is a new occurrence, so people hear about the new time.
            yield Reminder(target=meeting, occurrence=f"{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}")


@register_reminder
class StageClosingSoonReminder(ReminderProvider):
    """Participants hear CLOSING_SOON_DAYS ahead when the current stage (its
    planned end) or the call for ideas (``EDP.ideas_close_at``) closes.

    Once per closing date: a moved date is a new occurrence. Stages that are
    not the current one, are closed, or whose date has passed are left out.
    """

    key = "edp.stage_closing_soon"
    event = events.STAGE_CLOSING_SOON

    def due(self, now):
        calls = EDP.objects.filter(
            stage__in=[s for s in STAGE_ORDER if stage_allows(s, Action.SUBMIT_IDEAS)],
            ideas_close_at__gt=now,
            ideas_close_at__lte=now + timedelta(days=CLOSING_SOON_DAYS),
        )
        call_days = {}
        for edp in calls:
            call_days[edp.pk] = timezone.localdate(edp.ideas_close_at)
            yield Reminder(
                target=edp,
                occurrence=f"call:{edp.pk}:{edp.ideas_close_at:%Y%m%d%H%M}",
                context={"stage": CALL_FOR_IDEAS, "closes": edp.ideas_close_at},
            )
        today = timezone.localdate(now)
        stages = EDPStage.objects.filter(
            stage=F("edp__stage"),
            opened_at__isnull=False,
            closed_at__isnull=True,
            planned_end__gte=today,
            planned_end__lte=today + timedelta(days=CLOSING_SOON_DAYS),
        ).select_related("edp")
        for row in stages:
            if call_days.get(row.edp_id) == row.planned_end:
                continue  # "the call for ideas closes" already says it, one message is enough
            # A reopened stage (new opened_at) is a new occurrence too.
            yield Reminder(
                target=row.edp,
                occurrence=f"stage:{row.pk}:{row.opened_at:%Y%m%d%H%M}:{row.planned_end:%Y%m%d}",
                context={"stage": row.stage, "closes": row.planned_end},
            )
